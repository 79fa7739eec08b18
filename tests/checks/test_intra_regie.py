"""Start (JW305) and stop (JW307) rules, ijw-domain.md §5.3 and §5.4."""

from __future__ import annotations

import pytest
from lxml import etree

from app.checks.intra import regie, sleutels
from app.checks.lexicaal import na
from app.checks.pipeline import judge
from tests.checks.messages.intra_kit import (
    at_each,
    bericht,
    duplicate,
    find,
    issues,
    load,
    one,
    registry,
    remove,
    run,
    schema_errors,
    set_text,
    shared_sample,
    triples,
)

SP = "Client/StartProducten/StartProduct"
SP_AT = "/Bericht/Client/StartProducten/StartProduct"
EP = "Client/StopProducten/StopProduct"
EP_AT = "/Bericht/Client/StopProducten/StopProduct"


def start():
    """Base JW305 (Dagtekening 2026-04-15): [1] 300201 45/45A01, [2] 300202 43 with status 3."""
    return load("regie_jw305")


def stop():
    """Base JW307 (Dagtekening 2026-07-20): two stops of one start, reden 20 and 31."""
    return load("regie_jw307")


def _check(found, code: str, location: str) -> None:
    issue = one(found)
    assert (issue.code, issue.retourcode, issue.location) == (code, "0001", location)


def _checks(found, code: str, *locations: str) -> None:
    """One finding, reported at each of `locations` (rules.xsl names every element it compares)."""
    assert [(i.code, i.retourcode, i.location) for i in found] == [
        (code, "0001", location) for location in locations
    ]


DAGTEKENING = "/Bericht/Header/BerichtIdentificatie/Dagtekening"


@pytest.mark.parametrize("base", [start, stop])
def test_base_messages_are_schema_valid_and_pass(base):
    root = base()
    assert schema_errors(root) == []
    assert run(root) == []


@pytest.mark.parametrize("sample", ["JW305", "JW307"])
def test_pipeline_valid_samples_have_no_issues(sample):
    verdict = judge(shared_sample(sample), registry())
    assert verdict.xsd_valid
    assert verdict.issues == []


def test_rules_are_named_and_documented():
    for rule in regie.RULES:
        assert rule.applies_to <= {"JW305", "JW307"}
        assert rule.check.__name__.startswith(rule.code.lower())
        assert rule.check.__doc__.startswith(f"{rule.code}:")
        assert "retourcode 0001" in rule.check.__doc__


# --- TR134 ------------------------------------------------------------------------------------


def test_tr134_begindatum_on_the_dagtekening_passes():
    root = start()  # StartProduct[2] begins on the Dagtekening
    assert issues(root, "TR134") == []


def test_tr134_begindatum_after_the_dagtekening():
    root = set_text(start(), f"{SP}[2]/Begindatum", "2026-04-16")
    _checks(run(root), "TR134", DAGTEKENING, f"{SP_AT}[2]/Begindatum")


@pytest.mark.parametrize(
    ("base", "where", "at", "child"),
    [(start, SP, SP_AT, "Begindatum"), (stop, EP, EP_AT, "Einddatum")],
)
def test_tr134_each_finding_names_the_dagtekening_and_its_date(base, where, at, child):
    root = base()
    for index in (1, 2):
        set_text(root, f"{where}[{index}]/{child}", "2026-08-01")
    found = [issue for issue in run(root) if issue.code == "TR134"]
    _checks(found, "TR134", DAGTEKENING, f"{at}[1]/{child}", DAGTEKENING, f"{at}[2]/{child}")
    verdict = judge(etree.tostring(root), registry())
    assert [i for i in verdict.issues if i.code == "TR134"] == found


def test_tr134_einddatum_on_the_dagtekening_passes():
    root = set_text(stop(), f"{EP}[2]/Einddatum", "2026-07-20")
    assert run(root) == []


def test_tr134_einddatum_after_the_dagtekening():
    root = set_text(stop(), f"{EP}[2]/Einddatum", "2026-07-21")
    _checks(run(root), "TR134", DAGTEKENING, f"{EP_AT}[2]/Einddatum")


def test_stop_begindatum_after_dagtekening_is_caught_by_tr018():
    # No TR134 on a stop's Begindatum (§5.4): with Einddatum <= Dagtekening, TR018 catches it.
    root = set_text(stop(), f"{EP}[1]/Begindatum", "2026-07-25")
    _checks(run(root), "TR018", f"{EP_AT}[1]/Begindatum", f"{EP_AT}[1]/Einddatum")


# --- TR018 ------------------------------------------------------------------------------------


def test_tr018_einddatum_equal_to_begindatum_passes():
    root = set_text(stop(), f"{EP}[1]/Einddatum", "2026-04-03")
    assert run(root) == []


def test_tr018_einddatum_before_begindatum():
    root = set_text(stop(), f"{EP}[1]/Einddatum", "2026-04-02")
    _checks(run(root), "TR018", f"{EP_AT}[1]/Begindatum", f"{EP_AT}[1]/Einddatum")


