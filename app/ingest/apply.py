"""An accepted message's effect on stored state: requests, starts and stops."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.checks.bericht import Bericht
from app.checks.cross.regie import stopsleutel
from app.checks.cross.state import REDEN_TIJDELIJK, StopStand
from app.clienten import repository as clienten
from app.ijw.views import (
    JW305,
    JW307,
    JW315,
    JW317,
    Header,
    Product,
    RegieClient,
    StartProduct,
    StopProduct,
)
from app.ingest import repository
from app.ingest.repository import ACTIEF
from app.persistence.models import StartZorg, StopZorg, Verzoek
from app.verzoeken import repository as verzoeken
from app.verzoeken.status import ONTVANGEN

R = TypeVar("R", StartProduct, StopProduct)

EERSTE_AANLEVERING = "1"
VERWIJDEREN = "3"


def apply(
    session: Session, bericht: Bericht, bericht_id: int, gemeente: str, at: datetime
) -> list[Verzoek]:
    """Store what an accepted JW315, JW317, JW305 or JW307 brings; returns new verzoeken."""
    view = bericht.view
    if isinstance(view, JW315):
        _client(session, view, gemeente, at)
        return verzoeken.voeg_toe(session, _verzoeken(view, bericht_id, gemeente, at))
    if isinstance(view, JW317):
        return verzoeken.voeg_toe(session, [_wijzigingsverzoek(view, bericht_id, gemeente, at)])
    if isinstance(view, JW305):
        _regie(
            session, StartZorg, view.header, view.client, bericht_id, gemeente, at, _startsleutel
        )
    elif isinstance(view, JW307):
        _regie(session, StopZorg, view.header, view.client, bericht_id, gemeente, at, _stopsleutel)
    return []


def _client(session: Session, view: JW315, gemeente: str, at: datetime) -> None:
    """Keep the client's latest personal data: a JW301 repeats it (a JW317 carries none)."""
    client = view.client
    naam = client.naam
    clienten.bewaar_persoon(
        session,
        gemeente=gemeente,
        bsn=client.bsn,
        geboortedatum=client.geboortedatum.datum,
        datum_gebruik=client.geboortedatum.datum_gebruik,
        geslacht=client.geslacht,
        achternaam=naam.achternaam,
        voorvoegsel=naam.voorvoegsel,
        voornamen=naam.voornamen,
        voorletters=naam.voorletters,
        at=at,
    )


def _product(product: Product | None) -> dict:
    return {
        "categorie": product.categorie if product else None,
        "code": product.code if product else None,
    }


def _verzoeken(view: JW315, bericht_id: int, gemeente: str, at: datetime) -> list[dict]:
    header = view.header
    rows = []
    for aangevraagd in view.client.producten:
        omvang = aangevraagd.omvang
        rows.append(
            {
                "soort": "VOT",
                "gemeente": gemeente,
                "aanbieder": header.afzender,
                "referentie_aanbieder": aangevraagd.referentie_aanbieder,
                "bsn": view.client.bsn,
                "status": ONTVANGEN,
                "bericht_id": bericht_id,
                "dagtekening_date": header.dagtekening,
                "received_at": at,
                "ingangsdatum_date": aangevraagd.toewijzing_ingangsdatum,
                "einddatum_date": aangevraagd.toewijzing_einddatum,
                "volume": omvang.volume if omvang else None,
                "eenheid": omvang.eenheid if omvang else None,
                "frequentie": omvang.frequentie if omvang else None,
                "budget": aangevraagd.budget,
                "verwijzer_type": aangevraagd.verwijzer.type,
                "verwijzer_code": aangevraagd.verwijzer.zorgverlener_code,
                "verwijzer_naam": aangevraagd.verwijzer.naam,
                "reden_verzoek": None,
                **_product(aangevraagd.product),
            }
        )
    return rows


def _wijzigingsverzoek(view: JW317, bericht_id: int, gemeente: str, at: datetime) -> dict:
    verzoek = view.client.verzoek
    return {
        "soort": "VOW",
        "gemeente": gemeente,
        "aanbieder": view.header.afzender,
        "referentie_aanbieder": verzoek.referentie_aanbieder,
        "bsn": view.client.bsn,
        "status": ONTVANGEN,
        "bericht_id": bericht_id,
        "dagtekening_date": view.header.dagtekening,
        "received_at": at,
        "reden_verzoek": verzoek.reden_verzoek,
    }


def _startsleutel(start: StartProduct | StopProduct) -> dict[str, Any]:
    return {
        "toewijzing_nummer": start.toewijzing_nummer,
        "begindatum_date": start.begindatum,
        **_product(start.product),
    }


def _stopsleutel(stop: StopProduct) -> dict[str, Any]:
    return _startsleutel(stop) | {
        "reden_beeindiging": stop.reden_beeindiging,
        "einddatum_date": stop.einddatum,
    }


def _regie(
    session: Session,
    table: type[StartZorg | StopZorg],
    header: Header,
    client: RegieClient[R],
    bericht_id: int,
    gemeente: str,
    at: datetime,
    sleutel: Callable[[R], dict[str, Any]],
) -> None:
    """Deletions first, then additions: a correction deletes and re-adds a key (IV008)."""
    who = {"gemeente": gemeente, "aanbieder": header.afzender, "bsn": client.bsn}
    producten = client.producten
    for product in producten:
        if product.status_aanlevering == VERWIJDEREN:
            repository.delete_regie(session, table, who | sleutel(product), bericht_id)
    added = [
        who
        | sleutel(product)
        | {
            "toewijzing_ingangsdatum_date": product.toewijzing_ingangsdatum,
            "status": ACTIEF,
            "received_at": at,
            "bericht_id": bericht_id,
        }
        for product in producten
        if product.status_aanlevering == EERSTE_AANLEVERING
    ]
    repository.insert_rows(session, table, added)


def tijdelijk_gestopt(
    stored: Iterable[StopStand], client: RegieClient[StopProduct], nummer: int
) -> bool:
    """Whether a temporary stop of toewijzing `nummer` is active once the JW307 is applied.

    `stored` are the client's active stops before it, as the checks read them: the message
    deletes some of them and adds its own, as `apply` does.
    """
    producten = client.producten
    weg = {stopsleutel(p) for p in producten if p.status_aanlevering == VERWIJDEREN}
    nieuw = [p for p in producten if p.status_aanlevering == EERSTE_AANLEVERING]
    stops: list[StopStand | StopProduct] = [s for s in stored if stopsleutel(s) not in weg]
    return any(
        stop.toewijzing_nummer == nummer and stop.reden_beeindiging == REDEN_TIJDELIJK
        for stop in (*stops, *nieuw)
    )
