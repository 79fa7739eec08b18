"""The engine: one requested product of a VOT, its region's rule set, one decision record."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from app.decisions.beslissing import DEFAULT_RULE, Beslissing, Figures, Outcome
from app.decisions.context import (
    DecisionContext,
    EerdereToekenning,
    Vooroverleg,
    VooroverlegKind,
)
from app.decisions.period import last_day
from app.decisions.ruleset import Rule, RuleSet
from app.ijw.omvang import MINUTES_PER_UNIT, TOTAAL, days_in, total_minutes, total_units
from app.ijw.views import AangevraagdProduct

SESSION_EENHEDEN = frozenset({"82", "84"})
"""Eenheden counted as sessions, one piece a session: Stuks output (82) and inspanning (84)."""

VOT_VOOROVERLEG = frozenset({VooroverlegKind.INITIEEL})
"""Vooroverleg kinds that cover a VOT; agreed extensions are for a VOW or the gemeente's own 301."""


@dataclass(frozen=True, slots=True)
class _Measure:
    """The request's volume and period, as the limits need them."""

    start: date
    end: date | None
    unit: str | None  # "minutes", "sessions" or None when the Eenheid is neither
    total: int | None  # in `unit`; None when there is no finite total
    period_days: int | None

    def figures(self) -> Figures:
        return Figures(
            minutes=self.total if self.unit == "minutes" else None,
            sessions=self.total if self.unit == "sessions" else None,
            period_days=self.period_days,
            open_end=self.end is None,
        )


@dataclass(slots=True)
class _Finding:
    """What one rule concluded, before the referral rules have their say."""

    rule: str
    outcome: Outcome
    figures: Figures
    reasons: list[str] = field(default_factory=list)


def decide(
    rule_set: RuleSet | None,
    request: AangevraagdProduct,
    context: DecisionContext,
    *,
    default: Outcome = Outcome.ONDERZOEK,
) -> Beslissing:
    """Decide on one requested product of a VOT; `default` applies when no rule set is given."""
    measure = measure_of(request)
    if rule_set is None:
        reason = f"gemeente {context.gemeente} is in no rule set: default outcome {default}"
        return Beslissing(None, DEFAULT_RULE, default, measure.figures(), (reason,), context.today)
    rule = matching_rule(rule_set, request)
    finding = (
        _unmatched(rule_set, request, measure)
        if rule is None
        else _apply(rule, request, measure, context)
    )
    fired, referral_reasons, figures = _referral(rule_set, request, context, finding.figures)
    if fired is not None:
        rule_id, outcome = fired, Outcome.ONDERZOEK
        reasons = [*referral_reasons, *(f"otherwise: {reason}" for reason in finding.reasons)]
    else:
        rule_id, outcome = finding.rule, finding.outcome
        reasons = [*finding.reasons, *referral_reasons]
    return Beslissing(rule_set.name, rule_id, outcome, figures, tuple(reasons), context.today)


def measure_of(request: AangevraagdProduct) -> _Measure:
    """The request's period and its total volume in minutes or sessions, where it has one."""
    start, end = request.toewijzing_ingangsdatum, request.toewijzing_einddatum
    omvang = request.omvang
    period_days = days_in(start, end) if end is not None else None
    if omvang is None:
        return _Measure(start, end, None, None, period_days)
    if omvang.eenheid in MINUTES_PER_UNIT:
        unit = "minutes"
    elif omvang.eenheid in SESSION_EENHEDEN:
        unit = "sessions"
    else:
        return _Measure(start, end, None, None, period_days)
    if end is None and omvang.frequentie != TOTAAL:
        return _Measure(start, end, unit, None, period_days)  # a rate without end: no total
    if unit == "minutes":
        total = total_minutes(omvang, start, end)
    else:
        total = total_units(omvang, start, end)
    return _Measure(start, end, unit, total, period_days)


def matching_rule(rule_set: RuleSet, request: AangevraagdProduct) -> Rule | None:
    """The rule of the set that covers the requested product and referrer, if any."""
    if request.product is None:
        return None
    product, verwijzer_type = request.product, request.verwijzer.type
    for rule in rule_set.rules:
        if rule.matches(product.categorie, product.code, verwijzer_type):
            return rule
    return None


