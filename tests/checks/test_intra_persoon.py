"""Person rules CS002, CS139, TR002, TR134 on every message that carries a person."""

from __future__ import annotations

import pytest
from lxml import etree

from app.checks import intra
from app.checks.intra import persoon
from app.checks.intra.persoon import elfproef
from app.ijw.tree import kid
from tests.checks.messages.intra_kit import HERE as MESSAGES
from tests.checks.messages.intra_kit import (
    bericht,
    find,
    insert,
    issues,
    load,
    one,
    remove,
    run,
    schema_errors,
    set_text,
    shared_sample,
    triples,
)

BASES = ("persoon_jw301", "persoon_jw323")
GEBOORTEDATUM = "Client/Geboortedatum"
DATUM = "/Bericht/Client/Geboortedatum/Datum"
DATUMGEBRUIK = "/Bericht/Client/Geboortedatum/DatumGebruik"


HEADER_DAGTEKENING = "/Bericht/Header/BerichtIdentificatie/Dagtekening"


def _tr002(found, location: str) -> None:
    assert [(i.code, i.retourcode, i.location) for i in found if i.code == "TR002"] == [
        ("TR002", "0001", HEADER_DAGTEKENING),
        ("TR002", "0001", location),
    ]


def _check(found, code: str, location: str) -> None:
    issue = one(found)
    assert (issue.code, issue.retourcode, issue.location) == (code, "0001", location)


@pytest.mark.parametrize("name", BASES)
def test_base_messages_are_schema_valid(name):
    assert schema_errors(load(name)) == []


@pytest.mark.parametrize(
    "name", [*BASES, "verzoek_jw315", "verzoek_jw317", "regie_jw305", "regie_jw307"]
)
def test_base_messages_pass_every_rule(name):
    assert run(load(name)) == []


def test_rules_are_registered_where_rules_xsl_finds_a_bsn_or_geboortedatum():
    retouren = {"JW302", "JW306", "JW308", "JW316", "JW318"}
    assert retouren | {"JW325"} <= persoon.cs002_bsn_elfproef.applies_to
    assert retouren - {"JW318"} <= persoon.tr002_geboortedatum_within_120_years.applies_to
    # CS139 finds a Geboortedatum by its children, in a retour message too (as rules.xsl).
    assert retouren - {"JW318"} <= persoon.cs139_datumgebruik_matches_datum.applies_to
    for rule in persoon.RULES:
        assert "JW320" not in rule.applies_to
        assert rule.check.__doc__.startswith(f"{rule.code}:")
        assert "retourcode 0001" in rule.check.__doc__
        assert rule.check.__name__.startswith(rule.code.lower())
    assert not persoon.tr134_geboortedatum_not_after_dagtekening.applies_to & retouren


# --- CS002 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bsn", ["999900006", "999900018", "999999990", "111222333", "123456782", "012345672"]
)
def test_elfproef_accepts_valid_bsns(bsn):
    assert elfproef(bsn)


@pytest.mark.parametrize("bsn", ["999900007", "999900016", "123456789", "12345678", "99990000x"])
def test_elfproef_rejects_invalid_bsns(bsn):
    assert not elfproef(bsn)


@pytest.mark.parametrize(
    ("name", "bsn_path", "location"),
    [
        ("persoon_jw301", "Client/Bsn", "/Bericht/Client/Bsn"),
        ("regie_jw305", "Client/Bsn", "/Bericht/Client/Bsn"),
        ("regie_jw307", "Client/Bsn", "/Bericht/Client/Bsn"),
        ("verzoek_jw315", "Client/Bsn", "/Bericht/Client/Bsn"),
        ("verzoek_jw317", "Client/Bsn", "/Bericht/Client/Bsn"),
        (
            "persoon_jw323",
            "Declaratie/Clienten/Client[2]/Bsn",
            "/Bericht/Declaratie/Clienten/Client[2]/Bsn",
        ),
    ],
)
def test_cs002_bsn_failing_elfproef(name, bsn_path, location):
    root = set_text(load(name), bsn_path, "999900007")
    found = issues(root, "CS002")
    _check(found, "CS002", location)
    assert "999900007" not in found[0].message  # never a BSN in a message (privacy)


@pytest.mark.parametrize("bsn", ["999900006", "999999990"])
def test_cs002_passes_valid_test_bsns(bsn):
    root = set_text(load("verzoek_jw315"), "Client/Bsn", bsn)
    assert issues(root, "CS002") == []


@pytest.mark.parametrize("base", ["regie_jw305", "verzoek_jw315"])
def test_cs002_accepts_all_zeros_as_it_passes_the_elfproef(base):
    # As rules.xsl (and the rule's text): CS002 is the 11-proef, which 000000000 passes.
    assert elfproef("000000000")
    root = set_text(load(base), "Client/Bsn", "000000000")
    assert issues(root, "CS002") == []


# --- CS139 ------------------------------------------------------------------------------------


