"""VOT and VOW rules (JW315, JW317; controleniveau 2, retourcode 0001), ijw-domain.md §5.1/§5.2.

Read from the typed views. Locations name the element whose value breaks the rule; where a rule
demands an element that is missing, they name the class that lacks it. An overlap is reported
once per pair, at the later element. The person rules (CS002, CS139, TR002, TR134 on
Geboortedatum) live in `persoon`, TR101 in `sleutels`; the spec lists no other TR134 date for
these messages.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import update_wrapper
from typing import Any

from app.checks.bericht import Bericht
from app.checks.intra import productregels, sleutels
from app.checks.issue import Issue, _issue, step, violation, violations
from app.checks.lexicaal import datumgetal, na, tekstgetal
from app.checks.overlap import (
    PAARSGEWIJS,
    Getallen,
    Periode,
    Soort,
    overlapping_pairs,
    paarsgewijs,
)
from app.checks.rule import Check, Rule, rule
from app.ijw.tree import Element, local
from app.ijw.views import (
    JW315,
    JW317,
    AangevraagdProduct,
    NieuwProduct,
    OngewijzigdProduct,
    TeWijzigenProduct,
    dagtekening_of,
)

_VERWIJZER_MET_AGB = frozenset({"02", "03", "04", "05"})
"""Verwijzer types that carry a ZorgverlenerCode or a Naam (COD327)."""


# --- shared reasoning -------------------------------------------------------------------------


def _overlapping(
    bericht: Bericht, products: Sequence[Any], begin: str, eind: str
) -> Iterator[tuple[Any, Any]]:
    """(earlier, later) for every pair of the same product whose periods overlap.

    The periods run from the child `begin` to the child `eind` (open when absent).
    """
    if len(products) <= PAARSGEWIJS:
        # Tried pair by pair, the periods are only compared: their numbers will do.
        def getallen(product: Any) -> Getallen:
            kinderen = _kinderen(bericht, product)
            start = datumgetal(kinderen.get(begin))
            return None if start is None else (start, datumgetal(kinderen.get(eind)))

        return paarsgewijs(products, _soort, getallen)
    perioden: dict[int, Periode] = {}

    def periode(product: Any) -> Periode:
        # Read on the first call only: products of different kinds need no periods at all.
        if not perioden:
            perioden.update(
                zip(map(id, products), _perioden(bericht, products, begin, eind), strict=True)
            )
        return perioden[id(product)]

    return overlapping_pairs(products, _soort, periode)


def _perioden(bericht: Bericht, products: Sequence[Any], begin: str, eind: str) -> list[Periode]:
    """Each product's period with its dates in the order rules.xsl gives them.

    rules.xsl compares dates as the numbers of their digits (`lexicaal.datumgetal`): it reads
    -2026-06-01 as 2026-06-01 and 12026-01-01 as a day after 9999. Only their order decides an
    overlap, so each number stands here as a date of the same rank.
    """
    getallen = [
        (
            datumgetal(bericht.kinderen(p.element).get(begin)),
            datumgetal(bericht.kinderen(p.element).get(eind)),
        )
        for p in products
    ]
    gezien = sorted({getal for paar in getallen for getal in paar if getal is not None})
    rang = {getal: date.fromordinal(n) for n, getal in enumerate(gezien, start=1)}
    return [
        None if start is None else (rang[start], None if einde is None else rang[einde])
        for start, einde in getallen
    ]


def _op_of_voor(ingang: Element | None, eind: Element) -> bool:
    """True when both dates are written YYYY-MM-DD and `ingang` is not after `eind`.

    Written so, the order of the texts is the order of their numbers: `na` is false. Any
    other form (a long year, a zone, white space) is left to `na`.
    """
    if ingang is None:
        return False
    begin, einde = ingang.text, eind.text
    return (
        begin is not None
        and einde is not None
        and len(begin) == 10 == len(einde)
        and begin[4] == begin[7] == einde[4] == einde[7] == "-"
        and begin <= einde
    )


def _soort(product: AangevraagdProduct | NieuwProduct) -> Soort:
    """The product as `zelfde_product` compares it."""
    if product.product is None:
        return None
    return product.product.categorie, product.product.code


def _children(element: Element, *names: str) -> list[Element]:
    """The children a finding is named at, in document order (absent ones name nothing).

    rules.xsl names every element a check compares, as far as present: the Type with the
    ZorgverlenerCode or Naam of a Verwijzer, say.
    """
    wanted = set(names)
    return [child for child in element if isinstance(child.tag, str) and local(child) in wanted]


# --- JW315 -----------------------------------------------------------------------------------


def _aangevraagd(bericht: Bericht) -> tuple[AangevraagdProduct, ...]:
    view: JW315 = bericht.view
    return view.client.producten


_PRODUCTREGELS_315 = frozenset(regel.voor("JW315").code for regel in productregels.PRODUCTREGELS)


def _verdacht315(bericht: Bericht) -> set[str]:
    """The codes of the JW315 rules the screen cannot rule out (most often none).

    It screens CD043, CS003, CD066-CD068 and the product rules; it may name one that then
    finds nothing.
    """
    verdacht: set[str] = set()
    for product in _aangevraagd(bericht):
        if (product.beschikking_nummer is None) != (product.beschikking_ingangsdatum is None):
            verdacht.add("CD043")
        verwijzer = product.verwijzer
        if verwijzer.type in _VERWIJZER_MET_AGB:
            if verwijzer.zorgverlener_code:
                if verwijzer.naam:
                    verdacht.add("CD066")
            elif not verwijzer.naam:
                verdacht.add("CD067")
        elif verwijzer.zorgverlener_code:
            verdacht.add("CD068")
        if product.toewijzing_einddatum is not None and not product.op_volgorde:
            verdacht.add("CS003")
        if not productregels.schoon(product):
            verdacht |= _PRODUCTREGELS_315
    return verdacht


def _na_scherm(code: str) -> Callable[[Check], Check]:
    """Run a JW315 check only when the screen names its rule."""

    def screened(vind: Check) -> Check:
        def check(bericht: Bericht) -> Iterable[Issue]:
            if code in bericht.shared(productregels.SCHERM, _verdacht315):
                return vind(bericht)
            return ()

        return update_wrapper(check, vind)

    return screened


productregels.SCHERMEN["JW315"] = _verdacht315


@rule("TR383", "JW315")
def tr383_referentie_aanbieder_unique(bericht: Bericht) -> Iterator[Issue]:
    """TR383: each AangevraagdProduct has its own ReferentieAanbieder; retourcode 0001."""
    # rules.xsl reports a repeated ReferentieAanbieder twice: as TR101 (key duplicate) and TR383.
    # Its TR383 is one finding per pair, made at the later product and naming the earlier one's
    # ReferentieAanbieder; it trims the later value (normalize-space), not the earlier one.
    producten = _aangevraagd(bericht)
    # A finding needs two products whose values are equal once normalised: usually none are.
    if len({" ".join(p.referentie_aanbieder.split()) for p in producten}) == len(producten):
        return
    eerder: dict[str, list[Element]] = {}
    for product in producten:
        element = bericht.kinderen(product.element).get("ReferentieAanbieder")
        if element is None:
            continue
        for gelijk in eerder.get(" ".join((element.text or "").split()), ()):
            yield violation(
                "TR383",
                gelijk,
                f"ReferentieAanbieder is repeated by {step(product.element)}",
            )
        eerder.setdefault(element.text or "", []).append(element)


@rule("TR386", "JW315")
def tr386_aangevraagde_producten_do_not_overlap(bericht: Bericht) -> Iterable[Issue]:
    """TR386: no two AangevraagdProducts of the same product overlap in time; retourcode 0001."""
    producten = _aangevraagd(bericht)
    if len(producten) < 2 or _elk_een_ander_product(producten):
        return ()
    return _tr386(bericht, producten)


def _elk_een_ander_product(producten: Sequence[AangevraagdProduct]) -> bool:
    """True when each product names a Code, and no two the same Categorie and Code.

    Then no two are the same product (`zelfde_product`): no periods need reading.
    """
    soorten = set()
    for product in producten:
        soort = product.product
        if soort is None or soort.code is None:
            return False
        soorten.add((soort.categorie, soort.code))
    return len(soorten) == len(producten)


def _tr386(bericht: Bericht, producten: Sequence[AangevraagdProduct]) -> Iterator[Issue]:
    """TR386's findings: one per overlapping pair of the same product."""
    for earlier, later in _overlapping(
        bericht, producten, "ToewijzingIngangsdatum", "ToewijzingEinddatum"
    ):
        # As rules.xsl: one finding per pair, named at both products.
        yield from violations(
            "TR386",
            [earlier.element, later.element],
            f"{step(later.element)} overlaps {step(earlier.element)} for the same product",
        )


