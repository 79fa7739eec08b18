"""Person rules (controleniveau 2, retourcode 0001): BSN 11-proef and Geboortedatum checks.

CS002, CS139 and TR002 follow rules.xsl, which finds every Bsn and every Geboortedatum by local
name in any message: so they cover the retour messages JW302/306/308/316/318 and the JW325 too,
wherever those carry a Bsn or a Geboortedatum. TR134 covers the heenberichten with a
Geboortedatum (the Client of JW301, JW305, JW307 and JW315, and every JW301 Relatie). CS050,
CS318 and CD007 on JW301 live in `toewijzing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from app.checks.bericht import Bericht
from app.checks.intra.prestaties import Declaratie, declaratie
from app.checks.issue import Issue, violation, violations
from app.checks.lexicaal import dagtekeninggetal, datumgetal, groter, tekstgetal
from app.checks.rule import Rule, rule
from app.ijw.bsn import elfproef
from app.ijw.tree import Element, children_by_name, kid, kids, required_datum, text
from app.ijw.views import Geboortedatum, dagtekening_of, fields

_VIEW_CLIENT = frozenset({"JW305", "JW307", "JW315", "JW317"})
"""Message types whose typed view carries the client with its Bsn."""
_VIEW_GEBOORTEDATUM = frozenset({"JW305", "JW307", "JW315"})
"""Message types whose typed view carries the client's Geboortedatum."""
_VIEW_BSN = frozenset({"JW301", "JW305", "JW307", "JW315", "JW317"})
"""Message types whose schema has one Bsn, the Client's first child."""
_VIEW_GEBOORTEDATUM_ALL = frozenset({"JW301", "JW305", "JW307", "JW315"})
"""Message types whose typed view holds every Geboortedatum of the message."""
_DECLARATIE_BSN = frozenset({"JW323", "JW325"})
"""Message types whose only Bsns are their Clients' first children, read with the declaratie."""
_ONBEKEND = date(1900, 1, 1)
"""The Datum of a fully unknown birth date (DatumGebruik 3)."""


def _clients(bericht: Bericht) -> Iterable[tuple[str, Element]]:
    """(Bsn, Client element) of every client in the message."""
    name = bericht.type.name
    if name in _VIEW_CLIENT:
        client = bericht.view.client
        return ((client.bsn, client.element),)
    if name == "JW301":
        client301 = bericht.view.client
        return () if client301 is None else ((client301.bsn or "", client301.element),)
    if name == "JW323":
        clienten = fields(fields(bericht.root)["Declaratie"])["Clienten"]
        return [(text(fields(c)["Bsn"]) or "", c) for c in kids(clienten, "Client")]
    return ()


def _geboortedatum(element: Element) -> Geboortedatum:
    found = fields(element)
    gebruik = found.get("DatumGebruik")
    return Geboortedatum(
        required_datum(found["Datum"]),
        text(gebruik) if gebruik is not None else None,
        element,
        children_by_name(element),
    )


def _geboortedatums(bericht: Bericht) -> Iterable[Geboortedatum]:
    """Every Geboortedatum in the message: the client's and, in a JW301, each Relatie's.

    Read from the typed view where there is one, else found in the tree (a retour message).
    """
    name = bericht.type.name
    if name in _VIEW_GEBOORTEDATUM:
        return (bericht.view.client.geboortedatum,)
    if name == "JW301":
        client = bericht.view.client
        if client is None:
            return ()
        found = [client.geboortedatum] if client.geboortedatum is not None else []
        found.extend(r.geboortedatum for r in client.relaties if r.geboortedatum is not None)
        return found
    return [_geboortedatum(element) for element in bericht.root.iter("{*}Geboortedatum")]


_MET_BSN = ("JW301", "JW302", "JW305", "JW306", "JW307", "JW308", "JW315", "JW316", "JW317")
_MET_BSN_OOK = ("JW318", "JW323", "JW325")
_MET_GEBOORTEDATUM = ("JW301", "JW302", "JW305", "JW306", "JW307", "JW308", "JW315", "JW316")


