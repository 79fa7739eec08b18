"""Reads of personal data to audit: clients in two gemeenten, keys per role, the stored log."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from fastapi import FastAPI
from sqlalchemy import select

from app.persistence.models import AuditClient, AuditEntry, AuditSecret, Verzoek
from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import accepted, client_bekend, post, rows

BSN_0153 = "999900018"
"""A client of Enschede."""
BSN_0164 = "999900031"
"""A client of Hengelo."""
BSNS = (BSN_0153, BSN_0164)

DAG = date(2026, 11, 16)


def clienten_in_twee_gemeenten(client, app) -> dict[str, int]:
    """In 0153 and 0164 a client with a request in onderzoek and a vooroverleg; request ids."""
    for nummer, (gemeente, bsn) in enumerate((("0153", BSN_0153), ("0164", BSN_0164)), 1):
        aangevraagd = Aangevraagd(f"R-{nummer}", date(2026, 12, 1), date(2027, 5, 31))
        bericht = vot(f"VOT-{nummer}", DAG, aangevraagd, bsn=bsn, gemeente=gemeente)
        assert accepted(post(client, bericht))
        vooroverleg = {
            "gemeente": gemeente,
            "aanbieder": "87654321",
            "bsn": bsn,
            "product": {"categorie": "45", "code": "45A48"},
            "max_minuten": 7200,
            "einddatum": "2027-06-30",
            "soort": "initieel",
            "vastgelegd_door": "j.devries",
        }
        assert client.post("/vooroverleggen", json=vooroverleg).status_code == 201
    verzoeken = rows(app, Verzoek)
    assert [verzoek.status for verzoek in verzoeken] == ["in_onderzoek", "in_onderzoek"]
    return {verzoek.gemeente: verzoek.id for verzoek in verzoeken}


def toegekend(client, app, verzoeken: dict[str, int]) -> None:
    """Grant the requests, so a JW301 naming its client follows each JW319 in the outbox."""
    for gemeente, verzoek_id in verzoeken.items():
        client_bekend(app, bsn=BSN_0153 if gemeente == "0153" else BSN_0164, gemeente=gemeente)
        granted = client.post(f"/verzoeken/{verzoek_id}/toekenning", json={"besloten_door": "a"})
        assert granted.status_code == 201, granted.text


def expected_hash(app: FastAPI, bsn: str) -> str:
    """The HMAC-SHA256 of a BSN under the configured secret, else the one in the database."""
    services = app.state.services
    configured = services.settings.audit_secret
    if configured is not None:
        secret = configured.get_secret_value()
    else:
        with services.sessionmaker() as session:
            secret = session.scalar(select(AuditSecret.secret))
    return hmac.new(secret.encode(), bsn.encode(), hashlib.sha256).hexdigest()


def log(app: FastAPI) -> list[tuple[AuditEntry, set[tuple[str, str]]]]:
    """Every audit entry, oldest first, with its (bsn_hash, gemeente) rows."""
    with app.state.services.sessionmaker() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        found: dict[int, set[tuple[str, str]]] = {entry.id: set() for entry in entries}
        for audit_id, bsn_hash, gemeente in session.execute(
            select(AuditClient.audit_id, AuditClient.bsn_hash, AuditClient.gemeente)
        ):
            found[audit_id].add((bsn_hash, gemeente))
        session.expunge_all()
    return [(entry, found[entry.id]) for entry in entries]
