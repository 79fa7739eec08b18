"""Move a test database to one Alembic revision, up or down."""

from __future__ import annotations

from alembic import command

from app.persistence.database import make_engine
from app.persistence.migrate import alembic_config


def migreer(database_url: str, revision: str, *, omlaag: bool = False) -> None:
    """Upgrade (or with `omlaag` downgrade) the database at `database_url` to `revision`."""
    engine = make_engine(database_url)
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if omlaag else command.upgrade)(config, revision)
    engine.dispose()