@rule("CS003", "JW315")
@_na_scherm("CS003")
def cs003_toewijzing_einddatum_not_before_ingangsdatum(bericht: Bericht) -> Iterator[Issue]:
    """CS003: ToewijzingEinddatum is not before ToewijzingIngangsdatum; retourcode 0001."""
    for product in _aangevraagd(bericht):
        # No ToewijzingEinddatum: nothing to compare; dates in order as read: no finding.
        if product.toewijzing_einddatum is None or product.op_volgorde:
            continue
        kinderen = _kinderen(bericht, product)
        ingang = kinderen.get("ToewijzingIngangsdatum")
        eind = kinderen.get("ToewijzingEinddatum")
        # rules.xsl's checkafter: the dates as numbers, the Einddatum cut to ten characters.
        if eind is not None and not _op_of_voor(ingang, eind) and na(ingang, eind):
            yield from violations(
                "CS003",
                [ingang, eind],
                "ToewijzingEinddatum is before ToewijzingIngangsdatum",
            )


@rule("CD043", "JW315")
@_na_scherm("CD043")
def cd043_beschikking_nummer_with_ingangsdatum(bericht: Bericht) -> Iterator[Issue]:
    """CD043: BeschikkingNummer and BeschikkingIngangsdatum come together; retourcode 0001."""
    for product in _aangevraagd(bericht):
        nummer = product.beschikking_nummer is not None
        if nummer != (product.beschikking_ingangsdatum is not None):
            # Points at the one that is present: the class may keep it only with its partner.
            if nummer:
                child, message = (
                    "BeschikkingNummer",
                    "BeschikkingNummer without BeschikkingIngangsdatum",
                )
            else:
                child, message = (
                    "BeschikkingIngangsdatum",
                    "BeschikkingIngangsdatum without BeschikkingNummer",
                )
            yield violation("CD043", product.element, message, child=child)


