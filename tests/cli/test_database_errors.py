"""A database that is away or not migrated: one line naming cause and next step, exit 2."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.persistence.migrate import head_revision
from tests import database
from tests.cli.ijw import UNREACHABLE, ijw

COMMANDS = [
    ("db", "upgrade"),
    ("keys", "create", "--role", "broker"),
    ("keys", "list"),
    ("deadlines", "scan"),
    ("serve", "--port", "0"),
]
REFUSED = (
    "ijw: cannot reach the database at postgresql+psycopg://postgres@127.0.0.1:1/ijw: "
    "Connection refused (is it running, and is IJW_DATABASE_URL right?)"
)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unreachable_database_is_one_line_and_exit_2(tmp_path, command):
    done = ijw(*command, cwd=tmp_path, gemeenten="0153", database_url=UNREACHABLE)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == REFUSED
    assert len(done.stderr.strip().splitlines()) <= 2  # which database, then why


def test_debug_adds_the_traceback(tmp_path):
    for debug in (["--debug"], []):
        done = ijw(
            *debug,
            "keys",
            "list",
            cwd=tmp_path,
            gemeenten="0153",
            database_url=UNREACHABLE,
            **({} if debug else {"log_level": "DEBUG"}),
        )
        assert done.returncode == 2
        assert REFUSED in done.stderr and "Traceback (most recent call last)" in done.stderr


def test_debug_in_dotenv_adds_the_traceback(tmp_path):
    (tmp_path / ".env").write_text(f"IJW_LOG_LEVEL=debug\nIJW_DATABASE_URL={UNREACHABLE}\n")
    done = ijw("keys", "list", cwd=tmp_path, gemeenten="0153")
    assert done.returncode == 2
    assert REFUSED in done.stderr and "Traceback (most recent call last)" in done.stderr


def test_the_password_is_never_shown(tmp_path):
    url = "postgresql+psycopg://ijw:geheim-wachtwoord@127.0.0.1:1/ijw"
    done = ijw("keys", "list", cwd=tmp_path, gemeenten="0153", database_url=url)
    assert done.returncode == 2
    assert "geheim-wachtwoord" not in done.stderr
    assert "postgresql+psycopg://ijw:***@127.0.0.1:1/ijw" in done.stderr


@pytest.fixture
def empty_postgres():
    """A fresh, empty schema in the test PostgreSQL: a database nobody migrated."""
    base = database.postgres_base_url()
    if base is None:
        pytest.skip(f"{database.PG_ENV} is not set")
    schema = f"ijw_empty_{id(object())}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    database.drop_schema(base, schema)


def test_an_unmigrated_postgresql_says_run_db_upgrade_and_then_works(tmp_path, empty_postgres):
    for command in (("keys", "create", "--role", "broker"), ("serve", "--port", "0")):
        done = ijw(*command, cwd=tmp_path, gemeenten="0153", database_url=empty_postgres)
        assert done.returncode == 2, done.stderr
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith("ijw: the database at postgresql+psycopg://")
        assert last.endswith(": run `ijw db upgrade`") and "is not migrated" in last
        assert "Traceback" not in done.stderr and "api_key" not in done.stderr
    upgraded = ijw("db", "upgrade", cwd=tmp_path, gemeenten="0153", database_url=empty_postgres)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.startswith("database at revision ")
    created = ijw(
        "keys",
        "create",
        "--role",
        "broker",
        cwd=tmp_path,
        gemeenten="0153",
        database_url=empty_postgres,
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("ijw_")


def test_a_database_migrated_by_a_newer_version_is_not_upgraded_backwards(tmp_path, empty_postgres):
    assert ijw("db", "upgrade", cwd=tmp_path, gemeenten="0153", database_url=empty_postgres)
    engine = create_engine(empty_postgres)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    engine.dispose()
    done = ijw("keys", "list", cwd=tmp_path, gemeenten="0153", database_url=empty_postgres)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith(
            "is at migration ffffffffffff, newer than this version knows (it needs "
            f"{head_revision()}): run the version that migrated it"
        )
    )
