from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.ijw.catalogue import MESSAGE_TYPES
from app.ijw.parser import parse
from app.ijw.views import (
    READERS,
    Omvang,
    Product,
    dagtekening_of,
    read_header,
    read_jw301,
    read_jw302,
    read_jw305,
    read_jw307,
    read_jw315,
    read_jw317,
    read_jw319,
    read_jw320,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
SAMPLES = ROOT.parent / "shared" / "ijw-3.2" / "samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="../shared/ijw-3.2/samples is absent"
)


def root_of(path: Path):
    return parse(path.read_bytes()).root


def test_jw315_view_reads_every_field_typed():
    view = read_jw315(root_of(CASES / "vot-accepted" / "input.xml"))
    assert view.header.afzender == "87654321" and view.header.ontvanger == "0153"
    assert view.header.identificatie == "VOT-26-00042"
    assert view.header.dagtekening == date(2026, 11, 16)
    client = view.client
    assert client.bsn == "999900018" and client.geslacht == "2"
    assert client.geboortedatum.datum == date(2014, 6, 9)
    assert client.geboortedatum.datum_gebruik is None
    assert client.gezagsdrager_bekend == "1"
    assert client.naam.achternaam == "Jansen" and client.naam.voorletters == "E"
    first, second = client.producten
    assert first.referentie_aanbieder == "TW-2026-1101"
    assert first.product == Product("45", "45A48")
    assert first.toewijzing_ingangsdatum == date(2026, 12, 1)
    assert first.toewijzing_einddatum == date(2027, 5, 31)
    assert first.omvang == Omvang(90, "01", "2")
    assert first.budget is None and first.beschikking_nummer is None
    assert (first.verwijzer.type, first.verwijzer.zorgverlener_code) == ("02", "01012345")
    assert first.verwijzer.naam is None
    assert second.verwijzer.naam == "Huisartsenpraktijk De Linde"
    assert second.omvang == Omvang(4680, "01", "6")


def test_jw305_and_jw307_views():
    start = read_jw305(root_of(CASES / "start-9063-one-of-two" / "input.xml")).client
    assert [p.toewijzing_nummer for p in start.producten] == [200311, 200312]
    assert [p.status_aanlevering for p in start.producten] == ["1", "3"]
    assert start.producten[1].begindatum == date(2026, 12, 3)
    stop = read_jw307(root_of(CASES / "stop-tr018" / "input.xml")).client.producten[0]
    assert (stop.reden_beeindiging, stop.einddatum) == ("31", date(2026, 11, 30))
    assert stop.product == Product("45", "45A48")


@needs_samples
def test_jw317_view():
    verzoek = read_jw317(root_of(SAMPLES / "JW317.xml")).client.verzoek
    assert verzoek.referentie_aanbieder == "9003" and verzoek.reden_verzoek == "1"
    assert [p.toewijzing_nummer for p in verzoek.ongewijzigd] == [10071]
    assert verzoek.te_wijzigen == ()
    (nieuw,) = verzoek.nieuw
    assert nieuw.product == Product("45", "45A03")
    assert (nieuw.gewenste_ingangsdatum, nieuw.einddatum) == (date(2026, 11, 1), date(2024, 2, 28))


@needs_samples
def test_jw302_and_jw320_views_tell_accepted_from_rejected():
    retour = read_jw302(root_of(SAMPLES / "JW302.xml"))
    assert retour.header.retourcodes == ("8848",) and not retour.accepted
    assert retour.header.identificatie_retour == "9452b7eb-c87"
    assert retour.bsn is None and retour.producten == ()
    antwoord = read_jw320(root_of(SAMPLES / "JW320.xml"))
    assert antwoord.header.retourcodes == ("0200",) and not antwoord.accepted
    assert antwoord.referentie_aanbieder == "9003" and antwoord.verzoek_antwoord == "2"
    assert antwoord.antwoord_retourcodes == ("9360",)
    assert antwoord.header.xslt_versie == "1.1.1"


@needs_samples
@pytest.mark.parametrize("message_type", [m.name for m in MESSAGE_TYPES])
def test_header_of_every_message_type(message_type):
    data = (SAMPLES / f"{message_type}.xml").read_bytes().replace(b"2027-06-31", b"2027-06-30")
    root = parse(data).root
    header = read_header(root[0])
    assert (
        header.berichtcode == next(m for m in MESSAGE_TYPES if m.name == message_type).berichtcode
    )
    assert (header.berichtversie, header.berichtsubversie) == ("3", "2")
    assert len(header.identificatie) <= 12 and isinstance(header.dagtekening, date)
    if message_type in READERS and message_type != "JW318":
        assert READERS[message_type](root).header == header
    dagtekening = root[0][5][1]
    assert dagtekening_of(header) is dagtekening
    assert dagtekening_of(replace(header, dagtekening_element=None)) is dagtekening


JW301_BASE = ROOT / "tests" / "checks" / "messages" / "jw301_base.xml"


