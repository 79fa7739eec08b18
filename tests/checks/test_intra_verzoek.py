"""VOT (JW315) and VOW (JW317) rules, ijw-domain.md §5.1 and §5.2."""

from __future__ import annotations

import pytest
from lxml import etree

from app.checks.intra import verzoek
from app.checks.pipeline import judge
from app.ijw.tree import kids
from tests.checks.messages.intra_kit import (
    at_each,
    duplicate,
    find,
    insert,
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

AP = "Client/AangevraagdeProducten/AangevraagdProduct"
AP_AT = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct"
VZ = "Client/Verzoek"
VZ_AT = "/Bericht/Client/Verzoek"
TW = f"{VZ}/TeWijzigenProducten/TeWijzigenProduct"
TW_AT = f"{VZ_AT}/TeWijzigenProducten/TeWijzigenProduct"
NP = f"{VZ}/NieuweProducten/NieuwProduct"
NP_AT = f"{VZ_AT}/NieuweProducten/NieuwProduct"


def vot():
    """Base VOT: [1] specific 45/45A01, [2] aspecific 43 + Budget, [3] generic + Budget (2027)."""
    return load("verzoek_jw315")


def vow():
    """Base VOW: Ongewijzigd 10071, TeWijzigen 10072 (weekly), Nieuw [1] 45/45A03, [2] 43 Budget."""
    return load("verzoek_jw317")


def _check(found, code: str, location: str) -> None:
    issue = one(found)
    assert (issue.code, issue.retourcode, issue.location) == (code, "0001", location)


def _checks(found, code: str, *locations: str) -> None:
    """One finding, reported at each of `locations` (rules.xsl names every element it compares)."""
    assert [(i.code, i.retourcode, i.location) for i in found] == [
        (code, "0001", location) for location in locations
    ]


def _locations(found) -> list[str]:
    return [issue.location for issue in found]


@pytest.mark.parametrize("base", [vot, vow])
def test_base_messages_are_schema_valid_and_pass(base):
    root = base()
    assert schema_errors(root) == []
    assert run(root) == []
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    assert judge(data, registry()).valid


def test_rules_are_named_and_documented():
    for rule in verzoek.RULES:
        assert rule.applies_to <= {"JW315", "JW317"}
        assert rule.check.__name__.startswith(rule.code.lower())
        assert rule.check.__doc__.startswith(f"{rule.code}:")
        assert "retourcode 0001" in rule.check.__doc__


# --- shared samples through the pipeline --------------------------------------------------------


def test_pipeline_jw317_sample_breaks_exactly_cs003():
    verdict = judge(shared_sample("JW317"), registry())
    assert verdict.xsd_valid
    # As rules.xsl: named at both dates it compares.
    assert triples(verdict.issues) == at_each(
        "CS003",
        "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/GewensteIngangsdatum",
        "/Bericht/Client/Verzoek/NieuweProducten/NieuwProduct/Einddatum",
    )


def test_pipeline_jw315_sample_is_xsd_invalid_so_no_rules_run():
    verdict = judge(shared_sample("JW315"), registry())
    assert verdict.xsd_errors
    assert verdict.issues == []


# --- JW315: TR101, TR383 ------------------------------------------------------------------------


def test_tr101_jw315_duplicate_client():
    root = vot()
    duplicate(root, "Client")
    assert triples(run(root)) == at_each("TR101", "/Bericht/Client[1]", "/Bericht/Client[2]")


def test_tr101_and_tr383_on_a_repeated_referentie_aanbieder():
    # As rules.xsl: the key duplicate (TR101, at both products) and TR383 both report it.
    root = set_text(vot(), f"{AP}[2]/ReferentieAanbieder", "VOT-T-1")
    assert triples(run(root)) == [
        *at_each("TR101", f"{AP_AT}[1]", f"{AP_AT}[2]"),
        # TR383 is made at the later product and names the earlier ReferentieAanbieder.
        ("TR383", "0001", f"{AP_AT}[1]/ReferentieAanbieder"),
    ]


def test_tr383_three_equal_references_give_one_issue_per_pair():
    root = set_text(vot(), f"{AP}[2]/ReferentieAanbieder", "VOT-T-1")
    set_text(root, f"{AP}[3]/ReferentieAanbieder", "VOT-T-1")
    found = issues(root, "TR383")
    # Pairs (1, 2), (1, 3) and (2, 3), each named at the earlier one's ReferentieAanbieder.
    assert _locations(found) == [
        f"{AP_AT}[1]/ReferentieAanbieder",
        f"{AP_AT}[1]/ReferentieAanbieder",
        f"{AP_AT}[2]/ReferentieAanbieder",
    ]
    assert found[2].message == "ReferentieAanbieder is repeated by AangevraagdProduct[3]"
    assert triples(issues(root, "TR101")) == at_each(
        "TR101", f"{AP_AT}[1]", f"{AP_AT}[2]", f"{AP_AT}[3]"
    )


def test_tr383_trims_the_later_reference_only():
    # rules.xsl compares the later value with its spaces collapsed against the earlier as it is.
    root = set_text(vot(), f"{AP}[2]/ReferentieAanbieder", " VOT-T-1 ")
    assert _locations(issues(root, "TR383")) == [f"{AP_AT}[1]/ReferentieAanbieder"]
    assert issues(root, "TR101") == []
    root = set_text(vot(), f"{AP}[1]/ReferentieAanbieder", " VOT-T-2 ")
    assert issues(root, "TR383") == []


def test_tr383_differing_only_in_case_passes():
    root = set_text(vot(), f"{AP}[2]/ReferentieAanbieder", "vot-t-1")
    assert run(root) == []


# --- JW315: TR386 -------------------------------------------------------------------------------


def _as_product(root, index: int, categorie: str, code: str | None) -> None:
    """Give AangevraagdProduct[index] this Product (Categorie, optional Code)."""
    where = f"{AP}[{index}]"
    if kids(find(root, where), "Product"):
        remove(root, f"{where}/Product")
    after = "BeschikkingNummer" if kids(find(root, where), "BeschikkingNummer") else None
    code_xml = f"<ijw:Code>{code}</ijw:Code>" if code else ""
    insert(
        root,
        where,
        f"<m:Product><ijw:Categorie>{categorie}</ijw:Categorie>{code_xml}</m:Product>",
        after=after or "ReferentieAanbieder",
    )


def _period(root, index: int, start: str, end: str | None) -> None:
    set_text(root, f"{AP}[{index}]/ToewijzingIngangsdatum", start)
    if end is None:
        remove(root, f"{AP}[{index}]/ToewijzingEinddatum")
    else:
        set_text(root, f"{AP}[{index}]/ToewijzingEinddatum", end)


def test_tr386_generic_product_adjacent_to_the_others_passes():
    root = vot()  # [3] (no Product) starts the day after [1] and [2] end
    assert issues(root, "TR386") == []


def test_tr386_generic_product_overlapping_by_one_day_clashes_with_everything():
    root = vot()
    _period(root, 3, "2026-12-31", "2027-06-30")
    found = issues(root, "TR386")
    # One finding per pair, named at both products: (1, 3), then (2, 3).
    assert _locations(found) == [f"{AP_AT}[1]", f"{AP_AT}[3]", f"{AP_AT}[2]", f"{AP_AT}[3]"]
    assert found[0].message == (
        "AangevraagdProduct[3] overlaps AangevraagdProduct[1] for the same product"
    )
    assert "AangevraagdProduct[2]" in found[2].message


def test_tr386_missing_code_matches_same_categorie():
    root = vot()
    _as_product(root, 1, "43", "43A01")  # [2] is Categorie 43 without Code, same period
    assert triples(issues(root, "TR386")) == at_each("TR386", f"{AP_AT}[1]", f"{AP_AT}[2]")


def test_tr386_other_categorie_passes():
    root = vot()  # [1] is 45, [2] is 43, same period
    assert issues(root, "TR386") == []


@pytest.mark.parametrize(
    ("code", "start", "clash"),
    [
        ("45A01", "2027-01-01", False),  # adjacent periods
        ("45A01", "2026-12-31", True),  # one day of overlap
        ("45A02", "2026-12-31", False),  # other code, same Categorie
    ],
)
def test_tr386_same_product_by_code(code, start, clash):
    root = vot()
    _as_product(root, 2, "45", code)
    _period(root, 2, start, "2027-03-31")
    _period(root, 3, "2027-04-01", "2027-06-30")
    assert _locations(issues(root, "TR386")) == ([f"{AP_AT}[1]", f"{AP_AT}[2]"] if clash else [])


def test_tr386_open_end_is_infinite():
    root = vot()
    _as_product(root, 2, "45", "45A01")
    _period(root, 1, "2026-04-01", None)
    _period(root, 2, "2030-01-01", "2030-12-31")
    _period(root, 3, "2031-01-01", "2031-06-30")
    found = issues(root, "TR386")
    assert _locations(found) == [f"{AP_AT}[1]", f"{AP_AT}[2]", f"{AP_AT}[1]", f"{AP_AT}[3]"]


def test_tr386_reads_dates_as_rules_xsl_does():
    # rules.xsl compares the digits of a date: -2026-06-01 is 2026-06-01, inside [1]'s period.
    root = vot()
    _as_product(root, 2, "45", "45A01")
    _period(root, 2, "-2026-06-01", "-2026-07-01")
    _period(root, 3, "2027-04-01", "2027-06-30")
    assert schema_errors(root) == []
    assert triples(issues(root, "TR386")) == at_each("TR386", f"{AP_AT}[1]", f"{AP_AT}[2]")


# --- JW315: CS003 -------------------------------------------------------------------------------


def test_cs003_jw315_equal_dates_pass():
    root = set_text(vot(), f"{AP}[1]/ToewijzingEinddatum", "2026-04-01")
    assert run(root) == []


def test_cs003_jw315_einddatum_before_ingangsdatum():
    root = set_text(vot(), f"{AP}[1]/ToewijzingEinddatum", "2026-03-31")
    assert triples(run(root)) == at_each(
        "CS003", f"{AP_AT}[1]/ToewijzingIngangsdatum", f"{AP_AT}[1]/ToewijzingEinddatum"
    )


@pytest.mark.parametrize(
    ("ingang", "eind"),
    [
        ("2026-04-01", " 2026-12-31 "),  # read through ten characters: " 2026-12-3"
        ("-2026-04-01", "2026-03-31"),  # the sign dropped: 20260401
        ("2026-04-01", "12027-05-31"),  # ten characters: 12027-05-3, the number 12027053
    ],
)
def test_cs003_jw315_reads_dates_as_rules_xsl_does(ingang, eind):
    root = set_text(vot(), f"{AP}[1]/ToewijzingIngangsdatum", ingang)
    set_text(root, f"{AP}[1]/ToewijzingEinddatum", eind)
    assert schema_errors(root) == []
    assert triples(issues(root, "CS003")) == at_each(
        "CS003", f"{AP_AT}[1]/ToewijzingIngangsdatum", f"{AP_AT}[1]/ToewijzingEinddatum"
    )


# --- JW315: Omvang, Budget, Product (CD041, CD095, CD077, CD078, CD079, CD075, CD076) ----------

OMVANG = (
    "<m:Omvang><ijw:Volume>2</ijw:Volume><ijw:Eenheid>04</ijw:Eenheid>"
    "<ijw:Frequentie>4</ijw:Frequentie></m:Omvang>"
)


def test_cd041_code_without_omvang():
    root = remove(vot(), f"{AP}[1]/Omvang")
    _check(run(root), "CD041", f"{AP_AT}[1]/Product/Code")


def test_cd095_omvang_without_code():
    root = remove(vot(), f"{AP}[2]/Budget")
    insert(root, f"{AP}[2]", OMVANG, after="ToewijzingEinddatum")
    _checks(run(root), "CD095", f"{AP_AT}[2]/Omvang", f"{AP_AT}[2]/ToewijzingEinddatum")


@pytest.mark.parametrize(("einddatum", "applies"), [("2020-12-31", False), ("2021-01-01", True)])
def test_cd095_only_for_einddatum_after_2020(einddatum, applies):
    root = remove(vot(), f"{AP}[2]/Budget")
    insert(root, f"{AP}[2]", OMVANG, after="ToewijzingEinddatum")
    _period(root, 2, "2020-01-01", einddatum)
    expected = [f"{AP_AT}[2]/Omvang", f"{AP_AT}[2]/ToewijzingEinddatum"]
    assert _locations(issues(root, "CD095")) == (expected if applies else [])


def test_cd095_applies_with_open_einddatum():
    root = remove(vot(), f"{AP}[2]/Budget")
    insert(root, f"{AP}[2]", OMVANG, after="ToewijzingEinddatum")
    _period(root, 2, "2026-04-01", None)
    _check(issues(root, "CD095"), "CD095", f"{AP_AT}[2]/Omvang")


def test_cd077_cd078_budget_and_omvang_exclude_each_other():
    root = insert(vot(), f"{AP}[1]", "<m:Budget>1000</m:Budget>", after="Omvang")
    found = run(root)
    assert [(i.code, i.location) for i in found] == [
        ("CD078", f"{AP_AT}[1]/Omvang"),
        ("CD078", f"{AP_AT}[1]/Budget"),
        ("CD077", f"{AP_AT}[1]/Budget"),
        ("CD077", f"{AP_AT}[1]/Omvang"),
    ]


def test_cd079_no_budget_and_no_product():
    root = remove(vot(), f"{AP}[3]/Budget")
    _check(run(root), "CD079", f"{AP_AT}[3]")


def test_cd075_budget_without_einddatum():
    root = vot()
    _period(root, 3, "2027-01-01", None)
    _check(run(root), "CD075", f"{AP_AT}[3]/Budget")


def test_cd076_per_week_without_einddatum():
    root = vot()
    _period(root, 1, "2026-04-01", None)
    _check(issues(root, "CD076"), "CD076", f"{AP_AT}[1]/Omvang/Frequentie")


def test_cd076_per_month_without_einddatum_passes():
    root = set_text(vot(), f"{AP}[1]/Omvang/Frequentie", "4")
    _period(root, 1, "2026-04-01", None)
    assert issues(root, "CD076") == []


# --- JW315: CS343 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eenheid", "frequentie", "einddatum", "fails"),
    [
        ("16", "1", "2026-12-31", True),
        ("14", "1", "2026-12-31", True),
        ("83", "1", "2026-12-31", True),
        ("84", "1", "2026-12-31", True),
        ("16", "2", "2026-12-31", False),
        ("16", "4", "2026-12-31", False),
        ("16", "6", "2026-12-31", False),
        ("01", "1", "2026-12-31", False),
        ("04", "1", "2026-12-31", False),
        ("82", "1", "2026-12-31", False),
        ("14", "1", "2020-12-31", False),
        ("14", "1", "2021-01-01", True),
    ],
)
def test_cs343_eenheid_and_frequentie(eenheid, frequentie, einddatum, fails):
    root = set_text(vot(), f"{AP}[1]/Omvang/Eenheid", eenheid)
    set_text(root, f"{AP}[1]/Omvang/Frequentie", frequentie)
    _period(root, 1, "2020-01-01", einddatum)
    expected = [f"{AP_AT}[1]/Omvang/{naam}" for naam in ("Eenheid", "Frequentie")]
    expected.append(f"{AP_AT}[1]/ToewijzingEinddatum")
    assert _locations(issues(root, "CS343")) == (expected if fails else [])