def _unmatched(rule_set: RuleSet, request: AangevraagdProduct, measure: _Measure) -> _Finding:
    outcome, verwijzer_type = rule_set.default_outcome, request.verwijzer.type
    if request.product is None:
        what = f"a request without Product, Verwijzer type {verwijzer_type}"
    else:
        product = request.product
        what = (
            f"ProductCategorie {product.categorie}, ProductCode {product.code or '(none)'}, "
            f"Verwijzer type {verwijzer_type}"
        )
    reasons = [f"no rule of rule set {rule_set.name!r} matches {what}: default outcome {outcome}"]
    if request.product is not None:
        reasons.extend(
            f"product codes for {rule.product!r} are not configured (rule {rule.id}): "
            "the operator sets them in the rule set"
            for rule in rule_set.rules
            if not rule.productcodes and rule.fits(request.product.categorie, verwijzer_type)
        )
    return _Finding(DEFAULT_RULE, outcome, measure.figures(), reasons)


def _apply(
    rule: Rule, request: AangevraagdProduct, measure: _Measure, context: DecisionContext
) -> _Finding:
    exceeded, within = limits_of(rule, request, measure)
    figures = replace(
        measure.figures(),
        max_minutes=rule.max_minutes,
        max_sessions=rule.max_sessions,
        max_months=rule.max_months,
        last_allowed_day=(
            last_day(measure.start, rule.max_months) if rule.max_months is not None else None
        ),
    )
    label = f"{rule.product!r}"
    if not exceeded:
        reasons = [f"{rule.id} {label}: within its limits: {'; '.join(within)}"]
        return _Finding(rule.id, Outcome.TOEKENNEN, figures, reasons)
    beyond = f"{rule.exceeded} {label}: beyond its limits: {'; '.join(exceeded)}"
    if rule.vooroverleg is None:
        return _Finding(rule.exceeded, Outcome.ONDERZOEK, figures, [beyond])
    agreement, note = covering_vooroverleg(request, measure, context, VOT_VOOROVERLEG)
    if agreement is None:
        reasons = [beyond, f"{rule.vooroverleg}: {note}"]
        return _Finding(rule.exceeded, Outcome.ONDERZOEK, figures, reasons)
    figures = replace(
        figures,
        vooroverleg_max_minutes=agreement.max_minutes,
        vooroverleg_end_date=agreement.end_date,
    )
    reasons = [f"{rule.vooroverleg} {label}: {note}", f"without it: {beyond}"]
    return _Finding(rule.vooroverleg, Outcome.TOEKENNEN, figures, reasons)


def limits_of(
    rule: Rule, request: AangevraagdProduct, measure: _Measure
) -> tuple[list[str], list[str]]:
    """The limits the request exceeds, and what it was found within."""
    exceeded: list[str] = []
    within: list[str] = []
    volume = {
        unit: limit
        for unit, limit in (("minutes", rule.max_minutes), ("sessions", rule.max_sessions))
        if limit is not None
    }
    if volume:
        omvang = request.omvang
        if omvang is None:
            exceeded.append("no Omvang, so the volume limits cannot be checked")
        elif measure.unit not in volume:
            limits = " and ".join(f"{limit:,} {unit}" for unit, limit in volume.items())
            exceeded.append(f"Eenheid {omvang.eenheid} cannot be held to {limits}")
        else:
            limit = volume[measure.unit]
            if measure.total is None:
                exceeded.append(
                    f"Frequentie {omvang.frequentie} with an open Einddatum has no finite "
                    f"total, beyond {limit:,} {measure.unit}"
                )
            elif measure.total > limit:
                exceeded.append(f"{measure.total:,} {measure.unit} exceed {limit:,}")
            else:
                within.append(f"{measure.total:,} {measure.unit}, at most {limit:,}")
            within.extend(
                f"the {other_limit:,}-{other[:-1]} limit is not checked: the Omvang is in "
                f"{measure.unit} (Eenheid {omvang.eenheid})"
                for other, other_limit in volume.items()
                if other != measure.unit
            )
    if rule.max_months is not None:
        last = last_day(measure.start, rule.max_months)
        if measure.end is None:
            exceeded.append(
                f"open Einddatum: an unbounded period exceeds {rule.max_months} months "
                f"(last day {last})"
            )
        else:
            period = f"{measure.start}..{measure.end} ({measure.period_days} days)"
            if measure.end > last:
                exceeded.append(f"{period} exceeds {rule.max_months} months (last day {last})")
            else:
                within.append(f"{period}, at most {rule.max_months} months (last day {last})")
    return exceeded, within


