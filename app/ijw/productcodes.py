"""The product code list in use, consulted by TR381 (retourcode S329); an operator supplies it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

CATEGORIEEN: frozenset[str] = frozenset(
    [str(n) for n in range(31, 39)] + [str(n) for n in range(40, 56)]
)
"""ProductCategorie values of JZ020: 31-38 are the 2015 categories, 40-55 the current ones."""

MAX_CODE_LENGTE = 5
"""A ProductCode is 1 to 5 characters (LDT_ProductCode)."""

_KOLOMMEN = ("categorie", "code")
_MET_OMSCHRIJVING = ("categorie", "code", "omschrijving")
_VERWACHT = "'categorie,code[,omschrijving]'"


class Productcodelijst:
    """The (ProductCategorie, ProductCode) pairs that the product code list allows."""

    __slots__ = ("_paren",)

    def __init__(self, paren: Iterable[tuple[str, str]]) -> None:
        self._paren = frozenset(paren)

    def past(self, categorie: str, code: str) -> bool:
        """Whether ProductCode `code` belongs to ProductCategorie `categorie`."""
        return (categorie, code) in self._paren

    def __len__(self) -> int:
        return len(self._paren)


def load_productcodes(path: Path) -> Productcodelijst:
    """Read an operator's product code list: UTF-8 CSV with header `categorie,code[,omschrijving]`.

    Each row pairs a JZ020 ProductCategorie with a ProductCode of 1 to 5 characters; the
    omschrijving is for people and not kept. The same code may appear under several
    categories, the same pair only once. Fields are trimmed of surrounding spaces. A
    malformed file raises ValueError naming the file, the line and the problem.
    """
    naam = str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        regel = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"{naam}, line {regel}: not UTF-8 text") from exc
    eerst_op: dict[tuple[str, str], int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    kolommen: tuple[str, ...] = ()
    einde = 0
    try:
        for rij in reader:
            regel, einde = einde + 1, reader.line_num
            if regel == 1:
                kolommen = tuple(veld.strip().lower() for veld in rij)
                if kolommen not in (_KOLOMMEN, _MET_OMSCHRIJVING):
                    _fail(naam, 1, f"header is {','.join(rij)!r}; expected {_VERWACHT}")
            elif rij:
                paar = _paar(rij, len(kolommen), naam, regel)
                if paar in eerst_op:
                    eerder = eerst_op[paar]
                    _fail(
                        naam,
                        regel,
                        f"categorie {paar[0]}, code {paar[1]} is already on line {eerder}",
                    )
                eerst_op[paar] = regel
    except csv.Error as exc:
        _fail(naam, einde + 1, f"not valid CSV ({exc})")
    if einde == 0:
        _fail(naam, 1, f"empty file; expected the header {_VERWACHT}")
    if not eerst_op:
        _fail(naam, einde, "the file lists no product codes")
    return Productcodelijst(eerst_op)


def _paar(rij: list[str], breedte: int, naam: str, regel: int) -> tuple[str, str]:
    if len(rij) != breedte:
        _fail(naam, regel, f"expected {breedte} fields, found {len(rij)}")
    categorie, code = rij[0].strip(), rij[1].strip()
    if categorie not in CATEGORIEEN:
        _fail(naam, regel, f"categorie {categorie!r} is not a ProductCategorie of JZ020")
    if not code:
        _fail(naam, regel, f"categorie {categorie} has an empty code")
    if len(code) > MAX_CODE_LENGTE:
        _fail(naam, regel, f"code {code!r} is longer than {MAX_CODE_LENGTE} characters")
    return categorie, code


def _fail(naam: str, regel: int, probleem: str) -> NoReturn:
    raise ValueError(f"{naam}, line {regel}: {probleem}")
