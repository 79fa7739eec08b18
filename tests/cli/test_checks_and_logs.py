"""The README's test command is CI's; the run says which databases it covered; log formats."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from app import logs
from tests import conftest

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_the_check_script_the_readme_names():
    assert "exec scripts/check" in (ROOT / ".ci" / "run").read_text()
    script = (ROOT / "scripts" / "check").read_text()
    for step in ('ruff" check .', 'ruff" format --check .', '"$bin/mypy"', "-m pytest"):
        assert step in script
    assert "scripts/check" in (ROOT / "README.md").read_text()


def test_the_report_header_names_the_databases(monkeypatch):
    monkeypatch.delenv("IJW_TEST_DATABASE_URL", raising=False)
    assert conftest.pytest_report_header(None) == (
        "ijw databases: sqlite only (IJW_TEST_DATABASE_URL is not set)"
    )
    monkeypatch.setenv("IJW_TEST_DATABASE_URL", "postgresql+psycopg://ijw:geheim@db:5432/test")
    assert conftest.pytest_report_header(None) == (
        "ijw databases: sqlite, postgresql (postgresql+psycopg://ijw:***@db:5432/test)"
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("setting", "terminal", "text"),
    [
        ("auto", True, True),
        ("auto", False, False),
        ("json", True, False),
        ("text", False, True),
    ],
)
def test_log_format_follows_the_setting_and_the_terminal(monkeypatch, setting, terminal, text):
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    logs.configure("INFO", setting)
    try:
        logs.logger("start").info("database", extra={"database": "sqlite:////srv/ijw.db"})
    finally:
        logs.configure("INFO", "json")
        logging.getLogger("ijw").handlers[:] = []
    line = stream.getvalue().strip()
    if text:
        assert line.endswith("INFO    ijw.start: database  database=sqlite:////srv/ijw.db")
    else:
        assert json.loads(line)["database"] == "sqlite:////srv/ijw.db"
