"""One start for the app and every command: the settings' database, reachable and migrated."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.config import Settings
from app.persistence import migrate
from app.persistence.database import make_engine
from app.problem import Problem


class DatabaseNotReady(Exception):
    """The database cannot serve; the message names the cause and what to do."""


class DatabaseUnreachable(DatabaseNotReady):
    """The database does not answer."""


class DatabaseNotMigrated(DatabaseNotReady):
    """The database answers but is not at the code's migration."""


def database_label(url: str) -> str:
    """The URL as shown to people: the password masked."""
    return make_url(url).render_as_string(hide_password=True)


def open_database(settings: Settings, *, pool_size: int = 10) -> Engine:
    """An engine on a database that answers and is at the code's migration.

    SQLite is migrated here (it is the embedded default); PostgreSQL is migrated only by
    `ijw db upgrade`, so a database behind the code is refused with that advice.
    """
    engine = make_engine(settings.database_url, pool_size=pool_size)
    try:
        ensure_ready(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def ensure_ready(engine: Engine) -> None:
    """Raise DatabaseNotReady unless the database answers and is migrated (SQLite: migrate)."""
    reachable(engine)
    if engine.dialect.name == "sqlite":
        migrate.upgrade(engine)
        return
    current, head = migrate.current_revision(engine), migrate.head_revision()
    if current == head:
        return
    label = database_label(engine.url.render_as_string(hide_password=False))
    if current is not None and not migrate.known_revision(current):
        raise DatabaseNotMigrated(
            f"the database at {label} is at migration {current}, newer than this version "
            f"knows (it needs {head}): run the version that migrated it"
        )
    state = "is not migrated" if current is None else f"is at migration {current}"
    raise DatabaseNotMigrated(
        f"the database at {label} {state} (this version needs {head}): run `ijw db upgrade`"
    )


class NietGereed(Problem):
    """The service cannot process messages now; `problems` names each cause."""

    status_code = 503
    slug = "not-ready"
    title = "Not ready"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems

    def extensions(self) -> dict:
        """Each cause on its own."""
        return {"problems": self.problems}


def readiness_problems(engine: Engine) -> list[str]:
    """What keeps the database from serving now (unreachable, not at the code's migration)."""
    found: list[str] = []
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = migrate.current_revision(engine)
        head = migrate.head_revision()
        if current != head:
            found.append(f"database at migration {current or 'none'}, code expects {head}")
    except Exception as error:  # noqa: BLE001 - any failure means: not ready
        found.append(f"database unreachable: {type(error).__name__}")
    return found


def reachable(engine: Engine) -> None:
    """Raise DatabaseUnreachable naming the cause when the database does not answer."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as error:
        raise DatabaseUnreachable(unreachable_message(engine, error)) from error


def unreachable_message(engine: Engine, error: DBAPIError) -> str:
    """'cannot reach the database at URL: cause' from a driver's error."""
    label = database_label(engine.url.render_as_string(hide_password=False))
    return (
        f"cannot reach the database at {label}: {cause(error)} "
        "(is it running, and is IJW_DATABASE_URL right?)"
    )


def cause(error: DBAPIError) -> str:
    """The driver's reason in a few words, e.g. 'Connection refused'."""
    # psycopg: 'connection failed: connection to server at "h", port 1 failed: Connection
    # refused\n\tIs the server running ...': the part after the last 'failed:' is the cause.
    first = str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else ""
    cause = first.rsplit("failed:", 1)[-1].strip() or type(error.orig).__name__
    return cause.replace("FATAL:", "").strip()
