"""Start rules (JW305, controleniveau 3, class StartProduct): 9063, 9071, 9074 and 9326.

A deletion (status 3) is judged only on 9063, and on 9071 once the start it deletes exists.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.checks.bericht import Bericht
from app.checks.cross.context import Context
from app.checks.cross.regie import nieuwe_starts, opgeslagen, verwijderingen
from app.checks.cross.rule import Bevinding, CrossRule, cross_rule


@cross_rule("TR063", "9063", "JW305")
def tr063_deleted_start_exists(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR063: a start to delete (status 3) was delivered and not deleted; retourcode 9063."""
    stand = opgeslagen(bericht, ctx)
    for product in verwijderingen(bericht):
        if not stand.heeft_start(product):
            yield product.element, "There is no delivered start with this key to delete"


@cross_rule("TR071", "9071", "JW305")
def tr071_no_delete_of_stopped_start(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR071: a start with a stop cannot be deleted; retourcode 9071."""
    # Only stored stops count: a 305 cannot delete a stop, so it must be deleted first by a 307.
    stand = opgeslagen(bericht, ctx)
    for product in verwijderingen(bericht):
        if stand.heeft_start(product) and stand.gestopt(product):
            yield product.element, "This start has a stop: delete the stop first"


@cross_rule("TR074", "9074", "JW305")
def tr074_start_not_received_before(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR074: a new start's key was not received before; retourcode 9074."""
    for nieuw in nieuwe_starts(bericht, ctx):
        if nieuw.bekend:
            yield nieuw.product.element, "A start with this key was already received"


@cross_rule("TR326", "9326", "JW305")
def tr326_no_current_start(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR326: a new start finds no unstopped start of its toegewezen product; retourcode 9326."""
    for nieuw in nieuwe_starts(bericht, ctx):
        if nieuw.bekend:
            continue  # a resend of the very same start is a duplicate (9074), not a second start
        if nieuw.lopend:
            yield (
                nieuw.product.element,
                "A start of this toegewezen product is still current: send a stop first",
            )


RULES: tuple[CrossRule, ...] = (
    tr063_deleted_start_exists,
    tr071_no_delete_of_stopped_start,
    tr074_start_not_received_before,
    tr326_no_current_start,
)
