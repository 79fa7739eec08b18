"""The CBS gemeente code list with validity dates, consulted by TR378 (retourcode S300)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NoReturn

HEADER = ("code", "naam", "geldig_van", "geldig_tot")
_CODE = re.compile(r"[0-9]{4}")
_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class Gemeente:
    """One CBS gemeente code and the inclusive period it was in use; None is an open end."""

    code: str
    naam: str
    geldig_van: date | None
    geldig_tot: date | None

    def geldig_op(self, datum: date) -> bool:
        """Whether the code was in use on `datum`."""
        if self.geldig_van is not None and datum < self.geldig_van:
            return False
        return self.geldig_tot is None or datum <= self.geldig_tot


class Gemeentelijst:
    """CBS gemeente codes, current and dissolved, each with the period it was valid."""

    __slots__ = ("_by_code",)

    def __init__(self, gemeenten: Iterable[Gemeente]) -> None:
        self._by_code: dict[str, Gemeente] = {}
        for gemeente in gemeenten:
            if gemeente.code in self._by_code:
                raise ValueError(f"gemeente code {gemeente.code} appears twice")
            self._by_code[gemeente.code] = gemeente

    def geldig_op(self, code: str, datum: date) -> bool:
        """Whether `code` was a CBS gemeente code on `datum`."""
        gemeente = self._by_code.get(code)
        return gemeente is not None and gemeente.geldig_op(datum)

    def bekend(self, code: str) -> bool:
        """Whether `code` is in the list at all, valid or not on any given day."""
        return code in self._by_code

    def naam(self, code: str) -> str | None:
        """The gemeente's name as listed (its latest one), or None for an unknown code."""
        gemeente = self._by_code.get(code)
        return gemeente.naam if gemeente is not None else None

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Gemeente]:
        return iter(self._by_code.values())


def load_gemeenten(path: Path | None = None) -> Gemeentelijst:
    """Read a gemeente list; without `path`, the bundled list, read once and kept.

    The file is UTF-8 CSV with the header `code,naam,geldig_van,geldig_tot` and one row per
    4-digit CBS code. Dates are ISO (YYYY-MM-DD) and inclusive: `geldig_tot` is the last day
    the gemeente existed, so 31 December before a 1 January herindeling. An empty
    `geldig_tot` means the gemeente still exists. An empty `geldig_van` means the code was
    already in use before 2015-01-01 (the Jeugdwet) and its start is not tracked; such a code
    counts as valid on any earlier date. A malformed file raises ValueError naming the file,
    the line and the problem.
    """
    if path is None:
        return _bundled()
    return _parse(path.read_bytes(), str(path))


@cache
def _bundled() -> Gemeentelijst:
    bron = resources.files("app.ijw").joinpath("data", "gemeenten.csv")
    return _parse(bron.read_bytes(), str(bron))


def _parse(data: bytes, naam: str) -> Gemeentelijst:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        regel = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"{naam}, line {regel}: not UTF-8 text") from exc
    gemeenten: list[Gemeente] = []
    eerst_op: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    einde = 0
    try:
        for rij in reader:
            regel, einde = einde + 1, reader.line_num
            if regel == 1:
                if tuple(veld.strip() for veld in rij) != HEADER:
                    _fail(naam, 1, f"header is {','.join(rij)!r}; expected {','.join(HEADER)!r}")
            elif rij:
                gemeente = _gemeente(rij, naam, regel)
                if gemeente.code in eerst_op:
                    eerder = eerst_op[gemeente.code]
                    _fail(naam, regel, f"code {gemeente.code} is already on line {eerder}")
                eerst_op[gemeente.code] = regel
                gemeenten.append(gemeente)
    except csv.Error as exc:
        _fail(naam, einde + 1, f"not valid CSV ({exc})")
    if einde == 0:
        _fail(naam, 1, f"empty file; expected the header {','.join(HEADER)!r}")
    if not gemeenten:
        _fail(naam, einde, "the file lists no gemeenten")
    return Gemeentelijst(gemeenten)


def _gemeente(rij: list[str], naam: str, regel: int) -> Gemeente:
    if len(rij) != len(HEADER):
        _fail(naam, regel, f"expected {len(HEADER)} fields, found {len(rij)}")
    code, gemeentenaam, van_tekst, tot_tekst = (veld.strip() for veld in rij)
    if not _CODE.fullmatch(code):
        _fail(naam, regel, f"code {code!r} is not four digits")
    if not gemeentenaam:
        _fail(naam, regel, f"code {code} has an empty naam")
    van = _datum(van_tekst, "geldig_van", naam, regel)
    tot = _datum(tot_tekst, "geldig_tot", naam, regel)
    if van is not None and tot is not None and tot < van:
        _fail(naam, regel, f"geldig_tot {tot} is before geldig_van {van}")
    return Gemeente(code, gemeentenaam, van, tot)


def _datum(tekst: str, veld: str, naam: str, regel: int) -> date | None:
    if not tekst:
        return None
    if _DATUM.fullmatch(tekst):
        try:
            return date.fromisoformat(tekst)
        except ValueError:
            pass
    _fail(naam, regel, f"{veld} {tekst!r} is not a date (YYYY-MM-DD)")


def _fail(naam: str, regel: int, probleem: str) -> NoReturn:
    raise ValueError(f"{naam}, line {regel}: {probleem}")