def _with_datumgebruik(datum: str, gebruik: str):
    """The VOT base (no DatumGebruik) with this Datum and DatumGebruik."""
    root = set_text(load("verzoek_jw315"), f"{GEBOORTEDATUM}/Datum", datum)
    return insert(root, GEBOORTEDATUM, f"<ijw:DatumGebruik>{gebruik}</ijw:DatumGebruik>", "Datum")


@pytest.mark.parametrize(
    ("gebruik", "datum"),
    [("1", "2011-08-01"), ("2", "2011-01-01"), ("3", "1900-01-01")],
)
def test_cs139_passes_consistent_datumgebruik(gebruik, datum):
    root = _with_datumgebruik(datum, gebruik)
    assert run(root) == []


@pytest.mark.parametrize(
    ("gebruik", "datum"),
    [
        ("1", "2011-08-02"),
        ("2", "2011-02-01"),
        ("2", "2011-01-02"),
        ("3", "1900-01-02"),
        ("3", "2011-01-01"),
    ],
)
def test_cs139_breaks_on_inconsistent_datumgebruik(gebruik, datum):
    root = _with_datumgebruik(datum, gebruik)
    _cs139(issues(root, "CS139"), DATUM)


def _cs139(found, datum: str) -> None:
    """One CS139 finding at both its locations, as rules.xsl reports it: Datum, DatumGebruik."""
    gebruik = datum.removesuffix("Datum") + "DatumGebruik"
    assert [(i.code, i.retourcode, i.location) for i in found] == [
        ("CS139", "0001", datum),
        ("CS139", "0001", gebruik),
    ]


def test_tr002_still_applies_when_datumgebruik_3_has_another_date():
    # Only 3 with 1900-01-01 is "unknown" (spec §5.1, rules.xsl); 3 with 1900-01-02 is a date.
    root = _with_datumgebruik("1900-01-02", "3")
    assert sorted(issue.code for issue in run(root)) == ["CS139", "CS139", "TR002", "TR002"]


@pytest.mark.parametrize(("gebruik", "datum"), [("1", "1967-07-10"), ("3", "1967-01-01")])
def test_cs139_checks_the_geboortedatum_of_a_retour_message(gebruik, datum):
    # rules.xsl finds every Geboortedatum by its children, the JW316's as well.
    root = etree.fromstring(shared_sample("JW316"))
    set_text(root, f"{GEBOORTEDATUM}/Datum", datum)
    insert(root, GEBOORTEDATUM, f"<ijw:DatumGebruik>{gebruik}</ijw:DatumGebruik>", "Datum")
    assert schema_errors(root) == []
    _cs139(issues(root, "CS139"), DATUM)
    set_text(root, f"{GEBOORTEDATUM}/Datum", "1967-01-01")
    set_text(root, f"{GEBOORTEDATUM}/DatumGebruik", "2")
    assert issues(root, "CS139") == []


def test_cs139_checks_each_jw301_relatie():
    root = set_text(
        load("persoon_jw301"), "Client/Relaties/Relatie[1]/Geboortedatum/Datum", "1980-03-01"
    )
    _cs139(run(root), "/Bericht/Client/Relaties/Relatie[1]/Geboortedatum/Datum")


@pytest.mark.parametrize("datum", ["-2014-06-09", "12014-06-09"])
def test_jw301_geboortedatum_outside_python_dates_is_judged_not_crashed(datum):
    # Valid xs:dates with no Python date: read as the views read them (clamped), as for a JW315.
    root = set_text(load("persoon_jw301"), "Client/Geboortedatum/Datum", datum)
    assert schema_errors(root) == []
    assert "CS139" not in {issue.code for issue in run(root)}


@pytest.mark.parametrize("name", ["regie_jw305", "regie_jw307"])
def test_cs139_on_regie_client(name):
    root = set_text(load(name), "Client/Geboortedatum/Datum", "2011-08-09")
    _cs139(issues(root, "CS139"), DATUM)


# --- TR002 ------------------------------------------------------------------------------------


def test_tr002_passes_exactly_120_years_before_dagtekening():
    root = set_text(load("verzoek_jw315"), "Client/Geboortedatum/Datum", "1906-04-01")
    assert run(root) == []


def test_tr002_breaks_one_day_more_than_120_years_before_dagtekening():
    root = set_text(load("verzoek_jw315"), "Client/Geboortedatum/Datum", "1906-03-31")
    _tr002(run(root), DATUM)


def test_tr002_on_29_february():
    root = set_text(load("verzoek_jw315"), "Header/BerichtIdentificatie/Dagtekening", "2024-02-29")
    set_text(root, "Client/Geboortedatum/Datum", "1904-02-29")
    assert issues(root, "TR002") == []
    set_text(root, "Client/Geboortedatum/Datum", "1904-02-28")
    _tr002(issues(root, "TR002"), DATUM)


def test_tr002_skips_a_fully_unknown_birth_date():
    root = _with_datumgebruik("1900-01-01", "3")
    assert issues(root, "TR002") == []


def test_tr002_checks_a_jw301_relatie():
    root = set_text(
        load("persoon_jw301"), "Client/Relaties/Relatie[1]/Geboortedatum/Datum", "1906-01-01"
    )
    _tr002(run(root), "/Bericht/Client/Relaties/Relatie[1]/Geboortedatum/Datum")


