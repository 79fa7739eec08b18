"""Start and stop rules (JW305, JW307; controleniveau 2, retourcode 0001), ijw-domain.md §5.3/§5.4.

Read from the typed views; the Client's person rules live in `persoon`, TR101 in `sleutels`.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.checks.bericht import Bericht
from app.checks.intra import sleutels
from app.checks.issue import Issue, violation, violations
from app.checks.lexicaal import na
from app.checks.rule import Rule, rule
from app.ijw.views import JW305, JW307, StartProduct, StopProduct, dagtekening_of

_STATUS_TOEGESTAAN = frozenset({"1", "3"})
"""StatusAanlevering 1 (eerste aanlevering) and 3 (verwijderen); 2 and 9 are forbidden."""


def _starts(bericht: Bericht) -> tuple[StartProduct, ...]:
    view: JW305 = bericht.view
    return view.client.producten


def _stops(bericht: Bericht) -> tuple[StopProduct, ...]:
    view: JW307 = bericht.view
    return view.client.producten


def _producten(bericht: Bericht) -> tuple[StartProduct | StopProduct, ...]:
    return bericht.view.client.producten


@rule("TR134", "JW305")
def tr134_begindatum_not_after_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """TR134: StartProduct/Begindatum is not after the Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at the Dagtekening and the date.
    """
    dagtekening = dagtekening_of(bericht.header)
    for start in _starts(bericht):
        begindatum = bericht.kinderen(start.element).get("Begindatum")
        if na(begindatum, dagtekening):
            yield from violations(
                "TR134",
                [dagtekening, begindatum],
                "Begindatum of a StartProduct is after the Dagtekening",
            )


# JW307 has no TR134 on Begindatum (§5.4): TR018 with TR134 on Einddatum already implies it.
@rule("TR134", "JW307")
def tr134_einddatum_not_after_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """TR134: StopProduct/Einddatum is not after the Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at the Dagtekening and the date.
    """
    dagtekening = dagtekening_of(bericht.header)
    for stop in _stops(bericht):
        einddatum = bericht.kinderen(stop.element).get("Einddatum")
        if na(einddatum, dagtekening):
            yield from violations(
                "TR134",
                [dagtekening, einddatum],
                "Einddatum of a StopProduct is after the Dagtekening",
            )


@rule("TR018", "JW307")
def tr018_einddatum_not_before_begindatum(bericht: Bericht) -> Iterator[Issue]:
    """TR018: StopProduct/Einddatum is not before its Begindatum; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at both dates.
    """
    for stop in _stops(bericht):
        kinderen = bericht.kinderen(stop.element)
        begindatum = kinderen.get("Begindatum")
        einddatum = kinderen.get("Einddatum")
        if na(begindatum, einddatum):
            yield from violations(
                "TR018",
                [begindatum, einddatum],
                "Einddatum of a StopProduct is before its Begindatum",
            )


@rule("CS058", "JW305", "JW307")
def cs058_status_aanlevering_1_or_3(bericht: Bericht) -> Iterator[Issue]:
    """CS058: StatusAanlevering is 1 (eerste) or 3 (verwijderen); retourcode 0001."""
    for product in _producten(bericht):
        status = product.status_aanlevering
        if status not in _STATUS_TOEGESTAAN:
            klasse = "StartProduct" if isinstance(product, StartProduct) else "StopProduct"
            yield violation(
                "CS058",
                product.element,
                f"StatusAanlevering {status} of a {klasse} is not allowed; use 1 or 3",
                child="StatusAanlevering",
            )


RULES: tuple[Rule, ...] = (
    sleutels.TR101["JW305"],
    sleutels.TR101["JW307"],
    tr134_begindatum_not_after_dagtekening,
    tr018_einddatum_not_before_begindatum,
    tr134_einddatum_not_after_dagtekening,
    cs058_status_aanlevering_1_or_3,
)
