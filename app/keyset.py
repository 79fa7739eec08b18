"""Keyset paging on (date, id): the position a cursor such as `2026-11-27.42` names in a query.

A cursor names the last item of a page by its sort date and id, so the next page stays stable
while items are added or re-planned elsewhere in the list.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, or_


def cursor(datum: date, item_id: int) -> str:
    """The cursor naming the last item of a page."""
    return f"{datum.isoformat()}.{item_id}"


def na(
    datum_kolom: SQLColumnExpression[date],
    id_kolom: SQLColumnExpression[int],
    after: str,
    termijn: timedelta = timedelta(0),
) -> ColumnElement[bool]:
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
