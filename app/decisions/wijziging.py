"""The engine for a VOW (JW317): all-or-nothing, so one decision for the whole request.

An extension of a toewijzing is judged against the rule its product matched when it was
requested: a rule with `vooroverleg` (Twente's Behandeling individueel) needs a recorded short
extension that covers the extended toewijzing; another rule grants an extension that stays
within its limits. Anything else (a NieuwProduct, a shorter period, another volume) gets the
rule set's default outcome: the regions' documents leave such changes to a gemeente worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.decisions.beslissing import DEFAULT_RULE, Beslissing, Figures, Uitkomst
from app.decisions.context import DecisionContext, VooroverlegKind
from app.decisions.engine import (
    covering_vooroverleg,
    geen_regelset,
    limits_of,
    matching_rule,
    measure_of,
)
from app.decisions.ruleset import RuleSet
from app.ijw.views import AangevraagdProduct, Omvang, Product, Verwijzer

VOW_VOOROVERLEG = frozenset({VooroverlegKind.KORTE_VERLENGING})
"""A short extension agreed with the gemeente may run as a VOW (regional-rules.md, region A)."""


@dataclass(frozen=True, slots=True)
class GewijzigdProduct:
    """One product of a VOW as it would stand after the change."""

    label: str
    product: Product | None
    ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None
    oude_einddatum: date | None = None
    verwijzer_type: str | None = None
    nieuw: bool = False

    @property
    def verlengt(self) -> bool:
        """Whether the change makes an existing toewijzing run longer."""
        if self.nieuw or self.oude_einddatum is None:
            return False
        return self.einddatum is None or self.einddatum > self.oude_einddatum


@dataclass(frozen=True, slots=True)
class _Deel:
    rule: str
    outcome: Uitkomst
    figures: Figures
    reason: str


def decide_wijziging(
    rule_set: RuleSet | None,
    producten: list[GewijzigdProduct],
    context: DecisionContext,
    *,
    default: Uitkomst = Uitkomst.ONDERZOEK,
) -> Beslissing:
    """Decide a whole VOW from its changed and new products (unchanged ones need nothing)."""
    if rule_set is None:
        return Beslissing(
            None,
            DEFAULT_RULE,
            default,
            Figures(),
            (f"geen regel van toepassing: standaarduitkomst {default}",),
            context.today,
            beheer=(geen_regelset(context.gemeente),),
        )
    delen = [_deel(rule_set, product, context) for product in producten]
    if not delen:
        reason = f"het VOW wijzigt niets: standaarduitkomst {rule_set.default_outcome}"
        delen = [_Deel(DEFAULT_RULE, rule_set.default_outcome, Figures(), reason)]
    deciding = next((deel for deel in delen if deel.outcome != Uitkomst.TOEKENNEN), delen[0])
    return Beslissing(
        rule_set.name,
        deciding.rule,
        deciding.outcome,
        deciding.figures,
        tuple(deel.reason for deel in delen),
        context.today,
    )


def _deel(rule_set: RuleSet, product: GewijzigdProduct, context: DecisionContext) -> _Deel:
    default = rule_set.default_outcome
    if not product.verlengt:
        what = "een NieuwProduct" if product.nieuw else "een wijziging die niets verlengt"
        return _Deel(
            DEFAULT_RULE,
            default,
            Figures(),
            f"{product.label}: {what}: standaarduitkomst {default}",
        )
    request = _as_request(product)
    measure = measure_of(request)
    rule = matching_rule(rule_set, request) if product.verwijzer_type else None
    if rule is None:
        return _Deel(
            DEFAULT_RULE,
            default,
            measure.figures(),
            f"{product.label}: een verlenging die geen regel dekt: standaarduitkomst {default}",
        )
    if rule.vooroverleg is not None:
        agreement, note = covering_vooroverleg(request, measure, context, VOW_VOOROVERLEG)
        if agreement is None:
            return _Deel(
                rule.exceeded,
                Uitkomst.ONDERZOEK,
                measure.figures(),
                f"{product.label}: elke verlenging van {rule.product!r} vraagt eerst contact: "
                f"{note}",
            )
        return _Deel(
            rule.vooroverleg,
            Uitkomst.TOEKENNEN,
            measure.figures(),
            f"{product.label}: verlenging van {rule.product!r} {note}",
        )
    exceeded, within = limits_of(rule, request, measure)
    if exceeded:
        return _Deel(
            rule.exceeded,
            Uitkomst.ONDERZOEK,
            measure.figures(),
            f"{product.label}: {rule.product!r} verlengd buiten de grenzen: {'; '.join(exceeded)}",
        )
    return _Deel(
        rule.id,
        Uitkomst.TOEKENNEN,
        measure.figures(),
        f"{product.label}: {rule.product!r} verlengd binnen de grenzen: {'; '.join(within)}",
    )


def _as_request(product: GewijzigdProduct) -> AangevraagdProduct:
    """The extended toewijzing in the shape the VOT rules measure."""
    return AangevraagdProduct(
        referentie_aanbieder="",
        beschikking_nummer=None,
        product=product.product,
        beschikking_ingangsdatum=None,
        toewijzing_ingangsdatum=product.ingangsdatum,
        toewijzing_einddatum=product.einddatum,
        omvang=product.omvang,
        budget=None,
        verwijzer=Verwijzer(product.verwijzer_type or "", None, None),
        raamcontract=None,
        commentaar=None,
    )