# The rules read the dates' texts the view kept; rules.xsl's reading is `lexicaal.na`'s.
DATUMTEKSTEN = [
    "2026-04-02",
    "2026-04-16",
    " 2026-04-16 ",
    "\t2026-04-16\n",
    "-2026-04-16",
    "12026-04-16",
]


@pytest.mark.parametrize("tekst", DATUMTEKSTEN)
@pytest.mark.parametrize(
    ("base", "where", "code"),
    [(start, f"{SP}[1]/Begindatum", "TR134"), (stop, f"{EP}[1]/Einddatum", "TR018")],
)
def test_dates_compare_as_lexicaal_na_reads_them(base, where, code, tekst):
    root = set_text(base(), where, tekst)
    datum = find(root, where)
    if code == "TR134":
        expected = na(datum, find(root, "Header/BerichtIdentificatie/Dagtekening"))
    else:
        expected = na(find(root, f"{EP}[1]/Begindatum"), datum)
    assert bool(issues(root, code)) == expected


# --- CS058 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("base", "where", "at"), [(start, SP, SP_AT), (stop, EP, EP_AT)])
@pytest.mark.parametrize(
    ("status", "allowed"), [("1", True), ("3", True), ("2", False), ("9", False)]
)
def test_cs058_status_aanlevering(base, where, at, status, allowed):
    root = set_text(base(), f"{where}[1]/StatusAanlevering", status)
    found = run(root)
    if allowed:
        assert found == []
    else:
        _check(found, "CS058", f"{at}[1]/StatusAanlevering")
        assert status in found[0].message


@pytest.mark.parametrize(("base", "where", "at"), [(start, SP, SP_AT), (stop, EP, EP_AT)])
@pytest.mark.parametrize("wrong", [(2,), (1, 2)])
def test_cs058_names_each_wrong_status_from_the_first(base, where, at, wrong):
    root = base()
    for index in (1, 2):
        set_text(root, f"{where}[{index}]/StatusAanlevering", "2" if index in wrong else "1")
    found = [issue for issue in run(root) if issue.code == "CS058"]
    assert triples(found) == at_each("CS058", *(f"{at}[{i}]/StatusAanlevering" for i in wrong))


# --- TR101 on JW305 ---------------------------------------------------------------------------


def test_tr101_duplicate_start():
    root = start()
    duplicate(root, f"{SP}[1]")
    assert triples(run(root)) == at_each("TR101", f"{SP_AT}[1]", f"{SP_AT}[2]")


def test_tr101_status_aanlevering_is_not_part_of_the_start_key():
    root = start()
    copy = duplicate(root, f"{SP}[1]")
    copy[-1].text = "3"
    assert triples(run(root)) == at_each("TR101", f"{SP_AT}[1]", f"{SP_AT}[2]")


def test_tr101_toewijzingnummer_compares_as_a_number():
    root = start()
    copy = duplicate(root, f"{SP}[1]")
    copy[0].text = "0300201"
    assert triples(run(root)) == at_each("TR101", f"{SP_AT}[1]", f"{SP_AT}[2]")


def test_tr101_toewijzing_ingangsdatum_is_not_part_of_the_start_key():
    root = start()
    copy = duplicate(root, f"{SP}[1]")
    copy[2].text = "2026-04-02"
    assert triples(run(root)) == at_each("TR101", f"{SP_AT}[1]", f"{SP_AT}[2]")


@pytest.mark.parametrize(("child", "value"), [(0, "300299"), (3, "2026-04-04")])
def test_tr101_other_start_key_passes(child, value):
    root = start()
    copy = duplicate(root, f"{SP}[1]")
    copy[child].text = value
    assert run(root) == []


def test_tr101_start_without_code_differs_from_start_with_code():
    root = start()
    copy = duplicate(root, f"{SP}[1]")
    copy[1].remove(copy[1][1])
    assert run(root) == []


def test_tr101_taakgericht_starts_without_toewijzingnummer():
    root = remove(start(), f"{SP}[1]/ToewijzingNummer")
    duplicate(root, f"{SP}[1]")
    assert triples(run(root)) == at_each("TR101", f"{SP_AT}[1]", f"{SP_AT}[2]")


def test_tr101_duplicate_client():
    root = start()
    duplicate(root, "Client")
    assert triples(run(root)) == at_each("TR101", "/Bericht/Client[1]", "/Bericht/Client[2]")


# --- TR101 on JW307 ---------------------------------------------------------------------------


def test_tr101_stops_differing_in_reden_and_einddatum_pass():
    root = stop()  # the base's two stops share ToewijzingNummer, Product and Begindatum
    assert run(root) == []


@pytest.mark.parametrize(
    ("child", "value"), [("RedenBeeindiging", "31"), ("Einddatum", "2026-07-17")]
)
def test_tr101_stops_differing_in_one_key_element_pass(child, value):
    root = set_text(stop(), f"{EP}[1]/{child}", value)
    assert run(root) == []


def test_tr101_duplicate_stop():
    root = stop()
    duplicate(root, f"{EP}[2]")
    assert triples(run(root)) == at_each("TR101", f"{EP_AT}[2]", f"{EP_AT}[3]")


