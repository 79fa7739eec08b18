"""Signals as CSV for spreadsheets: one header row and one row per signal with its subject."""

from __future__ import annotations

import csv
import io

from app.clock import as_utc
from app.deadlines.onderwerp import SignalenPagina

CSV_COLUMNS = (
    "id",
    "soort",
    "onderwerp",
    "onderwerp_id",
    "gemeente",
    "aanbieder",
    "vanaf",
    "due",
    "status",
    "te_laat",
    "detail",
    "changed_at",
    "toewijzing_nummer",
    "referentie_aanbieder",
    "categorie",
    "code",
    "bsn",
    "naam",
    "wacht_op",
    "actie_bij",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts a spreadsheet would run as a formula (CSV injection)."""


def _cell(text: str | None) -> str:
    if text and text.startswith(_FORMULA_START):
        return "'" + text
    return text or ""


def csv_tekst(pagina: SignalenPagina) -> str:
    """The page as CSV; cells a spreadsheet would run as a formula start with a quote."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in pagina.signalen:
        subject = pagina.onderwerpen[row.id]
        writer.writerow(
            (
                row.id,
                row.soort,
                row.onderwerp,
                row.onderwerp_id,
                row.gemeente,
                row.aanbieder,
                row.vanaf_date.isoformat(),
                row.due_date.isoformat(),
                row.status,
                "true" if row.te_laat else "false",
                _cell(row.detail),
                as_utc(row.changed_at).isoformat(),
                subject.toewijzing_nummer or "",
                _cell(subject.referentie_aanbieder),
                subject.categorie or "",
                subject.code or "",
                subject.bsn or "",
                _cell(subject.naam if subject.bsn else None),
                _cell(subject.wacht_op),
                subject.actie_bij,
            )
        )
    return buffer.getvalue()
