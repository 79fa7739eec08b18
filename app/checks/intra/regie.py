"""Start and stop rules (JW305, JW307; controleniveau 2, retourcode 0001), ijw-domain.md §5.3/§5.4.

Read from the typed views; the Client's person rules live in `persoon`, TR101 in `sleutels`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from app.checks.bericht import Bericht
from app.checks.intra import sleutels
from app.checks.issue import Issue, violation
from app.checks.lexicaal import dagtekeninggetal, tekstgetal
from app.checks.rule import Rule, rule
from app.ijw.views import JW305, JW307, StartProduct, StopProduct, dagtekening_of

_STATUS_TOEGESTAAN = frozenset({"1", "3"})
"""StatusAanlevering 1 (eerste aanlevering) and 3 (verwijderen); 2 and 9 are forbidden."""


_BEGINDATUM, _EINDDATUM = 3, 5
"""Positions in a product's `sleutel_ruw`.

A finding names such a date by its product and name: the schema gives a product one of each,
so no sibling shares its name (and its location needs no search of the product's children).
"""


def _starts(bericht: Bericht) -> tuple[StartProduct, ...]:
    view: JW305 = bericht.view
    return view.client.producten


def _stops(bericht: Bericht) -> tuple[StopProduct, ...]:
    view: JW307 = bericht.view
    return view.client.producten


def _producten(bericht: Bericht) -> tuple[StartProduct | StopProduct, ...]:
    return bericht.view.client.producten


_BEGINDATUM_NA = "Begindatum of a StartProduct is after the Dagtekening"
_EINDDATUM_NA = "Einddatum of a StopProduct is after the Dagtekening"


# TR134 and CS058 first look for their first finding without a generator (which costs more than
# the check of a clean message), then yield their findings lazily from that product on: a bulk
# message's findings are made only as far as the issue cap reads them.


@rule("TR134", "JW305")
def tr134_begindatum_not_after_dagtekening(bericht: Bericht) -> Iterable[Issue]:
    """TR134: StartProduct/Begindatum is not after the Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at the Dagtekening and the date.
    """
    return _eerst_na_dagtekening(bericht, _starts(bericht), _BEGINDATUM, "Begindatum")


# JW307 has no TR134 on Begindatum (§5.4): TR018 with TR134 on Einddatum already implies it.
@rule("TR134", "JW307")
def tr134_einddatum_not_after_dagtekening(bericht: Bericht) -> Iterable[Issue]:
    """TR134: StopProduct/Einddatum is not after the Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at the Dagtekening and the date.
    """
    return _eerst_na_dagtekening(bericht, _stops(bericht), _EINDDATUM, "Einddatum")


def _eerst_na_dagtekening(
    bericht: Bericht, producten: tuple[StartProduct | StopProduct, ...], positie: int, naam: str
) -> Iterable[Issue]:
    """TR134's findings from the first product whose date (at `positie`) is after the Dagtekening.

    A clean message gets `()`, without a generator.
    """
    grens = dagtekeninggetal(bericht.header)
    if grens is None:  # no number: checkafter finds no date after it
        return ()
    for index, product in enumerate(producten):
        datum = tekstgetal(product.sleutel_ruw[positie])
        if datum is not None and datum > grens:
            return _na_dagtekening(bericht, producten[index:], grens, positie, naam)
    return ()


def _na_dagtekening(
    bericht: Bericht,
    producten: tuple[StartProduct | StopProduct, ...],
    grens: float,
    positie: int,
    naam: str,
) -> Iterator[Issue]:
    """TR134 at each product whose date (at `positie` in `sleutel_ruw`) is after `grens`."""
    message = _BEGINDATUM_NA if naam == "Begindatum" else _EINDDATUM_NA
    # Every finding names the one Dagtekening alike: its (frozen) issue is made once.
    bij_dagtekening: Issue | None = None
    for product in producten:
        datum = tekstgetal(product.sleutel_ruw[positie])
        if datum is not None and datum > grens:
            if bij_dagtekening is None:
                bij_dagtekening = violation("TR134", dagtekening_of(bericht.header), message)
            yield bij_dagtekening
            yield violation("TR134", product.element, message, child=naam)


@rule("TR018", "JW307")
def tr018_einddatum_not_before_begindatum(bericht: Bericht) -> Iterator[Issue]:
    """TR018: StopProduct/Einddatum is not before its Begindatum; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at both dates.
    """
    # A generator from the start: a first scan would cost a finding more than it saves a clean
    # message.
    for stop in _stops(bericht):
        teksten = stop.sleutel_ruw
        begindatum = tekstgetal(teksten[_BEGINDATUM])
        einddatum = tekstgetal(teksten[_EINDDATUM], eerste_tien=True)
        if begindatum is not None and einddatum is not None and begindatum > einddatum:
            message = "Einddatum of a StopProduct is before its Begindatum"
            yield violation("TR018", stop.element, message, child="Begindatum")
            yield violation("TR018", stop.element, message, child="Einddatum")


@rule("CS058", "JW305", "JW307")
def cs058_status_aanlevering_1_or_3(bericht: Bericht) -> Iterable[Issue]:
    """CS058: StatusAanlevering is 1 (eerste) or 3 (verwijderen); retourcode 0001."""
    producten = _producten(bericht)
    for index, product in enumerate(producten):
        if product.status_aanlevering not in _STATUS_TOEGESTAAN:
            return _cs058(producten[index:])
    return ()


def _cs058(producten: tuple[StartProduct | StopProduct, ...]) -> Iterator[Issue]:
    for product in producten:
        status = product.status_aanlevering
        if status not in _STATUS_TOEGESTAAN:
            klasse = "StartProduct" if isinstance(product, StartProduct) else "StopProduct"
            yield violation(
                "CS058",
                product.element,
                f"StatusAanlevering {status} of a {klasse} is not allowed; use 1 or 3",
                child="StatusAanlevering",
            )


_TR101_SLEUTELS = {
    message_type: (per_klasse["Client"], per_klasse[klasse])
    for message_type, klasse in (("JW305", "StartProduct"), ("JW307", "StopProduct"))
    for per_klasse in [{sleutel.klasse: sleutel for sleutel in sleutels.SLEUTELS[message_type]}]
}
"""The keys of the Client and of a StartProduct (JW305) or StopProduct (JW307)."""


def _tr101_gesleuteld(bericht: Bericht) -> Iterator[sleutels.Gesleuteld]:
    """TR101's keyed Client and products, read from the texts the view kept.

    As `sleutels.gesleuteld_in_boom` finds them: the Client keyed by its Bsn, each product by
    its key's texts as written (ToewijzingNummer as a number), among its siblings; a key with
    an empty element gives none.
    """
    root, client = bericht.root, bericht.view.client
    if len(root) != 2 or len(client.element) != 5:
        # Not the schema's one Header and one Client of five children (a tree judged without
        # its schema): the view read one Client and one container of what may be several.
        yield from sleutels.gesleuteld_in_boom(bericht)
        return
    client_sleutel, product_sleutel = _TR101_SLEUTELS[bericht.type.name]
    # The view read the Client by position: its Bsn is the first child, its text kept.
    bsn = client.bsn_ruw
    if bsn:
        yield client.element, client_sleutel, (root, client.element.tag, (bsn,))
    producten = client.producten
    if not producten:
        return
    # The products are the children of one container: their tag is read once.
    container, tag = client.container, producten[0].element.tag
    for product in producten:
        teksten = product.sleutel_ruw
        if "" in teksten:
            continue
        # The view read ToewijzingNummer as the number the key compares (an empty one is no int).
        key = (product.toewijzing_nummer, *teksten[1:])
        yield product.element, product_sleutel, (container, tag, key)


def _eenmalig(bericht: Bericht) -> bool:
    """True when the view shows that no two keyed elements of a start or stop share a group.

    With the schema's one Header and one Client of five children there is one Client and one
    container; each product's key is what `_tr101_gesleuteld` groups it by, so distinct keys are
    distinct groups. False when the view cannot tell, or two products' keys are equal.
    """
    root, client = bericht.root, bericht.view.client
    if len(root) != 2 or len(client.element) != 5:
        return False
    producten = client.producten
    return len(producten) < 2 or len(
        {(product.toewijzing_nummer, *product.sleutel_ruw[1:]) for product in producten}
    ) == len(producten)


sleutels.LEZERS.update({"JW305": _tr101_gesleuteld, "JW307": _tr101_gesleuteld})
sleutels.EENMALIG.update({"JW305": _eenmalig, "JW307": _eenmalig})


RULES: tuple[Rule, ...] = (
    sleutels.TR101["JW305"],
    sleutels.TR101["JW307"],
    tr134_begindatum_not_after_dagtekening,
    tr018_einddatum_not_before_begindatum,
    tr134_einddatum_not_after_dagtekening,
    cs058_status_aanlevering_1_or_3,
)
