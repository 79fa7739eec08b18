"""The client of a JW301: personal data from the messages, contacts from the gemeente."""

from __future__ import annotations

from app.ijw.builders.jw301 import (
    Adres,
    ClientGegevens,
    Contact,
    Geslachtsnaam,
    Telefoon,
    VolledigeNaam,
)
from app.persistence.models import Client
from app.problem import Problem

EIGEN_NAAM = "1"
"""COD700 NaamGebruik 1: the client's own surname (CS318: never 6 for a client)."""


class ClientgegevensOntbreken(Problem, LookupError):
    """No Contactgegevens are known for the client, so no valid JW301 can be built (TR061)."""

    status_code = 409
    slug = "clientgegevens-ontbreken"
    title = "Cliëntgegevens ontbreken"


def client_gegevens(client: Client | None) -> ClientGegevens:
    """The JW301 Client part; raises ClientgegevensOntbreken without stored contact data."""
    if client is None or not client.contacten:
        raise ClientgegevensOntbreken(
            "van deze cliënt zijn geen Contactgegevens bekend: leg ze vast met PUT /clientgegevens"
        )
    return ClientGegevens(
        bsn=client.bsn,
        geboortedatum=client.geboortedatum_date,
        datum_gebruik=client.datum_gebruik,
        geslacht=client.geslacht,
        naam=VolledigeNaam(
            achternaam=client.achternaam,
            naam_gebruik=client.naam_gebruik or EIGEN_NAAM,
            voorvoegsel=client.voorvoegsel,
            voornamen=client.voornamen,
            voorletters=client.voorletters,
            partnernaam=Geslachtsnaam(client.partner_achternaam, client.partner_voorvoegsel)
            if client.partner_achternaam and client.naam_gebruik not in (None, EIGEN_NAAM)
            else None,
        ),
        contacten=tuple(contact(item) for item in client.contacten),
    )


def contact(data: dict) -> Contact:
    """A Contact from its stored JSON form (as `PUT /clientgegevens` accepts it)."""
    adres = data.get("adres")
    return Contact(
        soort=data["soort"],
        adres=Adres(**adres) if adres else None,
        telefoon=tuple(Telefoon(**telefoon) for telefoon in data.get("telefoon") or ()),
        emailadres=data.get("emailadres"),
    )