@rule("CD066", "JW315")
@_na_scherm("CD066")
def cd066_verwijzer_code_excludes_naam(bericht: Bericht) -> Iterator[Issue]:
    """CD066: a Verwijzer of type 02-05 with a ZorgverlenerCode has no Naam; retourcode 0001."""
    for product in _aangevraagd(bericht):
        verwijzer = product.verwijzer
        if verwijzer.type in _VERWIJZER_MET_AGB and verwijzer.zorgverlener_code and verwijzer.naam:
            yield from violations(
                "CD066",
                _children(verwijzer.element, "Type", "Naam", "ZorgverlenerCode"),
                f"Verwijzer of Type {verwijzer.type} with a ZorgverlenerCode must not have a Naam",
            )


@rule("CD067", "JW315")
@_na_scherm("CD067")
def cd067_verwijzer_without_code_needs_naam(bericht: Bericht) -> Iterator[Issue]:
    """CD067: a Verwijzer of type 02-05 without a ZorgverlenerCode has a Naam; retourcode 0001."""
    for product in _aangevraagd(bericht):
        verwijzer = product.verwijzer
        if (
            verwijzer.type in _VERWIJZER_MET_AGB
            and not verwijzer.zorgverlener_code
            and not verwijzer.naam
        ):
            yield from violations(
                "CD067",
                _children(verwijzer.element, "Type", "Naam", "ZorgverlenerCode"),
                f"Verwijzer of Type {verwijzer.type} needs a ZorgverlenerCode or a Naam",
            )


