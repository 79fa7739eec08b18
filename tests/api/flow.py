"""Helpers for flow tests: post messages, read retour codes, seed toewijzingen."""

from __future__ import annotations

from datetime import date

from lxml import etree
from sqlalchemy import select

from app.clienten import repository as clienten
from app.ijw.views import Omvang, Product
from app.persistence.models import Toewijzing
from app.toewijzingen import repository
from tests.api.berichten import AGB, BSN, GEMEENTE

XML = {"Content-Type": "application/xml"}


def post(client, body: bytes):
    """Post a message and insist on a 200 answer."""
    response = client.post("/berichten", content=body, headers=XML)
    assert response.status_code == 200, response.text
    return response


def codes(response) -> dict[str, list[str]]:
    """RetourCodes of a retour by class name (Header, Client, StartProduct, ...), in order."""
    root = etree.fromstring(response.content)
    found: dict[str, list[str]] = {}
    for container in root.iter("{*}RetourCodes"):
        klasse = etree.QName(container.getparent()).localname
        found.setdefault(klasse, []).extend(c.text for c in container)
    return found


def accepted(response) -> bool:
    """True when the retour carries no RetourCodes at all."""
    return codes(response) == {}


def toewijzing(
    app,
    nummer: int,
    ingang: date,
    eind: date | None,
    *,
    categorie="45",
    code: str | None = "45A48",
    omvang=(90, "01", "2"),
    budget=None,
    bsn=BSN,
    aanbieder=AGB,
    gemeente=GEMEENTE,
) -> None:
    """Store a toewijzing as if we had granted it (until the decisions issue does so)."""
    services = app.state.services
    with services.sessionmaker.begin() as session:
        repository.create_toewijzing(
            session,
            gemeente=gemeente,
            nummer=nummer,
            aanbieder=aanbieder,
            bsn=bsn,
            product=Product(categorie, code) if categorie else None,
            ingangsdatum=ingang,
            einddatum=eind,
            omvang=Omvang(*omvang) if omvang and code else None,
            budget=budget,
            toegewezen_at=services.clock.now(),
        )


def rows(app, table, *where):
    """All rows of a table (optionally filtered), in id order."""
    with app.state.services.sessionmaker() as session:
        return session.scalars(select(table).where(*where).order_by(table.id)).all()


def stored_toewijzing(app, nummer: int) -> Toewijzing:
    """A stored toewijzing by number."""
    with app.state.services.sessionmaker() as session:
        return session.scalar(select(Toewijzing).where(Toewijzing.nummer == nummer))


CONTACT = {
    "soort": "01",
    "adres": {
        "huisnummer": 12,
        "postcode": "7511AB",
        "straatnaam": "Oude Markt",
        "plaatsnaam": "Enschede",
        "landcode": "NL",
    },
    "telefoon": [{"nummer": "0534811234", "landnummer": "0031"}],
}
"""A BRP address the JW301 can carry (TR061, TR006, CD034, CS089)."""


def client_bekend(app, *, bsn=BSN, gemeente=GEMEENTE, contacten=(CONTACT,)) -> None:
    """Store a client with Contactgegevens, as the gemeente's client registry would."""
    services = app.state.services
    with services.sessionmaker.begin() as session:
        clienten.bewaar_persoon(
            session,
            gemeente=gemeente,
            bsn=bsn,
            geboortedatum=date(2014, 6, 9),
            datum_gebruik=None,
            geslacht="2",
            achternaam="Jansen",
            voorvoegsel=None,
            voornamen=None,
            voorletters=None,
            at=services.clock.now(),
        )
        clienten.zet_contacten(session, gemeente, bsn, list(contacten), services.clock.now())
