"""The Omvang, Budget and Product rules: written once, registered where they applied before."""

from __future__ import annotations

from datetime import date

import pytest

from app.checks import intra
from app.checks.intra import productregels as pr
from app.ijw import toewijzingstatus
from app.ijw.views import NieuwProduct, Omvang, Product, TeWijzigenProduct

# Every message type's rules in registry order, as they were before the product rules were
# written once: the consolidation moves no rule and drops none.
EXPECTED_RULES = {
    "JW301": [
        "CS002", "CS139", "TR002", "TR134", "CS050", "CS318", "CD007", "TR061", "TR006",
        "CD034", "CD009", "CD005", "CD025", "CS089", "CS003", "CS003", "CD041", "CD080",
        "CD077", "CD078", "CD079", "CD075", "CD076", "CS338", "CS335", "CS336", "TR134",
        "TR101", "TR302",
    ],
    "JW315": [
        "CS002", "CS139", "TR002", "TR134", "TR101", "TR383", "TR386", "CD043", "CD079",
        "CS003", "CD041", "CD095", "CD078", "CD076", "CS343", "CD077", "CD075", "CD066",
        "CD067", "CD068",
    ],
    "JW317": [
        "CS002", "TR101", "TR352", "TR353", "TR410", "TR380", "CD079", "CS003", "CD041",
        "CD096", "CD078", "CD076", "CS338", "CD077", "CD075",
    ],
}  # fmt: skip

# Each consolidated rule function, with the code it has in each message type it applies to.
EXPECTED_CODES = {
    pr.cd041_code_needs_omvang: {"JW315": "CD041", "JW317": "CD041", "JW301": "CD041"},
    pr.cd080_cd095_cd096_omvang_needs_code: {
        "JW315": "CD095",
        "JW317": "CD096",
        "JW301": "CD080",
    },
    pr.cd077_budget_excludes_omvang: {"JW315": "CD077", "JW317": "CD077", "JW301": "CD077"},
    pr.cd078_omvang_excludes_budget: {"JW315": "CD078", "JW317": "CD078", "JW301": "CD078"},
    pr.cd079_no_budget_needs_product: {"JW315": "CD079", "JW317": "CD079", "JW301": "CD079"},
    pr.cd075_budget_needs_einddatum: {"JW315": "CD075", "JW317": "CD075", "JW301": "CD075"},
    pr.cd076_per_week_needs_einddatum: {"JW315": "CD076", "JW317": "CD076", "JW301": "CD076"},
    pr.cs338_cs343_eenheid_not_per_dag: {
        "JW315": "CS343",
        "JW317": "CS338",
        "JW301": "CS338",
    },
}


@pytest.mark.parametrize("message_type", sorted(EXPECTED_RULES))
def test_registry_order_per_message_type_is_unchanged(message_type):
    assert [r.code for r in intra.rules_for(message_type)] == EXPECTED_RULES[message_type]


def test_each_rule_is_one_function_registered_for_each_type_it_applied_to():
    registered = {regel.fout: regel for regel in pr.PRODUCTREGELS}
    assert set(registered) == set(EXPECTED_CODES)
    for fout, codes in EXPECTED_CODES.items():
        regel = registered[fout]
        assert {t: r.code for t, r in regel.rules.items()} == codes
        for message_type, code in codes.items():
            rule = regel.voor(message_type)
            assert rule.applies_to == {message_type}
            assert rule in intra.rules_for(message_type)
            assert rule.check.__name__.startswith(code.lower())
            assert rule.check.__doc__.startswith(f"{code}:")
            assert "retourcode 0001" in rule.check.__doc__
    # No other rule in the registry carries these codes for these message types.
    for message_type in ("JW301", "JW315", "JW317"):
        ours = {regel.voor(message_type) for regel in pr.PRODUCTREGELS}
        codes = {regel.voor(message_type).code for regel in pr.PRODUCTREGELS}
        others = [r for r in intra.rules_for(message_type) if r.code in codes and r not in ours]
        assert others == []


def _nieuw(**kwargs) -> NieuwProduct:
    values = {
        "product": Product("45", "45A03"),
        "gewenste_ingangsdatum": date(2026, 4, 1),
        "einddatum": date(2026, 12, 31),
        "omvang": Omvang(2, "04", "2"),
        "budget": None,
    }
    return NieuwProduct(**(values | kwargs))


def test_the_rule_functions_judge_one_product():
    assert pr.cd041_code_needs_omvang(_nieuw(omvang=None))
    assert not pr.cd041_code_needs_omvang(_nieuw())
    assert pr.cd080_cd095_cd096_omvang_needs_code(_nieuw(product=Product("45", None)))
    assert pr.cd080_cd095_cd096_omvang_needs_code(_nieuw(product=None, einddatum=None))
    # Ending in 2020 or before, a toewijzing is not bound by the rules of 2021.
    assert not pr.cd080_cd095_cd096_omvang_needs_code(
        _nieuw(product=None, einddatum=date(2020, 12, 31))
    )
    assert pr.cd077_budget_excludes_omvang(_nieuw(budget=100))
    assert pr.cd078_omvang_excludes_budget(_nieuw(budget=100))
    assert not pr.cd077_budget_excludes_omvang(_nieuw())
    assert pr.cd079_no_budget_needs_product(_nieuw(product=None))
    assert not pr.cd079_no_budget_needs_product(_nieuw(product=None, budget=100))
    assert pr.cd075_budget_needs_einddatum(_nieuw(omvang=None, budget=100, einddatum=None))
    assert pr.cd076_per_week_needs_einddatum(_nieuw(einddatum=None))
    assert not pr.cd076_per_week_needs_einddatum(
        _nieuw(einddatum=None, omvang=Omvang(1, "04", "4"))
    )
    assert pr.cs338_cs343_eenheid_not_per_dag(_nieuw(omvang=Omvang(1, "14", "1")))
    assert not pr.cs338_cs343_eenheid_not_per_dag(_nieuw(omvang=Omvang(1, "14", "4")))
    assert not pr.cs338_cs343_eenheid_not_per_dag(
        _nieuw(omvang=Omvang(1, "14", "1"), einddatum=date(2020, 6, 30))
    )


def test_vow_message_names_the_class_of_the_product():
    te_wijzigen = TeWijzigenProduct(1, date(2026, 4, 1), None, None, 100)
    assert pr.klasse(te_wijzigen) == "TeWijzigenProduct"
    assert pr.klasse(_nieuw()) == "NieuwProduct"


def test_toewijzingstatus_facts():
    april, mei = date(2026, 4, 1), date(2026, 5, 1)
    assert toewijzingstatus.verwijderd("13", april, april)
    assert toewijzingstatus.verwijderd("01", april, april)
    assert not toewijzingstatus.verwijderd("13", april, mei)
    assert not toewijzingstatus.verwijderd("13", april, None)
    assert not toewijzingstatus.verwijderd("14", april, april)
    assert not toewijzingstatus.actueel("13", april, april, date(2026, 3, 1))
    assert toewijzingstatus.actueel(None, april, mei, mei)
    assert not toewijzingstatus.actueel(None, april, mei, date(2026, 5, 2))
    assert toewijzingstatus.actueel(None, april, None, date(2030, 1, 1))
    assert toewijzingstatus.actueel(None, mei, mei, april)  # a future start is current
    assert toewijzingstatus.na_2020(None) and toewijzingstatus.na_2020(date(2021, 1, 1))
    assert not toewijzingstatus.na_2020(toewijzingstatus.EINDE_2020)