@rule("CD068", "JW315")
@_na_scherm("CD068")
def cd068_verwijzer_other_type_without_code(bericht: Bericht) -> Iterator[Issue]:
    """CD068: a Verwijzer of a type other than 02-05 has no ZorgverlenerCode; retourcode 0001."""
    for product in _aangevraagd(bericht):
        verwijzer = product.verwijzer
        if verwijzer.type not in _VERWIJZER_MET_AGB and verwijzer.zorgverlener_code:
            yield from violations(
                "CD068",
                _children(verwijzer.element, "Type", "ZorgverlenerCode"),
                f"Verwijzer of Type {verwijzer.type} must not have a ZorgverlenerCode",
            )


# --- JW317 -----------------------------------------------------------------------------------


def _view317(bericht: Bericht) -> JW317:
    return bericht.view


def _te_wijzigen_en_nieuw(bericht: Bericht) -> tuple[TeWijzigenProduct | NieuwProduct, ...]:
    verzoek = _view317(bericht).client.verzoek
    return verzoek.te_wijzigen + verzoek.nieuw


def _class(product: TeWijzigenProduct | NieuwProduct) -> str:
    return "NieuwProduct" if isinstance(product, NieuwProduct) else "TeWijzigenProduct"


@rule("TR352", "JW317")
def tr352_verzoek_lists_current_toewijzing(bericht: Bericht) -> Iterator[Issue]:
    """TR352: a Verzoek has an OngewijzigdProduct or TeWijzigenProduct; retourcode 0001."""
    verzoek = _view317(bericht).client.verzoek
    if not verzoek.ongewijzigd and not verzoek.te_wijzigen:
        yield violation(
            "TR352", verzoek.element, "Verzoek has no OngewijzigdProduct or TeWijzigenProduct"
        )


@rule("TR353", "JW317")
def tr353_verzoek_asks_a_change(bericht: Bericht) -> Iterator[Issue]:
    """TR353: a Verzoek has at least one TeWijzigenProduct or NieuwProduct; retourcode 0001."""
    verzoek = _view317(bericht).client.verzoek
    if not verzoek.te_wijzigen and not verzoek.nieuw:
        yield violation(
            "TR353", verzoek.element, "Verzoek has no TeWijzigenProduct or NieuwProduct"
        )


@rule("TR380", "JW317")
def tr380_nieuw_product_starts_after_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """TR380: NieuwProduct/GewensteIngangsdatum is after the Dagtekening; retourcode 0001."""
    nieuw = _view317(bericht).client.verzoek.nieuw
    if not nieuw:
        return
    header = bericht.header
    tekst = header.dagtekening_ruw
    # rules.xsl's checkafterstrict: both dates read whole as numbers, on or before is wrong.
    dagtekening = datumgetal(dagtekening_of(header)) if tekst is None else tekstgetal(tekst)
    if dagtekening is None:
        return
    for product in nieuw:
        ingang = _kinderen(bericht, product).get("GewensteIngangsdatum")
        begin = datumgetal(ingang)
        if begin is not None and dagtekening >= begin:
            yield from violations(
                "TR380",
                [dagtekening_of(header), ingang],
                "GewensteIngangsdatum of a NieuwProduct must be after the Dagtekening",
            )


@rule("TR410", "JW317")
def tr410_nieuwe_producten_do_not_overlap(bericht: Bericht) -> Iterator[Issue]:
    """TR410: no two NieuwProducts of the same product overlap in time; retourcode 0001."""
    nieuw = _view317(bericht).client.verzoek.nieuw
    if len(nieuw) < 2:
        return
    for earlier, later in _overlapping(bericht, nieuw, "GewensteIngangsdatum", "Einddatum"):
        yield from violations(
            "TR410",
            [earlier.element, later.element],
            f"{step(later.element)} overlaps {step(earlier.element)} for the same product",
        )


