"""Header rules for JW315, JW317, JW305 and JW307: 9056, 8848 and S300 (ijw-domain.md §5).

A fault here makes the retour header-only (§4.3), so `run` evaluates these before the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from app.checks.bericht import Bericht
from app.checks.cross.context import Context
from app.checks.cross.rule import Bevinding, CrossRule, cross_rule

_INKOMEND = ("JW315", "JW317", "JW305", "JW307")


@cross_rule("TR056", "9056", *_INKOMEND)
def tr056_identificatie_unique(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR056: the sender has not used this Identificatie for this BerichtCode; retourcode 9056."""
    header = bericht.header
    if ctx.state.identificatie_bekend(header.afzender, header.berichtcode, header.identificatie):
        yield (
            header.element,
            f"Identificatie {header.identificatie} was already used by this sender"
            f" for BerichtCode {header.berichtcode}",
        )


@cross_rule("TR135", "8848", *_INKOMEND)
def tr135_dagtekening_not_after_today(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR135: the Dagtekening is not after our system date; retourcode 8848."""
    header = bericht.header
    if header.dagtekening > ctx.today:
        yield header.element, f"Dagtekening {header.dagtekening} is after {ctx.today}"


def _peildata(bericht: Bericht, ctx: Context) -> Iterator[date]:
    """Dates the Ontvanger may be valid on: the Dagtekening and each product's start."""
    yield bericht.header.dagtekening
    name = bericht.type.name
    client = bericht.view.client
    if name == "JW315":
        yield from (p.toewijzing_ingangsdatum for p in client.producten)
    elif name == "JW317":
        verzoek = client.verzoek
        yield from (p.gewenste_ingangsdatum for p in (*verzoek.te_wijzigen, *verzoek.nieuw))
        # A change concerns a toewijzing that began on its own Ingangsdatum, perhaps pre-merger.
        for p in (*verzoek.ongewijzigd, *verzoek.te_wijzigen):
            toewijzing = ctx.state.toewijzing(bericht.header.ontvanger, p.toewijzing_nummer)
            if toewijzing is not None:
                yield toewijzing.ingangsdatum
    else:
        for p in client.producten:
            yield p.begindatum
            # TR378 names the ToewijzingIngangsdatum; a start or stop may carry it.
            if p.toewijzing_ingangsdatum is not None:
                yield p.toewijzing_ingangsdatum


@cross_rule("TR378", "S300", *_INKOMEND)
def tr378_ontvanger_is_gemeente(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR378: the Ontvanger is a CBS gemeentecode on a reference date; retourcode S300."""
    # An old code stays valid for care that began before a herindeling, so any one date suffices.
    header = bericht.header
    if not any(ctx.gemeenten.geldig_op(header.ontvanger, d) for d in _peildata(bericht, ctx)):
        yield (
            header.element,
            f"Ontvanger {header.ontvanger} is no CBS gemeentecode on the Dagtekening"
            " or on any product's start date",
        )


RULES: tuple[CrossRule, ...] = (
    tr056_identificatie_unique,
    tr135_dagtekening_not_after_today,
    tr378_ontvanger_is_gemeente,
)
