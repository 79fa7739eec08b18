"""Intra-message (XSLT level, retourcode 0001) rules our outgoing JW301 must pass."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.intra import toewijzing as t
from app.checks.intra.sleutels import tr101_no_duplicate_keys
from app.ijw.catalogue import BY_NAME, NS_BASIS
from app.ijw.schemas import SchemaRegistry, schema_dir
from app.ijw.tree import kids

MESSAGES = Path(__file__).parent / "messages"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "ijw-3.2" / "samples"
JW301 = BY_NAME["JW301"]

CLIENT = "/Bericht/Client"
CONTACT_1 = "Client/Contactgegevens/Contact[1]"
CONTACT_2 = "Client/Contactgegevens/Contact[2]"
RELATIE_CONTACT = "Client/Relaties/Relatie/Contact"
PRODUCT_1 = "Client/ToegewezenProducten/ToegewezenProduct[1]"
PRODUCT_2 = "Client/ToegewezenProducten/ToegewezenProduct[2]"


# --- helpers: read the base message and change it with lxml -----------------------------------


def base() -> etree._Element:
    return etree.parse(str(MESSAGES / "jw301_base.xml")).getroot()


def at(root: etree._Element, path: str) -> etree._Element:
    """The element at a path of local names below the root, e.g. 'Client/Naam'."""
    element = root
    for step in path.split("/"):
        name, _, index = step.partition("[")
        element = kids(element, name)[int(index[:-1]) - 1 if index else 0]
    return element


def set_text(root: etree._Element, path: str, value: str) -> None:
    at(root, path).text = value


def remove(root: etree._Element, path: str) -> None:
    element = at(root, path)
    element.getparent().remove(element)


def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    """Append a child in the namespace its siblings use (the parent's when it has none)."""
    sibling = next((c for c in parent if isinstance(c.tag, str)), None)
    namespace = etree.QName(sibling if sibling is not None else parent).namespace
    child = etree.SubElement(parent, f"{{{namespace}}}{name}")
    child.text = text
    return child


def add_omvang(parent: etree._Element, eenheid: str = "04", frequentie: str = "2") -> None:
    omvang = add(parent, "Omvang")
    for name, value in (("Volume", "1"), ("Eenheid", eenheid), ("Frequentie", frequentie)):
        child = etree.SubElement(omvang, f"{{{NS_BASIS}}}{name}")
        child.text = value


def found(rule, root: etree._Element) -> list[tuple[str, str, str]]:
    """(code, retourcode, location) of every issue one rule finds in the message."""
    return [(i.code, i.retourcode, i.location) for i in rule(Bericht.read(JW301, root))]


def only(code: str, location: str) -> list[tuple[str, str, str]]:
    return [(code, "0001", location)]


def each(code: str, *locations: str) -> list[tuple[str, str, str]]:
    """One finding reported at each location, as rules.xsl names every element it compares."""
    return [(code, "0001", location) for location in locations]


# --- the base message and the registry --------------------------------------------------------


def test_base_message_is_schema_valid():
    assert SchemaRegistry(schema_dir()).errors(JW301, base()) == []


def test_base_message_passes_every_jw301_rule():
    bericht = Bericht.read(JW301, base())
    assert [issue for rule in t.RULES for issue in rule(bericht)] == []


def test_every_rule_is_registered_for_jw301_with_code_and_docstring():
    assert t.cs089_dutch_postcode_format.applies_to == {"JW301", "JW302"}
    for rule in t.RULES:
        assert "JW301" in rule.applies_to
        assert rule.applies_to <= {"JW301", "JW302"}
        assert rule.check.__name__.startswith(rule.code.lower())
        assert "retourcode 0001" in rule.check.__doc__
        assert rule in intra.rules_for("JW301")


def test_intra_run_reports_a_jw301_rule():
    root = base()
    add(at(root, PRODUCT_1), "RedenWijziging", "01")
    issues = intra.run(Bericht.read(JW301, root))
    assert ("CS336", "0001", f"/Bericht/{PRODUCT_1}/RedenWijziging") in [
        (i.code, i.retourcode, i.location) for i in issues
    ]


@pytest.mark.skipif(not (SAMPLES / "JW301.xml").is_file(), reason="../shared samples absent")
def test_published_jw301_sample_passes():
    root = etree.parse(str(SAMPLES / "JW301.xml")).getroot()
    bericht = Bericht.read(JW301, root)
    assert [issue for rule in t.RULES for issue in rule(bericht)] == []


# --- person: names and communication ---------------------------------------------------------


def test_cs050_client_naamgebruik_2_without_partnernaam():
    root = base()
    set_text(root, "Client/Naam/NaamGebruik", "2")
    assert found(t.cs050_naamgebruik_fits_partnernaam, root) == only(
        "CS050", f"{CLIENT}/Naam/NaamGebruik"
    )


def test_cs050_relatie_naamgebruik_6_with_partnernaam():
    root = base()
    set_text(root, "Client/Relaties/Relatie/Naam/NaamGebruik", "6")
    naam = f"{CLIENT}/Relaties/Relatie/Naam"
    assert found(t.cs050_naamgebruik_fits_partnernaam, root) == each(
        "CS050", f"{naam}/Partnernaam", f"{naam}/NaamGebruik"
    )


@pytest.mark.parametrize(("gebruik", "partner"), [("4", True), ("1", True), ("6", False)])
def test_cs050_boundaries_pass(gebruik, partner):
    root = base()
    if not partner:
        remove(root, "Client/Relaties/Relatie/Naam/Partnernaam")
    set_text(root, "Client/Relaties/Relatie/Naam/NaamGebruik", gebruik)
    assert found(t.cs050_naamgebruik_fits_partnernaam, root) == []


def test_cs318_client_naamgebruik_6():
    root = base()
    set_text(root, "Client/Naam/NaamGebruik", "6")
    assert found(t.cs318_client_naamgebruik_not_niet_natuurlijk, root) == only(
        "CS318", f"{CLIENT}/Naam/NaamGebruik"
    )


def test_cs318_does_not_apply_to_a_relatie():
    root = base()
    remove(root, "Client/Relaties/Relatie/Naam/Partnernaam")
    set_text(root, "Client/Relaties/Relatie/Naam/NaamGebruik", "6")
    assert found(t.cs318_client_naamgebruik_not_niet_natuurlijk, root) == []


def test_cd007_tolk_taal_without_taal():
    root = base()
    remove(root, "Client/Communicatie/Taal")
    assert found(t.cd007_taal_only_with_tolk_taal, root) == only(
        "CD007", f"{CLIENT}/Communicatie/Vorm"
    )


def test_cd007_taal_with_other_vorm():
    root = base()
    set_text(root, "Client/Communicatie/Vorm", "2")
    assert found(t.cd007_taal_only_with_tolk_taal, root) == each(
        "CD007", f"{CLIENT}/Communicatie/Taal", f"{CLIENT}/Communicatie/Vorm"
    )


def test_cd007_other_vorm_without_taal_passes():
    root = base()
    set_text(root, "Client/Communicatie/Vorm", "2")
    remove(root, "Client/Communicatie/Taal")
    assert found(t.cd007_taal_only_with_tolk_taal, root) == []


# --- contact ---------------------------------------------------------------------------------


def test_tr061_no_client_address_contact_even_if_relatie_has_one():
    root = base()
    set_text(root, f"{CONTACT_1}/Soort", "04")
    assert found(t.tr061_client_has_address_contact, root) == each(
        "TR061", f"/Bericht/{CONTACT_1}", f"/Bericht/{CONTACT_2}"
    )


def test_tr061_correspondentieadres_is_enough():
    root = base()
    set_text(root, f"{CONTACT_1}/Soort", "02")
    assert found(t.tr061_client_has_address_contact, root) == []


def test_tr006_contact_without_telefoon_or_huis():
    root = base()
    remove(root, f"{CONTACT_1}/Adres/Huis")
    assert found(t.tr006_contact_has_telefoon_or_huis_and_postcode, root) == only(
        "TR006", f"/Bericht/{CONTACT_1}"
    )


def test_tr006_relatie_contact_without_telefoon_or_postcode():
    root = base()
    remove(root, f"{RELATIE_CONTACT}/Telefoon")
    remove(root, f"{RELATIE_CONTACT}/Adres/Postcode")
    assert found(t.tr006_contact_has_telefoon_or_huis_and_postcode, root) == only(
        "TR006", f"/Bericht/{RELATIE_CONTACT}"
    )


def test_tr006_telefoon_alone_is_enough():
    root = base()
    remove(root, f"{RELATIE_CONTACT}/Adres")
    assert found(t.tr006_contact_has_telefoon_or_huis_and_postcode, root) == []


def test_cd034_brp_address_without_postcode():
    root = base()
    remove(root, f"{CONTACT_1}/Adres/Postcode")
    assert found(t.cd034_postcode_for_brp_and_verblijf, root) == only(
        "CD034", f"/Bericht/{CONTACT_1}/Soort"
    )


def test_cd034_verblijf_contact_without_adres():
    root = base()
    set_text(root, f"{RELATIE_CONTACT}/Soort", "03")
    remove(root, f"{RELATIE_CONTACT}/Adres")
    assert found(t.cd034_postcode_for_brp_and_verblijf, root) == only(
        "CD034", f"/Bericht/{RELATIE_CONTACT}/Soort"
    )


def test_cd034_correspondentieadres_needs_no_postcode():
    root = base()
    set_text(root, f"{CONTACT_1}/Soort", "02")
    remove(root, f"{CONTACT_1}/Adres/Postcode")
    assert found(t.cd034_postcode_for_brp_and_verblijf, root) == []


def test_cd009_periode_with_verblijfadres():
    root = base()
    set_text(root, f"{CONTACT_2}/Soort", "03")
    assert found(t.cd009_periode_only_for_tijdelijk_adres, root) == each(
        "CD009", f"/Bericht/{CONTACT_2}/Soort", f"/Bericht/{CONTACT_2}/Periode"
    )


def test_cd009_periode_with_tijdelijk_adres_passes():
    assert found(t.cd009_periode_only_for_tijdelijk_adres, base()) == []


def test_cd005_postcode_without_landcode():
    root = base()
    remove(root, f"{CONTACT_1}/Adres/LandCode")
    assert found(t.cd005_postcode_with_landcode, root) == only(
        "CD005", f"/Bericht/{CONTACT_1}/Adres/Postcode"
    )


def test_cd005_landcode_without_postcode_in_relatie():
    root = base()
    remove(root, f"{RELATIE_CONTACT}/Adres/Postcode")
    assert found(t.cd005_postcode_with_landcode, root) == only(
        "CD005", f"/Bericht/{RELATIE_CONTACT}/Adres/LandCode"
    )


def test_cd005_neither_postcode_nor_landcode_passes():
    root = base()
    remove(root, f"{CONTACT_2}/Adres/Postcode")
    remove(root, f"{CONTACT_2}/Adres/LandCode")
    assert found(t.cd005_postcode_with_landcode, root) == []


def test_cd025_dutch_address_without_huis():
    root = base()
    remove(root, f"{CONTACT_2}/Adres/Huis")
    assert found(t.cd025_huisnummer_for_nederland, root) == only(
        "CD025", f"/Bericht/{CONTACT_2}/Adres/LandCode"
    )


def test_cd025_foreign_address_without_huis_passes():
    root = base()
    remove(root, f"{CONTACT_2}/Adres/Huis")
    set_text(root, f"{CONTACT_2}/Adres/LandCode", "BE")
    assert found(t.cd025_huisnummer_for_nederland, root) == []


@pytest.mark.parametrize("postcode", ["0123AB", "1234 AB", "12345A", "1234ABC", "123AB"])
def test_cs089_dutch_postcode_in_wrong_format(postcode):
    root = base()
    set_text(root, f"{CONTACT_2}/Adres/Postcode", postcode)
    assert found(t.cs089_dutch_postcode_format, root) == [
        ("CS089", "0001", f"/Bericht/{CONTACT_2}/Adres/Postcode"),
        ("CS089", "0001", f"/Bericht/{CONTACT_2}/Adres/LandCode"),
    ]


def test_cs089_landcode_nl_without_postcode_at_landcode():
    root = base()
    remove(root, f"{RELATIE_CONTACT}/Adres/Postcode")
    assert found(t.cs089_dutch_postcode_format, root) == only(
        "CS089", f"/Bericht/{RELATIE_CONTACT}/Adres/LandCode"
    )


def test_cs089_neither_postcode_nor_landcode_passes():
    root = base()
    remove(root, f"{CONTACT_2}/Adres/Postcode")
    remove(root, f"{CONTACT_2}/Adres/LandCode")
    assert found(t.cs089_dutch_postcode_format, root) == []


@pytest.mark.parametrize(("postcode", "land"), [("1000AA", "NL"), ("9999ZZ", "NL"), ("1000", "BE")])
def test_cs089_valid_or_foreign_postcode_passes(postcode, land):
    root = base()
    set_text(root, f"{CONTACT_2}/Adres/Postcode", postcode)
    set_text(root, f"{CONTACT_2}/Adres/LandCode", land)
    assert found(t.cs089_dutch_postcode_format, root) == []


def test_cs003_contact_periode_ends_before_it_begins():
    root = base()
    set_text(root, f"{CONTACT_2}/Periode/Einddatum", "2026-02-28")
    assert found(t.cs003_contact_periode_einddatum_not_before_begindatum, root) == each(
        "CS003",
        f"/Bericht/{CONTACT_2}/Periode/Begindatum",
        f"/Bericht/{CONTACT_2}/Periode/Einddatum",
    )


def test_cs003_contact_periode_of_one_day_passes():
    root = base()
    set_text(root, f"{CONTACT_2}/Periode/Einddatum", "2026-03-01")
    assert found(t.cs003_contact_periode_einddatum_not_before_begindatum, root) == []


# --- toegewezen product ----------------------------------------------------------------------


def test_cs003_product_ends_before_it_starts():
    root = base()
    set_text(root, f"{PRODUCT_1}/Einddatum", "2026-03-31")
    assert found(t.cs003_einddatum_not_before_ingangsdatum, root) == each(
        "CS003", f"/Bericht/{PRODUCT_1}/Ingangsdatum", f"/Bericht/{PRODUCT_1}/Einddatum"
    )


def test_cs003_product_of_one_day_passes():
    root = base()
    set_text(root, f"{PRODUCT_1}/Einddatum", "2026-04-01")
    assert found(t.cs003_einddatum_not_before_ingangsdatum, root) == []


def test_cd041_code_without_omvang():
    root = base()
    remove(root, f"{PRODUCT_1}/Omvang")
    assert found(t.cd041_omvang_required_with_productcode, root) == only(
        "CD041", f"/Bericht/{PRODUCT_1}/Product/Code"
    )


def test_cd041_categorie_only_without_omvang_passes():
    assert found(t.cd041_omvang_required_with_productcode, base()) == []


@pytest.mark.parametrize("einde", ["2021-01-01", None])
def test_cd080_omvang_without_code(einde):
    root = base()
    remove(root, f"{PRODUCT_1}/Product/Code")
    if einde is None:
        remove(root, f"{PRODUCT_1}/Einddatum")
    else:
        set_text(root, f"{PRODUCT_1}/Einddatum", einde)
    einddatum = [] if einde is None else [f"/Bericht/{PRODUCT_1}/Einddatum"]
    assert found(t.cd080_no_omvang_without_productcode, root) == each(
        "CD080", f"/Bericht/{PRODUCT_1}/Omvang", *einddatum
    )


def test_cd080_does_not_bind_toewijzingen_ending_in_2020():
    root = base()
    remove(root, f"{PRODUCT_1}/Product/Code")
    set_text(root, f"{PRODUCT_1}/Ingangsdatum", "2020-01-01")
    set_text(root, f"{PRODUCT_1}/Einddatum", "2020-12-31")
    assert found(t.cd080_no_omvang_without_productcode, root) == []


def test_cd077_cd078_budget_and_omvang_together():
    root = base()
    add_omvang(at(root, PRODUCT_2), frequentie="6")
    assert found(t.cd077_no_omvang_with_budget, root) == each(
        "CD077", f"/Bericht/{PRODUCT_2}/Budget", f"/Bericht/{PRODUCT_2}/Omvang"
    )
    assert found(t.cd078_no_budget_with_omvang, root) == each(
        "CD078", f"/Bericht/{PRODUCT_2}/Omvang", f"/Bericht/{PRODUCT_2}/Budget"
    )


def test_cd077_cd078_budget_alone_and_omvang_alone_pass():
    root = base()
    assert found(t.cd077_no_omvang_with_budget, root) == []
    assert found(t.cd078_no_budget_with_omvang, root) == []


def test_cd079_generic_without_budget():
    root = base()
    remove(root, f"{PRODUCT_2}/Product")
    remove(root, f"{PRODUCT_2}/Budget")
    assert found(t.cd079_product_required_without_budget, root) == only(
        "CD079", f"/Bericht/{PRODUCT_2}"
    )


def test_cd079_generic_with_budget_passes():
    root = base()
    remove(root, f"{PRODUCT_2}/Product")
    assert found(t.cd079_product_required_without_budget, root) == []


def test_cd075_budget_without_einddatum():
    root = base()
    remove(root, f"{PRODUCT_2}/Einddatum")
    assert found(t.cd075_einddatum_required_with_budget, root) == only(
        "CD075", f"/Bericht/{PRODUCT_2}/Budget"
    )


def test_cd075_no_budget_without_einddatum_passes():
    root = base()
    set_text(root, f"{PRODUCT_1}/Omvang/Frequentie", "6")
    remove(root, f"{PRODUCT_1}/Einddatum")
    assert found(t.cd075_einddatum_required_with_budget, root) == []


def test_cd076_per_week_without_einddatum():
    root = base()
    remove(root, f"{PRODUCT_1}/Einddatum")
    assert found(t.cd076_einddatum_required_per_week, root) == only(
        "CD076", f"/Bericht/{PRODUCT_1}/Omvang/Frequentie"
    )


def test_cd076_per_maand_without_einddatum_passes():
    root = base()
    set_text(root, f"{PRODUCT_1}/Omvang/Frequentie", "4")
    remove(root, f"{PRODUCT_1}/Einddatum")
    assert found(t.cd076_einddatum_required_per_week, root) == []


@pytest.mark.parametrize("eenheid", ["14", "16", "83", "84"])
def test_cs338_per_dag_for_eenheid(eenheid):
    root = base()
    set_text(root, f"{PRODUCT_1}/Omvang/Eenheid", eenheid)
    set_text(root, f"{PRODUCT_1}/Omvang/Frequentie", "1")
    assert found(t.cs338_no_per_dag_for_etmaal_dagdeel_euro_stuks, root) == each(
        "CS338",
        f"/Bericht/{PRODUCT_1}/Omvang/Eenheid",
        f"/Bericht/{PRODUCT_1}/Omvang/Frequentie",
        f"/Bericht/{PRODUCT_1}/Einddatum",
    )


@pytest.mark.parametrize(
    ("eenheid", "frequentie", "einde"),
    [("04", "1", "2026-07-14"), ("16", "6", "2026-07-14"), ("16", "1", "2020-12-31")],
)
def test_cs338_allowed_combinations_pass(eenheid, frequentie, einde):
    root = base()
    set_text(root, f"{PRODUCT_1}/Ingangsdatum", "2020-01-01")
    set_text(root, f"{PRODUCT_1}/Einddatum", einde)
    set_text(root, f"{PRODUCT_1}/Omvang/Eenheid", eenheid)
    set_text(root, f"{PRODUCT_1}/Omvang/Frequentie", frequentie)
    assert found(t.cs338_no_per_dag_for_etmaal_dagdeel_euro_stuks, root) == []


@pytest.mark.parametrize("einde", ["2026-04-02", None])
def test_cs335_verwijderd_with_other_or_no_einddatum(einde):
    root = base()
    if einde is None:
        remove(root, f"{PRODUCT_2}/Einddatum")
    else:
        set_text(root, f"{PRODUCT_2}/Einddatum", einde)
    add(at(root, PRODUCT_2), "RedenWijziging", "13")
    assert found(t.cs335_verwijderd_needs_equal_dates, root) == only(
        "CS335", f"/Bericht/{PRODUCT_2}/RedenWijziging"
    )


def test_cs335_verwijderd_with_equal_dates_passes():
    root = base()
    set_text(root, f"{PRODUCT_2}/Einddatum", "2026-04-01")
    add(at(root, PRODUCT_2), "RedenWijziging", "13")
    assert found(t.cs335_verwijderd_needs_equal_dates, root) == []


def test_cs336_reden_01():
    root = base()
    add(at(root, PRODUCT_1), "RedenWijziging", "01")
    assert found(t.cs336_reden_administratieve_correctie_vervallen, root) == only(
        "CS336", f"/Bericht/{PRODUCT_1}/RedenWijziging"
    )


def test_cs336_reden_14_passes():
    root = base()
    add(at(root, PRODUCT_1), "RedenWijziging", "14")
    assert found(t.cs336_reden_administratieve_correctie_vervallen, root) == []


def test_tr134_toewijzingsdatum_after_dagtekening():
    root = base()
    set_text(root, f"{PRODUCT_2}/Toewijzingsdatum", "2026-04-02")
    assert found(t.tr134_toewijzingsdatum_not_after_dagtekening, root) == each(
        "TR134",
        "/Bericht/Header/BerichtIdentificatie/Dagtekening",
        f"/Bericht/{PRODUCT_2}/Toewijzingsdatum",
    )


def test_tr134_toewijzingsdatum_on_dagtekening_passes():
    root = base()
    set_text(root, f"{PRODUCT_2}/Toewijzingsdatum", "2026-04-01")
    assert found(t.tr134_toewijzingsdatum_not_after_dagtekening, root) == []


# --- uniqueness ------------------------------------------------------------------------------


@pytest.mark.parametrize("nummer", ["410001", "0410001"])
def test_tr101_duplicate_toewijzingnummer_compared_as_number(nummer):
    root = base()
    set_text(root, f"{PRODUCT_2}/ToewijzingNummer", nummer)
    # One finding at both ToegewezenProducten, as rules.xsl names every member of the group.
    assert found(tr101_no_duplicate_keys, root) == [
        ("TR101", "0001", f"/Bericht/{PRODUCT_1}"),
        ("TR101", "0001", f"/Bericht/{PRODUCT_2}"),
    ]


def test_tr101_duplicate_contact_soort():
    root = base()
    set_text(root, f"{CONTACT_2}/Soort", "01")
    assert found(tr101_no_duplicate_keys, root) == [
        ("TR101", "0001", f"/Bericht/{CONTACT_1}"),
        ("TR101", "0001", f"/Bericht/{CONTACT_2}"),
    ]


def test_tr101_duplicate_relatie_nummer():
    root = base()
    relatie = at(root, "Client/Relaties/Relatie")
    relatie.addnext(copy.deepcopy(relatie))
    relatie.addnext(copy.deepcopy(relatie))
    # Three alike: one finding, made at the last and naming all three.
    assert found(tr101_no_duplicate_keys, root) == [
        ("TR101", "0001", f"{CLIENT}/Relaties/Relatie[{n}]") for n in (1, 2, 3)
    ]


def test_tr101_duplicate_client_without_bsn_in_the_message():
    root = base()
    client = at(root, "Client")
    client.addnext(copy.deepcopy(client))
    issues = list(tr101_no_duplicate_keys(Bericht.read(JW301, root)))
    assert [(i.code, i.retourcode, i.location) for i in issues] == [
        ("TR101", "0001", "/Bericht/Client[1]"),
        ("TR101", "0001", "/Bericht/Client[2]"),
    ]
    assert "999900006" not in issues[0].message


def test_tr101_distinct_keys_pass():
    root = base()
    relatie = at(root, "Client/Relaties/Relatie")
    twin = copy.deepcopy(relatie)
    relatie.addnext(twin)
    set_text(root, "Client/Relaties/Relatie[2]/Nummer", "R2")
    set_text(root, f"{CONTACT_2}/Soort", "02")
    assert found(tr101_no_duplicate_keys, root) == []


# --- TR302: no overlapping periods of the same product --------------------------------------


def same_product_as_first(root: etree._Element, code: str | None = "45A03") -> None:
    """Turn product 2 into a product of category 45 (with `code`) without a Budget."""
    set_text(root, f"{PRODUCT_2}/Product/Categorie", "45")
    if code is not None:
        add(at(root, f"{PRODUCT_2}/Product"), "Code", code)


def test_tr302_same_categorie_and_code_overlapping():
    root = base()
    same_product_as_first(root)
    assert found(t.tr302_no_overlapping_same_product, root) == each(
        "TR302", f"/Bericht/{PRODUCT_1}", f"/Bericht/{PRODUCT_2}"
    )


def test_tr302_aspecific_clashes_with_specific_of_its_categorie():
    root = base()
    same_product_as_first(root, code=None)
    assert found(t.tr302_no_overlapping_same_product, root) == each(
        "TR302", f"/Bericht/{PRODUCT_1}", f"/Bericht/{PRODUCT_2}"
    )


def test_tr302_without_product_clashes_with_everything():
    root = base()
    remove(root, f"{PRODUCT_2}/Product")
    assert found(t.tr302_no_overlapping_same_product, root) == each(
        "TR302", f"/Bericht/{PRODUCT_1}", f"/Bericht/{PRODUCT_2}"
    )


def test_tr302_touching_on_one_day_overlaps():
    root = base()
    same_product_as_first(root)
    set_text(root, f"{PRODUCT_2}/Ingangsdatum", "2026-07-14")
    assert found(t.tr302_no_overlapping_same_product, root) == each(
        "TR302", f"/Bericht/{PRODUCT_1}", f"/Bericht/{PRODUCT_2}"
    )


def test_tr302_open_end_is_infinite():
    root = base()
    same_product_as_first(root)
    remove(root, f"{PRODUCT_1}/Einddatum")
    set_text(root, f"{PRODUCT_2}/Ingangsdatum", "2030-01-01")
    set_text(root, f"{PRODUCT_2}/Einddatum", "2030-12-31")
    assert found(t.tr302_no_overlapping_same_product, root) == each(
        "TR302", f"/Bericht/{PRODUCT_1}", f"/Bericht/{PRODUCT_2}"
    )


def test_tr302_next_day_does_not_overlap():
    root = base()
    same_product_as_first(root)
    set_text(root, f"{PRODUCT_2}/Ingangsdatum", "2026-07-15")
    assert found(t.tr302_no_overlapping_same_product, root) == []


def test_tr302_other_code_in_same_categorie_passes():
    root = base()
    same_product_as_first(root, code="45A04")
    assert found(t.tr302_no_overlapping_same_product, root) == []


def test_tr302_deleted_toewijzing_is_ignored():
    root = base()
    same_product_as_first(root)
    set_text(root, f"{PRODUCT_2}/Einddatum", "2026-04-01")
    add(at(root, PRODUCT_2), "RedenWijziging", "13")
    assert found(t.tr302_no_overlapping_same_product, root) == []


def test_tr302_reden_13_with_other_dates_still_counts():
    root = base()
    same_product_as_first(root)
    add(at(root, PRODUCT_2), "RedenWijziging", "13")
    assert found(t.tr302_no_overlapping_same_product, root) == each(
        "TR302", f"/Bericht/{PRODUCT_1}", f"/Bericht/{PRODUCT_2}"
    )
