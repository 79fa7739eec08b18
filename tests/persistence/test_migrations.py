"""Migrations build the schema from empty, match the models exactly, and report their state."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from app.persistence.database import make_engine
from app.persistence.migrate import alembic_config, current_revision, head_revision, upgrade
from app.persistence.models import Base


def test_upgrade_from_empty_creates_every_table(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_no_drift_between_models_and_migrations(database_url):
    """`alembic check` on a migrated database: raises when autogenerate would emit anything."""
    engine = make_engine(database_url)
    config = alembic_config(database_url)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)
    engine.dispose()


def test_downgrade_to_base_and_up_again(database_url):
    engine = make_engine(database_url)
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert not set(Base.metadata.tables) & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()