@rule("CS003", "JW317")
def cs003_einddatum_not_before_gewenste_ingangsdatum(bericht: Bericht) -> Iterator[Issue]:
    """CS003: Einddatum is not before GewensteIngangsdatum; retourcode 0001."""
    verzoek = _view317(bericht).client.verzoek
    lijsten: tuple[tuple[str, Sequence[TeWijzigenProduct | NieuwProduct]], ...] = (
        ("TeWijzigenProducten", verzoek.te_wijzigen),
        ("NieuweProducten", verzoek.nieuw),
    )
    for lijst, producten in lijsten:
        for positie, product in enumerate(producten):
            if product.einddatum is None:  # no Einddatum: nothing to compare
                continue
            kinderen = _kinderen(bericht, product)
            ingang = kinderen.get("GewensteIngangsdatum")
            eind = kinderen.get("Einddatum")
            if eind is not None and not _op_of_voor(ingang, eind) and na(ingang, eind):
                message = f"Einddatum of a {_class(product)} is before its GewensteIngangsdatum"
                plaats = None if ingang is None else _plaats317(bericht, producten, positie, lijst)
                if plaats is None:
                    yield from violations("CS003", [ingang, eind], message)
                else:
                    yield _issue("CS003", f"{plaats}/{_INGANG}", message)
                    yield _issue("CS003", f"{plaats}/{_EIND}", message)


_INGANG, _EIND = "GewensteIngangsdatum", "Einddatum"


def _plaats317(bericht: Bericht, producten: Sequence[Any], positie: int, lijst: str) -> str | None:
    """The location of a VOW's product in the list `lijst`, as `issue.locate` names it.

    Read from the view where it tells: every class on the way holds each child name once, so
    each step is a local name, the Verzoek and its list the ones the view found them by; the
    products of a list are numbered when several share a name. None where the view cannot
    tell (a repeated name, a bulk list's product, a comment in a list): ask the tree.
    """
    client = _view317(bericht).client
    verzoek = client.verzoek
    kinderen = verzoek.kinderen
    root = bericht.root
    if not (
        kinderen is not None
        and len(kinderen) == len(verzoek.element)
        and len(kinderen[lijst]) == len(producten)
        and _eigen_namen(producten[positie])
        and _eigen_namen(client)
        and len(root) == 2
    ):
        return None
    # By position the view read the Header and the Client: their names are not yet known.
    boven = local(client.element)
    if local(_view317(bericht).header.element) == boven:
        return None
    naam = local(producten[positie].element)
    if len(producten) > 1:
        if any(local(ander.element) != naam for ander in producten):
            return None
        naam = f"{naam}[{positie + 1}]"
    return f"/{local(root)}/{boven}/Verzoek/{lijst}/{naam}"


def _eigen_namen(gelezen: Any) -> bool:
    """True when every child of the class has a name no sibling has (as the view read it)."""
    kinderen = gelezen.kinderen
    return kinderen is not None and len(kinderen) == len(gelezen.element)


# --- TR101 from the views ----------------------------------------------------------------------


_SLEUTELS = {
    message_type: {sleutel.klasse: sleutel for sleutel in sleutels.SLEUTELS[message_type]}
    for message_type in ("JW315", "JW317")
}
"""The keys of each keyed class, per message type."""


def _kinderen(bericht: Bericht, gelezen: Any) -> Mapping[str, Element]:
    """A class's children by name: as its view kept them, or as the Bericht finds them."""
    kinderen = gelezen.kinderen
    return bericht.kinderen(gelezen.element) if kinderen is None else kinderen


def _ruw(kinderen: Mapping[str, Element], naam: str) -> str | None:
    """The raw text of a key element (present in every schema-valid class that keys on it)."""
    return kinderen[naam].text