def test_cs343_applies_with_open_einddatum():
    root = set_text(vot(), f"{AP}[1]/Omvang/Eenheid", "16")
    set_text(root, f"{AP}[1]/Omvang/Frequentie", "1")
    _period(root, 1, "2026-04-01", None)
    _checks(
        issues(root, "CS343"),
        "CS343",
        f"{AP_AT}[1]/Omvang/Eenheid",
        f"{AP_AT}[1]/Omvang/Frequentie",
    )


# --- JW315: CD043, CD066, CD067, CD068 ----------------------------------------------------------


def test_cd043_nummer_without_ingangsdatum():
    root = remove(vot(), f"{AP}[1]/BeschikkingIngangsdatum")
    _check(run(root), "CD043", f"{AP_AT}[1]/BeschikkingNummer")


def test_cd043_ingangsdatum_without_nummer():
    root = remove(vot(), f"{AP}[1]/BeschikkingNummer")
    _check(run(root), "CD043", f"{AP_AT}[1]/BeschikkingIngangsdatum")


def test_cd043_both_absent_passes():
    root = remove(vot(), f"{AP}[1]/BeschikkingNummer")
    remove(root, f"{AP}[1]/BeschikkingIngangsdatum")
    assert run(root) == []


def test_cd066_verwijzer_with_code_and_naam():
    root = insert(vot(), f"{AP}[1]/Verwijzer", "<ijw:Naam>Huisarts</ijw:Naam>", after="Type")
    # As rules.xsl: named at the Type and the two elements it weighs.
    at = f"{AP_AT}[1]/Verwijzer"
    assert triples(run(root)) == at_each(
        "CD066", f"{at}/Type", f"{at}/Naam", f"{at}/ZorgverlenerCode"
    )