def _enige_client(bericht: Bericht) -> Element | None:
    """The Client element where the typed view holds the message's only Bsn and Geboortedatum.

    In a schema-valid JW301/305/307/315/317 the Client (Header + Client under the root) carries
    the one Bsn, and every Geboortedatum is its own or a JW301 Relatie's: read from the view,
    without a walk over the whole tree. Any other tree is searched.
    """
    if bericht.type.name not in _VIEW_BSN or len(bericht.root) != 2:
        return None
    client = bericht.view.client
    return None if client is None else client.element


def _enige_bsn(bericht: Bericht) -> Element | None:
    """The message's one Bsn, the first child of its only Client; None where it is searched."""
    client = _enige_client(bericht)
    if client is not None:
        first = client[0]
        tag = first.tag
        if tag.__class__ is str and tag.endswith("}Bsn"):
            return first
    return None


def _kinderen(geboortedatum: Geboortedatum) -> dict[str, Element]:
    """The Geboortedatum's children by name (the first of each): as read, else read now."""
    found = geboortedatum.kinderen
    return children_by_name(geboortedatum.element) if found is None else found


Geboortedatumteksten = tuple[str | None, str | None, Geboortedatum | Element]
"""Datum's and DatumGebruik's texts (None where absent or empty), and where they were read."""


def _geboortedatum_teksten(bericht: Bericht) -> Iterable[Geboortedatumteksten]:
    """The Datum and DatumGebruik texts of every Geboortedatum (the first of each name).

    From the typed view where it holds every Geboortedatum, else found in the tree.
    """
    name = bericht.type.name
    if name in _VIEW_GEBOORTEDATUM and len(bericht.root) == 2:
        # The client's one Geboortedatum (see `_enige_client`), its texts as the view read them.
        geboortedatum = bericht.view.client.geboortedatum
        teksten = geboortedatum.teksten
        if teksten is not None:
            return ((teksten[0], teksten[1], geboortedatum),)
    if name in _VIEW_GEBOORTEDATUM_ALL and _enige_client(bericht) is not None:
        if name in _VIEW_GEBOORTEDATUM:
            return (_teksten(bericht.view.client.geboortedatum),)
        return [_teksten(g) for g in _geboortedatums(bericht)]
    return [_teksten_in_boom(element) for element in bericht.root.iter("{*}Geboortedatum")]


def _teksten(geboortedatum: Geboortedatum) -> Geboortedatumteksten:
    teksten = geboortedatum.teksten
    if teksten is None:  # a view not read from a tree
        kinderen = _kinderen(geboortedatum)
        return _tekst(kinderen.get("Datum")), _tekst(kinderen.get("DatumGebruik")), geboortedatum
    return teksten[0], teksten[1], geboortedatum


def _teksten_in_boom(element: Element) -> Geboortedatumteksten:
    kinderen = children_by_name(element)
    return _tekst(kinderen.get("Datum")), _tekst(kinderen.get("DatumGebruik")), element


def _tekst(element: Element | None) -> str | None:
    return None if element is None else element.text


def _datum_element(gelezen: Geboortedatum | Element) -> Element | None:
    """The Datum of a Geboortedatum as `_geboortedatum_teksten` read it, for a finding."""
    if isinstance(gelezen, Geboortedatum):
        return _kinderen(gelezen).get("Datum")
    return kid(gelezen, "Datum")


# The rules below return their few issues as a list, not lazily: a generator per rule costs
# more than the check itself on the usual message. Only the walks over a whole tree yield.


@rule("CS002", *_MET_BSN, *_MET_BSN_OOK)
def cs002_bsn_elfproef(bericht: Bericht) -> Iterable[Issue]:
    """CS002: every Bsn passes the 11-proef; retourcode 0001."""
    if bericht.type.name in _DECLARATIE_BSN:
        gelezen = declaratie(bericht)
        if gelezen is not None:
            return _cs002_declaratie(gelezen)
    # The view read the one Bsn's text as `text` does (stripped): a valid one needs no node.
    if (
        bericht.type.name in _VIEW_CLIENT
        and len(bericht.root) == 2
        and elfproef(bericht.view.client.bsn)
    ):
        return ()
    element = _enige_bsn(bericht)
    if element is None:
        return _cs002_in_boom(bericht.root)
    if elfproef(text(element) or ""):
        return ()
    return (violation("CS002", element, "Bsn fails the 11-proef"),)


def _cs002_declaratie(gelezen: Declaratie) -> Iterator[Issue]:
    # The schema puts the Bsn first in each Client and nowhere else: its text is read.
    for client in gelezen.clienten:
        if not elfproef(client.bsn_ruw.strip()):
            yield violation("CS002", client.element[0], "Bsn fails the 11-proef")


