"""JW301 builder: every produced message passes its schema and the intra-message rules."""

from dataclasses import replace
from datetime import date, time

import pytest
from lxml import etree

from app.checks.pipeline import judge
from app.ijw.builders.jw301 import (
    Adres,
    ClientGegevens,
    Communicatie,
    Contact,
    Geslachtsnaam,
    Omvang,
    Periode,
    Product,
    Relatie,
    Telefoon,
    ToegewezenProduct,
    Toewijzingbericht,
    VolledigeNaam,
    build_jw301,
)
from app.ijw.catalogue import BY_NAME, NS_BASIS
from app.ijw.schemas import default_registry

NS = BY_NAME["JW301"].namespace
DAGTEKENING = date(2026, 4, 1)
BESLUIT_DATUM = date(2026, 3, 31)
BESLUIT_TIJD = time(14, 5, 9)


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def assert_clean(xml: bytes, registry) -> None:
    verdict = judge(xml, registry)
    assert verdict.type.name == "JW301"
    assert verdict.xsd_errors == []
    assert verdict.issues == []


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def b(name: str) -> str:
    return f"{{{NS_BASIS}}}{name}"


def local_names(element) -> list[str]:
    return [etree.QName(child).localname for child in element]


# --- realistic building blocks ----------------------------------------------------------------

BRP_ADRES = Contact(
    soort="01",
    adres=Adres(
        huisnummer=14,
        huisletter="A",
        postcode="7511JK",
        straatnaam="Oldenzaalsestraat",
        plaatsnaam="Enschede",
        landcode="NL",
    ),
    telefoon=(Telefoon("0534567890"), Telefoon("0612345678")),
    emailadres="fam.jansen@example.nl",
)

TIJDELIJK_ADRES = Contact(
    soort="04",
    adres=Adres(
        huisnummer=3,
        huisnummer_toevoeging="K12",
        postcode="7522NB",
        straatnaam="Haaksbergerstraat",
        plaatsnaam="Enschede",
        landcode="NL",
    ),
    organisatie="Logeerhuis De Brink",
    telefoon=(Telefoon("0539876543"),),
    periode=Periode(date(2026, 3, 2), date(2026, 6, 30)),
)

MOEDER = Relatie(
    nummer="1",
    volgorde=1,
    soort="10",
    geboortedatum=date(1984, 3, 2),
    geslacht="2",
    naam=VolledigeNaam(
        achternaam="Jansen",
        voornamen="Anna Maria",
        voorletters="AM",
        partnernaam=Geslachtsnaam("Berg", "van den"),
        naam_gebruik="2",
    ),
    contact=BRP_ADRES,
)

VADER = Relatie(
    nummer="2",
    volgorde=2,
    soort="10",
    geboortedatum=date(1982, 1, 1),
    datum_gebruik="2",
    geslacht="1",
    naam=VolledigeNaam(achternaam="Berg", voorvoegsel="van den", voorletters="P", naam_gebruik="1"),
    contact=Contact(soort="02", telefoon=(Telefoon("0612312312"),)),
)

VOOGD = Relatie(
    nummer="GI-4471",
    soort="11",
    naam=VolledigeNaam(achternaam="Smit", voorletters="J", naam_gebruik="1"),
    contact=Contact(
        soort="03",
        adres=Adres(
            huisnummer=1,
            postcode="7411GE",
            straatnaam="Boxbergerweg",
            plaatsnaam="Deventer",
            landcode="NL",
        ),
        organisatie="Jeugdbescherming Oost",
        telefoon=(Telefoon("0570123456"),),
    ),
)

CLIENT = ClientGegevens(
    bsn="999900006",
    geboortedatum=date(2013, 9, 21),
    geslacht="2",
    naam=VolledigeNaam(
        achternaam="Berg",
        voorvoegsel="van den",
        voornamen="Sanne",
        voorletters="S",
        naam_gebruik="1",
    ),
    communicatie=Communicatie("1", "Arabisch"),
    juridische_status="01",
    wettelijke_vertegenwoordiging="06",
    commentaar="Graag contact via moeder.",
    relaties=(MOEDER, VADER),
    contacten=(BRP_ADRES, TIJDELIJK_ADRES),
)


def toewijzing(nummer: int, **changes) -> ToegewezenProduct:
    """A specific toewijzing decided just before the Dagtekening; fields overridable."""
    base = ToegewezenProduct(
        toewijzing_nummer=nummer,
        product=Product("45", "45A53"),
        toewijzingsdatum=BESLUIT_DATUM,
        toewijzingstijd=BESLUIT_TIJD,
        ingangsdatum=date(2026, 4, 6),
    )
    return replace(base, **changes)