@pytest.mark.parametrize("type_", ["02", "03", "04", "05"])
def test_cd067_verwijzer_type_02_05_without_code_needs_naam(type_):
    root = set_text(vot(), f"{AP}[2]/Verwijzer/Type", type_)
    assert run(root) == []
    remove(root, f"{AP}[2]/Verwijzer/Naam")
    _check(run(root), "CD067", f"{AP_AT}[2]/Verwijzer/Type")


@pytest.mark.parametrize("type_", ["01", "06", "08"])
def test_cd067_does_not_apply_to_other_types(type_):
    root = set_text(vot(), f"{AP}[2]/Verwijzer/Type", type_)
    remove(root, f"{AP}[2]/Verwijzer/Naam")
    assert run(root) == []


@pytest.mark.parametrize("type_", ["01", "06", "08"])
def test_cd068_other_type_has_no_zorgverlenercode(type_):
    root = set_text(vot(), f"{AP}[1]/Verwijzer/Type", type_)
    at = f"{AP_AT}[1]/Verwijzer"
    assert triples(run(root)) == at_each("CD068", f"{at}/Type", f"{at}/ZorgverlenerCode")


# --- JW317: TR101 -------------------------------------------------------------------------------


def test_tr101_jw317_duplicate_client_and_verzoek():
    root = vow()
    duplicate(root, "Client/Verzoek")
    assert triples(run(root)) == at_each("TR101", f"{VZ_AT}[1]", f"{VZ_AT}[2]")
    root = vow()
    duplicate(root, "Client")
    assert triples(run(root)) == at_each("TR101", "/Bericht/Client[1]", "/Bericht/Client[2]")