def covering_vooroverleg(
    request: AangevraagdProduct,
    measure: _Measure,
    context: DecisionContext,
    kinds: frozenset[VooroverlegKind],
) -> tuple[Vooroverleg | None, str]:
    """A recorded agreement of one of `kinds` that covers the request, or None and why not."""
    recorded = [
        agreement
        for agreement in context.vooroverleggen
        if agreement.kind in kinds
        and agreement.gemeente == context.gemeente
        and agreement.aanbieder == context.aanbieder
        and agreement.bsn == context.bsn
        and agreement.product == request.product
    ]
    if not recorded:
        kind = " or ".join(sorted(kinds))
        return None, f"no vooroverleg ({kind}) recorded for this client, aanbieder and product"
    for agreement in recorded:
        if (
            measure.unit == "minutes"
            and measure.total is not None
            and measure.total <= agreement.max_minutes
            and measure.end is not None
            and measure.end <= agreement.end_date
        ):
            return agreement, (
                f"covered by a vooroverleg of at most {agreement.max_minutes:,} minutes "
                f"until {agreement.end_date}"
            )
    agreed = ", ".join(
        f"{agreement.max_minutes:,} minutes until {agreement.end_date}" for agreement in recorded
    )
    total = f"{measure.total:,} {measure.unit}" if measure.total is not None else "no finite total"
    end = measure.end or "an open Einddatum"
    return None, f"the request ({total}, ending {end}) goes beyond the vooroverleg ({agreed})"


def _referral(
    rule_set: RuleSet,
    request: AangevraagdProduct,
    context: DecisionContext,
    figures: Figures,
) -> tuple[str | None, list[str], Figures]:
    """The referral rule that fires (or None), its reasons, and the figures it adds."""
    referral = rule_set.referral
    if referral is None or request.verwijzer.type not in referral.verwijzer_types:
        return None, [], figures
    fired: str | None = None
    reasons: list[str] = []
    verwijzing = context.verwijzing
    if verwijzing.letter_date is None:
        reasons.append(f"{referral.expired} could not be evaluated: referral date unknown")
    else:
        last = last_day(verwijzing.letter_date, referral.valid_months)
        figures = replace(figures, referral_date=verwijzing.letter_date, referral_last_start=last)
        start = request.toewijzing_ingangsdatum
        if start > last:
            fired = referral.expired
            reasons.append(
                f"{referral.expired}: the referral of {verwijzing.letter_date} allows a start "
                f"until {last}, the requested start {start} is later: a new referral is needed"
            )
    if verwijzing.used_before is None:
        reasons.append(
            f"{referral.reused} kon niet worden beoordeeld: onbekend of deze verwijzing al eerder "
            "is ingezet"
        )
    else:
        eerder = verwijzing.eerder
        if eerder is not None:
            figures = replace(
                figures,
                earlier_grant_verzoek_id=eerder.verzoek_id,
                earlier_grant_referentie=eerder.referentie_aanbieder,
            )
        if verwijzing.used_before:
            fired = fired or referral.reused
            reasons.append(
                f"{referral.reused}: een verwijzing van dezelfde verwijzer voor deze cliënt en dit "
                f"product is al ingezet voor {_eerder(eerder)}; een verwijzing wordt eenmalig "
                "ingezet, een vervolg vraagt eerst contact met de gemeente"
            )
        elif eerder is not None:
            reasons.append(
                f"{referral.reused}: de verwijsbrief van {verwijzing.letter_date} is een nieuwe "
                f"verwijzing, niet die van {_eerder(eerder)}"
            )
    return fired, reasons, figures


def _eerder(eerder: EerdereToekenning | None) -> str:
    """The earlier grant, as a reader finds it in the werkvoorraad."""
    if eerder is None:
        return "een eerdere toekenning"
    brief = (
        f"verwijsbrief van {eerder.letter_date}"
        if eerder.letter_date is not None
        else "zonder vastgelegde verwijsbrief"
    )
    return (
        f"de eerdere toekenning van ReferentieAanbieder {eerder.referentie_aanbieder} "
        f"(verzoek {eerder.verzoek_id}, {brief})"
    )