def bericht(*producten: ToegewezenProduct, client=CLIENT) -> Toewijzingbericht:
    return Toewijzingbericht(
        afzender="0153",
        ontvanger="12345678",
        identificatie="301-000042",
        dagtekening=DAGTEKENING,
        xsd_versie=default_registry()["JW301"].versie,
        client=client,
        producten=producten,
    )


GEZIN = bericht(
    toewijzing(
        700101,
        referentie_aanbieder="VOT-2026-0117-1",
        product=Product("45", "45A48"),
        einddatum=date(2026, 9, 30),
        omvang=Omvang(1, "04", "1"),
        commentaar="Dagelijkse begeleiding thuis.",
    ),
    toewijzing(
        700102,
        referentie_aanbieder="VOT-2026-0117-2",
        einddatum=date(2026, 9, 30),
        omvang=Omvang(3, "04", "2"),
    ),
    toewijzing(700103, product=Product("41", "41A05"), omvang=Omvang(8, "16", "4")),
    toewijzing(700104, product=Product("54", "54001"), omvang=Omvang(600, "01", "6")),
)


# --- every realistic message is clean -----------------------------------------------------------


def test_gezin_with_relaties_contacts_and_all_frequencies_is_clean(registry):
    assert_clean(build_jw301(GEZIN), registry)


def test_voogd_client_with_open_einddatum_and_minutes_per_day_is_clean(registry):
    client = replace(
        CLIENT,
        bsn="999900018",
        communicatie=None,
        juridische_status="03",
        wettelijke_vertegenwoordiging="08",
        commentaar=None,
        relaties=(VOOGD,),
        contacten=(
            Contact(
                soort="03",
                adres=Adres(
                    huisnummer=22,
                    postcode="7511AB",
                    straatnaam="Pijpenstraat",
                    plaatsnaam="Enschede",
                    landcode="NL",
                ),
                organisatie="Gezinshuis De Linde",
            ),
        ),
    )
    xml = build_jw301(
        bericht(
            toewijzing(700201, product=Product("45", "45A48"), omvang=Omvang(30, "01", "1")),
            toewijzing(700202, product=Product("43", "43A03"), omvang=Omvang(1, "14", "6")),
            client=client,
        )
    )
    assert_clean(xml, registry)


def test_aspecific_budget_variant_is_clean(registry):
    xml = build_jw301(
        bericht(
            toewijzing(
                700301,
                product=Product("45", None),
                einddatum=date(2026, 12, 31),
                budget=250_000,
                commentaar="Budget voor ambulante jeugdhulp 2026.",
            )
        )
    )
    assert_clean(xml, registry)
    product = etree.fromstring(xml).find(f".//{q('ToegewezenProduct')}")
    assert local_names(product.find(q("Product"))) == ["Categorie"]
    assert product.findtext(q("Budget")) == "250000"
    assert product.find(q("Omvang")) is None


def test_generic_variant_without_product_is_clean(registry):
    xml = build_jw301(
        bericht(toewijzing(700401, product=None, einddatum=date(2026, 12, 31), budget=1_200_000))
    )
    assert_clean(xml, registry)
    product = etree.fromstring(xml).find(f".//{q('ToegewezenProduct')}")
    assert product.find(q("Product")) is None


def test_deletion_beside_a_current_toewijzing_is_clean(registry):
    xml = build_jw301(
        bericht(
            toewijzing(
                700102,
                einddatum=date(2026, 9, 30),
                omvang=Omvang(3, "04", "2"),
                toewijzingsdatum=date(2026, 3, 20),
                toewijzingstijd=time(10, 0),
            ),
            toewijzing(
                700501,
                product=Product("45", "45A48"),
                ingangsdatum=date(2026, 5, 1),
                einddatum=date(2026, 5, 1),
                reden_wijziging="13",
                omvang=Omvang(1, "04", "1"),
            ),
        )
    )
    assert_clean(xml, registry)


def test_shortened_toewijzing_with_reden_wijziging_is_clean(registry):
    xml = build_jw301(
        bericht(
            toewijzing(
                700102,
                einddatum=date(2026, 6, 30),
                reden_wijziging="05",
                omvang=Omvang(3, "04", "2"),
            )
        )
    )
    assert_clean(xml, registry)