@pytest.mark.parametrize(
    ("name", "dagtekening"), [("regie_jw305", "2026-04-15"), ("regie_jw307", "2026-07-20")]
)
def test_tr002_on_regie_client(name, dagtekening):
    root = remove(load(name), "Client/Geboortedatum/DatumGebruik")
    set_text(root, "Client/Geboortedatum/Datum", "1906" + dagtekening[4:])
    assert issues(root, "TR002") == []
    set_text(root, "Client/Geboortedatum/Datum", "1905-12-31")
    _tr002(issues(root, "TR002"), DATUM)


# --- TR134 on Geboortedatum -------------------------------------------------------------------


def test_tr134_passes_birth_on_the_dagtekening():
    root = set_text(load("verzoek_jw315"), "Client/Geboortedatum/Datum", "2026-04-01")
    assert run(root) == []


def test_tr134_breaks_birth_after_the_dagtekening():
    root = set_text(load("verzoek_jw315"), "Client/Geboortedatum/Datum", "2026-04-02")
    _tr134(run(root), DATUM)


def _tr134(found, datum: str) -> None:
    """One TR134 finding at the header Dagtekening and the Datum, as rules.xsl reports it."""
    assert [(i.code, i.retourcode, i.location) for i in found] == [
        ("TR134", "0001", HEADER_DAGTEKENING),
        ("TR134", "0001", datum),
    ]


def test_tr134_checks_jw301_client_and_relatie():
    root = set_text(load("persoon_jw301"), "Client/Geboortedatum/Datum", "2026-04-02")
    _tr134(run(root), DATUM)
    root = load("persoon_jw301")
    remove(root, "Client/Relaties/Relatie[1]/Geboortedatum/DatumGebruik")
    set_text(root, "Client/Relaties/Relatie[1]/Geboortedatum/Datum", "2026-04-02")
    _tr134(run(root), "/Bericht/Client/Relaties/Relatie[1]/Geboortedatum/Datum")


def test_relatie_without_geboortedatum_is_fine():
    root = remove(load("persoon_jw301"), "Client/Relaties/Relatie[1]/Geboortedatum")
    assert run(root) == []


@pytest.mark.parametrize("name", ["regie_jw305", "regie_jw307"])
def test_tr134_on_regie_client(name):
    root = remove(load(name), "Client/Geboortedatum/DatumGebruik")
    set_text(root, "Client/Geboortedatum/Datum", "2027-01-01")
    _tr134(issues(root, "TR134"), DATUM)


# --- CS002 and TR002 on a retour message, as rules.xsl ------------------------------------------


def jw316() -> etree._Element:
    return etree.fromstring(shared_sample("JW316"))


def test_cs002_on_a_jw316_retour():
    root = set_text(jw316(), "Client/Bsn", "999900007")
    _check(issues(root, "CS002"), "CS002", "/Bericht/Client/Bsn")


def test_tr002_on_a_jw316_retour():
    root = set_text(jw316(), "Client/Geboortedatum/Datum", "1903-07-14")
    _tr002(run(root), DATUM)


def test_jw316_sample_passes_cs002_and_tr002():
    found = {issue.code for issue in run(jw316())}
    assert not found & {"CS002", "TR002"}


def test_cs002_on_a_jw325_client():
    root = etree.fromstring((MESSAGES / "jw325_base.xml").read_bytes())
    set_text(root, "DeclaratieAntwoord/Clienten/Client[2]/Bsn", "999900007")
    _check(issues(root, "CS002"), "CS002", "/Bericht/DeclaratieAntwoord/Clienten/Client[2]/Bsn")


# --- texts as read, and a view without them ------------------------------------------------------


@pytest.mark.parametrize("base", ["regie_jw305", "regie_jw307"])
@pytest.mark.parametrize(
    ("datum", "gebruik", "codes"),
    [("1890-03-01", None, {"TR002"}), ("2090-03-01", None, {"TR134"}), ("1900-01-01", "3", set())],
)
def test_person_rules_read_the_texts_as_the_elements_give_them(base, datum, gebruik, codes):
    root = load(base)
    set_text(root, "Client/Geboortedatum/Datum", datum)
    if kid(find(root, GEBOORTEDATUM), "DatumGebruik") is not None:
        remove(root, f"{GEBOORTEDATUM}/DatumGebruik")
    if gebruik is not None:
        insert(root, GEBOORTEDATUM, f"<ijw:DatumGebruik>{gebruik}</ijw:DatumGebruik>", "Datum")
    assert not schema_errors(root)
    read = bericht(root)
    zonder = bericht(root)
    # As a view built without a tree: no texts kept, so the rules read the elements.
    zonder.header.dagtekening_ruw = None
    zonder.view.client.geboortedatum.teksten = None

    found = intra.run(read)
    assert {i.code for i in found} & {"TR002", "TR134"} == codes
    assert triples(found) == triples(intra.run(zonder))
