"""The engine: one requested product of a VOT, its region's rule set, one decision record."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from app.decisions.beslissing import DEFAULT_RULE, Beslissing, Figures, Uitkomst
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
    outcome: Uitkomst
    figures: Figures
    reasons: list[str] = field(default_factory=list)
    beheer: list[str] = field(default_factory=list)


def decide(
    rule_set: RuleSet | None,
    request: AangevraagdProduct,
    context: DecisionContext,
    *,
    default: Uitkomst = Uitkomst.ONDERZOEK,
) -> Beslissing:
    """Decide on one requested product of a VOT; `default` applies when no rule set is given."""
    measure = measure_of(request)
    if rule_set is None:
        return Beslissing(
            None,
            DEFAULT_RULE,
            default,
            measure.figures(),
            (f"geen regel van toepassing: standaarduitkomst {default}",),
            context.today,
            beheer=(geen_regelset(context.gemeente),),
        )
    rule = matching_rule(rule_set, request)
    finding = (
        _unmatched(rule_set, request, measure)
        if rule is None
        else _apply(rule, request, measure, context)
    )
    fired, referral, figures = _referral(rule_set, request, context, finding.figures)
    if fired is not None:
        rule_id, outcome = fired, Uitkomst.ONDERZOEK
        reasons = [*referral.reasons, *(f"anders: {reason}" for reason in finding.reasons)]
    else:
        rule_id, outcome = finding.rule, finding.outcome
        reasons = [*finding.reasons, *referral.reasons]
    return Beslissing(
        rule_set.name,
        rule_id,
        outcome,
        figures,
        tuple(reasons),
        context.today,
        beheer=(*finding.beheer, *referral.beheer),
    )


def geen_regelset(gemeente: str) -> str:
    """The gemeente's own explanation of a decision without a rule set."""
    return f"gemeente {gemeente} valt onder geen regelset: de uitkomst is IJW_ZONDER_REGELSET"


def getal(value: int) -> str:
    """A number as Dutch writes it: 6.000."""
    return f"{value:,}".replace(",", ".")


EENHEID = {"minutes": "minuten", "sessions": "sessies"}
"""The measure's units as the explanations name them."""


