"""VOW rules (JW317, controleniveau 3), ijw-domain.md §5.2.

A TeWijzigenProduct or OngewijzigdProduct is judged on content only against the current
toewijzing it names; one that names no current toewijzing of this client at this aanbieder
gets 9350/9351 and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from app.checks.bericht import Bericht
from app.checks.cross.context import Context
from app.checks.cross.partijen import partijen
from app.checks.cross.rule import Bevinding, CrossRule, cross_rule
from app.checks.cross.state import ToewijzingStand
from app.checks.overlap import Overlapindex, Soort
from app.ijw.toewijzingstatus import na_2020
from app.ijw.views import JW317, OngewijzigdProduct, Product, TeWijzigenProduct, Verzoek

_TOTAAL = "6"
"""Frequentie 6: the Volume is the total for the whole period (WMO757)."""


def _verzoek(bericht: Bericht) -> Verzoek:
    view: JW317 = bericht.view
    return view.client.verzoek


def _actueel(bericht: Bericht, ctx: Context) -> dict[int, ToewijzingStand]:
    """The current toewijzingen of this client at this aanbieder, by ToewijzingNummer."""
    wie = partijen(bericht)
    return {
        t.nummer: t
        for t in ctx.state.toewijzingen(wie.gemeente, wie.aanbieder, wie.bsn)
        if t.actueel(ctx.today)
    }


def _te_wijzigen(
    bericht: Bericht, ctx: Context
) -> Iterator[tuple[TeWijzigenProduct, ToewijzingStand]]:
    """Each TeWijzigenProduct that names a current toewijzing, with that toewijzing."""
    actueel = _actueel(bericht, ctx)
    for product in _verzoek(bericht).te_wijzigen:
        toewijzing = actueel.get(product.toewijzing_nummer)
        if toewijzing is not None:
            yield product, toewijzing


@cross_rule("TR304", "8187", "JW317")
def tr304_toewijzing_of_this_client(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR304: each referenced toewijzing belongs to this Bsn and this aanbieder; retourcode 8187."""
    wie = partijen(bericht)
    view: JW317 = bericht.view
    verzoek = view.client.verzoek
    genoemd: tuple[OngewijzigdProduct | TeWijzigenProduct, ...] = (
        *verzoek.ongewijzigd,
        *verzoek.te_wijzigen,
    )
    nummers = dict.fromkeys(p.toewijzing_nummer for p in genoemd)
    for nummer in nummers:
        toewijzing = ctx.state.toewijzing(wie.gemeente, nummer)
        if toewijzing is None:
            continue  # unknown everywhere: 9350/9351 say so
        if toewijzing.bsn != wie.bsn or toewijzing.aanbieder != wie.aanbieder:
            # Say nothing of whom it belongs to: that is not the sender's to know (OP095).
            yield (
                view.client.element,
                f"ToewijzingNummer {nummer} is not a toewijzing of this client at this aanbieder",
            )


