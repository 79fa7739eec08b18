"""Read a schema-valid JW323 into plain values: the declaratie and its prestaties in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.ijw.tree import (
    Element,
    elements,
    number,
    required_datum,
    required_number,
    required_text,
    text,
)
from app.ijw.views import fields

CREDIT = "C"


@dataclass(slots=True)
class Prestatie:
    """One Prestatie of a JW323 with its client; amounts and volumes signed (credit negative)."""

    element: Element
    bsn: str
    referentie: str
    vorig_referentie: str | None
    toewijzing_nummer: int
    categorie: str
    code: str
    begindatum: date
    einddatum: date
    volume: int
    eenheid: str
    tarief: int | None
    bedrag: int
    credit: bool


@dataclass(slots=True)
class Declaratie:
    """The Declaratie class of a JW323: number, period, signed total and its prestaties."""

    nummer: str
    begindatum: date
    einddatum: date
    ingediend: int
    prestaties: list[Prestatie]


def _signed(amount: Element, name: str) -> tuple[int, bool]:
    found = fields(amount)
    value = required_number(found[name])
    credit = text(found["DebetCredit"]) == CREDIT
    return (-value if credit else value), credit


def _prestatie(element: Element, bsn: str) -> Prestatie:
    found = fields(element)
    referentie = fields(found["ProductReferentie"])
    periode = fields(found["ProductPeriode"])
    bedrag, credit = _signed(found["IngediendBedrag"], "Bedrag")
    volume = required_number(found["GeleverdVolume"])
    return Prestatie(
        element=element,
        bsn=bsn,
        referentie=required_text(referentie["ReferentieNummer"]),
        vorig_referentie=text(referentie.get("VorigReferentieNummer")),
        toewijzing_nummer=required_number(found["ToewijzingNummer"]),
        categorie=required_text(found["ProductCategorie"]),
        code=required_text(found["ProductCode"]),
        begindatum=required_datum(periode["Begindatum"]),
        einddatum=required_datum(periode["Einddatum"]),
        volume=-volume if credit else volume,
        eenheid=required_text(found["Eenheid"]),
        tarief=number(found.get("ProductTarief")),
        bedrag=bedrag,
        credit=credit,
    )


def read_declaratie(root: Element) -> Declaratie:
    """The Declaratie of a schema-valid JW323."""
    body = fields(fields(root)["Declaratie"])
    periode = fields(body["DeclaratiePeriode"])
    ingediend, _credit = _signed(body["TotaalIngediendBedrag"], "TotaalBedrag")
    prestaties: list[Prestatie] = []
    for client in elements(body.get("Clienten")):
        found = fields(client)
        bsn = required_text(found["Bsn"])
        prestaties.extend(_prestatie(p, bsn) for p in elements(found.get("Prestaties")))
    return Declaratie(
        nummer=required_text(body["DeclaratieNummer"]),
        begindatum=required_datum(periode["Begindatum"]),
        einddatum=required_datum(periode["Einddatum"]),
        ingediend=ingediend,
        prestaties=prestaties,
    )
