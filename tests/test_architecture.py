"""The layering the README describes, read from the code with `ast`.

Routers (`app/api`, `app/web`) only speak HTTP: they build no queries. The standard, the checks,
the decisions and the deadline policy stay pure. The werkplek does not go through the JSON API.
One unit of work commits (besides the command line). `app/persistence` holds the tables, the
engine, the unit of work and the migration helpers, and no query of any domain. Queries are built
in the nouns' `repository.py` only (and in the ingest state the cross-message checks read).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app"

ROUTER_SQLALCHEMY = {"sqlalchemy.orm": {"Session"}, "sqlalchemy": {"Row"}}
"""What a router may import from SQLAlchemy: the session it hands to services, and the type of
the result rows repositories return (both only to annotate). Nothing that builds a query."""

ROUTER_SQLALCHEMY_MODULES = {"sqlalchemy.exc"}
"""Error types a router may catch to turn into a response."""

ROUTER_TRANSACTION_CALLS = {"commit", "rollback", "flush", "begin_nested", "execute", "scalar"}
"""Session calls that are a repository's or the unit of work's business, not a router's."""

ROUTER_ALLOWED: set[str] = set()
"""Routers that may still control their transaction themselves."""

ROUTERS_WITHOUT_REPOSITORIES = ["app/api", "app/web"]
"""Routers that reach their tables only through a service: they import no repository module.
Add a router (or a whole folder, `app/api`) once it calls services only."""

API_SQLALCHEMY = {"sqlalchemy.orm": {"Session"}}
"""All a JSON router may import from SQLAlchemy: the session type it hands to the services."""

API_FORBIDDEN = ("app.persistence.models", "app.persistence.state", "app.persistence.repository")
"""Tables, stored-state helpers and queries: a JSON router gets what it shows from a service."""

API_FORBIDDEN_WORDS = ("rollback", "except ValueError")
"""A JSON router neither undoes a transaction nor turns a service's ValueError into an answer:
the unit of work rolls back, and a refusal is a raised `Problem` the one handler renders."""

API_EXEMPT: set[str] = set()
"""JSON routers not yet held to the rules above: none; a file listed here must still need it."""

PURE = ["app/ijw", "app/checks", "app/decisions", "app/deadlines/policy.py"]
"""The standard, its checks, the regional decisions and the deadline policy: no I/O frameworks."""

PURE_FORBIDDEN = ("sqlalchemy", "fastapi", "starlette", "httpx")

COMMITTERS = {
    "app/persistence/unit_of_work.py",
    # Releases a savepoint (begin_nested) inside the caller's transaction: it commits nothing.
    "app/brp/service.py",
}
"""Where `.commit(` may appear outside `app/cli`."""

QUERY_CONSTRUCTS = {
    "select", "insert", "update", "delete", "text", "func", "union", "union_all", "intersect",
    "intersect_all", "except_", "except_all", "exists", "literal", "literal_column", "bindparam",
    "and_", "or_", "not_", "case", "cast", "type_coerce", "null", "true", "false", "tuple_",
    "lateral", "values", "column", "table", "join", "outerjoin", "distinct", "over", "extract",
    "any_", "all_", "collate", "within_group", "nulls_first", "nulls_last", "asc", "desc",
    "between", "aliased", "with_polymorphic", "joinedload", "selectinload", "subqueryload",
    "contains_eager", "load_only", "defer", "undefer", "lazyload", "raiseload", "noload",
}  # fmt: skip
"""What builds a statement or a part of one, from `sqlalchemy` or any of its modules."""

QUERY_EXEMPT = {
    "app/bootstrap.py": "the database probe at start-up (SELECT 1, schema), before any domain",
    "app/keyset.py": "the keyset-pagination conditions the repositories share",
}
"""Modules that build query constructs outside the homes above, each with why; a file listed
here must still need it."""

PERSISTENCE = {
    "__init__.py",
    "models.py",
    "database.py",
    "unit_of_work.py",
    "deferred.py",
    "migrate.py",
}
"""What `app/persistence` holds: the ORM tables, the engine and session factory, the unit of
work, the writes a transaction holds back to send together, and the migration helpers. A
domain's queries live in its noun's `repository.py`."""


def _files(*roots: str) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        path = REPO / root
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return found


def _name(path: Path) -> str:
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path.name


