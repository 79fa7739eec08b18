"""The standard toewijzing a rule set grants without onderzoek, to prefill a direct grant.

Seed 002 version B: the toegang grants 54001 with 4,680 minutes and 54002/54003 with 7,020
minutes over 12 months itself; those figures are the rule set's limits for rules B1 and B2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.decisions.period import last_day
from app.decisions.ruleset import RuleSet
from app.ijw.views import Omvang, Product

MINUUT, TOTAAL = "01", "6"
"""WJ756 Eenheid 01 (minuut) and WMO757 Frequentie 6 (totaal binnen geldigheidsduur)."""


@dataclass(frozen=True, slots=True)
class Standaard:
    """One product code with the minutes and months its rule grants without onderzoek."""

    regel: str
    omschrijving: str
    product: Product
    minuten: int
    maanden: int

    def omvang(self) -> Omvang:
        """The total volume in minutes over the whole period."""
        return Omvang(self.minuten, MINUUT, TOTAAL)

    def einddatum(self, ingangsdatum: date) -> date:
        """The last day of the standard period from the Ingangsdatum."""
        return last_day(ingangsdatum, self.maanden)


def standaarden(rule_set: RuleSet | None) -> list[Standaard]:
    """The standards of a rule set: rules in minutes and months for one category's codes."""
    if rule_set is None:
        return []
    return [
        Standaard(rule.id, rule.product, Product(rule.categorieen[0], code), minuten, maanden)
        for rule in rule_set.rules
        if (minuten := rule.max_minutes) is not None
        and (maanden := rule.max_months) is not None
        and len(rule.categorieen) == 1
        for code in rule.productcodes
    ]