def _hoeveel(value: int, unit: str | None) -> str:
    return f"{getal(value)} {EENHEID.get(unit or '', unit)}"


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
        what = f"een verzoek zonder Product, Verwijzer type {verwijzer_type}"
    else:
        product = request.product
        what = (
            f"ProductCategorie {product.categorie}, ProductCode {product.code or '(geen)'}, "
            f"Verwijzer type {verwijzer_type}"
        )
    reasons = [
        f"geen regel van regelset {rule_set.name!r} past bij {what}: standaarduitkomst {outcome}"
    ]
    beheer: list[str] = []
    if request.product is not None:
        beheer.extend(
            f"productcodes voor {rule.product!r} zijn niet ingesteld (regel {rule.id}): "
            "de beheerder vult ze aan in de regelset"
            for rule in rule_set.rules
            if not rule.productcodes and rule.fits(request.product.categorie, verwijzer_type)
        )
    return _Finding(DEFAULT_RULE, outcome, measure.figures(), reasons, beheer)


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
        reasons = [f"{rule.id} {label}: binnen de grenzen: {'; '.join(within)}"]
        return _Finding(rule.id, Uitkomst.TOEKENNEN, figures, reasons)
    beyond = f"{rule.exceeded} {label}: buiten de grenzen: {'; '.join(exceeded)}"
    if rule.vooroverleg is None:
        return _Finding(rule.exceeded, Uitkomst.ONDERZOEK, figures, [beyond])
    agreement, note = covering_vooroverleg(request, measure, context, VOT_VOOROVERLEG)
    if agreement is None:
        reasons = [beyond, f"{rule.vooroverleg}: {note}"]
        return _Finding(rule.exceeded, Uitkomst.ONDERZOEK, figures, reasons)
    figures = replace(
        figures,
        vooroverleg_max_minutes=agreement.max_minutes,
        vooroverleg_end_date=agreement.end_date,
    )
    reasons = [f"{rule.vooroverleg} {label}: {note}", f"zonder vooroverleg: {beyond}"]
    return _Finding(rule.vooroverleg, Uitkomst.TOEKENNEN, figures, reasons)


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
            exceeded.append("geen Omvang, dus de volumegrenzen zijn niet te toetsen")
        elif measure.unit not in volume:
            limits = " en ".join(_hoeveel(limit, unit) for unit, limit in volume.items())
            exceeded.append(f"Eenheid {omvang.eenheid} is niet te toetsen aan {limits}")
        else:
            limit = volume[measure.unit]
            if measure.total is None:
                exceeded.append(
                    f"Frequentie {omvang.frequentie} met een open Einddatum heeft geen eindig "
                    f"totaal, boven {_hoeveel(limit, measure.unit)}"
                )
            elif measure.total > limit:
                exceeded.append(
                    f"{_hoeveel(measure.total, measure.unit)} overschrijdt {getal(limit)}"
                )
            else:
                within.append(
                    f"{_hoeveel(measure.total, measure.unit)}, ten hoogste {getal(limit)}"
                )
            within.extend(
                f"de grens van {_hoeveel(other_limit, other)} is niet getoetst: de Omvang is in "
                f"{EENHEID[measure.unit]} (Eenheid {omvang.eenheid})"
                for other, other_limit in volume.items()
                if other != measure.unit
            )
    if rule.max_months is not None:
        last = last_day(measure.start, rule.max_months)
        if measure.end is None:
            exceeded.append(
                f"open Einddatum: een onbegrensde periode overschrijdt {rule.max_months} "
                f"maanden (laatste dag {last})"
            )
        else:
            period = f"{measure.start}..{measure.end} ({measure.period_days} dagen)"
            if measure.end > last:
                exceeded.append(
                    f"{period} overschrijdt {rule.max_months} maanden (laatste dag {last})"
                )
            else:
                within.append(
                    f"{period}, ten hoogste {rule.max_months} maanden (laatste dag {last})"
                )
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
        kind = " of ".join(sorted(kinds))
        return None, f"geen vooroverleg ({kind}) vastgelegd voor deze cliënt, aanbieder en product"
    for agreement in recorded:
        if (
            measure.unit == "minutes"
            and measure.total is not None
            and measure.total <= agreement.max_minutes
            and measure.end is not None
            and measure.end <= agreement.end_date
        ):
            return agreement, (
                f"gedekt door een vooroverleg van ten hoogste "
                f"{getal(agreement.max_minutes)} minuten tot en met {agreement.end_date}"
            )
    agreed = ", ".join(
        f"{getal(agreement.max_minutes)} minuten tot en met {agreement.end_date}"
        for agreement in recorded
    )
    total = (
        _hoeveel(measure.total, measure.unit) if measure.total is not None else "geen eindig totaal"
    )
    end = f"eindigend {measure.end}" if measure.end else "met een open Einddatum"
    return None, f"het verzoek ({total}, {end}) gaat verder dan het vooroverleg ({agreed})"


@dataclass(slots=True)
class _Verwijsregels:
    """What the referral rules say: reasons for everyone, and what the gemeente must record."""

    reasons: list[str] = field(default_factory=list)
    beheer: list[str] = field(default_factory=list)


def _referral(
    rule_set: RuleSet,
    request: AangevraagdProduct,
    context: DecisionContext,
    figures: Figures,
) -> tuple[str | None, _Verwijsregels, Figures]:
    """The referral rule that fires (or None), what it says, and the figures it adds."""
    referral = rule_set.referral
    found = _Verwijsregels()
    if referral is None or request.verwijzer.type not in referral.verwijzer_types:
        return None, found, figures
    fired: str | None = None
    verwijzing = context.verwijzing
    if verwijzing.letter_date is None:
        found.beheer.append(
            f"{referral.expired} niet getoetst: de verwijsdatum is onbekend (PUT /verwijzingen)"
        )
    else:
        last = last_day(verwijzing.letter_date, referral.valid_months)
        figures = replace(figures, referral_date=verwijzing.letter_date, referral_last_start=last)
        start = request.toewijzing_ingangsdatum
        if start > last:
            fired = referral.expired
            found.reasons.append(
                f"{referral.expired}: de verwijzing van {verwijzing.letter_date} staat een start "
                f"toe tot en met {last}, de gevraagde start {start} is later: een nieuwe "
                "verwijzing is nodig"
            )
    if verwijzing.used_before is None:
        found.beheer.append(
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
            found.reasons.append(
                f"{referral.reused}: een verwijzing van dezelfde verwijzer voor deze cliënt en dit "
                f"product is al ingezet voor {_eerder(eerder)}; een verwijzing wordt eenmalig "
                "ingezet, een vervolg vraagt eerst contact met de gemeente"
            )
        elif eerder is not None:
            found.reasons.append(
                f"{referral.reused}: de verwijsbrief van {verwijzing.letter_date} is een nieuwe "
                f"verwijzing, niet die van {_eerder(eerder)}"
            )
    return fired, found, figures


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