def _imports(path: Path) -> Iterator[tuple[str, str | None, int]]:
    """(module, imported name or None for `import module`, line) of every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _name(path).removesuffix(".py").replace("/", ".").rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{module}" if module else base
            for alias in node.names:
                yield module, alias.name, node.lineno


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _router_sqlalchemy(path: Path) -> list[str]:
    wrong = []
    for module, name, line in _imports(path):
        if not _under(module, "sqlalchemy"):
            continue
        if module in ROUTER_SQLALCHEMY_MODULES:
            continue
        if name is not None and name in ROUTER_SQLALCHEMY.get(module, set()):
            continue
        wrong.append(f"{_name(path)}:{line} imports {module}{'.' + name if name else ''}")
    return wrong


def test_the_import_reader_sees_what_a_router_must_not_import(tmp_path: Path) -> None:
    """The check itself finds query constructs, relative imports included."""
    router = tmp_path / "router.py"
    router.write_text(
        "from sqlalchemy import Row, select\nimport sqlalchemy.sql\n"
        "from sqlalchemy.orm import Session, aliased\nfrom sqlalchemy.exc import IntegrityError\n",
        encoding="utf-8",
    )
    assert [wrong.split(" imports ")[1] for wrong in _router_sqlalchemy(router)] == [
        "sqlalchemy.select",
        "sqlalchemy.sql",
        "sqlalchemy.orm.aliased",
    ]


@pytest.mark.parametrize("path", _files("app/api", "app/web"), ids=_name)
def test_routers_build_no_queries(path: Path) -> None:
    """A router imports no SQLAlchemy query construct: queries live in the repositories."""
    assert _router_sqlalchemy(path) == []


def _repository_imports(path: Path) -> list[str]:
    """Imports of a repository module, or of anything from one."""
    return [
        f"{_name(path)}:{line} imports {module}{'.' + name if name else ''}"
        for module, name, line in _imports(path)
        if "repository" in module.split(".") or name == "repository"
    ]


def test_the_import_reader_sees_a_repository_import(tmp_path: Path) -> None:
    """The check finds a repository however it is imported, and lets services pass."""
    router = tmp_path / "router.py"
    router.write_text(
        "from app.outbox import repository as outbox\nimport app.inzage.repository\n"
        "from app.persistence.repository import ToewijzingRow\nfrom app.outbox import service\n",
        encoding="utf-8",
    )
    assert [wrong.split(" imports ")[1] for wrong in _repository_imports(router)] == [
        "app.outbox.repository",
        "app.inzage.repository",
        "app.persistence.repository.ToewijzingRow",
    ]


@pytest.mark.parametrize("path", _files(*ROUTERS_WITHOUT_REPOSITORIES), ids=_name)
def test_routers_import_no_repository(path: Path) -> None:
    """A router calls a service, which holds the queries: it imports no repository module."""
    assert _repository_imports(path) == []


@pytest.mark.parametrize("path", _files("app/api", "app/web"), ids=_name)
def test_routers_leave_the_transaction_to_the_unit_of_work(path: Path) -> None:
    """A router neither runs statements nor commits, flushes or rolls back a session."""
    if _name(path) in ROUTER_ALLOWED:
        pytest.skip("listed in ROUTER_ALLOWED")
    assert _calls(path, ROUTER_TRANSACTION_CALLS) == []


def test_the_allow_list_holds_only_files_that_still_need_it() -> None:
    """An allowed router that no longer controls its transaction leaves the list."""
    stale = [name for name in ROUTER_ALLOWED if not _calls(REPO / name, ROUTER_TRANSACTION_CALLS)]
    assert stale == [], "remove from ROUTER_ALLOWED: " + ", ".join(stale)


@pytest.mark.parametrize("path", _files(*PURE), ids=_name)
def test_the_standard_checks_decisions_and_policy_stay_pure(path: Path) -> None:
    """No database, web framework or HTTP client in the pure layers."""
    wrong = [
        f"line {line}: {module}"
        for module, _, line in _imports(path)
        if any(_under(module, forbidden) for forbidden in PURE_FORBIDDEN)
    ]
    assert wrong == []


@pytest.mark.parametrize("path", _files("app/web"), ids=_name)
def test_the_werkplek_does_not_import_the_json_api(path: Path) -> None:
    """The werkplek calls the services, never the API package."""
    wrong = [
        f"line {line}: {module}" for module, _, line in _imports(path) if _under(module, "app.api")
    ]
    assert wrong == []


def _calls(path: Path, methods: set[str]) -> list[int]:
    """Lines that call a method of one of these names (on any object)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in methods
    ]