def test_tr101_duplicate_ongewijzigd_product():
    root = vow()
    duplicate(root, f"{VZ}/OngewijzigdeProducten/OngewijzigdProduct")
    at = f"{VZ_AT}/OngewijzigdeProducten/OngewijzigdProduct"
    assert triples(run(root)) == at_each("TR101", f"{at}[1]", f"{at}[2]")


def test_tr101_toewijzingnummer_compares_as_a_number():
    root = vow()
    copy = duplicate(root, TW)
    copy[0].text = "010072"
    assert triples(run(root)) == at_each("TR101", f"{TW_AT}[1]", f"{TW_AT}[2]")


def test_tr101_same_toewijzingnummer_in_ongewijzigd_and_te_wijzigen_is_no_tr101():
    root = set_text(
        vow(), f"{VZ}/OngewijzigdeProducten/OngewijzigdProduct/ToewijzingNummer", "10072"
    )
    assert run(root) == []


def test_tr101_duplicate_nieuw_product_key():
    root = vow()
    duplicate(root, f"{NP}[1]")
    assert triples(issues(root, "TR101")) == at_each("TR101", f"{NP_AT}[1]", f"{NP_AT}[2]")


def test_tr101_nieuw_product_other_gewenste_ingangsdatum_passes():
    root = vow()
    copy = duplicate(root, f"{NP}[1]")
    copy[1].text = "2027-01-01"
    copy[2].text = "2027-06-30"
    assert run(root) == []


