"""The contract tariff list (TR418, retourcode 0611): CSV `categorie,code,eenheid,tarief`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

_KOLOMMEN = ["categorie", "code", "eenheid", "tarief"]

Tarieven = dict[tuple[str, str, str], int]


def load_tarieven(path: Path) -> Tarieven:
    """Read the tariffs in eurocent per (ProductCategorie, ProductCode, Eenheid).

    A malformed file raises ValueError naming the file, the line and the problem.
    """
    try:
        tekst = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8") from None
    rows = csv.reader(io.StringIO(tekst))
    kop = [kolom.strip().lower() for kolom in next(rows, [])]
    if kop != _KOLOMMEN:
        raise ValueError(f"{path} line 1: expected the header {','.join(_KOLOMMEN)}")
    tarieven: Tarieven = {}
    for regel, row in enumerate(rows, start=2):
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(_KOLOMMEN):
            raise ValueError(f"{path} line {regel}: expected {len(_KOLOMMEN)} fields")
        categorie, code, eenheid, tarief = (field.strip() for field in row)
        if not tarief.isdigit():
            raise ValueError(f"{path} line {regel}: tarief {tarief!r} is no whole eurocent")
        sleutel = (categorie, code, eenheid)
        if sleutel in tarieven:
            raise ValueError(f"{path} line {regel}: {categorie},{code},{eenheid} occurs twice")
        tarieven[sleutel] = int(tarief)
    return tarieven
