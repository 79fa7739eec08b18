"""A BSN on a werkplek page: masked by default, shown whole once on request, and audited.

The pattern for a page that shows a client:

1. The page renders the BSN masked: ``{{ bsn|gemaskeerd }}`` gives ``*****0006``.
2. Beside it, the macro ``toon_bsn`` from ``bsn.html`` renders a POST form (with the CSRF
   token) back to the page's own URL, with ``toon_bsn=1`` and nothing of the BSN itself::

       {% from "bsn.html" import bsn_veld %}
       {{ bsn_veld(bsn, getoond=bsn_getoond, csrf_token=csrf_token) }}

3. The page has a POST route on the same path depending on ``vereist_csrf``; it loads the
   record as the GET does (the same gemeente check), calls :func:`bsn_getoond` and renders
   the same template with ``bsn_getoond=True``. The next GET shows it masked again.

A BSN therefore never appears in a URL (no query string, no redirect), and every time one
is shown whole an audit entry 'BSN getoond' names the person, the page and the client.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.audit.record import Audit
from app.gebruikers.medewerker import Medewerker

ZICHTBAAR = 4
"""Digits left visible at the end of a masked BSN: enough to tell two clients apart."""
ACTIE = "BSN getoond"


def gemaskeerd(bsn: object) -> str:
    """A BSN with all but its last four digits replaced by asterisks ('' for none)."""
    if bsn is None:
        return ""
    tekst = str(bsn)
    if len(tekst) <= ZICHTBAAR:
        return "*" * len(tekst)
    return "*" * (len(tekst) - ZICHTBAAR) + tekst[-ZICHTBAAR:]


def bsn_getoond(
    audit: Audit,
    session: Session,
    medewerker: Medewerker,
    *,
    bsn: str,
    gemeente: str,
    pagina: str,
    wat: str,
    now: datetime,
) -> None:
    """Record that a person had a client's BSN shown whole on a page."""
    audit.record(
        session,
        medewerker,
        actie=ACTIE,
        wat=f"{pagina}: {wat}"[:500],
        gelezen=[(bsn, gemeente)],
        now=now,
    )
