"""Test databases: a fresh copy of a migrated SQLite file per test; PostgreSQL when configured.

PostgreSQL runs in a schema of its own per test run (so parallel runs and other data in the
database are left alone), migrated once and truncated before each test.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.persistence.database import make_engine
from app.persistence.migrate import upgrade
from app.persistence.models import Base

PG_ENV = "IJW_TEST_DATABASE_URL"


def postgres_base_url() -> str | None:
    """The PostgreSQL URL the environment names, if any."""
    return os.environ.get(PG_ENV) or None


def databases() -> list[str]:
    """The database kinds this run covers."""
    return ["sqlite", "postgresql"] if postgres_base_url() else ["sqlite"]


def migrated_sqlite(folder: Path) -> Path:
    """A migrated SQLite file to copy from."""
    path = folder / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def sqlite_copy(template: Path, folder: Path) -> str:
    """URL of a fresh copy of the migrated SQLite file."""
    path = folder / "ijw.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def postgres_schema(base_url: str, schema: str) -> str:
    """Create (anew) a schema for this run, migrate it and return a URL that uses it."""
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered)
    upgrade(engine)
    engine.dispose()
    return rendered


def drop_schema(base_url: str, schema: str) -> None:
    """Remove the run's schema."""
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def truncate(url: str) -> None:
    """Empty every table and restart the ids."""
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