@cross_rule("TR347", "9347", "JW317")
def tr347_jw317_referentie_aanbieder_new(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR347: the Verzoek's ReferentieAanbieder was never used before; retourcode 9347."""
    wie = partijen(bericht)
    verzoek = _verzoek(bericht)
    if ctx.state.referentie_bekend(wie.gemeente, wie.aanbieder, verzoek.referentie_aanbieder):
        yield (
            verzoek.element,
            f"ReferentieAanbieder {verzoek.referentie_aanbieder} was already used"
            " in an earlier 315 or 317",
        )


@cross_rule("TR374", "9374", "JW317")
def tr374_jw317_no_open_verzoek(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR374: no VOT or VOW of this aanbieder for this client awaits an answer; retourcode 9374."""
    wie = partijen(bericht)
    if ctx.state.open_verzoek(wie.gemeente, wie.aanbieder, wie.bsn):
        yield (
            _verzoek(bericht).element,
            "An earlier request for this client has no final answer yet",
        )


@cross_rule("TR349", "9349", "JW317")
def tr349_every_current_toewijzing_listed(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR349: every current toewijzing appears as Ongewijzigd or TeWijzigen; retourcode 9349."""
    verzoek = _verzoek(bericht)
    producten: tuple[OngewijzigdProduct | TeWijzigenProduct, ...] = (
        *verzoek.ongewijzigd,
        *verzoek.te_wijzigen,
    )
    genoemd = {p.toewijzing_nummer for p in producten}
    ontbreekt = sorted(set(_actueel(bericht, ctx)) - genoemd)
    if ontbreekt:
        nummers = ", ".join(str(n) for n in ontbreekt)
        yield verzoek.element, f"Current toewijzingen missing from the Verzoek: {nummers}"


@cross_rule("TR350", "9350", "JW317")
def tr350_ongewijzigd_is_current(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR350: an OngewijzigdProduct names a current toewijzing of this client; retourcode 9350."""
    actueel = _actueel(bericht, ctx)
    for product in _verzoek(bericht).ongewijzigd:
        if product.toewijzing_nummer not in actueel:
            yield (
                product.element,
                f"ToewijzingNummer {product.toewijzing_nummer} is no current toewijzing"
                " of this client at this aanbieder",
            )


@cross_rule("TR351", "9351", "JW317")
def tr351_te_wijzigen_is_current(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR351: a TeWijzigenProduct names a current toewijzing of this client; retourcode 9351."""
    actueel = _actueel(bericht, ctx)
    for product in _verzoek(bericht).te_wijzigen:
        if product.toewijzing_nummer not in actueel:
            yield (
                product.element,
                f"ToewijzingNummer {product.toewijzing_nummer} is no current toewijzing"
                " of this client at this aanbieder",
            )


@cross_rule("TR357", "9357", "JW317")
def tr357_past_change_covers_whole_period(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR357: a change dated up to the Dagtekening starts on the Ingangsdatum; retourcode 9357."""
    dagtekening = bericht.header.dagtekening
    for product, toewijzing in _te_wijzigen(bericht, ctx):
        gewenst = product.gewenste_ingangsdatum
        if gewenst <= dagtekening and gewenst != toewijzing.ingangsdatum:
            yield (
                product.element,
                f"GewensteIngangsdatum {gewenst} is not after the Dagtekening, so it must equal"
                f" the toewijzing's Ingangsdatum {toewijzing.ingangsdatum}",
            )


def _totaal_of_budget_wijzigt(product: TeWijzigenProduct, toewijzing: ToewijzingStand) -> bool:
    """A different Budget, or an Omvang change to or from Frequentie 6 (TR373)."""
    # An absent Budget asks no budget change: the VOW states only what it wants changed.
    if product.budget is not None and product.budget != toewijzing.budget:
        return True
    omvang = product.omvang
    if omvang is None or omvang == toewijzing.omvang:
        return False
    # Leaving a total changes it as much as setting one does.
    was_totaal = toewijzing.omvang is not None and toewijzing.omvang.frequentie == _TOTAAL
    return omvang.frequentie == _TOTAAL or was_totaal


@cross_rule("TR373", "9373", "JW317")
def tr373_total_change_from_original_start(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR373: a Budget or Frequentie-6 change starts on the Ingangsdatum; retourcode 9373."""
    for product, toewijzing in _te_wijzigen(bericht, ctx):
        if (
            _totaal_of_budget_wijzigt(product, toewijzing)
            and product.gewenste_ingangsdatum != toewijzing.ingangsdatum
        ):
            yield (
                product.element,
                "A Budget or total (Frequentie 6) change must start on the toewijzing's"
                f" Ingangsdatum {toewijzing.ingangsdatum}",
            )


@cross_rule("TR411", "9411", "JW317")
def tr411_specific_needs_omvang(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR411: a change of a toewijzing with a ProductCode has an Omvang; retourcode 9411."""
    for product, toewijzing in _te_wijzigen(bericht, ctx):
        if toewijzing.product is not None and toewijzing.product.code and product.omvang is None:
            yield product.element, "The toewijzing has a ProductCode, so Omvang is required"


def _zonder_omvang(toewijzing: ToewijzingStand) -> bool:
    return na_2020(toewijzing.einddatum)


@cross_rule("TR412", "9412", "JW317")
def tr412_aspecific_without_omvang(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR412: a TeWijzigenProduct of an aspecific toewijzing has no Omvang; retourcode 9412."""
    for product, toewijzing in _te_wijzigen(bericht, ctx):
        aspecifiek = toewijzing.product is not None and not toewijzing.product.code
        if aspecifiek and product.omvang is not None and _zonder_omvang(toewijzing):
            yield product.element, "The toewijzing has no ProductCode, so Omvang is not allowed"


@cross_rule("TR375", "9375", "JW317")
def tr375_generic_without_omvang(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR375: a TeWijzigenProduct of a generic toewijzing has no Omvang; retourcode 9375."""
    for product, toewijzing in _te_wijzigen(bericht, ctx):
        if toewijzing.product is None and product.omvang is not None and _zonder_omvang(toewijzing):
            yield product.element, "The toewijzing has no Product, so Omvang is not allowed"


def _resultaat(bericht: Bericht, ctx: Context) -> list[tuple[ToewijzingStand, date | None]]:
    """Each listed current toewijzing with the Einddatum it would have once the VOW is honoured."""
    # A TeWijzigenProduct keeps its toewijzing from the original Ingangsdatum and runs to the
    # requested Einddatum (open when absent); an OngewijzigdProduct keeps its stored period.
    actueel = _actueel(bericht, ctx)
    verzoek = _verzoek(bericht)
    uitkomst = [
        (actueel[p.toewijzing_nummer], p.einddatum)
        for p in verzoek.te_wijzigen
        if p.toewijzing_nummer in actueel
    ]
    gewijzigd = {t.nummer for t, _ in uitkomst}
    uitkomst += [
        (actueel[p.toewijzing_nummer], actueel[p.toewijzing_nummer].einddatum)
        for p in verzoek.ongewijzigd
        if p.toewijzing_nummer in actueel and p.toewijzing_nummer not in gewijzigd
    ]
    return uitkomst


@cross_rule("TR361", "9361", "JW317")
def tr361_nieuw_does_not_overlap(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR361: a NieuwProduct does not overlap the same product kept or changed; retourcode 9361."""
    nieuw = _verzoek(bericht).nieuw
    if not nieuw:
        return
    resultaat = _resultaat(bericht, ctx)
    index = Overlapindex(
        [(_soort(t.product), (t.ingangsdatum, einddatum)) for t, einddatum in resultaat]
    )
    for position in range(len(resultaat)):
        index.switch_on(position)
    for product in nieuw:
        periode = (product.gewenste_ingangsdatum, product.einddatum)
        for position in index.overlapping(_soort(product.product), periode):
            yield (
                product.element,
                f"NieuwProduct overlaps toewijzing {resultaat[position][0].nummer}"
                " of the same product",
            )


def _soort(product: Product | None) -> Soort:
    """The product as `zelfde_product` compares it."""
    return None if product is None else (product.categorie, product.code)


RULES: tuple[CrossRule, ...] = (
    tr304_toewijzing_of_this_client,
    tr347_jw317_referentie_aanbieder_new,
    tr374_jw317_no_open_verzoek,
    tr349_every_current_toewijzing_listed,
    tr350_ongewijzigd_is_current,
    tr351_te_wijzigen_is_current,
    tr357_past_change_covers_whole_period,
    tr373_total_change_from_original_start,
    tr411_specific_needs_omvang,
    tr412_aspecific_without_omvang,
    tr375_generic_without_omvang,
    tr361_nieuw_does_not_overlap,
)