# --- JW317: TR352, TR353 ------------------------------------------------------------------------


def test_tr352_no_ongewijzigd_or_te_wijzigen():
    root = remove(vow(), f"{VZ}/OngewijzigdeProducten")
    remove(root, f"{VZ}/TeWijzigenProducten")
    _check(run(root), "TR352", VZ_AT)


@pytest.mark.parametrize("kept", ["OngewijzigdeProducten", "TeWijzigenProducten"])
def test_tr352_one_of_them_is_enough(kept):
    other = "TeWijzigenProducten" if kept == "OngewijzigdeProducten" else "OngewijzigdeProducten"
    root = remove(vow(), f"{VZ}/{other}")
    assert run(root) == []


def test_tr353_no_te_wijzigen_or_nieuw():
    root = remove(vow(), f"{VZ}/TeWijzigenProducten")
    remove(root, f"{VZ}/NieuweProducten")
    _check(run(root), "TR353", VZ_AT)


def test_tr353_te_wijzigen_alone_is_enough():
    root = remove(vow(), f"{VZ}/NieuweProducten")
    assert run(root) == []


# --- JW317: TR380 -------------------------------------------------------------------------------


def test_tr380_nieuw_product_starting_on_the_dagtekening():
    root = set_text(vow(), f"{NP}[1]/GewensteIngangsdatum", "2026-04-01")
    assert triples(run(root)) == at_each(
        "TR380",
        "/Bericht/Header/BerichtIdentificatie/Dagtekening",
        f"{NP_AT}[1]/GewensteIngangsdatum",
    )


