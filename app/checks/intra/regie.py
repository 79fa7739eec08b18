"""Start and stop rules (JW305, JW307; controleniveau 2, retourcode 0001), ijw-domain.md §5.3/§5.4.

Read from the typed views; the Client's person rules live in `persoon`. Duplicate keys are
reported once per repeating element, at that later element.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import date
from typing import Any

from app.checks.bericht import Bericht
from app.checks.issue import Issue, step, violation, violations
from app.checks.lexicaal import na
from app.checks.rule import Rule, rule
from app.ijw.tree import kid, kids, text
from app.ijw.views import JW305, JW307, Product, StartProduct, StopProduct, dagtekening_of

_STATUS_TOEGESTAAN = frozenset({"1", "3"})
"""StatusAanlevering 1 (eerste aanlevering) and 3 (verwijderen); 2 and 9 are forbidden."""


def _repeats(items: Iterable[Any], key: Callable[[Any], Hashable]) -> Iterator[tuple[Any, Any]]:
    """(earlier, later) for every item whose key an earlier item already had."""
    first: dict[Hashable, Any] = {}
    for item in items:
        found = first.setdefault(key(item), item)
        if found is not item:
            yield found, item


def _product_key(product: Product | None) -> tuple[str | None, str | None]:
    if product is None:
        return None, None
    return product.categorie, product.code


def _start_key(start: StartProduct) -> tuple[int | None, str | None, str | None, date]:
    # ToewijzingNummer compares as a number (ijw-domain.md §10); StatusAanlevering is no key.
    return (start.toewijzing_nummer, *_product_key(start.product), start.begindatum)


def _stop_key(stop: StopProduct) -> tuple[Any, ...]:
    return (
        stop.toewijzing_nummer,
        *_product_key(stop.product),
        stop.begindatum,
        stop.reden_beeindiging,
        stop.einddatum,
    )


def _starts(bericht: Bericht) -> tuple[StartProduct, ...]:
    view: JW305 = bericht.view
    return view.client.producten


def _stops(bericht: Bericht) -> tuple[StopProduct, ...]:
    view: JW307 = bericht.view
    return view.client.producten


def _producten(bericht: Bericht) -> tuple[StartProduct | StopProduct, ...]:
    return bericht.view.client.producten


@rule("TR101", "JW305", "JW307")
def tr101_no_duplicate_keys(bericht: Bericht) -> Iterator[Issue]:
    """TR101: no duplicate Client (Bsn) or Start/StopProduct key; retourcode 0001."""
    # A schema-valid message is Header + Client: only a longer root can repeat the Client.
    clients = kids(bericht.root, "Client") if len(bericht.root) > 2 else ()
    if len(clients) > 1:
        # The XSD allows one Client, so this only fires on a tree that skipped the schema.
        for earlier, later in _repeats(clients, lambda c: text(c, "Bsn")):
            yield violation("TR101", later, f"Client repeats the Bsn of {step(earlier)}")
    producten = _producten(bericht)
    if len(producten) < 2:
        return
    if bericht.type.name == "JW305":
        key: Callable[[Any], Hashable] = _start_key
        klasse, what = "StartProduct", "ToewijzingNummer, Product and Begindatum"
    else:
        key = _stop_key
        klasse = "StopProduct"
        what = "ToewijzingNummer, Product, Begindatum, RedenBeeindiging and Einddatum"
    for earlier, later in _repeats(producten, key):
        yield violation(
            "TR101", later.element, f"{klasse} repeats the {what} of {step(earlier.element)}"
        )


@rule("TR134", "JW305")
def tr134_begindatum_not_after_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """TR134: StartProduct/Begindatum is not after the Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at the Dagtekening and the date.
    """
    dagtekening = dagtekening_of(bericht.header)
    for start in _starts(bericht):
        begindatum = kid(start.element, "Begindatum")
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
        einddatum = kid(stop.element, "Einddatum")
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
        begindatum = kid(stop.element, "Begindatum")
        einddatum = kid(stop.element, "Einddatum")
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
    tr101_no_duplicate_keys,
    tr134_begindatum_not_after_dagtekening,
    tr018_einddatum_not_before_begindatum,
    tr134_einddatum_not_after_dagtekening,
    cs058_status_aanlevering_1_or_3,
)