def _groep(producten: Sequence[Any]) -> tuple[Element, str]:
    """The parent and the qualified tag the products of one list share."""
    element = producten[0].element
    return element.getparent(), element.tag


def _tr101_jw315(bericht: Bericht) -> Iterator[sleutels.Gesleuteld]:
    """TR101's keyed Client and AangevraagdProducten, read from the view.

    As `sleutels.gesleuteld_in_boom` finds them: the raw text of each key, none for one left
    empty. A root with more than its Header and one Client (no schema-valid JW315) is walked.
    """
    root = bericht.root
    if len(root) != 2:
        yield from sleutels.gesleuteld_in_boom(bericht)
        return
    view: JW315 = bericht.view
    client = view.client
    per_klasse = _SLEUTELS["JW315"]
    bsn = _ruw(_kinderen(bericht, client), "Bsn")
    if bsn:
        yield client.element, per_klasse["Client"], (root, client.element.tag, (bsn,))
    producten = client.producten
    if not producten:
        return
    sleutel = per_klasse["AangevraagdProduct"]
    parent, tag = _groep(producten)
    for product in producten:
        referentie = _ruw(_kinderen(bericht, product), "ReferentieAanbieder")
        if referentie:
            yield product.element, sleutel, (parent, tag, (referentie,))


def _eenmalig_jw315(bericht: Bericht) -> bool:
    """True when the view shows that no two keyed elements of a VOT share a TR101 group.

    The root holds one Client; the view strips each ReferentieAanbieder it reads, so distinct
    values are distinct raw keys. Equal values may still be different keys: False then.
    """
    producten = bericht.view.client.producten
    return len(bericht.root) == 2 and (
        len(producten) < 2
        or len({product.referentie_aanbieder for product in producten}) == len(producten)
    )


def _tr101_jw317(bericht: Bericht) -> Iterable[sleutels.Gesleuteld]:
    """TR101's keyed Client, Verzoek and products, read from the view.

    As `sleutels.gesleuteld_in_boom` finds them (see `_tr101_jw315`): a ToewijzingNummer as a
    number, a NieuwProduct by its Product's Categorie and Code (None when absent) and its
    GewensteIngangsdatum. A root or Client with more than one Client or Verzoek is walked.
    """
    root = bericht.root
    view: JW317 = bericht.view
    client = view.client
    if len(root) != 2 or len(client.element) != 2:
        return sleutels.gesleuteld_in_boom(bericht)
    per_klasse = _SLEUTELS["JW317"]
    found: list[sleutels.Gesleuteld] = []
    bsn = _ruw(_kinderen(bericht, client), "Bsn")
    if bsn:
        found.append((client.element, per_klasse["Client"], (root, client.element.tag, (bsn,))))
    verzoek = client.verzoek
    referentie = _ruw(_kinderen(bericht, verzoek), "ReferentieAanbieder")
    if referentie:
        groep = (client.element, verzoek.element.tag, (referentie,))
        found.append((verzoek.element, per_klasse["Verzoek"], groep))
    nummer_van = sleutels._nummer
    for klasse, producten in (
        ("OngewijzigdProduct", verzoek.ongewijzigd),
        ("TeWijzigenProduct", verzoek.te_wijzigen),
    ):
        if producten:
            sleutel = per_klasse[klasse]
            parent, tag = _groep(producten)
            for product in producten:
                nummer = _ruw(_kinderen(bericht, product), "ToewijzingNummer")
                if nummer:
                    found.append((product.element, sleutel, (parent, tag, (nummer_van(nummer),))))
    if verzoek.nieuw:
        sleutel = per_klasse["NieuwProduct"]
        parent, tag = _groep(verzoek.nieuw)
        for nieuw in verzoek.nieuw:
            key = _nieuw_sleutel(_kinderen(bericht, nieuw))
            if key is not None:
                found.append((nieuw.element, sleutel, (parent, tag, key)))
    return found


