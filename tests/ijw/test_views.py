from datetime import date
from pathlib import Path

import pytest

from app.ijw.catalogue import MESSAGE_TYPES
from app.ijw.parser import parse
from app.ijw.views import (
    READERS,
    Omvang,
    Product,
    read_header,
    read_jw302,
    read_jw305,
    read_jw307,
    read_jw315,
    read_jw317,
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
