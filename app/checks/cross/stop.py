"""Stop rules (JW307, controleniveau 3, class StopProduct): 9069, 9063, 9074 and 9413–9415.

A deletion (status 3) is judged only on 9063. The sequence rules 9413–9415 compare a new stop
with the other stops of the same start; a resend of an identical stop is left to 9074.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.checks.bericht import Bericht
from app.checks.cross.context import Context
from app.checks.cross.regie import nieuwe_stops, opgeslagen, verwijderingen
from app.checks.cross.rule import Bevinding, CrossRule, cross_rule
from app.checks.cross.state import REDEN_TIJDELIJK


@cross_rule("TR382", "9069", "JW307")
def tr382_stop_ends_latest_start(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR382: a new stop ends a delivered start, the latest of its product; retourcode 9069."""
    for nieuw in nieuwe_stops(bericht, ctx):
        if not nieuw.start_bekend:
            yield nieuw.product.element, "There is no delivered start with this key to stop"
            continue
        laatste = nieuw.laatste_begin
        if nieuw.product.begindatum != laatste:
            yield (
                nieuw.product.element,
                f"This start is not the latest of its toegewezen product: that began {laatste}",
            )


@cross_rule("TR063", "9063", "JW307")
def tr063_deleted_stop_exists(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR063: a stop to delete (status 3) was delivered and not deleted; retourcode 9063."""
    stand = opgeslagen(bericht, ctx)
    for product in verwijderingen(bericht):
        if not stand.heeft_stop(product):
            yield product.element, "There is no delivered stop with this key to delete"


@cross_rule("TR074", "9074", "JW307")
def tr074_stop_not_received_before(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR074: a new stop's key was not received before; retourcode 9074."""
    for nieuw in nieuwe_stops(bericht, ctx):
        if nieuw.bekend:
            yield nieuw.product.element, "A stop with this key was already received"


@cross_rule("TR413", "9413", "JW307")
def tr413_no_second_temporary_stop(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR413: after a temporary stop of a start, a new stop of it is definitive; retourcode 9413."""
    for nieuw in nieuwe_stops(bericht, ctx):
        if nieuw.product.reden_beeindiging == REDEN_TIJDELIJK and nieuw.andere.tijdelijk:
            yield (
                nieuw.product.element,
                "This start already has a temporary stop: the next stop must be definitive",
            )


@cross_rule("TR414", "9414", "JW307")
def tr414_einddatum_not_before_earlier_stop(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR414: a new stop ends no earlier than an earlier stop of the start; retourcode 9414."""
    for nieuw in nieuwe_stops(bericht, ctx):
        laatste = nieuw.andere.laatste_einddatum
        if laatste is not None and nieuw.product.einddatum < laatste:
            yield (
                nieuw.product.element,
                f"Einddatum is before {laatste}, the Einddatum of an earlier stop of the start",
            )


@cross_rule("TR415", "9415", "JW307")
def tr415_no_stop_after_definitive(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR415: a start with a definitive stop takes no further stop; retourcode 9415."""
    for nieuw in nieuwe_stops(bericht, ctx):
        if nieuw.andere.definitief:
            yield (
                nieuw.product.element,
                "This start already has a definitive stop: send a new start before another stop",
            )


RULES: tuple[CrossRule, ...] = (
    tr382_stop_ends_latest_start,
    tr063_deleted_stop_exists,
    tr074_stop_not_received_before,
    tr413_no_second_temporary_stop,
    tr414_einddatum_not_before_earlier_stop,
    tr415_no_stop_after_definitive,
)