def test_only_the_unit_of_work_commits() -> None:
    """Services never commit: the unit of work (or a command of `ijw`) ends the transaction."""
    wrong = [
        f"{_name(path)}:{line}"
        for path in _files("app")
        if not _name(path).startswith("app/cli/") and _name(path) not in COMMITTERS
        for line in _calls(path, {"commit"})
    ]
    assert wrong == []


def test_the_commit_check_sees_a_commit(tmp_path: Path) -> None:
    """The commit check finds a commit call however the session is named."""
    service = tmp_path / "service.py"
    service.write_text("def f(s):\n    s.flush()\n    s.commit()\n", encoding="utf-8")
    assert _calls(service, {"commit"}) == [3]


def _select_calls(path: Path) -> list[int]:
    """Lines that build a `select(`, called by name or as an attribute (`sa.select(`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "select")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "select")
        )
    ]


def test_persistence_holds_only_tables_engine_unit_of_work_and_migrations() -> None:
    """No other module in `app/persistence`: a domain's queries belong to its noun."""
    root = APP / "persistence"
    extra = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if path.relative_to(root).as_posix() not in PERSISTENCE
    )
    assert extra == []


@pytest.mark.parametrize("path", _files("app/persistence"), ids=_name)
def test_persistence_builds_no_queries(path: Path) -> None:
    """No persistence module builds a `select(`: queries live in the nouns' repositories."""
    assert _select_calls(path) == []


def test_the_select_check_sees_a_select(tmp_path: Path) -> None:
    """The query check finds `select(` whether imported by name or through a module."""
    module = tmp_path / "queries.py"
    module.write_text(
        "import sqlalchemy as sa\nfrom sqlalchemy import select\n"
        "a = select(1)\nb = sa.select(2)\nc = selected(3)\n",
        encoding="utf-8",
    )
    assert _select_calls(module) == [3, 4]


def _query_constructs(path: Path) -> list[str]:
    """Query constructs a module imports from SQLAlchemy or reaches through an imported module."""
    wrong = []
    modules = set()
    for module, name, line in _imports(path):
        if not _under(module, "sqlalchemy"):
            continue
        if name in QUERY_CONSTRUCTS:
            wrong.append(f"{_name(path)}:{line} imports {module}.{name}")
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {
                alias.asname or alias.name.partition(".")[0]
                for alias in node.names
                if _under(alias.name, "sqlalchemy")
            }
        elif isinstance(node, ast.ImportFrom) and _under(node.module or "", "sqlalchemy"):
            modules |= {alias.asname or alias.name for alias in node.names}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in QUERY_CONSTRUCTS
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            wrong.append(f"{_name(path)}:{node.lineno} uses {node.value.id}.{node.attr}")
    return wrong


def _query_home(path: Path) -> bool:
    """Where under `app/` queries may be built: a noun's `repository.py`, the read-only state the
    cross-message checks read (`ingest/stand.py`) and `persistence`."""
    relative = path.relative_to(APP)
    return (
        relative.name == "repository.py"
        or relative.as_posix() == "ingest/stand.py"
        or relative.parts[0] == "persistence"
    )


def test_the_query_check_sees_imported_and_reached_constructs(tmp_path: Path) -> None:
    """The check finds constructs imported by name and reached through a SQLAlchemy module."""
    module = tmp_path / "service.py"
    module.write_text(
        "import sqlalchemy as sa\nfrom sqlalchemy import Row, func\n"
        "from sqlalchemy.dialects import postgresql\nfrom sqlalchemy.orm import Session, aliased\n"
        "a = sa.select(1)\nb = postgresql.insert(2)\nc = {}.update()\n",
        encoding="utf-8",
    )
    assert [wrong.split(" ", 1)[1] for wrong in _query_constructs(module)] == [
        "imports sqlalchemy.func",
        "imports sqlalchemy.orm.aliased",
        "uses sa.select",
        "uses postgresql.insert",
    ]


def test_the_query_homes_are_repositories_the_ingest_state_and_persistence() -> None:
    """Repositories, the ingest state and persistence may build queries; a service may not."""
    assert _query_home(APP / "toewijzingen" / "repository.py")
    assert _query_home(APP / "ingest" / "stand.py")
    assert _query_home(APP / "persistence" / "models.py")
    assert not _query_home(APP / "toewijzingen" / "service.py")
    assert not _query_home(APP / "repository_helpers.py")


