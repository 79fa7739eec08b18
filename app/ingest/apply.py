"""An accepted message's effect on stored state: requests, starts and stops."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.checks.bericht import Bericht
from app.ijw.views import JW305, JW307, JW315, JW317, Product
from app.persistence import repository
from app.persistence.models import StartZorg, StopZorg, Verzoek
from app.persistence.state import ACTIEF

EERSTE_AANLEVERING = "1"
VERWIJDEREN = "3"


def apply(session: Session, bericht: Bericht, bericht_id: int, gemeente: str, at: datetime) -> None:
    """Store what an accepted JW315, JW317, JW305 or JW307 brings."""
    view = bericht.view
    if isinstance(view, JW315):
        _verzoeken(session, view, bericht_id, gemeente, at)
    elif isinstance(view, JW317):
        _wijzigingsverzoek(session, view, bericht_id, gemeente, at)
    elif isinstance(view, JW305):
        _starts(session, view, bericht_id, gemeente, at)
    elif isinstance(view, JW307):
        _stops(session, view, bericht_id, gemeente, at)


def _product(product: Product | None) -> dict:
    return {
        "categorie": product.categorie if product else None,
        "code": product.code if product else None,
    }


def _verzoeken(session: Session, view: JW315, bericht_id: int, gemeente: str, at: datetime) -> None:
    header = view.header
    for aangevraagd in view.client.producten:
        omvang = aangevraagd.omvang
        session.add(
            Verzoek(
                soort="VOT",
                gemeente=gemeente,
                aanbieder=header.afzender,
                referentie_aanbieder=aangevraagd.referentie_aanbieder,
                bsn=view.client.bsn,
                status="ontvangen",
                bericht_id=bericht_id,
                dagtekening_date=header.dagtekening,
                received_at=at,
                ingangsdatum_date=aangevraagd.toewijzing_ingangsdatum,
                einddatum_date=aangevraagd.toewijzing_einddatum,
                volume=omvang.volume if omvang else None,
                eenheid=omvang.eenheid if omvang else None,
                frequentie=omvang.frequentie if omvang else None,
                budget=aangevraagd.budget,
                verwijzer_type=aangevraagd.verwijzer.type,
                **_product(aangevraagd.product),
            )
        )


def _wijzigingsverzoek(
    session: Session, view: JW317, bericht_id: int, gemeente: str, at: datetime
) -> None:
    verzoek = view.client.verzoek
    session.add(
        Verzoek(
            soort="VOW",
            gemeente=gemeente,
            aanbieder=view.header.afzender,
            referentie_aanbieder=verzoek.referentie_aanbieder,
            bsn=view.client.bsn,
            status="ontvangen",
            bericht_id=bericht_id,
            dagtekening_date=view.header.dagtekening,
            received_at=at,
            reden_verzoek=verzoek.reden_verzoek,
        )
    )


def _who(view: JW305 | JW307, gemeente: str) -> dict:
    return {"gemeente": gemeente, "aanbieder": view.header.afzender, "bsn": view.client.bsn}


def _starts(session: Session, view: JW305, bericht_id: int, gemeente: str, at: datetime) -> None:
    who = _who(view, gemeente)
    # Deletions first: a correction deletes and re-adds a key in one message (IV008).
    for start in view.client.producten:
        if start.status_aanlevering == VERWIJDEREN:
            key = {
                "toewijzing_nummer": start.toewijzing_nummer,
                "begindatum_date": start.begindatum,
            }
            repository.delete_start(session, who | key | _product(start.product), bericht_id)
    for start in view.client.producten:
        if start.status_aanlevering == EERSTE_AANLEVERING:
            session.add(
                StartZorg(
                    **who,
                    **_product(start.product),
                    toewijzing_nummer=start.toewijzing_nummer,
                    begindatum_date=start.begindatum,
                    toewijzing_ingangsdatum_date=start.toewijzing_ingangsdatum,
                    status=ACTIEF,
                    received_at=at,
                    bericht_id=bericht_id,
                )
            )


def _stops(session: Session, view: JW307, bericht_id: int, gemeente: str, at: datetime) -> None:
    who = _who(view, gemeente)
    for stop in view.client.producten:
        if stop.status_aanlevering == VERWIJDEREN:
            key = {
                "toewijzing_nummer": stop.toewijzing_nummer,
                "begindatum_date": stop.begindatum,
                "reden_beeindiging": stop.reden_beeindiging,
                "einddatum_date": stop.einddatum,
            }
            repository.delete_stop(session, who | key | _product(stop.product), bericht_id)
    for stop in view.client.producten:
        if stop.status_aanlevering == EERSTE_AANLEVERING:
            session.add(
                StopZorg(
                    **who,
                    **_product(stop.product),
                    toewijzing_nummer=stop.toewijzing_nummer,
                    begindatum_date=stop.begindatum,
                    toewijzing_ingangsdatum_date=stop.toewijzing_ingangsdatum,
                    reden_beeindiging=stop.reden_beeindiging,
                    einddatum_date=stop.einddatum,
                    status=ACTIEF,
                    received_at=at,
                    bericht_id=bericht_id,
                )
            )
