"""Intra-message (XSLT level, retourcode 0001) rules for JW323 declaraties and JW325 answers."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.intra import declaratie as d
from app.checks.intra.sleutels import tr101_no_duplicate_keys
from app.ijw.catalogue import BY_NAME
from app.ijw.schemas import SchemaRegistry, schema_dir
from app.ijw.tree import kids

MESSAGES = Path(__file__).parent / "messages"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "ijw-3.2" / "samples"

CLIENT_323 = "Declaratie/Clienten/Client"
CLIENT_325 = "DeclaratieAntwoord/Clienten/Client"
ANTWOORD = "/Bericht/DeclaratieAntwoord"


# --- helpers: read a base message and change it with lxml -------------------------------------


def base(message_type: str) -> etree._Element:
    return etree.parse(str(MESSAGES / f"{message_type.lower()}_base.xml")).getroot()


def at(root: etree._Element, path: str) -> etree._Element:
    """The element at a path of local names below the root, e.g. 'Declaratie/Clienten'."""
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


def add(parent: etree._Element, name: str, text: str) -> etree._Element:
    """Append a child in the namespace of the parent's first child."""
    sibling = next(c for c in parent if isinstance(c.tag, str))
    child = etree.SubElement(parent, f"{{{etree.QName(sibling).namespace}}}{name}")
    child.text = text
    return child


def duplicate(root: etree._Element, path: str) -> None:
    """Put a copy of the element right after it."""
    element = at(root, path)
    element.addnext(copy.deepcopy(element))


def found(rule, message_type: str, root: etree._Element) -> list[tuple[str, str, str]]:
    """(code, retourcode, location) of every issue one rule finds in the message."""
    bericht = Bericht.read(BY_NAME[message_type], root)
    return [(i.code, i.retourcode, i.location) for i in rule(bericht)]


def only(code: str, location: str) -> list[tuple[str, str, str]]:
    return [(code, "0001", location)]


def all_issues(message_type: str, root: etree._Element) -> list[tuple[str, str, str]]:
    bericht = Bericht.read(BY_NAME[message_type], root)
    return [
        (i.code, i.retourcode, i.location)
        for rule in d.RULES
        if message_type in rule.applies_to
        for i in rule(bericht)
    ]


# --- base messages, registry and published samples -------------------------------------------


@pytest.mark.parametrize("message_type", ["JW323", "JW325"])
def test_base_message_is_schema_valid(message_type):
    registry = SchemaRegistry(schema_dir())
    assert registry.errors(BY_NAME[message_type], base(message_type)) == []


@pytest.mark.parametrize("message_type", ["JW323", "JW325"])
def test_base_message_passes_every_rule(message_type):
    assert all_issues(message_type, base(message_type)) == []


def test_every_rule_is_registered_with_code_and_docstring():
    assert {rule.code for rule in d.RULES} == {
        "TR101",
        "TR137",
        "CS339",
        "TR342",
        "CS337",
        "CS340",
        "CD060",
        "CD087",
        "TR134",
        "TR319",
        "TR335",
        "TR358",
        "TR416",
        "CS100",
        "CS325",
        "TR315",
        "TR316",
    }
    for rule in d.RULES:
        assert rule.applies_to <= {"JW323", "JW325"}
        assert rule.check.__name__.startswith(rule.code.lower())
        assert "retourcode 0001" in rule.check.__doc__
        for message_type in rule.applies_to:
            assert rule in intra.rules_for(message_type)
    assert d.cs339_euro_bedrag_equals_geleverd_volume.applies_to == {"JW323"}
    assert d.tr342_toegekend_matches_rejected_prestaties.applies_to == {"JW325"}