@pytest.mark.parametrize(
    "path", [path for path in _files("app") if not _query_home(path)], ids=_name
)
def test_only_repositories_build_queries(path: Path) -> None:
    """Outside the repositories (and the ingest state and persistence) no query is built."""
    if _name(path) in QUERY_EXEMPT:
        pytest.skip(QUERY_EXEMPT[_name(path)])
    assert _query_constructs(path) == []


def test_the_query_exemptions_hold_only_files_that_still_need_them() -> None:
    """An exempt module that no longer builds queries leaves the list."""
    stale = [name for name in QUERY_EXEMPT if not _query_constructs(REPO / name)]
    assert stale == [], "remove from QUERY_EXEMPT: " + ", ".join(stale)


def _api_imports(path: Path) -> list[str]:
    """Imports a JSON router must not have: persistence, repositories, SQLAlchemy beyond Session."""
    wrong = []
    for module, name, line in _imports(path):
        full = f"{module}.{name}" if name else module
        if _under(module, "sqlalchemy"):
            allowed = name is not None and name in API_SQLALCHEMY.get(module, set())
        else:
            allowed = not any(
                _under(module, forbidden) or _under(full, forbidden) for forbidden in API_FORBIDDEN
            ) and not (
                module.rpartition(".")[2] == "repository" or full.rpartition(".")[2] == "repository"
            )
        if not allowed:
            wrong.append(f"{_name(path)}:{line} imports {full}")
    return wrong


def _api_words(path: Path) -> list[str]:
    """Lines of a JSON router that roll back or catch ValueError."""
    return [
        f"{_name(path)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if any(word in line for word in API_FORBIDDEN_WORDS)
    ]


def test_the_api_import_reader_sees_persistence_repositories_and_query_types(
    tmp_path: Path,
) -> None:
    """The check finds every forbidden form: models, state, any repository, Row, relative too."""
    router = tmp_path / "router.py"
    router.write_text(
        "from sqlalchemy.orm import Session\n"
        "from sqlalchemy import Row\n"
        "from sqlalchemy.exc import IntegrityError\n"
        "from app.persistence.models import Verzoek\n"
        "from app.persistence import state\n"
        "import app.persistence.repository\n"
        "from app.verzoeken import repository as verzoeken\n"
        "from app.audit.repository import Regel\n"
        "from app.verzoeken.service import Toekenning\n",
        encoding="utf-8",
    )
    assert [wrong.split(" imports ")[1] for wrong in _api_imports(router)] == [
        "sqlalchemy.Row",
        "sqlalchemy.exc.IntegrityError",
        "app.persistence.models.Verzoek",
        "app.persistence.state",
        "app.persistence.repository",
        "app.verzoeken.repository",
        "app.audit.repository.Regel",
    ]


def test_the_api_word_check_sees_a_rollback_and_a_caught_value_error(tmp_path: Path) -> None:
    """The word check finds both constructs wherever they stand in a line."""
    router = tmp_path / "router.py"
    router.write_text(
        "def f(s):\n    try:\n        g()\n    except ValueError:\n        s.rollback()\n",
        encoding="utf-8",
    )
    assert [wrong.split(":")[1] for wrong in _api_words(router)] == ["4", "5"]


@pytest.mark.parametrize("path", _files("app/api"), ids=_name)
def test_json_routers_import_no_persistence_repository_or_query_type(path: Path) -> None:
    """A JSON router imports services and schemas; tables, state and queries stay behind them."""
    if _name(path) in API_EXEMPT:
        pytest.skip("listed in API_EXEMPT")
    assert _api_imports(path) == []


@pytest.mark.parametrize("path", _files("app/api"), ids=_name)
def test_json_routers_neither_roll_back_nor_catch_value_errors(path: Path) -> None:
    """Refusals are raised `Problem`s; the unit of work alone undoes a transaction."""
    if _name(path) in API_EXEMPT:
        pytest.skip("listed in API_EXEMPT")
    assert _api_words(path) == []


def test_the_api_exemptions_hold_only_files_that_still_need_them() -> None:
    """An exempt router that keeps the rules leaves the list."""
    stale = [
        name for name in API_EXEMPT if not _api_imports(REPO / name) and not _api_words(REPO / name)
    ]
    assert stale == [], "remove from API_EXEMPT: " + ", ".join(stale)