@pytest.mark.parametrize(
    ("eenheid", "frequentie", "einddatum"),
    [
        ("01", "1", None),
        ("04", "1", None),
        ("82", "1", date(2026, 6, 30)),
        ("04", "2", date(2026, 7, 5)),
        ("16", "2", date(2026, 7, 5)),
        ("14", "2", date(2026, 7, 5)),
        ("01", "4", None),
        ("84", "4", date(2026, 12, 31)),
        ("04", "6", None),
        ("83", "6", date(2026, 12, 31)),
        ("84", "6", None),
    ],
)
def test_each_omvang_variant_is_clean(registry, eenheid, frequentie, einddatum):
    xml = build_jw301(
        bericht(
            toewijzing(
                700600,
                product=Product("45", "45A53"),
                einddatum=einddatum,
                omvang=Omvang(12, eenheid, frequentie),
            )
        )
    )
    assert_clean(xml, registry)
    omvang = etree.fromstring(xml).find(f".//{q('Omvang')}")
    assert [child.text for child in omvang] == ["12", eenheid, frequentie]


# --- content and order ------------------------------------------------------------------------


def test_output_is_utf8_with_declaration_and_the_samples_prefixes():
    xml = build_jw301(GEZIN)
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<jw301:Bericht')
    assert not xml.startswith(b"\xef\xbb\xbf")
    assert b"<ijw:Identificatie>301-000042</ijw:Identificatie>" in xml
    root = etree.fromstring(xml)
    assert root.nsmap == {"jw301": NS, "ijw": NS_BASIS}


def test_header_fields_in_order(registry):
    header = etree.fromstring(build_jw301(GEZIN)).find(q("Header"))
    assert local_names(header) == [
        "BerichtCode",
        "BerichtVersie",
        "BerichtSubversie",
        "Afzender",
        "Ontvanger",
        "BerichtIdentificatie",
        "XsdVersie",
    ]
    assert [
        header.findtext(q(n)) for n in ("BerichtCode", "BerichtVersie", "BerichtSubversie")
    ] == [
        "436",
        "3",
        "2",
    ]
    assert header.findtext(q("Afzender")) == "0153"
    assert header.findtext(q("Ontvanger")) == "12345678"
    assert header.findtext(f"{q('BerichtIdentificatie')}/{b('Dagtekening')}") == "2026-04-01"
    versie = registry["JW301"].versie
    assert header.findtext(f"{q('XsdVersie')}/{b('BasisschemaXsdVersie')}") == versie.basisschema
    assert header.findtext(f"{q('XsdVersie')}/{b('BerichtXsdVersie')}") == versie.bericht


def test_toegewezen_product_elements_follow_the_schema_order():
    full = toewijzing(
        700701,
        referentie_aanbieder="VOW-77",
        einddatum=date(2026, 6, 30),
        reden_wijziging="12",
        omvang=Omvang(2, "04", "2"),
        budget=1000,  # not a valid combination (CD077), but the order must still hold
        commentaar="Volledig",
    )
    product = etree.fromstring(build_jw301(bericht(full))).find(f".//{q('ToegewezenProduct')}")
    assert local_names(product) == [
        "ToewijzingNummer",
        "ReferentieAanbieder",
        "Product",
        "Toewijzingsdatum",
        "Toewijzingstijd",
        "Ingangsdatum",
        "Einddatum",
        "RedenWijziging",
        "Omvang",
        "Budget",
        "Commentaar",
    ]


def test_optional_product_elements_are_left_out_when_none():
    minimal = toewijzing(700702, omvang=Omvang(5, "04", "6"))
    product = etree.fromstring(build_jw301(bericht(minimal))).find(f".//{q('ToegewezenProduct')}")
    assert local_names(product) == [
        "ToewijzingNummer",
        "Product",
        "Toewijzingsdatum",
        "Toewijzingstijd",
        "Ingangsdatum",
        "Omvang",
    ]


def test_toewijzingstijd_is_hh_mm_ss_without_zone_or_fraction():
    product = toewijzing(700703, toewijzingstijd=time(9, 5, 7, 123456), omvang=Omvang(5, "04", "6"))
    root = etree.fromstring(build_jw301(bericht(product)))
    assert root.findtext(f".//{q('Toewijzingstijd')}") == "09:05:07"
    assert root.findtext(f".//{q('Toewijzingsdatum')}") == "2026-03-31"
    assert root.findtext(f".//{q('ToewijzingNummer')}") == "700703"