def test_tr380_nieuw_product_starting_the_day_after_passes():
    root = set_text(vow(), f"{NP}[1]/GewensteIngangsdatum", "2026-04-02")
    assert run(root) == []


def test_tr380_does_not_apply_to_te_wijzigen_product():
    root = set_text(vow(), f"{TW}/GewensteIngangsdatum", "2026-03-01")
    assert run(root) == []


def test_tr380_reads_dates_as_rules_xsl_does():
    # Without its sign, -2026-03-01 reads as 20260301: before the Dagtekening 2026-04-01.
    root = set_text(vow(), f"{NP}[1]/GewensteIngangsdatum", "-2026-03-01")
    assert len(issues(root, "TR380")) == 2
    # Read whole (no cut to ten characters), a padded date is still the same day.
    root = set_text(vow(), f"{NP}[1]/GewensteIngangsdatum", " 2026-04-02 ")
    assert issues(root, "TR380") == []
    # And -2026-06-01 reads as 20260601, after it, where the date would be long before.
    root = set_text(vow(), f"{NP}[1]/GewensteIngangsdatum", "-2026-06-01")
    assert issues(root, "TR380") == []


# --- JW317: TR410 -------------------------------------------------------------------------------


def _nieuw_as(root, index: int, categorie: str | None, code: str | None) -> None:
    remove(root, f"{NP}[{index}]/Product")
    if categorie is not None:
        code_xml = f"<ijw:Code>{code}</ijw:Code>" if code else ""
        insert(
            root,
            f"{NP}[{index}]",
            f"<m:Product><ijw:Categorie>{categorie}</ijw:Categorie>{code_xml}</m:Product>",
            first=True,
        )


@pytest.mark.parametrize(
    ("categorie", "code", "start", "clash"),
    [
        ("45", None, "2026-05-01", True),  # missing Code: same Categorie
        ("45", "45A04", "2026-05-01", False),  # other Code
        ("45", "45A03", "2027-01-01", False),  # adjacent
        ("45", "45A03", "2026-12-31", True),  # one day of overlap
        (None, None, "2026-12-31", True),  # no Product clashes with everything
        ("43", None, "2026-05-01", False),  # other Categorie
    ],
)
def test_tr410_nieuwe_producten_overlap(categorie, code, start, clash):
    root = vow()
    _nieuw_as(root, 2, categorie, code)
    set_text(root, f"{NP}[2]/GewensteIngangsdatum", start)
    set_text(root, f"{NP}[2]/Einddatum", "2027-06-30")
    assert _locations(issues(root, "TR410")) == ([f"{NP_AT}[1]", f"{NP_AT}[2]"] if clash else [])


def test_tr410_open_end_is_infinite():
    root = vow()
    _nieuw_as(root, 2, "45", None)
    remove(root, f"{NP}[1]/Einddatum")
    set_text(root, f"{NP}[2]/GewensteIngangsdatum", "2040-01-01")
    set_text(root, f"{NP}[2]/Einddatum", "2040-06-30")
    assert triples(issues(root, "TR410")) == at_each("TR410", f"{NP_AT}[1]", f"{NP_AT}[2]")


# --- JW317: CS003 -------------------------------------------------------------------------------


@pytest.mark.parametrize(("where", "at"), [(TW, TW_AT), (f"{NP}[1]", f"{NP_AT}[1]")])
def test_cs003_jw317(where, at):
    root = set_text(vow(), f"{where}/Einddatum", "2026-05-01")
    assert run(root) == []
    set_text(root, f"{where}/Einddatum", "2026-04-30")
    assert triples(run(root)) == at_each("CS003", f"{at}/GewensteIngangsdatum", f"{at}/Einddatum")


# --- JW317: CD041, CD096, CD077, CD078, CD079, CD075, CD076, CS338 -------------------------------


def test_cd041_nieuw_product_code_without_omvang():
    root = remove(vow(), f"{NP}[1]/Omvang")
    _check(run(root), "CD041", f"{NP_AT}[1]/Product/Code")


