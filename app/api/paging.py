"""Keyset paging on (date, id): the cursor `next` that a list hands out and takes back as `after`.

A cursor names the last item of a page by its sort date and id (`2026-11-27.42`), so the next
page stays stable while items are added or re-planned elsewhere in the list.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import Field
from sqlalchemy import ColumnElement, and_, or_

_JAAR = "[1-9][0-9]{3}"
_ID = r"\.[1-9][0-9]{0,17}"
"""An id of at most 18 digits: always within a 64-bit database id."""

DatumCursor = Annotated[
    str,
    Field(
        pattern=(
            f"^{_JAAR}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-9]){_ID}$"
            f"|^{_JAAR}-(0[13-9]|1[0-2])-30{_ID}$"
            f"|^{_JAAR}-(0[13578]|1[02])-31{_ID}$"
        ),
        description="`next` van de vorige pagina",
        examples=["2026-11-27.42"],
    ),
]
"""`after`: the `next` of a previous page; every value of the pattern is a position."""


def cursor(datum: date, item_id: int) -> str:
    """The cursor naming the last item of a page."""
    return f"{datum.isoformat()}.{item_id}"


def na(datum_kolom, id_kolom, after: str, termijn: timedelta = timedelta(0)) -> ColumnElement[bool]:
    """Rows after the cursor in the order (datum_kolom + termijn, id_kolom)."""
    tekst, _, item_id = after.partition(".")
    jaar, maand, dag = (int(deel) for deel in tekst.split("-"))
    if (maand, dag) == (2, 29) and not _schrikkeljaar(jaar):
        # No item has this date: every item of 1 March on comes after it.
        return datum_kolom >= date(jaar, 3, 1) - termijn
    datum = date(jaar, maand, dag) - termijn
    return or_(datum_kolom > datum, and_(datum_kolom == datum, id_kolom > int(item_id)))


def _schrikkeljaar(jaar: int) -> bool:
    return jaar % 4 == 0 and (jaar % 100 != 0 or jaar % 400 == 0)