def _cs002_in_boom(root: Element) -> Iterator[Issue]:
    for element in root.iter("{*}Bsn"):
        bsn = text(element) or ""
        # 000000000 passes the 11-proef, so CS002 (and rules.xsl) accepts it: the werkplek and
        # the API refuse it where a BSN is typed in, not the rule.
        if not elfproef(bsn):
            yield violation("CS002", element, "Bsn fails the 11-proef")


@rule("CS139", *_MET_GEBOORTEDATUM)
def cs139_datumgebruik_matches_datum(bericht: Bericht) -> list[Issue]:
    """CS139: DatumGebruik 1 needs day 01, 2 needs 01-01, 3 needs 1900-01-01; retourcode 0001."""
    found: list[Issue] = []
    for geboortedatum in _geboortedatums(bericht):
        gebruik, dag = geboortedatum.datum_gebruik, geboortedatum.datum
        if gebruik is None:
            continue
        if gebruik == "1" and dag.day != 1:
            message = "Geboortedatum/Datum must fall on day 01 when DatumGebruik is 1"
        elif gebruik == "2" and (dag.month, dag.day) != (1, 1):
            message = "Geboortedatum/Datum must be January 1st when DatumGebruik is 2"
        elif gebruik == "3" and dag != _ONBEKEND:
            message = "Geboortedatum/Datum must be 1900-01-01 when DatumGebruik is 3"
        else:
            continue
        # rules.xsl names both Datum and DatumGebruik as the finding's locations.
        found += violations(
            "CS139",
            [kid(geboortedatum.element, "Datum"), kid(geboortedatum.element, "DatumGebruik")],
            message,
        )
    return found


@rule("TR002", *_MET_GEBOORTEDATUM)
def tr002_geboortedatum_within_120_years(bericht: Bericht) -> list[Issue]:
    """TR002: Geboortedatum is at most 120 years before the Dagtekening; retourcode 0001.

    As rules.xsl: every Geboortedatum/Datum in the message, reported at the header Dagtekening
    and the Datum, compared as yyyymmdd numbers plus 120 years (so 29 February is exact, and a
    negative year such as -2014-06-09 counts as 2014-06-09); the Dagtekening is read through
    its first ten characters (`lexicaal`).
    """
    dagtekening = dagtekeninggetal(bericht.header)
    found: list[Issue] = []
    for datum, gebruik, geboortedatum in _geboortedatum_teksten(bericht):
        # Skipped only for a fully unknown date (3 with 1900-01-01), as rules.xsl and the spec do.
        if gebruik == "3" and datum == "1900-01-01":
            continue
        dag = tekstgetal(datum)
        if groter(dagtekening, None if dag is None else dag + 120_0000):
            found += violations(
                "TR002",
                [dagtekening_of(bericht.header), _datum_element(geboortedatum)],
                "Geboortedatum/Datum is more than 120 years before the Dagtekening",
            )
    return found


@rule("TR134", "JW301", "JW305", "JW307", "JW315")
def tr134_geboortedatum_not_after_dagtekening(bericht: Bericht) -> list[Issue]:
    """TR134: Geboortedatum is not after the Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): reported at the header
    Dagtekening and the Datum.
    """
    dagtekening = dagtekeninggetal(bericht.header)
    found: list[Issue] = []
    for geboortedatum in _geboortedatums(bericht):
        teksten = geboortedatum.teksten
        if teksten is None:
            datum_element = _kinderen(geboortedatum).get("Datum")
            # checkafter finds a missing Datum after any Dagtekening (`lexicaal.na`).
            na = datum_element is None or groter(datumgetal(datum_element), dagtekening)
        else:
            na = groter(tekstgetal(teksten[0]), dagtekening)
        if na:
            found += violations(
                "TR134",
                [dagtekening_of(bericht.header), _kinderen(geboortedatum).get("Datum")],
                "Geboortedatum/Datum is after the Dagtekening",
            )
    return found


RULES: tuple[Rule, ...] = (
    cs002_bsn_elfproef,
    cs139_datumgebruik_matches_datum,
    tr002_geboortedatum_within_120_years,
    tr134_geboortedatum_not_after_dagtekening,
)