def test_jw301_view_reads_client_relaties_contacten_and_producten():
    view = read_jw301(root_of(JW301_BASE))
    client = view.client
    assert client is not None
    assert client.bsn == "999900006"
    assert client.geboortedatum is not None
    assert client.geboortedatum.datum == date(2012, 5, 14)
    assert client.naam is not None
    assert (client.naam.naam_gebruik, client.naam.partnernaam) == ("1", False)
    assert client.communicatie is not None
    assert (client.communicatie.vorm, client.communicatie.taal) == ("1", "Pools")

    (relatie,) = client.relaties
    assert relatie.nummer == "R1"
    assert relatie.geboortedatum is not None and relatie.geboortedatum.datum == date(1984, 9, 2)
    assert relatie.naam is not None
    assert (relatie.naam.naam_gebruik, relatie.naam.partnernaam) == ("2", True)
    assert relatie.contact is not None and relatie.contact.soort == "01"
    assert relatie.contact.telefoon

    brp, tijdelijk = client.contacten
    assert client.contactgegevens is not None and brp.element.getparent() is client.contactgegevens
    assert (brp.soort, brp.telefoon, brp.periode) == ("01", False, None)
    assert brp.adres is not None and brp.adres.huis is not None
    assert (brp.adres.huisnummer, brp.adres.postcode, brp.adres.landcode) == ("12", "1011AB", "NL")
    assert tijdelijk.soort == "04" and tijdelijk.periode is not None
    assert tijdelijk.periode.begindatum == date(2026, 3, 1)
    assert tijdelijk.periode.einddatum == date(2026, 6, 30)

    first, second = client.producten
    assert first.toewijzing_nummer == 410001 and first.nummer == "410001"
    assert first.product == Product("45", "45A03")
    assert first.toewijzingsdatum == date(2026, 3, 30)
    assert (first.ingangsdatum, first.einddatum) == (date(2026, 4, 1), date(2026, 7, 14))
    assert first.omvang == Omvang(2, "04", "2")
    assert first.budget is None and first.reden_wijziging is None
    assert second.product == Product("41", None)
    assert second.omvang is None and second.budget == 150000
    assert READERS["JW301"] is read_jw301


def _without(root, *names: str) -> None:
    """Remove every element with one of these local names."""
    for element in list(root.iter()):
        if isinstance(element.tag, str) and element.tag.split("}")[1] in names:
            element.getparent().remove(element)


def test_jw301_view_leaves_absent_optional_elements_none():
    root = root_of(JW301_BASE)
    _without(
        root,
        "Communicatie",
        "Relaties",
        "NaamGebruik",
        "Periode",
        "Huis",
        "Postcode",
        "Product",
        "Einddatum",
        "Omvang",
        "Budget",
    )
    client = read_jw301(root).client
    assert client is not None
    assert client.communicatie is None and client.relaties == ()
    assert client.naam is not None and client.naam.naam_gebruik is None
    for contact in client.contacten:
        assert contact.periode is None
        assert contact.adres is not None
        assert (contact.adres.huis, contact.adres.huisnummer, contact.adres.postcode) == (
            None,
            None,
            None,
        )
        assert contact.adres.landcode == "NL"
    for product in client.producten:
        assert (product.product, product.einddatum, product.omvang, product.budget) == (
            None,
            None,
            None,
            None,
        )
        assert product.ingangsdatum == date(2026, 4, 1)


def test_jw301_view_keeps_the_written_toewijzing_nummer_for_messages():
    root = root_of(JW301_BASE)
    nummer = next(e for e in root.iter() if str(e.tag).endswith("}ToewijzingNummer"))
    nummer.text = "0410001"
    product = read_jw301(root).client.producten[0]
    assert product.toewijzing_nummer == 410001 and product.nummer == "0410001"


def test_jw301_view_without_client():
    root = root_of(JW301_BASE)
    _without(root, "Client")
    view = read_jw301(root)
    assert view.client is None and view.header.berichtcode == "436"


JW319_BASE = ROOT / "tests" / "checks" / "messages" / "antwoord_jw319.xml"


def test_jw319_view_reads_the_antwoord():
    view = read_jw319(root_of(JW319_BASE))
    (antwoord,) = view.antwoorden
    assert antwoord.referentie_aanbieder == "VOT-T-1"
    assert (antwoord.verzoek_antwoord, antwoord.reden_afwijzing_verzoek) == ("1", "8")
    (beginsel,) = antwoord.woonplaatsbeginsel
    assert beginsel.gemeente == "0599" and beginsel.element.getparent() is antwoord.element
    assert antwoord.reden_element is not None and antwoord.reden_element.text == "8"
    assert READERS["JW319"] is read_jw319


def test_jw319_view_without_reden_and_woonplaatsbeginsel():
    root = root_of(JW319_BASE)
    _without(root, "RedenAfwijzingVerzoek", "Woonplaatsbeginsel")
    (antwoord,) = read_jw319(root).antwoorden
    assert antwoord.reden_afwijzing_verzoek is None and antwoord.reden_element is None
    assert antwoord.woonplaatsbeginsel == ()
