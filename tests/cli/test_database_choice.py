"""Which database a command used is never a guess: said on stderr, resolved once, from .env."""

from __future__ import annotations

import json
import subprocess
import time

from tests.cli.ijw import IJW, environment, ijw


def _database_line(stderr: str) -> str:
    [line] = [line for line in stderr.splitlines() if line.startswith("ijw: database ")]
    return line.removeprefix("ijw: database ")


def test_the_default_database_is_absolute_and_named_by_every_writing_command(tmp_path):
    here = tmp_path.resolve()
    expected = f"sqlite:///{here}/var/ijw.db"
    made = ijw("keys", "create", "--role", "operator", cwd=tmp_path, gemeenten="0153")
    assert made.returncode == 0, made.stderr
    assert _database_line(made.stderr) == expected
    assert (here / "var" / "ijw.db").is_file()
    commands = (
        ("db", "upgrade"),
        ("deadlines", "scan"),
        ("keys", "list"),
        ("outbox", "dispatch", "--once"),
    )
    for command in commands:
        done = ijw(*command, cwd=tmp_path, gemeenten="0153", broker_url="http://127.0.0.1:1/")
        assert done.returncode == 0, done.stderr
        assert _database_line(done.stderr) == expected


def test_a_key_made_in_another_folder_says_it_went_to_another_database(tmp_path):
    elders = tmp_path / "elders"
    elders.mkdir()
    done = ijw("keys", "create", "--role", "broker", cwd=elders, gemeenten="0153")
    assert _database_line(done.stderr) == f"sqlite:///{elders.resolve()}/var/ijw.db"


def test_a_dotenv_file_in_the_working_directory_reaches_every_command(tmp_path):
    db = tmp_path / "gedeeld" / "ijw.db"
    (tmp_path / ".env").write_text(f"IJW_GEMEENTEN=0153\nIJW_DATABASE_URL=sqlite:///{db}\n")
    made = ijw("keys", "create", "--role", "operator", "--naam", "uit .env", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert _database_line(made.stderr) == f"sqlite:///{db}"
    listed = ijw("keys", "list", cwd=tmp_path)
    assert [json.loads(line)["naam"] for line in listed.stdout.splitlines()] == ["uit .env"]
    # The environment still wins over the file.
    other = ijw("keys", "list", cwd=tmp_path, database_url=f"sqlite:///{tmp_path / 'ander.db'}")
    assert other.returncode == 0 and other.stdout == ""


def _serve_until_ready(tmp_path, **settings) -> list[str]:
    """Start `ijw serve` on a free port; its log lines up to the one saying it listens."""
    process = subprocess.Popen(
        [str(IJW), "serve", "--port", "0"],
        cwd=tmp_path,
        env=environment(gemeenten="0153", scan_interval_seconds="0", **settings),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if "Uvicorn running on" in line:
                return lines
        raise AssertionError(f"serve did not start: {lines}")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_logs_the_database_it_uses_and_that_it_answers_as_json_lines(tmp_path):
    lines = _serve_until_ready(tmp_path)
    records = [json.loads(line) for line in lines]
    expected = f"sqlite:///{tmp_path.resolve()}/var/ijw.db"
    assert {"message": "database", "database": expected}.items() <= records[0].items()
    ready = [r for r in records if r["message"] == "database ready"]
    assert [r["database"] for r in ready] == [expected]


def test_serve_logs_text_when_asked(tmp_path):
    lines = _serve_until_ready(tmp_path, log_format="text")
    assert not lines[0].startswith("{")
    assert f"ijw.start: database  database=sqlite:///{tmp_path.resolve()}/var/ijw.db" in lines[0]