def test_cd041_does_not_apply_to_te_wijzigen_product():
    root = remove(vow(), f"{TW}/Omvang")
    assert run(root) == []


def test_cd096_nieuw_product_without_code_has_no_omvang():
    root = remove(vow(), f"{NP}[2]/Budget")
    insert(root, f"{NP}[2]", OMVANG, after="Einddatum")
    _checks(run(root), "CD096", f"{NP_AT}[2]/Omvang", f"{NP_AT}[2]/Einddatum")


def test_cd096_only_for_einddatum_after_2020():
    root = remove(vow(), f"{NP}[2]/Budget")
    insert(root, f"{NP}[2]", OMVANG, after="Einddatum")
    set_text(root, f"{NP}[2]/Einddatum", "2020-12-31")
    assert issues(root, "CD096") == []
    set_text(root, f"{NP}[2]/Einddatum", "2021-01-01")
    _checks(issues(root, "CD096"), "CD096", f"{NP_AT}[2]/Omvang", f"{NP_AT}[2]/Einddatum")


@pytest.mark.parametrize(("where", "at"), [(TW, TW_AT), (f"{NP}[1]", f"{NP_AT}[1]")])
def test_cd077_cd078_jw317(where, at):
    root = insert(vow(), where, "<m:Budget>1000</m:Budget>", after="Omvang")
    assert [(i.code, i.location) for i in run(root)] == [
        ("CD078", f"{at}/Omvang"),
        ("CD078", f"{at}/Budget"),
        ("CD077", f"{at}/Budget"),
        ("CD077", f"{at}/Omvang"),
    ]


def test_cd079_nieuw_product_without_product_and_budget():
    root = remove(vow(), f"{NP}[2]/Product")
    remove(root, f"{NP}[2]/Budget")
    _check(issues(root, "CD079"), "CD079", f"{NP_AT}[2]")


def test_cd079_generic_nieuw_product_with_budget_passes():
    root = remove(vow(), f"{NP}[2]/Product")
    set_text(root, f"{NP}[2]/GewensteIngangsdatum", "2027-01-01")
    set_text(root, f"{NP}[2]/Einddatum", "2027-06-30")
    assert run(root) == []


def test_cd075_nieuw_product_budget_without_einddatum():
    root = remove(vow(), f"{NP}[2]/Einddatum")
    _check(run(root), "CD075", f"{NP_AT}[2]/Budget")


def test_cd075_te_wijzigen_budget_without_einddatum():
    root = remove(vow(), f"{TW}/Omvang")
    remove(root, f"{TW}/Einddatum")
    insert(root, TW, "<m:Budget>1000</m:Budget>")
    _check(run(root), "CD075", f"{TW_AT}/Budget")


def test_cd076_te_wijzigen_per_week_without_einddatum():
    root = remove(vow(), f"{TW}/Einddatum")
    _check(run(root), "CD076", f"{TW_AT}/Omvang/Frequentie")


def test_cd076_nieuw_product_per_week_without_einddatum():
    root = set_text(vow(), f"{NP}[1]/Omvang/Frequentie", "2")
    assert run(root) == []
    remove(root, f"{NP}[1]/Einddatum")
    _check(run(root), "CD076", f"{NP_AT}[1]/Omvang/Frequentie")


@pytest.mark.parametrize(("where", "at"), [(TW, TW_AT), (f"{NP}[1]", f"{NP_AT}[1]")])
@pytest.mark.parametrize(
    ("eenheid", "frequentie", "fails"), [("83", "1", True), ("83", "6", False)]
)
def test_cs338_jw317(where, at, eenheid, frequentie, fails):
    root = set_text(vow(), f"{where}/Omvang/Eenheid", eenheid)
    set_text(root, f"{where}/Omvang/Frequentie", frequentie)
    expected = [f"{at}/Omvang/Eenheid", f"{at}/Omvang/Frequentie", f"{at}/Einddatum"]
    assert _locations(issues(root, "CS338")) == (expected if fails else [])


def test_cs338_only_for_einddatum_after_2020():
    root = set_text(vow(), f"{TW}/Omvang/Eenheid", "14")
    set_text(root, f"{TW}/Omvang/Frequentie", "1")
    set_text(root, f"{TW}/GewensteIngangsdatum", "2020-06-01")
    set_text(root, f"{TW}/Einddatum", "2020-12-31")
    assert issues(root, "CS338") == []
