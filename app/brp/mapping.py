"""A BRP Persoon (Personen Bevragen 2.x) as a JW301's Client with its Contactgegevens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

NAAMGEBRUIK = {"E": "1", "P": "2", "V": "3", "N": "4"}
"""aanduidingNaamgebruik (eigen, partner, partner voor eigen, partner na eigen) as COD700."""
GESLACHT = {"M": "1", "V": "2", "O": "0"}
"""BRP geslacht (man, vrouw, onbekend) as COD046."""
BRP_ADRES, CORRESPONDENTIE = "01", "02"
"""COD757: the BRP address (woonadres), a correspondentieadres (briefadres)."""
BUITENLAND_ONBEKEND = "0000"
"""Landcode 0000 in the BRP's Landentabel: unknown."""
_POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")


class BrpOnvolledig(ValueError):
    """The BRP's answer lacks what a JW301 needs (a birth date, a surname, an address)."""


@dataclass(frozen=True, slots=True)
class BrpClientgegevens:
    """What a JW301 needs of the client, taken from the BRP."""

    geboortedatum: date
    datum_gebruik: str | None
    geslacht: str
    achternaam: str
    voorvoegsel: str | None
    voornamen: str | None
    voorletters: str | None
    naam_gebruik: str
    partner_achternaam: str | None
    partner_voorvoegsel: str | None
    contacten: list[dict[str, Any]] = field(default_factory=list)


def geboortedatum(datum: dict[str, Any] | None) -> tuple[date, str | None]:
    """The Datum and DatumGebruik (CS139) of a BRP date, whole or partly unknown."""
    soort = (datum or {}).get("type")
    if soort == "Datum":
        return date.fromisoformat(str(datum["datum"])), None  # type: ignore[index]
    if soort == "JaarMaandDatum":
        return date(int(datum["jaar"]), int(datum["maand"]), 1), "1"  # type: ignore[index]
    if soort == "JaarDatum":
        return date(int(datum["jaar"]), 1, 1), "2"  # type: ignore[index]
    if soort == "DatumOnbekend":
        return date(1900, 1, 1), "3"
    raise BrpOnvolledig("de BRP gaf geen geboortedatum")


def _tekst(value: Any, lengte: int) -> str | None:
    return str(value).strip()[:lengte] or None if value else None


def _contacten(persoon: dict[str, Any]) -> list[dict[str, Any]]:
    verblijfplaats = persoon.get("verblijfplaats") or {}
    soort = verblijfplaats.get("type")
    adres = verblijfplaats.get("verblijfadres") or {}
    if soort == "Adres":
        functie = (verblijfplaats.get("functieAdres") or {}).get("code")
        postcode = str(adres.get("postcode") or "").replace(" ", "").upper()
        if not adres.get("huisnummer") or not _POSTCODE.match(postcode):
            raise BrpOnvolledig("het adres in de BRP heeft geen huisnummer en postcode")
        contact: dict[str, Any] = {
            "soort": CORRESPONDENTIE if functie == "B" else BRP_ADRES,
            "adres": {
                key: value
                for key, value in {
                    "huisnummer": int(adres["huisnummer"]),
                    "huisletter": _tekst(adres.get("huisletter"), 1),
                    "huisnummer_toevoeging": _tekst(adres.get("huisnummertoevoeging"), 4),
                    "postcode": postcode,
                    "straatnaam": _tekst(
                        adres.get("officieleStraatnaam") or adres.get("korteStraatnaam"), 80
                    ),
                    "plaatsnaam": _tekst(adres.get("woonplaats"), 80),
                    "landcode": "NL",
                }.items()
                if value is not None
            },
        }
        return [contact]
    if soort == "VerblijfplaatsBuitenland":
        regels = [_tekst(adres.get(f"regel{n}"), 80) for n in (1, 2, 3)]
        land = (adres.get("land") or {}).get("omschrijving")
        # A foreign address has no Huis or Postcode (TR006): it goes as lines in the
        # Straatnaam and Plaatsnaam; the BRP's landcode is a four-digit code, not ISO 3166.
        if not any(regels):
            raise BrpOnvolledig("de BRP kent geen adres in het buitenland van deze cliënt")
        straat = ", ".join(regel for regel in regels[:2] if regel)[:80]
        plaats = ", ".join(part for part in (regels[2], _tekst(land, 80)) if part)[:80]
        raise BrpOnvolledig(
            "de cliënt verblijft volgens de BRP in het buitenland "
            f"({'adres bekend' if straat or plaats else 'adres onbekend'}); een JW301 vraagt "
            "een Nederlands adres met huisnummer en postcode of een telefoonnummer"
        )
    if soort == "VerblijfplaatsOnbekend":
        raise BrpOnvolledig("de verblijfplaats van de cliënt is volgens de BRP onbekend")
    if soort == "Locatie":
        raise BrpOnvolledig("de cliënt verblijft volgens de BRP op een locatie zonder adres")
    raise BrpOnvolledig("de BRP gaf geen verblijfplaats")


def naar_clientgegevens(persoon: dict[str, Any], gemeente: str, bsn: str) -> BrpClientgegevens:
    """Map one BRP Persoon onto a JW301's Client; raises BrpOnvolledig when something lacks."""
    naam = persoon.get("naam") or {}
    achternaam = _tekst(naam.get("geslachtsnaam"), 200)
    if achternaam is None:
        raise BrpOnvolledig("de BRP gaf geen geslachtsnaam")
    datum, datum_gebruik = geboortedatum((persoon.get("geboorte") or {}).get("datum"))
    geslacht = GESLACHT.get(str((persoon.get("geslacht") or {}).get("code", "O")).upper(), "0")
    partner = next(
        (p.get("naam") or {} for p in persoon.get("partners") or [] if (p.get("naam") or {})),
        {},
    )
    partner_achternaam = _tekst(partner.get("geslachtsnaam"), 200)
    naam_gebruik = NAAMGEBRUIK.get(
        str((naam.get("aanduidingNaamgebruik") or {}).get("code", "E")).upper(), "1"
    )
    if partner_achternaam is None:
        naam_gebruik = "1"  # NaamGebruik 2-4 needs a Partnernaam (TR: 1 or 6 without one)
    voorletters = _tekst(str(naam.get("voorletters") or "").replace(".", ""), 6)
    return BrpClientgegevens(
        geboortedatum=datum,
        datum_gebruik=datum_gebruik,
        geslacht=geslacht,
        achternaam=achternaam,
        voorvoegsel=_tekst(naam.get("voorvoegsel"), 10),
        voornamen=_tekst(naam.get("voornamen"), 200),
        voorletters=voorletters,
        naam_gebruik=naam_gebruik,
        partner_achternaam=partner_achternaam if naam_gebruik != "1" else None,
        partner_voorvoegsel=_tekst(partner.get("voorvoegsel"), 10) if naam_gebruik != "1" else None,
        contacten=_contacten(persoon),
    )
