"""Writes whose results nobody reads, sent to PostgreSQL together as one statement.

Inside `deferred(session)`, `write` holds a write back. The next other statement on the
session's connection, or the end of the block, first sends every held write as one statement
of data-modifying CTEs (`WITH w0 AS (...), w1 AS (...) ...`): one round trip instead of one
per write. The parts of such a statement share one snapshot and none sees another's effect,
so a write naming a row that a held write also names (its `keys`) sends the held ones first.
A failing write fails the statement, which the block's transaction then rolls back whole.
SQLite, and a write the combined form cannot carry, run at once.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

_HELD = "ijw_deferred_writes"
"""Key of the held writes in the connection's `info` while a block runs."""

_PARAMETER = re.compile(r"%\(([^)]+)\)s")
_CACHE_LIMIT = 256
"""Forms kept per process; the hot path has a few dozen, so more means a statement per call."""


class _Form:
    """A statement compiled for one set of parameter names, and those names as it uses them."""

    __slots__ = ("compiled", "names")

    def __init__(self, compiled: SQLCompiler) -> None:
        self.compiled = compiled
        self.names = tuple(dict.fromkeys(_PARAMETER.findall(compiled.string)))


_forms: dict[tuple[UpdateBase, tuple[str, ...]], _Form | None] = {}
_combined: dict[tuple[_Form, ...], str] = {}


class _Held:
    """The writes held back on one connection, and the row keys they name."""

    __slots__ = ("keys", "sending", "writes")

    def __init__(self) -> None:
        self.writes: list[tuple[UpdateBase, _Form, Mapping[str, Any]]] = []
        self.keys: set[Hashable] = set()
        self.sending = False


_DRIVER_PARAMETERS = 200
"""Parameters of a statement whose parsing psycopg keeps: a message's held writes pass 60-90,
and parsing them anew at its default of 50 costs more than the round trips they save."""


def listen(engine: Engine) -> None:
    """Make every other statement on the engine send the held writes first (PostgreSQL)."""
    if engine.dialect.name == "postgresql":
        event.listen(engine, "before_execute", _send_first)
        limits = vars(importlib.import_module("psycopg._queries"))
        if limits.get("MAX_CACHED_STATEMENT_PARAMS", _DRIVER_PARAMETERS) < _DRIVER_PARAMETERS:
            limits["MAX_CACHED_STATEMENT_PARAMS"] = _DRIVER_PARAMETERS


@contextmanager
def deferred(session: Session) -> Iterator[None]:
    """Hold back `write`s inside the block; all are sent when it ends without an error."""
    connection = session.connection()
    if connection.dialect.name != "postgresql" or _HELD in connection.info:
        yield
        return
    held = connection.info[_HELD] = _Held()
    try:
        yield
        _send(connection, held)
    finally:
        connection.info.pop(_HELD, None)


def write(
    session: Session,
    statement: UpdateBase,
    params: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    keys: Iterable[Hashable] = (),
) -> None:
    """Run a write that returns nothing (one row's parameters, or a list), or hold it back.

    `keys` name the rows it may change beyond those it inserts (an upsert's or update's
    target), so that a later write of the same row sees this one.
    """
    connection = session.connection()
    held = connection.info.get(_HELD)
    rows = [params] if isinstance(params, Mapping) else params
    forms = None if held is None else [_form(connection.dialect, statement, row) for row in rows]
    if held is None or forms is None or None in forms:
        if rows:
            connection.execute(statement, params)
        return
    keys = set(keys)
    if not held.keys.isdisjoint(keys):
        _send(connection, held)
    for row, form in zip(rows, forms, strict=True):
        assert form is not None
        held.writes.append((statement, form, row))
    held.keys.update(keys)


def _form(dialect: Dialect, statement: UpdateBase, params: Mapping[str, Any]) -> _Form | None:
    """The statement compiled for these parameter names, or None when no CTE can carry it."""
    key = (statement, tuple(params))
    if key in _forms:
        return _forms[key]
    # As for executemany: no implicit RETURNING of the new row's id, which nobody reads.
    compiled = statement.compile(dialect=dialect, column_keys=sorted(params), for_executemany=True)
    assert isinstance(compiled, SQLCompiler)
    fits = (
        not compiled.positional
        and not compiled.effective_returning
        and not compiled.insert_prefetch
        and not compiled.update_prefetch
        and not compiled.escaped_bind_names
        and not compiled.post_compile_params
        and not compiled.literal_execute_params
        and "%%" not in compiled.string
    )
    form = _Form(compiled) if fits else None
    if len(_forms) < _CACHE_LIMIT:
        _forms[key] = form
    return form


def _send_first(
    connection: Connection, clauseelement: Any, multiparams: Any, params: Any, options: Any
) -> None:
    held = connection.info.get(_HELD)
    if held is not None and held.writes and not held.sending:
        _send(connection, held)


def _send(connection: Connection, held: _Held) -> None:
    """Send the held writes: one as itself, more as one statement."""
    writes = held.writes
    if not writes:
        return
    held.writes, held.keys = [], set()
    held.sending = True
    try:
        if len(writes) == 1:
            statement, _, params = writes[0]
            connection.execute(statement, params)
            return
        values: dict[str, Any] = {}
        for n, (_, form, params) in enumerate(writes):
            given = form.compiled.construct_params(params)
            # No tuple types here: every processor is one callable.
            processors = cast("Mapping[str, Callable[[Any], Any]]", form.compiled._bind_processors)
            for j, name in enumerate(form.names):
                processor = processors.get(name)
                value = given[name]
                values[f"p{n}_{j}"] = value if processor is None else processor(value)
        connection.exec_driver_sql(_statement(tuple(form for _, form, _ in writes)), values)
    finally:
        held.sending = False


def _statement(forms: tuple[_Form, ...]) -> str:
    """`WITH w0 AS (first), ... last`, each part's parameters renamed short and apart."""
    found = _combined.get(forms)
    if found is not None:
        return found
    texts = [_renamed(form, n) for n, form in enumerate(forms)]
    ctes = ", ".join(f"w{n} AS ({text})" for n, text in enumerate(texts[:-1]))
    found = f"WITH {ctes} {texts[-1]}"
    if len(_combined) < _CACHE_LIMIT:
        _combined[forms] = found
    return found


def _renamed(form: _Form, n: int) -> str:
    """The form's SQL with its parameters named `p{n}_{j}`."""
    short = {name: f"%(p{n}_{j})s" for j, name in enumerate(form.names)}

    def rename(found: re.Match[str]) -> str:
        return short[found.group(1)]

    return _PARAMETER.sub(rename, form.compiled.string)