def test_tr101_status_aanlevering_is_not_part_of_the_stop_key():
    root = stop()
    copy = duplicate(root, f"{EP}[2]")
    copy[-1].text = "3"
    assert triples(run(root)) == at_each("TR101", f"{EP_AT}[2]", f"{EP_AT}[3]")


def test_tr101_duplicate_client_in_stop():
    root = stop()
    duplicate(root, "Client")
    assert triples(run(root)) == at_each("TR101", "/Bericht/Client[1]", "/Bericht/Client[2]")


# --- TR101 read from the view -----------------------------------------------------------------


def _kopie(where: str, index: int = 1):
    def kopie(root):
        duplicate(root, f"{where}[{index}]")

    return kopie


def _tekst(where: str, value: str):
    return lambda root: set_text(root, where, value)


def _weg(where: str):
    return lambda root: remove(root, where)


def _veel(where: str):
    # More products than a view keeps the children of (`views._HOUDEN`).
    def veel(root):
        for _ in range(70):
            duplicate(root, f"{where}[1]")

    return veel


_PRODUCT = {"JW305": SP, "JW307": EP}
WIJZIGINGEN = {
    "ongewijzigd": lambda p: [],
    "product twee keer": lambda p: [_kopie(p)],
    "nummer met nul": lambda p: [_kopie(p), _tekst(f"{p}[2]/ToewijzingNummer", "0300201")],
    "nummer met spaties": lambda p: [_kopie(p), _tekst(f"{p}[2]/ToewijzingNummer", " 300201 ")],
    "zonder nummer": lambda p: [_weg(f"{p}[1]/ToewijzingNummer"), _kopie(p)],
    "zonder code": lambda p: [_kopie(p), _weg(f"{p}[2]/Product/Code")],
    "beide zonder code": lambda p: [_weg(f"{p}[1]/Product/Code"), _kopie(p)],
    "zonder product": lambda p: [_weg(f"{p}[1]/Product"), _kopie(p)],
    "lege code": lambda p: [_tekst(f"{p}[1]/Product/Code", ""), _kopie(p)],
    "lege categorie": lambda p: [_tekst(f"{p}[1]/Product/Categorie", ""), _kopie(p)],
    "begindatum met spaties": lambda p: [_kopie(p), _tekst(f"{p}[2]/Begindatum", " 2026-04-03")],
    "lege bsn": lambda p: [_tekst("Client/Bsn", "")],
    "bsn met spaties": lambda p: [_tekst("Client/Bsn", " 999900006 ")],
    "client twee keer": lambda p: [_kopie("Client")],
    "twee containers": lambda p: [_kopie(p.rpartition("/")[0])],
    "veel producten": lambda p: [_veel(p)],
}


def _gewijzigd(base, wijziging: str):
    """The message type, and the start or stop message with one of `WIJZIGINGEN` made."""
    root = base()
    message_type = "JW305" if base is start else "JW307"
    for wijzig in WIJZIGINGEN[wijziging](_PRODUCT[message_type]):
        wijzig(root)
    return message_type, root


@pytest.mark.parametrize("base", [start, stop])
@pytest.mark.parametrize("wijziging", WIJZIGINGEN)
def test_tr101_read_from_the_view_matches_the_tree(base, wijziging, monkeypatch):
    message_type, root = _gewijzigd(base, wijziging)
    read = bericht(root)
    assert list(regie._tr101_gesleuteld(read)) == list(sleutels.gesleuteld_in_boom(read))
    monkeypatch.setitem(sleutels.LEZERS, message_type, regie._tr101_gesleuteld)
    from_view = triples(issues(root, "TR101"))
    monkeypatch.delitem(sleutels.LEZERS, message_type)
    assert from_view == triples(issues(root, "TR101"))
    if wijziging.endswith("twee keer"):
        assert from_view


@pytest.mark.parametrize("message_type", ["JW305", "JW307"])
def test_tr101_is_read_from_the_view(message_type):
    assert sleutels.LEZERS[message_type] is regie._tr101_gesleuteld


_EENMALIG = {
    "ongewijzigd",
    "zonder code",
    "begindatum met spaties",
    "lege bsn",
    "bsn met spaties",
}
"""The changes after which the view shows that no two keyed elements share a group."""


@pytest.mark.parametrize("base", [start, stop])
@pytest.mark.parametrize("wijziging", WIJZIGINGEN)
def test_tr101_skips_the_keys_only_where_no_group_repeats(base, wijziging, monkeypatch):
    message_type, root = _gewijzigd(base, wijziging)
    read = bericht(root)
    eenmalig = regie._eenmalig(read)
    assert eenmalig is (wijziging in _EENMALIG)
    if eenmalig:
        groepen = [groep for _, _, groep in sleutels.gesleuteld_in_boom(read)]
        assert len(set(groepen)) == len(groepen)
    assert sleutels.EENMALIG[message_type] is regie._eenmalig
    with_test = triples(issues(root, "TR101"))
    monkeypatch.delitem(sleutels.EENMALIG, message_type)
    assert with_test == triples(issues(root, "TR101"))
