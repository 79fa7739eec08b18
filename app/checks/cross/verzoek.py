"""VOT rules (JW315, controleniveau 3): 9347 and 9374 (ijw-domain.md §5.1)."""

from __future__ import annotations

from collections.abc import Iterator

from app.checks.bericht import Bericht
from app.checks.cross.context import Context
from app.checks.cross.partijen import partijen
from app.checks.cross.rule import Bevinding, CrossRule, cross_rule
from app.ijw.views import JW315


@cross_rule("TR347", "9347", "JW315")
def tr347_referentie_aanbieder_new(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR347: an AangevraagdProduct's ReferentieAanbieder was never used before; retourcode 9347."""
    wie = partijen(bericht)
    view: JW315 = bericht.view
    for product in view.client.producten:
        referentie = product.referentie_aanbieder
        if ctx.state.referentie_bekend(wie.gemeente, wie.aanbieder, referentie):
            yield (
                product.element,
                f"ReferentieAanbieder {referentie} was already used in an earlier 315 or 317",
            )


@cross_rule("TR374", "9374", "JW315")
def tr374_jw315_no_open_verzoek(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR374: no VOT or VOW of this aanbieder for this client awaits an answer; retourcode 9374."""
    wie = partijen(bericht)
    if ctx.state.open_verzoek(wie.gemeente, wie.aanbieder, wie.bsn):
        view: JW315 = bericht.view
        yield view.client.element, "An earlier request for this client has no final answer yet"


RULES: tuple[CrossRule, ...] = (tr347_referentie_aanbieder_new, tr374_jw315_no_open_verzoek)
