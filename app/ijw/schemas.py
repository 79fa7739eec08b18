"""The XSD registry: each iJw 3.2 schema compiled once and chosen by message type."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Protocol

from lxml import etree

import app
from app.ijw.bsn import WITHHELD, mask_bsns
from app.ijw.catalogue import MESSAGE_TYPES, NS_BASIS, MessageType
from app.ijw.tree import Element

_XS = "http://www.w3.org/2001/XMLSchema"

MAX_SCHEMA_ERRORS = 100
"""Schema errors listed per message; the rest are only counted (a message can hold millions)."""


def schema_dir() -> Path:
    """Folder of the project's iJw 3.2 XSDs: inside the wheel, or the repository's `schemas/`."""
    packaged = Path(app.__file__).parent / "_schemas" / "ijw-3.2"
    if packaged.is_dir():
        return packaged
    return Path(app.__file__).resolve().parent.parent / "schemas" / "ijw-3.2"


class _LogEntry(Protocol):
    """What we read of an lxml validation log entry (lxml-stubs do not declare the class)."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One XSD violation: the line in the message and libxml2's message."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class SchemaReport:
    """The outcome of one validation: the first errors, readable, and how many there were."""

    errors: tuple[SchemaError, ...]
    total: int

    @property
    def valid(self) -> bool:
        """True when the message passed its schema."""
        return self.total == 0

    @property
    def more(self) -> int:
        """How many errors were found beyond those listed."""
        return self.total - len(self.errors)


_VALID = SchemaReport((), 0)
"""The report of every schema-valid message (it is immutable: one serves all)."""


@dataclass(frozen=True, slots=True)
class XsdVersie:
    """The version pair a schema declares in its appinfo (IV034)."""

    basisschema: str
    bericht: str


@dataclass(frozen=True, slots=True)
class CompiledSchema:
    """A compiled message schema with the version it declares."""

    type: MessageType
    schema: etree.XMLSchema
    versie: XsdVersie
    # One XMLSchema keeps one error log: validations from several threads must take turns.
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def errors(self, root: Element) -> list[SchemaError]:
        """Validate a message root; an empty list means schema-valid."""
        return list(self.report(root, limit=None).errors)

    def report(self, root: Element, limit: int | None = MAX_SCHEMA_ERRORS) -> SchemaReport:
        """Validate a message root, made readable for its first `limit` errors only."""
        with self.lock:
            if self.schema.validate(root):
                return _VALID
            # lxml-stubs declare _ErrorLog as an empty class; at runtime it is a sequence.
            log: Sequence[_LogEntry] = self.schema.error_log  # type: ignore[assignment]
            total = len(log)
            listed = log if limit is None else islice(log, limit)
            return SchemaReport(
                tuple(SchemaError(e.line, _readable(e.message)) for e in listed), total
            )


class SchemaRegistry:
    """All message schemas of one folder, compiled once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._compiled = {m.name: self._compile(m) for m in MESSAGE_TYPES}

    def _compile(self, message_type: MessageType) -> CompiledSchema:
        path = self.folder / message_type.schema_file
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        document = etree.parse(str(path), parser)
        return CompiledSchema(message_type, etree.XMLSchema(document), _versie(document))

    def __getitem__(self, message_type: str) -> CompiledSchema:
        return self._compiled[message_type]

    def errors(self, message_type: MessageType, root: Element) -> list[SchemaError]:
        """Validate a message root against its type's schema."""
        return self._compiled[message_type.name].errors(root)

    def report(
        self, message_type: MessageType, root: Element, limit: int | None = MAX_SCHEMA_ERRORS
    ) -> SchemaReport:
        """Validate a message root against its type's schema, listing the first `limit` errors."""
        return self._compiled[message_type.name].report(root, limit)


_NAMESPACE = re.compile(r"\{[a-z]+:[^}]*\}")
_BSN_ELEMENT = re.compile(r"Element 'Bsn'")
_QUOTED_VALUE = re.compile(r"'[^']*'(?= is not)")


def _readable(message: str) -> str:
    """Drop namespaces from libxml2's text and keep a BSN out of it, wherever it was typed."""
    message = _NAMESPACE.sub("", message)
    if _BSN_ELEMENT.search(message):
        message = _QUOTED_VALUE.sub(WITHHELD, message)
    return mask_bsns(message)


def _versie(document: etree._ElementTree) -> XsdVersie:
    def appinfo(name: str) -> str:
        found = document.find(f"{{{_XS}}}annotation/{{{_XS}}}appinfo/{{{NS_BASIS}}}{name}")
        if found is None or not found.text:
            raise ValueError(f"{document.docinfo.URL}: appinfo lacks {name}")
        return found.text.strip()

    return XsdVersie(appinfo("BasisschemaXsdVersie"), appinfo("BerichtXsdVersie"))


@cache
def default_registry() -> SchemaRegistry:
    """The registry of the project's own schemas, compiled on first use and kept."""
    return SchemaRegistry(schema_dir())