def test_intra_run_reports_a_declaratie_rule():
    root = base("JW325")
    set_text(root, "DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "12000")
    issues = intra.run(Bericht.read(BY_NAME["JW325"], root))
    assert ("TR342", "0001", f"{ANTWOORD}/TotaalToegekendBedrag") in [
        (i.code, i.retourcode, i.location) for i in issues
    ]


@pytest.mark.skipif(not (SAMPLES / "JW325.xml").is_file(), reason="../shared samples absent")
def test_published_jw325_sample_passes():
    root = etree.parse(str(SAMPLES / "JW325.xml")).getroot()
    assert all_issues("JW325", root) == []


@pytest.mark.skipif(not (SAMPLES / "JW323.xml").is_file(), reason="../shared samples absent")
def test_published_jw323_sample_only_repeats_a_referentienummer():
    # The sample (as in the jaapjunior mirror) lists ReferentieNummer RN004 twice, without a
    # VorigReferentieNummer, for the second client: rules.xsl's TR101 rejects that too.
    root = etree.parse(str(SAMPLES / "JW323.xml")).getroot()
    prestatie = "/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie"
    assert all_issues("JW323", root) == [
        ("TR101", "0001", f"{prestatie}[2]"),
        ("TR101", "0001", f"{prestatie}[3]"),
    ]


# --- TR101 -----------------------------------------------------------------------------------


def test_tr101_jw323_duplicate_client_bsn_not_in_the_message():
    root = base("JW323")
    set_text(root, f"{CLIENT_323}[2]/Bsn", "999900006")
    bericht = Bericht.read(BY_NAME["JW323"], root)
    issues = list(tr101_no_duplicate_keys(bericht))
    assert [(i.code, i.retourcode, i.location) for i in issues] == [
        ("TR101", "0001", f"/Bericht/{CLIENT_323}[1]"),
        ("TR101", "0001", f"/Bericht/{CLIENT_323}[2]"),
    ]
    assert "999900006" not in issues[0].message


def test_tr101_jw323_duplicate_referentienummer():
    root = base("JW323")
    set_text(
        root,
        f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/ProductReferentie/ReferentieNummer",
        "PR2026040001",
    )
    assert found(tr101_no_duplicate_keys, "JW323", root) == [
        ("TR101", "0001", f"/Bericht/{CLIENT_323}[1]/Prestaties/Prestatie[1]"),
        ("TR101", "0001", f"/Bericht/{CLIENT_323}[1]/Prestaties/Prestatie[2]"),
    ]


def test_tr101_jw323_same_referentienummer_other_vorigreferentienummer_passes():
    root = base("JW323")
    set_text(
        root,
        f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/ProductReferentie/ReferentieNummer",
        "PR2026040001",
    )
    add(
        at(root, f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/ProductReferentie"),
        "VorigReferentieNummer",
        "PR2026030001",
    )
    assert found(tr101_no_duplicate_keys, "JW323", root) == []


def test_tr101_jw323_same_referentienummer_for_another_client_is_not_a_sibling():
    # rules.xsl compares a Prestatie with the Prestaties of its own Client only.
    root = base("JW323")
    set_text(
        root,
        f"{CLIENT_323}[2]/Prestaties/Prestatie/ProductReferentie/ReferentieNummer",
        "PR2026040001",
    )
    assert found(tr101_no_duplicate_keys, "JW323", root) == []


def test_tr101_jw325_duplicate_prestatie():
    root = base("JW325")
    duplicate(root, f"{CLIENT_325}[1]/Prestaties/Prestatie")
    assert found(tr101_no_duplicate_keys, "JW325", root) == [
        ("TR101", "0001", f"/Bericht/{CLIENT_325}[1]/Prestaties/Prestatie[1]"),
        ("TR101", "0001", f"/Bericht/{CLIENT_325}[1]/Prestaties/Prestatie[2]"),
    ]


def test_tr101_jw325_duplicate_client():
    root = base("JW325")
    set_text(root, f"{CLIENT_325}[2]/Bsn", "999900006")
    assert found(tr101_no_duplicate_keys, "JW325", root) == [
        ("TR101", "0001", f"/Bericht/{CLIENT_325}[1]"),
        ("TR101", "0001", f"/Bericht/{CLIENT_325}[2]"),
    ]


# --- TR137 (rules.xsl's code for these periods; CS003 is not reported) ------------------------

HEADER_DAGTEKENING = "/Bericht/Header/BerichtIdentificatie/Dagtekening"
DECLARATIEPERIODE = "/Bericht/Declaratie/DeclaratiePeriode"
P323 = f"/Bericht/{CLIENT_323}"
P325 = f"/Bericht/{CLIENT_325}"


def located(code: str, *locations: str) -> list[tuple[str, str, str]]:
    return [(code, "0001", location) for location in locations]


def test_tr137_declaratieperiode_ends_before_it_begins_at_both_dates():
    root = base("JW323")
    set_text(root, "Declaratie/DeclaratiePeriode/Einddatum", "2026-03-31")
    assert found(d.tr137_periode_einddatum_from_begindatum_to_dagtekening, "JW323", root) == (
        located("TR137", f"{DECLARATIEPERIODE}/Begindatum", f"{DECLARATIEPERIODE}/Einddatum")
    )


def test_tr137_jw323_productperiode_ends_before_it_begins_at_both_dates():
    root = base("JW323")
    set_text(root, f"{CLIENT_323}[2]/Prestaties/Prestatie/ProductPeriode/Einddatum", "2026-03-31")
    periode = f"{P323}[2]/Prestaties/Prestatie/ProductPeriode"
    assert found(d.tr137_periode_einddatum_from_begindatum_to_dagtekening, "JW323", root) == (
        located("TR137", f"{periode}/Begindatum", f"{periode}/Einddatum")
    )


def test_tr137_jw325_productperiode_ends_before_it_begins_at_both_dates():
    root = base("JW325")
    set_text(root, f"{CLIENT_325}[1]/Prestaties/Prestatie/ProductPeriode/Einddatum", "2026-03-31")
    periode = f"{P325}[1]/Prestaties/Prestatie/ProductPeriode"
    assert found(d.tr137_periode_einddatum_from_begindatum_to_dagtekening, "JW325", root) == (
        located("TR137", f"{periode}/Begindatum", f"{periode}/Einddatum")
    )


def test_tr137_productperiode_ending_after_the_dagtekening_names_the_header_dagtekening():
    root = base("JW323")
    set_text(
        root, f"{CLIENT_323}[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum", "2026-05-07"
    )
    assert found(d.tr137_periode_einddatum_from_begindatum_to_dagtekening, "JW323", root) == (
        located(
            "TR137",
            HEADER_DAGTEKENING,
            f"{P323}[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum",
        )
    )


def test_tr137_jw325_productperiode_ending_on_the_dagtekening_passes():
    root = base("JW325")
    set_text(root, f"{CLIENT_325}[1]/Prestaties/Prestatie/ProductPeriode/Einddatum", "2026-05-12")
    assert found(d.tr137_periode_einddatum_from_begindatum_to_dagtekening, "JW325", root) == []


@pytest.mark.parametrize("message_type", ["JW323", "JW325"])
def test_tr137_periods_of_one_day_pass(message_type):
    root = base(message_type)
    client = CLIENT_323 if message_type == "JW323" else CLIENT_325
    set_text(root, f"{client}[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum", "2026-04-01")
    if message_type == "JW323":
        set_text(root, "Declaratie/DeclaratiePeriode/Einddatum", "2026-04-01")
    assert found(d.tr137_periode_einddatum_from_begindatum_to_dagtekening, message_type, root) == []


@pytest.mark.parametrize("message_type", ["JW323", "JW325"])
def test_cs003_is_not_reported_for_a_reversed_productperiode(message_type):
    root = base(message_type)
    client = CLIENT_323 if message_type == "JW323" else CLIENT_325
    set_text(root, f"{client}[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum", "2026-03-31")
    codes = {code for code, _r, _l in all_issues(message_type, root)}
    assert "TR137" in codes
    assert "CS003" not in codes


# --- CS339 -----------------------------------------------------------------------------------


def test_cs339_euro_bedrag_differs_from_volume():
    root = base("JW323")
    set_text(root, f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/IngediendBedrag/Bedrag", "12501")
    prestatie = f"/Bericht/{CLIENT_323}[1]/Prestaties/Prestatie[2]"
    # One finding at both sides of the comparison, as rules.xsl reports it.
    assert found(d.cs339_euro_bedrag_equals_geleverd_volume, "JW323", root) == [
        ("CS339", "0001", f"{prestatie}/GeleverdVolume"),
        ("CS339", "0001", f"{prestatie}/IngediendBedrag/Bedrag"),
    ]


def test_cs339_other_eenheid_may_differ():
    root = base("JW323")
    set_text(root, f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/Eenheid", "82")
    set_text(root, f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/IngediendBedrag/Bedrag", "12501")
    assert found(d.cs339_euro_bedrag_equals_geleverd_volume, "JW323", root) == []


# --- TR342 -----------------------------------------------------------------------------------


def test_tr342_toegekend_does_not_match_the_rejected_prestaties():
    root = base("JW325")
    set_text(root, "DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "12000")
    # rules.xsl names both totals of the difference that does not add up.
    assert found(d.tr342_toegekend_matches_rejected_prestaties, "JW325", root) == [
        ("TR342", "0001", f"{ANTWOORD}/TotaalIngediendBedrag"),
        ("TR342", "0001", f"{ANTWOORD}/TotaalToegekendBedrag"),
    ]


def test_tr342_rejected_declaratie_must_grant_nothing():
    root = base("JW325")
    set_text(root, "DeclaratieAntwoord/RetourCodes/RetourCode", "9333")
    assert found(d.tr342_toegekend_matches_rejected_prestaties, "JW325", root) == only(
        "TR342", f"{ANTWOORD}/TotaalToegekendBedrag"
    )


def test_tr342_rejected_declaratie_with_nothing_granted_passes():
    root = base("JW325")
    set_text(root, "DeclaratieAntwoord/RetourCodes/RetourCode", "9333")
    set_text(root, "DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "0")
    assert found(d.tr342_toegekend_matches_rejected_prestaties, "JW325", root) == []


def test_tr342_fully_granted_passes():
    root = base("JW325")
    remove(root, "DeclaratieAntwoord/Clienten")
    set_text(root, "DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "22500")
    set_text(root, "DeclaratieAntwoord/RetourCodes/RetourCode", "8001")
    assert found(d.tr342_toegekend_matches_rejected_prestaties, "JW325", root) == []


def to_credit(root: etree._Element, prestaties_too: bool) -> None:
    for path in ("TotaalIngediendBedrag", "TotaalToegekendBedrag"):
        set_text(root, f"DeclaratieAntwoord/{path}/DebetCredit", "C")
    if prestaties_too:
        for client in (1, 2):
            path = f"{CLIENT_325}[{client}]/Prestaties/Prestatie/IngediendBedrag/DebetCredit"
            set_text(root, path, "C")


def test_tr342_credit_amounts_count_negative():
    root = base("JW325")
    to_credit(root, prestaties_too=True)
    assert found(d.tr342_toegekend_matches_rejected_prestaties, "JW325", root) == []


def test_tr342_debet_prestaties_under_credit_totals():
    root = base("JW325")
    to_credit(root, prestaties_too=False)
    assert found(d.tr342_toegekend_matches_rejected_prestaties, "JW325", root) == [
        ("TR342", "0001", f"{ANTWOORD}/TotaalIngediendBedrag"),
        ("TR342", "0001", f"{ANTWOORD}/TotaalToegekendBedrag"),
    ]


# --- CS337 -----------------------------------------------------------------------------------

PRESTATIE_1_1 = f"{CLIENT_323}[1]/Prestaties/Prestatie[1]"
AT_1_1 = f"/Bericht/{PRESTATIE_1_1}"


def test_cs337_productperiode_into_the_next_month_at_both_dates():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Einddatum", "2026-05-01")
    assert found(d.cs337_productperiode_in_one_calendar_month, "JW323", root) == located(
        "CS337", f"{AT_1_1}/ProductPeriode/Begindatum", f"{AT_1_1}/ProductPeriode/Einddatum"
    )


def test_cs337_productperiode_into_another_year_and_month_is_two_findings():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Einddatum", "2027-01-31")
    dates = (f"{AT_1_1}/ProductPeriode/Begindatum", f"{AT_1_1}/ProductPeriode/Einddatum")
    assert found(d.cs337_productperiode_in_one_calendar_month, "JW323", root) == located(
        "CS337", *dates, *dates
    )


def test_cs337_part_of_one_month_passes():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Begindatum", "2026-04-10")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Einddatum", "2026-04-20")
    assert found(d.cs337_productperiode_in_one_calendar_month, "JW323", root) == []


# --- CS340 -----------------------------------------------------------------------------------


def test_cs340_declaratieperiode_not_from_the_first_at_begindatum_only():
    root = base("JW323")
    set_text(root, "Declaratie/DeclaratiePeriode/Begindatum", "2026-04-02")
    set_text(root, "Declaratie/DeclaratiePeriode/Einddatum", "2026-05-01")
    assert found(d.cs340_declaratieperiode_is_one_calendar_month, "JW323", root) == located(
        "CS340", f"{DECLARATIEPERIODE}/Begindatum"
    )


def test_cs340_declaratieperiode_short_of_a_month_at_both_dates():
    root = base("JW323")
    set_text(root, "Declaratie/DeclaratiePeriode/Einddatum", "2026-04-29")
    assert found(d.cs340_declaratieperiode_is_one_calendar_month, "JW323", root) == located(
        "CS340", f"{DECLARATIEPERIODE}/Begindatum", f"{DECLARATIEPERIODE}/Einddatum"
    )


@pytest.mark.parametrize(
    ("begin", "einde"),
    [("2026-02-01", "2026-02-28"), ("2024-02-01", "2024-02-29"), ("2026-12-01", "2026-12-31")],
)
def test_cs340_whole_calendar_months_pass(begin, einde):
    root = base("JW323")
    set_text(root, "Declaratie/DeclaratiePeriode/Begindatum", begin)
    set_text(root, "Declaratie/DeclaratiePeriode/Einddatum", einde)
    assert found(d.cs340_declaratieperiode_is_one_calendar_month, "JW323", root) == []


# --- CD060 -----------------------------------------------------------------------------------


def test_cd060_credit_prestatie_without_vorigreferentienummer_at_debetcredit():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/IngediendBedrag/DebetCredit", "C")
    assert found(d.cd060_vorigreferentienummer_only_with_credit, "JW323", root) == located(
        "CD060", f"{AT_1_1}/IngediendBedrag/DebetCredit"
    )


def test_cd060_jw325_debet_prestatie_with_vorigreferentienummer_at_both():
    root = base("JW325")
    prestatie = f"{CLIENT_325}[1]/Prestaties/Prestatie"
    add(at(root, f"{prestatie}/ProductReferentie"), "VorigReferentieNummer", "PR2026030001")
    assert found(d.cd060_vorigreferentienummer_only_with_credit, "JW325", root) == located(
        "CD060",
        f"/Bericht/{prestatie}/ProductReferentie/VorigReferentieNummer",
        f"/Bericht/{prestatie}/IngediendBedrag/DebetCredit",
    )


def test_cd060_credit_prestatie_with_vorigreferentienummer_passes():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/IngediendBedrag/DebetCredit", "C")
    add(at(root, f"{PRESTATIE_1_1}/ProductReferentie"), "VorigReferentieNummer", "PR2026030001")
    assert found(d.cd060_vorigreferentienummer_only_with_credit, "JW323", root) == []


# --- CD087 -----------------------------------------------------------------------------------


def test_cd087_eenheid_other_than_euros_without_producttarief_at_eenheid():
    root = base("JW323")
    remove(root, f"{PRESTATIE_1_1}/ProductTarief")
    assert found(d.cd087_producttarief_unless_euros, "JW323", root) == located(
        "CD087", f"{AT_1_1}/Eenheid"
    )


def test_cd087_euros_with_producttarief_at_eenheid_and_producttarief():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/Eenheid", "83")
    assert found(d.cd087_producttarief_unless_euros, "JW323", root) == located(
        "CD087", f"{AT_1_1}/Eenheid", f"{AT_1_1}/ProductTarief"
    )


def test_cd087_euros_without_and_hours_with_producttarief_pass():
    assert found(d.cd087_producttarief_unless_euros, "JW323", base("JW323")) == []


# --- TR134 -----------------------------------------------------------------------------------


def test_tr134_declaratieperiode_begins_after_the_dagtekening_names_the_header_dagtekening():
    root = base("JW323")
    set_text(root, "Header/BerichtIdentificatie/Dagtekening", "2026-03-31")
    assert found(d.tr134_begindatum_not_after_dagtekening, "JW323", root) == located(
        "TR134",
        HEADER_DAGTEKENING,
        f"{DECLARATIEPERIODE}/Begindatum",
        HEADER_DAGTEKENING,
        f"{AT_1_1}/ProductPeriode/Begindatum",
        HEADER_DAGTEKENING,
        f"{P323}[1]/Prestaties/Prestatie[2]/ProductPeriode/Begindatum",
        HEADER_DAGTEKENING,
        f"{P323}[2]/Prestaties/Prestatie/ProductPeriode/Begindatum",
    )


def test_tr134_jw325_productperiode_begins_after_the_dagtekening():
    root = base("JW325")
    set_text(root, f"{CLIENT_325}[2]/Prestaties/Prestatie/ProductPeriode/Begindatum", "2026-05-13")
    assert found(d.tr134_begindatum_not_after_dagtekening, "JW325", root) == located(
        "TR134", HEADER_DAGTEKENING, f"{P325}[2]/Prestaties/Prestatie/ProductPeriode/Begindatum"
    )


def test_tr134_begindatum_on_the_dagtekening_passes():
    root = base("JW325")
    set_text(root, f"{CLIENT_325}[2]/Prestaties/Prestatie/ProductPeriode/Begindatum", "2026-05-12")
    assert found(d.tr134_begindatum_not_after_dagtekening, "JW325", root) == []


# --- TR319 -----------------------------------------------------------------------------------


def test_tr319_productperiode_after_the_declaratieperiode_is_two_findings():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Begindatum", "2026-05-01")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Einddatum", "2026-05-05")
    assert found(d.tr319_productperiode_within_declaratieperiode, "JW323", root) == located(
        "TR319",
        f"{DECLARATIEPERIODE}/Einddatum",
        f"{AT_1_1}/ProductPeriode/Begindatum",
        f"{DECLARATIEPERIODE}/Einddatum",
        f"{AT_1_1}/ProductPeriode/Einddatum",
    )


def test_tr319_productperiode_of_an_earlier_month_passes():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Begindatum", "2026-03-01")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Einddatum", "2026-03-31")
    assert found(d.tr319_productperiode_within_declaratieperiode, "JW323", root) == []


# --- TR335 -----------------------------------------------------------------------------------


def test_tr335_einddatum_more_than_five_years_back_at_dagtekening_and_einddatum():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Begindatum", "2021-05-01")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Einddatum", "2021-05-05")
    assert found(d.tr335_einddatum_within_five_years, "JW323", root) == located(
        "TR335", "/Bericht/Declaratie/DeclaratieDagtekening", f"{AT_1_1}/ProductPeriode/Einddatum"
    )


def test_tr335_einddatum_exactly_five_years_back_passes():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Begindatum", "2021-05-01")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Einddatum", "2021-05-06")
    assert found(d.tr335_einddatum_within_five_years, "JW323", root) == []


# --- TR358 -----------------------------------------------------------------------------------


def tr358_locations() -> tuple[str, ...]:
    return (
        "/Bericht/Declaratie/TotaalIngediendBedrag/TotaalBedrag",
        "/Bericht/Declaratie/TotaalIngediendBedrag/DebetCredit",
        f"{AT_1_1}/IngediendBedrag",
        f"{P323}[1]/Prestaties/Prestatie[2]/IngediendBedrag",
        f"{P323}[2]/Prestaties/Prestatie/IngediendBedrag",
    )


def test_tr358_totaal_differs_from_the_prestaties_at_totaal_and_every_ingediendbedrag():
    root = base("JW323")
    set_text(root, "Declaratie/TotaalIngediendBedrag/TotaalBedrag", "22501")
    assert found(d.tr358_totaal_equals_sum_of_prestaties, "JW323", root) == located(
        "TR358", *tr358_locations()
    )


def test_tr358_credit_prestatie_counts_negative():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/IngediendBedrag/DebetCredit", "C")
    assert found(d.tr358_totaal_equals_sum_of_prestaties, "JW323", root) == located(
        "TR358", *tr358_locations()
    )
    set_text(root, "Declaratie/TotaalIngediendBedrag/TotaalBedrag", "12500")
    assert found(d.tr358_totaal_equals_sum_of_prestaties, "JW323", root) == []


def test_tr358_credit_totaal_of_credit_prestaties_passes():
    root = base("JW323")
    set_text(root, "Declaratie/TotaalIngediendBedrag/DebetCredit", "C")
    for prestatie in (PRESTATIE_1_1, f"{CLIENT_323}[1]/Prestaties/Prestatie[2]"):
        set_text(root, f"{prestatie}/IngediendBedrag/DebetCredit", "C")
    set_text(root, f"{CLIENT_323}[2]/Prestaties/Prestatie/IngediendBedrag/DebetCredit", "C")
    assert found(d.tr358_totaal_equals_sum_of_prestaties, "JW323", root) == []


# --- TR416 -----------------------------------------------------------------------------------


def test_tr416_second_debet_prestatie_for_the_same_product_and_period_at_both():
    root = base("JW323")
    duplicate(root, PRESTATIE_1_1)
    set_text(
        root, f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/ProductReferentie/ReferentieNummer", "X9"
    )
    assert found(d.tr416_one_debet_prestatie_per_product_and_period, "JW323", root) == located(
        "TR416", f"{P323}[1]/Prestaties/Prestatie[1]", f"{P323}[1]/Prestaties/Prestatie[2]"
    )


def test_tr416_credit_beside_a_debet_prestatie_passes():
    root = base("JW323")
    duplicate(root, PRESTATIE_1_1)
    set_text(root, f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/IngediendBedrag/DebetCredit", "C")
    assert found(d.tr416_one_debet_prestatie_per_product_and_period, "JW323", root) == []


def test_tr416_same_product_for_another_client_passes():
    root = base("JW323")
    set_text(root, f"{CLIENT_323}[2]/Prestaties/Prestatie/ToewijzingNummer", "410001")
    assert found(d.tr416_one_debet_prestatie_per_product_and_period, "JW323", root) == []


# --- CS100 -----------------------------------------------------------------------------------


def test_cs100_productperiode_before_2021_at_begindatum():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/ProductPeriode/Begindatum", "2020-12-31")
    assert found(d.cs100_begindatum_from_2021, "JW323", root) == located(
        "CS100", f"{AT_1_1}/ProductPeriode/Begindatum"
    )


def test_cs100_declaratieperiode_from_2021_passes():
    root = base("JW323")
    set_text(root, "Declaratie/DeclaratiePeriode/Begindatum", "2021-01-01")
    assert found(d.cs100_begindatum_from_2021, "JW323", root) == []


# --- CS325 -----------------------------------------------------------------------------------


def test_cs325_credit_zero_ingediendbedrag_at_bedrag_and_debetcredit():
    root = base("JW323")
    set_text(root, f"{PRESTATIE_1_1}/IngediendBedrag/Bedrag", "0")
    set_text(root, f"{PRESTATIE_1_1}/IngediendBedrag/DebetCredit", "C")
    assert found(d.cs325_zero_amount_is_debet, "JW323", root) == located(
        "CS325", f"{AT_1_1}/IngediendBedrag/Bedrag", f"{AT_1_1}/IngediendBedrag/DebetCredit"
    )


def test_cs325_jw325_credit_zero_totaaltoegekendbedrag():
    root = base("JW325")
    set_text(root, "DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "0")
    set_text(root, "DeclaratieAntwoord/TotaalToegekendBedrag/DebetCredit", "C")
    assert found(d.cs325_zero_amount_is_debet, "JW325", root) == located(
        "CS325",
        f"{ANTWOORD}/TotaalToegekendBedrag/TotaalBedrag",
        f"{ANTWOORD}/TotaalToegekendBedrag/DebetCredit",
    )


def test_cs325_debet_zero_passes():
    root = base("JW325")
    set_text(root, "DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "0")
    assert found(d.cs325_zero_amount_is_debet, "JW325", root) == []


# --- TR315, TR316 ----------------------------------------------------------------------------

REFERENTIE_2_1 = f"{CLIENT_323}[2]/Prestaties/Prestatie/ProductReferentie"


def credit(root: etree._Element, prestatie: str, vorig: str) -> None:
    set_text(root, f"{prestatie}/IngediendBedrag/DebetCredit", "C")
    add(at(root, f"{prestatie}/ProductReferentie"), "VorigReferentieNummer", vorig)


def test_tr315_same_vorigreferentienummer_in_two_clients_at_both():
    root = base("JW323")
    credit(root, PRESTATIE_1_1, "PR2026030001")
    credit(root, f"{CLIENT_323}[2]/Prestaties/Prestatie", "PR2026030001")
    assert found(d.tr315_vorigreferentienummer_unique, "JW323", root) == located(
        "TR315",
        f"{AT_1_1}/ProductReferentie/VorigReferentieNummer",
        f"/Bericht/{REFERENTIE_2_1}/VorigReferentieNummer",
    )


def test_tr315_different_vorigreferentienummers_pass():
    root = base("JW323")
    credit(root, PRESTATIE_1_1, "PR2026030001")
    credit(root, f"{CLIENT_323}[2]/Prestaties/Prestatie", "PR2026030002")
    assert found(d.tr315_vorigreferentienummer_unique, "JW323", root) == []


def test_tr316_crediting_a_debet_of_the_same_message_at_both_numbers():
    root = base("JW323")
    credit(root, f"{CLIENT_323}[2]/Prestaties/Prestatie", "PR2026040001")
    assert found(d.tr316_no_credit_of_a_debet_in_the_same_message, "JW323", root) == located(
        "TR316",
        f"{AT_1_1}/ProductReferentie/ReferentieNummer",
        f"/Bericht/{REFERENTIE_2_1}/VorigReferentieNummer",
    )


def test_tr316_debet_after_its_credit_in_the_same_message_at_both_numbers():
    root = base("JW323")
    credit(root, PRESTATIE_1_1, "PR2026040003")
    assert found(d.tr316_no_credit_of_a_debet_in_the_same_message, "JW323", root) == located(
        "TR316",
        f"{AT_1_1}/ProductReferentie/VorigReferentieNummer",
        f"/Bericht/{REFERENTIE_2_1}/ReferentieNummer",
    )


def test_tr316_referentienummer_equal_to_its_vorigreferentienummer():
    root = base("JW323")
    credit(root, PRESTATIE_1_1, "PR2026040001")
    assert found(d.tr316_no_credit_of_a_debet_in_the_same_message, "JW323", root) == located(
        "TR316",
        f"{AT_1_1}/ProductReferentie/ReferentieNummer",
        f"{AT_1_1}/ProductReferentie/VorigReferentieNummer",
    )


def test_tr316_credit_of_an_earlier_message_passes():
    root = base("JW323")
    credit(root, PRESTATIE_1_1, "PR2026030001")
    assert found(d.tr316_no_credit_of_a_debet_in_the_same_message, "JW323", root) == []


# --- the screen ------------------------------------------------------------------------------

SCREENED = [rule for rule in d.RULES if hasattr(rule.check, "__wrapped__")]
P_323 = f"{CLIENT_323}[1]/Prestaties/Prestatie[1]"
P_325 = f"{CLIENT_325}[1]/Prestaties/Prestatie[1]"
SCREEN_CHANGES = [
    ("JW323", [("Declaratie/DeclaratiePeriode/Begindatum", "2026-05-01")]),
    ("JW323", [("Declaratie/DeclaratiePeriode/Einddatum", "2026-05-31")]),
    ("JW323", [("Declaratie/DeclaratiePeriode/Begindatum", "2020-04-01")]),
    ("JW323", [("Declaratie/DeclaratiePeriode/Einddatum", "2026-03-31")]),
    ("JW323", [("Declaratie/DeclaratiePeriode/Einddatum", " 2026-04-30 ")]),
    ("JW323", [("Declaratie/DeclaratieDagtekening", "2031-05-01")]),
    ("JW323", [("Declaratie/DeclaratiePeriode/Begindatum", "2026-04-02")]),
    ("JW323", [("Declaratie/DeclaratiePeriode/Begindatum", " 2026-04-01")]),
    ("JW323", [("Declaratie/DeclaratiePeriode/Einddatum", "2026-04-29")]),
    ("JW323", [("Declaratie/TotaalIngediendBedrag/TotaalBedrag", "22501")]),
    ("JW323", [("Declaratie/TotaalIngediendBedrag/TotaalBedrag", "022500")]),
    ("JW323", [("Declaratie/TotaalIngediendBedrag/DebetCredit", "C")]),
    ("JW323", [(f"{P_323}/IngediendBedrag/Bedrag", "5001")]),
    ("JW323", [("Declaratie/DeclaratieDagtekening", "0005-05-01")]),
    ("JW323", [("Header/BerichtIdentificatie/Dagtekening", "2026-04-15")]),
    ("JW323", [(f"{P_323}/ProductPeriode/Begindatum", "2026-03-31")]),
    ("JW323", [(f"{P_323}/ProductPeriode/Begindatum", "2020-04-01")]),
    ("JW323", [(f"{P_323}/ProductPeriode/Begindatum", "2026-05-07")]),
    ("JW323", [(f"{P_323}/ProductPeriode/Einddatum", "2026-05-01")]),
    ("JW323", [(f"{P_323}/ProductPeriode/Einddatum", "2027-04-30")]),
    ("JW323", [(f"{P_323}/ProductPeriode/Einddatum", "2021-04-30")]),
    ("JW323", [(f"{P_323}/ProductPeriode/Einddatum", " 2026-04-30")]),
    ("JW323", [(f"{P_323}/Eenheid", "83")]),
    ("JW323", [(f"{P_323}/Eenheid", " 83 ")]),
    ("JW323", [(f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/Eenheid", "04")]),
    ("JW323", [(f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/GeleverdVolume", "12501")]),
    ("JW323", [(f"{P_323}/IngediendBedrag/DebetCredit", "C")]),
    ("JW323", [(f"{P_323}/IngediendBedrag/DebetCredit", " C ")]),
    (
        "JW323",
        [(f"{P_323}/IngediendBedrag/DebetCredit", "c"), (f"{P_323}/IngediendBedrag/Bedrag", "0")],
    ),
    (
        "JW323",
        [(f"{P_323}/IngediendBedrag/DebetCredit", "C"), (f"{P_323}/IngediendBedrag/Bedrag", " 0")],
    ),
    (
        "JW323",
        [
            ("Declaratie/TotaalIngediendBedrag/DebetCredit", " c"),
            ("Declaratie/TotaalIngediendBedrag/TotaalBedrag", "00"),
        ],
    ),
    (
        "JW323",
        [
            (f"{CLIENT_323}[1]/Prestaties/Prestatie[2]/{naam}", text)
            for naam, text in [
                ("ToewijzingNummer", "410001"),
                ("ProductCategorie", "45"),
                ("ProductCode", "45A03"),
            ]
        ],
    ),
    ("JW323", [(f"{P_323}/ProductReferentie/VorigReferentieNummer", "ELDERS")]),
    ("JW323", [(f"{P_323}/ProductReferentie/VorigReferentieNummer", "PR2026040002")]),
    ("JW323", [(f"{P_323}/ProductReferentie/VorigReferentieNummer", " PR2026040001 ")]),
    ("JW323", [(f"{P_323}/ProductReferentie/VorigReferentieNummer", " ")]),
    (
        "JW323",
        [
            (f"{P_323}/ProductReferentie/VorigReferentieNummer", "ELDERS"),
            (
                f"{CLIENT_323}[2]/Prestaties/Prestatie/ProductReferentie/VorigReferentieNummer",
                "ELDERS",
            ),
        ],
    ),
    (
        "JW323",
        [
            (f"{CLIENT_323}[2]/Prestaties/Prestatie/ProductReferentie/VorigReferentieNummer", "X"),
            (f"{CLIENT_323}[2]/Prestaties/Prestatie/ProductReferentie/ReferentieNummer", "X "),
        ],
    ),
    ("JW325", [(f"{P_325}/ProductPeriode/Einddatum", "2026-03-31")]),
    ("JW325", [(f"{P_325}/ProductPeriode/Begindatum", "2026-06-01")]),
    ("JW325", [(f"{P_325}/IngediendBedrag/DebetCredit", "C")]),
    ("JW325", [("DeclaratieAntwoord/TotaalToegekendBedrag/DebetCredit", "C")]),
    (
        "JW325",
        [
            ("DeclaratieAntwoord/TotaalIngediendBedrag/DebetCredit", "C"),
            ("DeclaratieAntwoord/TotaalIngediendBedrag/TotaalBedrag", "0"),
        ],
    ),
]


def test_the_screen_covers_the_checks_that_need_it():
    assert {rule.code for rule in SCREENED} == {
        "TR137",
        "CS339",
        "CS337",
        "CD060",
        "CD087",
        "TR134",
        "TR319",
        "TR335",
        "TR416",
        "CS100",
        "CS325",
        "TR315",
        "TR316",
        "CS340",
        "TR358",
    }


@pytest.mark.parametrize(
    ("message_type", "verdacht"),
    # A euro Prestatie always asks CS339; a JW325 is not screened.
    [("JW323", {"CS339"}), ("JW325", {rule.code for rule in SCREENED})],
)
def test_the_screen_suspects_little_in_a_clean_message(message_type, verdacht):
    bericht = Bericht.read(BY_NAME[message_type], base(message_type))
    assert d._lees_verdacht(bericht) == verdacht


@pytest.mark.parametrize(("message_type", "changes"), SCREEN_CHANGES)
def test_the_screen_suspects_every_rule_that_finds_something(message_type, changes):
    root = base(message_type)
    duplicate(root, f"{CLIENT_323 if message_type == 'JW323' else CLIENT_325}[1]")
    for path, value in changes:
        if path.endswith("/VorigReferentieNummer"):
            add(at(root, path.rsplit("/", 1)[0]), "VorigReferentieNummer", value)
        else:
            set_text(root, path, value)
    bericht = Bericht.read(BY_NAME[message_type], root)
    verdacht = d._lees_verdacht(bericht)
    gevonden = {
        rule.code
        for rule in SCREENED
        if message_type in rule.applies_to and list(rule.check.__wrapped__(bericht))
    }
    assert gevonden <= verdacht
    assert gevonden == {
        rule.code for rule in SCREENED if message_type in rule.applies_to and list(rule(bericht))
    }