def test_client_relatie_and_contact_follow_the_schema_order():
    client = etree.fromstring(build_jw301(GEZIN)).find(q("Client"))
    assert local_names(client) == [
        "Bsn",
        "Geboortedatum",
        "Geslacht",
        "Naam",
        "Communicatie",
        "JuridischeStatus",
        "WettelijkeVertegenwoordiging",
        "Commentaar",
        "Relaties",
        "Contactgegevens",
        "ToegewezenProducten",
    ]
    moeder, vader = client.find(q("Relaties"))
    assert local_names(moeder) == [
        "Nummer",
        "Volgorde",
        "Soort",
        "Geboortedatum",
        "Geslacht",
        "Naam",
        "Contact",
    ]
    assert local_names(moeder.find(q("Naam"))) == [
        "Geslachtsnaam",
        "Partnernaam",
        "Voornamen",
        "Voorletters",
        "NaamGebruik",
    ]
    assert vader.findtext(f"{q('Geboortedatum')}/{b('DatumGebruik')}") == "2"
    brp, tijdelijk = client.find(q("Contactgegevens"))
    assert local_names(brp) == ["Soort", "Adres", "Telefoon", "Emailadres"]
    assert local_names(brp.find(q("Adres"))) == [
        "Huis",
        "Postcode",
        "Straatnaam",
        "Plaatsnaam",
        "LandCode",
    ]
    assert local_names(brp.find(f"{q('Adres')}/{b('Huis')}")) == ["Huisnummer", "Huisletter"]
    assert local_names(brp.find(q("Telefoon"))) == ["Telefoon01", "Telefoon02"]
    assert local_names(tijdelijk) == ["Soort", "Adres", "Organisatie", "Telefoon", "Periode"]
    assert [e.text for e in tijdelijk.find(q("Periode"))] == ["2026-03-02", "2026-06-30"]
    assert client.findtext(q("Bsn")) == "999900006"


def test_client_without_relaties_has_no_relaties_element():
    client = replace(CLIENT, relaties=(), communicatie=None, commentaar=None)
    root = etree.fromstring(
        build_jw301(bericht(toewijzing(1, omvang=Omvang(1, "04", "6")), client=client))
    )
    assert root.find(f".//{q('Relaties')}") is None
    assert root.find(f".//{q('Communicatie')}") is None


# --- input the schema cannot hold is refused --------------------------------------------------


def test_refuses_a_message_without_products():
    with pytest.raises(ValueError, match="ToegewezenProduct"):
        build_jw301(bericht())


def test_refuses_a_client_without_contacts():
    with pytest.raises(ValueError, match="Contact"):
        build_jw301(bericht(toewijzing(1), client=replace(CLIENT, contacten=())))


def test_refuses_a_time_with_a_zone():
    from datetime import UTC

    with pytest.raises(ValueError, match="zone"):
        build_jw301(bericht(toewijzing(1, toewijzingstijd=time(12, 0, tzinfo=UTC))))


def test_refuses_a_datetime_where_a_date_belongs():
    from datetime import datetime

    with pytest.raises(TypeError):
        build_jw301(bericht(toewijzing(1, ingangsdatum=datetime(2026, 4, 6, 8, 0))))


def test_refuses_huis_details_without_huisnummer():
    contact = Contact(soort="01", adres=Adres(huisletter="B", postcode="7511JK", landcode="NL"))
    with pytest.raises(ValueError, match="Huisnummer"):
        build_jw301(bericht(toewijzing(1), client=replace(CLIENT, contacten=(contact,))))


def test_refuses_more_than_two_telephone_numbers():
    contact = replace(BRP_ADRES, telefoon=(Telefoon("1"), Telefoon("2"), Telefoon("3")))
    with pytest.raises(ValueError, match="two"):
        build_jw301(bericht(toewijzing(1), client=replace(CLIENT, contacten=(contact,))))


def test_refuses_datum_gebruik_without_geboortedatum_of_a_relatie():
    relatie = replace(VADER, geboortedatum=None)
    with pytest.raises(ValueError, match="DatumGebruik"):
        build_jw301(bericht(toewijzing(1), client=replace(CLIENT, relaties=(relatie,))))


# --- the validation catches a bad build ------------------------------------------------------


def test_einddatum_before_ingangsdatum_is_reported_as_cs003(registry):
    bad = toewijzing(
        700801,
        ingangsdatum=date(2026, 5, 1),
        einddatum=date(2026, 4, 30),
        omvang=Omvang(2, "04", "2"),
    )
    verdict = judge(build_jw301(bericht(bad)), registry)
    assert verdict.xsd_errors == []
    assert "CS003" in {issue.code for issue in verdict.issues}
    assert not verdict.valid


def test_a_value_outside_the_schema_is_an_xsd_error(registry):
    verdict = judge(build_jw301(bericht(toewijzing(1, omvang=Omvang(1, "04", "3")))), registry)
    assert verdict.xsd_errors != []
