"""JW319 builder: every produced message passes its schema and the intra-message rules."""

from datetime import date

import pytest
from lxml import etree

from app.checks.pipeline import judge
from app.ijw.builders.jw319 import Antwoordbericht, build_jw319
from app.ijw.catalogue import BY_NAME, NS_BASIS
from app.ijw.schemas import default_registry

NS = BY_NAME["JW319"].namespace


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def antwoord(**fields) -> Antwoordbericht:
    return Antwoordbericht(
        afzender="0153",
        ontvanger="12345678",
        identificatie="319-000007",
        dagtekening=date(2026, 4, 8),
        xsd_versie=default_registry()["JW319"].versie,
        **fields,
    )


IN_ONDERZOEK = antwoord(referentie_aanbieder="VOT-2026-0117-1", verzoek_antwoord="2")
GEEN_CONTRACT = antwoord(
    referentie_aanbieder="VOT-2026-0117-2", verzoek_antwoord="1", reden_afwijzing="3"
)
WOONPLAATSBEGINSEL = antwoord(
    referentie_aanbieder="VOW-2026-0042",
    verzoek_antwoord="1",
    reden_afwijzing="8",
    woonplaatsbeginsel_gemeente="0363",
)


@pytest.mark.parametrize(
    "bericht",
    [IN_ONDERZOEK, GEEN_CONTRACT, WOONPLAATSBEGINSEL],
    ids=["in-onderzoek", "afgewezen-geen-contract", "afgewezen-woonplaatsbeginsel"],
)
def test_every_antwoord_is_clean(registry, bericht):
    verdict = judge(build_jw319(bericht), registry)
    assert verdict.type.name == "JW319"
    assert verdict.xsd_errors == []
    assert verdict.issues == []


def test_in_onderzoek_has_no_reden_and_no_woonplaatsbeginsel():
    root = etree.fromstring(build_jw319(IN_ONDERZOEK))
    assert [etree.QName(e).localname for e in root] == ["Header", "Antwoord"]
    body = root.find(q("Antwoord"))
    assert [etree.QName(e).localname for e in body] == ["ReferentieAanbieder", "VerzoekAntwoord"]
    assert body.findtext(q("VerzoekAntwoord")) == "2"


def test_woonplaatsbeginsel_names_the_responsible_gemeente_in_schema_order():
    body = etree.fromstring(build_jw319(WOONPLAATSBEGINSEL)).find(q("Antwoord"))
    assert [etree.QName(e).localname for e in body] == [
        "ReferentieAanbieder",
        "VerzoekAntwoord",
        "RedenAfwijzingVerzoek",
        "Woonplaatsbeginsel",
    ]
    assert body.findtext(f"{q('Woonplaatsbeginsel')}/{q('Gemeente')}") == "0363"
    assert body.findtext(q("ReferentieAanbieder")) == "VOW-2026-0042"


def test_a_319_carries_no_client_and_no_bsn():
    xml = build_jw319(GEEN_CONTRACT)
    root = etree.fromstring(xml)
    assert root.find(f".//{q('Client')}") is None
    assert root.find(f".//{q('Bsn')}") is None
    assert b"Bsn" not in xml and b"Client" not in xml


def test_header_is_the_gemeente_to_aanbieder_heenbericht_header(registry):
    header = etree.fromstring(build_jw319(GEEN_CONTRACT)).find(q("Header"))
    assert [header.findtext(q(n)) for n in ("BerichtCode", "Afzender", "Ontvanger")] == [
        "488",
        "0153",
        "12345678",
    ]
    ident = header.find(q("BerichtIdentificatie"))
    assert [e.text for e in ident] == ["319-000007", "2026-04-08"]
    assert header.findtext(f"{q('XsdVersie')}/{{{NS_BASIS}}}BerichtXsdVersie") == (
        registry["JW319"].versie.bericht
    )


def test_validation_catches_a_rejection_without_reden(registry):
    bad = antwoord(referentie_aanbieder="VOT-1", verzoek_antwoord="1")
    verdict = judge(build_jw319(bad), registry)
    assert verdict.xsd_errors == []
    assert "CD085" in {issue.code for issue in verdict.issues}