def _nieuw_sleutel(kinderen: Mapping[str, Element]) -> tuple[str | None, ...] | None:
    """A NieuwProduct's key (Categorie, Code, GewensteIngangsdatum); None when one is empty."""
    ingang = _ruw(kinderen, "GewensteIngangsdatum")
    if not ingang:
        return None
    product = kinderen.get("Product")
    if product is None:
        return None, None, ingang
    # Categorie, Code?: the schema's order, as the view reads a Product.
    categorie, *code = product
    tekst = categorie.text
    if not tekst:
        return None
    if not code:
        return tekst, None, ingang
    code_tekst = code[0].text
    return (tekst, code_tekst, ingang) if code_tekst else None


def _eenmalig_jw317(bericht: Bericht) -> bool:
    """True when the view shows that no two keyed elements of a VOW share a TR101 group.

    The root holds one Client, the Client one Verzoek, the Verzoek each list once; within a
    list the view's values are read from the raw key texts, so distinct values are distinct
    keys. Equal values may still be different keys (010072 and 10072 are not): False then.
    """
    client = bericht.view.client
    verzoek = client.verzoek
    kinderen = verzoek.kinderen
    return (
        len(bericht.root) == 2
        and len(client.element) == 2
        and kinderen is not None
        and len(kinderen) == len(verzoek.element)
        and _verschillend(verzoek.ongewijzigd, _nummer)
        and _verschillend(verzoek.te_wijzigen, _nummer)
        and _verschillend(verzoek.nieuw, _nieuw_key)
    )


def _verschillend(producten: Sequence[Any], waarde: Callable[[Any], Hashable]) -> bool:
    """True when no two of the products have the same value."""
    return len(producten) < 2 or len(set(map(waarde, producten))) == len(producten)


def _nummer(product: OngewijzigdProduct | TeWijzigenProduct) -> int:
    return product.toewijzing_nummer


def _nieuw_key(product: NieuwProduct) -> tuple[str | None, str | None, date]:
    if product.product is None:
        return None, None, product.gewenste_ingangsdatum
    return product.product.categorie, product.product.code, product.gewenste_ingangsdatum


sleutels.LEZERS.update({"JW315": _tr101_jw315, "JW317": _tr101_jw317})
sleutels.EENMALIG.update({"JW315": _eenmalig_jw315, "JW317": _eenmalig_jw317})


RULES: tuple[Rule, ...] = (
    # JW315, in the order of the message's elements.
    sleutels.TR101["JW315"],
    tr383_referentie_aanbieder_unique,
    tr386_aangevraagde_producten_do_not_overlap,
    cd043_beschikking_nummer_with_ingangsdatum,
    productregels.CD079.voor("JW315"),
    cs003_toewijzing_einddatum_not_before_ingangsdatum,
    productregels.CD041.voor("JW315"),
    productregels.OMVANG_ZONDER_CODE.voor("JW315"),
    productregels.CD078.voor("JW315"),
    productregels.CD076.voor("JW315"),
    productregels.EENHEID_NIET_PER_DAG.voor("JW315"),
    productregels.CD077.voor("JW315"),
    productregels.CD075.voor("JW315"),
    cd066_verwijzer_code_excludes_naam,
    cd067_verwijzer_without_code_needs_naam,
    cd068_verwijzer_other_type_without_code,
    # JW317.
    sleutels.TR101["JW317"],
    tr352_verzoek_lists_current_toewijzing,
    tr353_verzoek_asks_a_change,
    tr410_nieuwe_producten_do_not_overlap,
    tr380_nieuw_product_starts_after_dagtekening,
    productregels.CD079.voor("JW317"),
    cs003_einddatum_not_before_gewenste_ingangsdatum,
    productregels.CD041.voor("JW317"),
    productregels.OMVANG_ZONDER_CODE.voor("JW317"),
    productregels.CD078.voor("JW317"),
    productregels.CD076.voor("JW317"),
    productregels.EENHEID_NIET_PER_DAG.voor("JW317"),
    productregels.CD077.voor("JW317"),
    productregels.CD075.voor("JW317"),
)
