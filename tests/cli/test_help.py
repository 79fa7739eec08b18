"""What a person sees first: --version, --help with defaults, refusals that say why."""

from __future__ import annotations

import argparse
from importlib import metadata

from app.cli import parser
from tests.cli.ijw import ijw


def _parsers(top: argparse.ArgumentParser, name: str = "ijw"):
    yield name, top
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, child in action.choices.items():
                yield from _parsers(child, f"{name} {sub}")


def test_version(tmp_path):
    done = ijw("--version", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.strip() == f"ijw {metadata.version('ijw-gemeente')}"


def test_every_help_shows_the_defaults_of_its_options():
    for name, command in _parsers(parser()):
        assert issubclass(command.formatter_class, argparse.ArgumentDefaultsHelpFormatter), name
        for action in command._actions:
            if action.option_strings and action.default not in (None, argparse.SUPPRESS, False):
                assert action.help, f"{name} {action.option_strings[0]} has no help to show it"
                shown = " ".join(command.format_help().split())
                assert f"(default: {action.default})" in shown or "default" in action.help, name
        assert "(default: None)" not in command.format_help(), name


def test_serve_help_names_the_required_setting_and_the_defaults(tmp_path):
    done = ijw("serve", "--help", cwd=tmp_path)
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "Required: IJW_GEMEENTEN" in text
    assert "(default: IJW_PORT, else 8000)" in text and "(default: 127.0.0.1)" in text
    assert "(default: 1)" in text


def test_more_workers_on_sqlite_are_refused_with_the_reason(tmp_path):
    done = ijw("serve", "--workers", "2", cwd=tmp_path, gemeenten="0153")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "ijw: --workers 2 needs PostgreSQL: SQLite lets one process write at a time, so more "
        "workers only wait on each other (set IJW_DATABASE_URL, or use 1)"
    )
    assert not (tmp_path / "var").exists()  # refused before anything was made


def test_serve_without_gemeenten_says_which_setting_is_missing(tmp_path):
    done = ijw("serve", cwd=tmp_path)
    assert done.returncode == 2
    assert "IJW_GEMEENTEN: " in done.stderr and "Traceback" not in done.stderr
