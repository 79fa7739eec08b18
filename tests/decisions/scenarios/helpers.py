"""Scenario helpers: a JW315 with any referrer, posting it, and reading the answers back.

Messages are dated DAG (2026-11-16), before the fixed clock's date (2026-11-20), so header
check 8848 (Dagtekening <= today) holds; every scenario asserts the retour accepts the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from lxml import etree

from app.persistence.models import Bericht, Beslissing, Outbox, Verzoek
from tests.api.berichten import (
    AGB,
    BSN,
    _client,
    _header,
    _message,
    _omvang,
    _optional,
    _product,
)
from tests.api.flow import accepted, codes, post, rows
from tests.conftest import NOW

DAG = date(2026, 11, 16)
"""Dagtekening of the scenario messages."""
TODAY = date(2026, 11, 20)
"""The Dutch date of the fixed clock."""
BESLUIT_DATUM, BESLUIT_TIJD = date(2026, 11, 20), time(10, 30)
"""The decision moment in Dutch time: 09:30 UTC is 10:30 CET."""
START = date(2026, 12, 1)
EIND = date(2027, 5, 31)

HUISARTS = ("02", "01012345", None)
JEUGDARTS = ("03", None, "Jeugdarts GGD Twente")
SPECIALIST = ("05", "03034567", None)
WIJKTEAM = ("06", None, None)
"""Verwijzer (Type, ZorgverlenerCode, Naam); CD066-CD068 hold for each."""

assert NOW.date() == TODAY and DAG <= TODAY


@dataclass(frozen=True)
class Product:
    """One AangevraagdProduct, with any Verwijzer."""

    referentie: str
    code: str = "45A48"
    omvang: tuple[int, str, str] | None = (6000, "01", "6")
    ingang: date = START
    eind: date | None = EIND
    categorie: str = "45"
    verwijzer: tuple[str, str | None, str | None] = HUISARTS


def _verwijzer(k: str, verwijzer: tuple[str, str | None, str | None]) -> str:
    soort, code, naam = verwijzer
    code_xml = f"<ijw:ZorgverlenerCode>{code}</ijw:ZorgverlenerCode>" if code else ""
    naam_xml = f"<ijw:Naam>{naam}</ijw:Naam>" if naam else ""
    return f"<{k}:Verwijzer><ijw:Type>{soort}</ijw:Type>{naam_xml}{code_xml}</{k}:Verwijzer>"


def jw315(
    identificatie: str,
    *producten: Product,
    gemeente: str = "0153",
    bsn: str = BSN,
    aanbieder: str = AGB,
    dagtekening: date = DAG,
) -> bytes:
    """A JW315 whose products may name any referrer."""
    k = "jw315"
    items = "".join(
        f"""
      <{k}:AangevraagdProduct>
        <{k}:ReferentieAanbieder>{p.referentie}</{k}:ReferentieAanbieder>
        {_product(k, p.categorie, p.code)}
        <{k}:ToewijzingIngangsdatum>{p.ingang.isoformat()}</{k}:ToewijzingIngangsdatum>
        {_optional(k, "ToewijzingEinddatum", p.eind)}
        {_omvang(k, p.omvang)}
        {_verwijzer(k, p.verwijzer)}
      </{k}:AangevraagdProduct>"""
        for p in producten
    )
    body = f"""
  <{k}:Client>{_client(k, bsn)}
    <{k}:AangevraagdeProducten>{items}
    </{k}:AangevraagdeProducten>
  </{k}:Client>"""
    return _message(k, _header(k, "446", identificatie, dagtekening, aanbieder, gemeente), body)


def send(client, body: bytes) -> None:
    """Post a request and insist the retour accepts it (no RetourCodes at all)."""
    response = post(client, body)
    assert accepted(response), codes(response)


# --- what the service sent ----------------------------------------------------------------------


def _text(element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.text


def outgoing(app) -> list[Bericht]:
    """Messages the gemeente sent (JW301/JW319), in order; retours excluded."""
    return [
        b for b in rows(app, Bericht, Bericht.richting == "uit") if b.type in ("JW301", "JW319")
    ]


def sent_types(app) -> list[str]:
    """Types of the JW301/JW319 sent, each also in the outbox."""
    berichten = outgoing(app)
    in_outbox = {o.bericht_id: o.type for o in rows(app, Outbox)}
    assert all(in_outbox.get(b.id) == b.type for b in berichten)
    return [b.type for b in berichten]


def jw319s(app) -> list[dict]:
    """Each JW319 sent: its header parties and its Antwoord."""
    found = []
    for bericht in outgoing(app):
        if bericht.type != "JW319":
            continue
        root = etree.fromstring(bericht.xml)
        antwoord = root.find("{*}Antwoord")
        found.append(
            {
                "afzender": _text(root, "{*}Header/{*}Afzender"),
                "ontvanger": _text(root, "{*}Header/{*}Ontvanger"),
                "referentie": _text(antwoord, "{*}ReferentieAanbieder"),
                "antwoord": _text(antwoord, "{*}VerzoekAntwoord"),
                "reden": _text(antwoord, "{*}RedenAfwijzingVerzoek"),
                "woonplaatsbeginsel": antwoord.find("{*}Woonplaatsbeginsel") is not None,
            }
        )
    return found


def onderzoek(referentie: str, gemeente: str = "0153") -> dict:
    """The JW319 of a request put in onderzoek: VerzoekAntwoord 2, no reden (CD086)."""
    return {
        "afzender": gemeente,
        "ontvanger": AGB,
        "referentie": referentie,
        "antwoord": "2",
        "reden": None,
        "woonplaatsbeginsel": False,
    }


@dataclass(frozen=True)
class Toegewezen:
    """One ToegewezenProduct as a JW301 carries it."""

    nummer: int
    referentie: str | None
    code: str | None
    ingang: date
    eind: date | None
    omvang: tuple[int, str, str] | None
    reden: str | None = None
    datum: date = BESLUIT_DATUM
    tijd: time = BESLUIT_TIJD
    categorie: str | None = "45"


def _omvang_of(element) -> tuple[int, str, str] | None:
    if element is None:
        return None
    return (
        int(_text(element, "{*}Volume")),
        _text(element, "{*}Eenheid"),
        _text(element, "{*}Frequentie"),
    )


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def jw301s(app) -> list[list[Toegewezen]]:
    """The ToegewezenProducten of each JW301 sent, in message order."""
    found = []
    for bericht in outgoing(app):
        if bericht.type != "JW301":
            continue
        root = etree.fromstring(bericht.xml)
        found.append(
            [
                Toegewezen(
                    nummer=int(_text(p, "{*}ToewijzingNummer")),
                    referentie=_text(p, "{*}ReferentieAanbieder"),
                    categorie=_text(p, "{*}Product/{*}Categorie"),
                    code=_text(p, "{*}Product/{*}Code"),
                    ingang=_date(_text(p, "{*}Ingangsdatum")),
                    eind=_date(_text(p, "{*}Einddatum")),
                    omvang=_omvang_of(p.find("{*}Omvang")),
                    reden=_text(p, "{*}RedenWijziging"),
                    datum=_date(_text(p, "{*}Toewijzingsdatum")),
                    tijd=time.fromisoformat(_text(p, "{*}Toewijzingstijd")),
                )
                for p in root.iter("{*}ToegewezenProduct")
            ]
        )
    return found


def jw301_header(app, index: int = 0) -> dict:
    """Afzender, Ontvanger and Dagtekening of the index-th JW301."""
    bericht = [b for b in outgoing(app) if b.type == "JW301"][index]
    root = etree.fromstring(bericht.xml)
    return {
        "afzender": _text(root, "{*}Header/{*}Afzender"),
        "ontvanger": _text(root, "{*}Header/{*}Ontvanger"),
        "dagtekening": _date(_text(root, "{*}Header/{*}BerichtIdentificatie/{*}Dagtekening")),
    }


def decided(app) -> dict[str, tuple[str, str, str]]:
    """Per ReferentieAanbieder: (latest Beslissing.regel, its uitkomst, the verzoek status)."""
    verzoeken = {v.id: v for v in rows(app, Verzoek)}
    found: dict[str, tuple[str, str, str]] = {}
    for record in rows(app, Beslissing):
        verzoek = verzoeken[record.verzoek_id]
        found[verzoek.referentie_aanbieder] = (record.regel, record.uitkomst, verzoek.status)
    for verzoek in verzoeken.values():
        found.setdefault(verzoek.referentie_aanbieder, (None, None, verzoek.status))
    return found


def beslissing(app, referentie: str) -> Beslissing:
    """The latest decision record of the request with this ReferentieAanbieder."""
    [verzoek] = rows(app, Verzoek, Verzoek.referentie_aanbieder == referentie)
    return rows(app, Beslissing, Beslissing.verzoek_id == verzoek.id)[-1]


def granted(product: Product, nummer: int = 1, referentie: str | None = "") -> Toegewezen:
    """The ToegewezenProduct a request granted as asked becomes; referentie "" = its own."""
    return Toegewezen(
        nummer=nummer,
        referentie=product.referentie if referentie == "" else referentie,
        categorie=product.categorie,
        code=product.code,
        ingang=product.ingang,
        eind=product.eind,
        omvang=product.omvang,
    )
