"""A JW323 or JW325 read once for its intra-message rules: each Prestatie as a typed record.

The rules run on schema-valid messages only, so a Prestatie's elements follow its xs:sequence:
the reading takes them by position (their parents tell the optional VorigReferentieNummer and
ProductTarief) and keeps their texts, not their elements. A rule that reports a Prestatie
finds the element it names then, through `Prestatie.at`. Prestaties of one ProductPeriode
share its record, so a rule on periods tests each distinct period once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import NamedTuple

from lxml import etree

from app.checks.bericht import Bericht
from app.checks.lexicaal import datumgetal, getal, groter
from app.ijw.tree import Element, path, text, xs_date
from app.ijw.views import dagtekening_of, fields

# The body class under the root that holds Clienten: JW323 Declaratie, JW325 DeclaratieAntwoord.
_BODY = {"JW323": "Declaratie", "JW325": "DeclaratieAntwoord"}
_ELEMENT = etree.Element
_TOTALEN = ("TotaalIngediendBedrag", "TotaalToegekendBedrag")
_BODY_VELDEN = {
    "JW323": (
        (
            "DeclaratieNummer",
            "DeclaratiePeriode",
            "DeclaratieDagtekening",
            "TotaalIngediendBedrag",
            "Clienten",
        ),
    ),
    "JW325": (
        (
            "DeclaratieNummer",
            "TotaalIngediendBedrag",
            "TotaalToegekendBedrag",
            "Clienten",
            "RetourCodes",
        ),
        ("DeclaratieNummer", "TotaalIngediendBedrag", "TotaalToegekendBedrag", "RetourCodes"),
    ),
}
"""The xs:sequence of each body: a JW325's Clienten is optional."""
_NEW = tuple.__new__


class Periode(NamedTuple):
    """A DeclaratiePeriode or ProductPeriode: its dates' raw texts, stripped, and as numbers.

    The stripped texts are `tree.text`'s (None when blank) and the dates `tree.datum`'s. The
    numbers are rules.xsl's readings (`lexicaal.datumgetal`): of the full texts, and of the
    Einddatum's first ten characters, as checkafter reads an upper bound. `omgekeerd`: the
    Begindatum's number exceeds that bound; `andere_maand`: the texts without their dashes
    differ in their first six characters (year and month, as rules.xsl compares them).
    """

    naam: str
    begin: str
    einde: str
    begin_tekst: str | None
    einde_tekst: str | None
    begin_getal: float | None
    einde_getal: float | None
    einde_tien: float | None
    begin_datum: date | None
    einde_datum: date | None
    omgekeerd: bool
    andere_maand: bool


class Prestatie(NamedTuple):
    """One Prestatie: its element and its values, as the rules read them.

    A plain name holds `tree.text`'s value (stripped, None when blank or absent), `bedrag`
    `tree.number`'s; `_ruw` the raw text ("" when empty), where a rule reads that.
    `vorig_ruw` is None when the optional VorigReferentieNummer is absent.
    """

    element: Element
    referentie: str | None
    referentie_ruw: str
    vorig: str | None
    vorig_ruw: str | None
    toewijzing: str | None
    categorie: str | None
    code: str | None
    periode: Periode
    volume_ruw: str
    eenheid: str | None
    tarief: str | None
    bedrag: int | None
    bedrag_ruw: str
    debet_credit: str | None
    debet_credit_ruw: str

    def at(self, *names: str) -> Element | None:
        """The element at this path of local names below the Prestatie, to name a finding."""
        return path(self.element, *names)

    def periode_datum(self, naam: str) -> Element | None:
        """The ProductPeriode's Begindatum or Einddatum element, to name a finding."""
        return path(self.element, "ProductPeriode", naam)


class Totaal(NamedTuple):
    """A TotaalIngediendBedrag or TotaalToegekendBedrag: its element and raw texts."""

    element: Element
    bedrag_ruw: str
    debet_credit_ruw: str


class Client(NamedTuple):
    """A Client element, the raw text of its Bsn and its Prestaties, in document order."""

    element: Element
    bsn_ruw: str
    prestaties: list[Prestatie]


class Declaratie(NamedTuple):
    """The body (Declaratie or DeclaratieAntwoord), its children by name, Clients, Prestaties."""

    element: Element
    body: dict[str, Element]
    periode: Periode | None
    """The DeclaratiePeriode of a JW323 (a JW325 has none)."""
    totalen: dict[str, Totaal]
    """TotaalIngediendBedrag and (JW325) TotaalToegekendBedrag by name, in document order."""
    dagtekening_tien: float | None
    """The header's Dagtekening as checkafter reads an upper bound (`lexicaal.datumgetal`)."""
    declaratiedagtekening: date | None
    """The DeclaratieDagtekening of a JW323 (`tree.datum`)."""
    clienten: list[Client]
    prestaties: list[Prestatie]
    productperiodes: list[Periode]
    """The distinct ProductPeriodes, in the order of their first Prestatie."""
    met_vorig: bool
    """Whether any Prestatie has a VorigReferentieNummer."""

    def periode_datum(self, naam: str) -> Element | None:
        """The DeclaratiePeriode's Begindatum or Einddatum element, to name a finding."""
        return path(self.body.get("DeclaratiePeriode"), naam)

    def periodes(
        self, fout: Callable[[Periode], bool], declaratieperiode: bool = False
    ) -> Iterator[tuple[Periode, Callable[[str], Element | None]]]:
        """Each period for which `fout` holds, in document order, with a way to its dates.

        The DeclaratiePeriode first if asked for, then the ProductPeriode of every Prestatie;
        `fout` is asked once per distinct period, and the Prestaties walked only if one fails.
        """
        if declaratieperiode and self.periode is not None and fout(self.periode):
            yield self.periode, self.periode_datum
        failing = {periode for periode in self.productperiodes if fout(periode)}
        if not failing:
            return
        for prestatie in self.prestaties:
            if prestatie.periode in failing:
                yield prestatie.periode, prestatie.periode_datum


def declaratie(bericht: Bericht) -> Declaratie | None:
    """The message's body, Clients and Prestaties, read once; None without a body."""
    return bericht.shared("declaratie.gelezen", _read)


def _read(bericht: Bericht) -> Declaratie | None:
    message_type = bericht.type.name
    naam = _BODY.get(message_type, "")
    # The xs:sequence of the root: Header, then the body.
    children = list(bericht.root.iterchildren(_ELEMENT))
    body_element = children[1] if len(children) == 2 else fields(bericht.root).get(naam)
    if body_element is None or not body_element.tag.endswith(f"}}{naam}"):
        return None
    body = _body(message_type, body_element)
    periode_element = body.get("DeclaratiePeriode")
    periode = None
    if periode_element is not None:
        # The xs:sequence of CDT_GeslotenPeriode: Begindatum, Einddatum.
        begin, einde = periode_element.iterchildren(_ELEMENT)
        periode = _periode("DeclaratiePeriode", begin.text or "", einde.text or "")
    totalen: dict[str, Totaal] = {}
    for naam in _TOTALEN:
        totaal = body.get(naam)
        if totaal is not None:
            # The xs:sequence of CDT_TotaalBedragMetDC: TotaalBedrag, DebetCredit.
            bedrag, teken = totaal.iterchildren(_ELEMENT)
            totalen[naam] = _NEW(Totaal, (totaal, bedrag.text or "", teken.text or ""))
    clienten: list[Client] = []
    prestaties: list[Prestatie] = []
    perioden: dict[tuple[str, str], Periode] = {}
    met_vorig = False
    container = body.get("Clienten")
    if container is not None:
        for element in container.iterchildren(_ELEMENT):
            # The xs:sequence of a Client: Bsn, Prestaties, (JW325) RetourCodes.
            kinderen = element.iterchildren(_ELEMENT)
            bsn, lijst = next(kinderen), next(kinderen)
            gelezen = [_prestatie(p, perioden) for p in lijst.iterchildren(_ELEMENT)]
            clienten.append(_NEW(Client, (element, bsn.text or "", gelezen)))
            prestaties.extend(gelezen)
        for prestatie in prestaties:
            if prestatie.vorig_ruw is not None:
                met_vorig = True
                break
    declaratiedagtekening = body.get("DeclaratieDagtekening")
    return _NEW(
        Declaratie,
        (
            body_element,
            body,
            periode,
            totalen,
            datumgetal(dagtekening_of(bericht.header), eerste_tien=True),
            _datum(text(declaratiedagtekening)),
            clienten,
            prestaties,
            list(perioden.values()),
            met_vorig,
        ),
    )


def _body(message_type: str, element: Element) -> dict[str, Element]:
    """The body's children by name, taken by position where they are the schema's sequence."""
    children = list(element.iterchildren(_ELEMENT))
    for velden in _BODY_VELDEN[message_type]:
        if len(velden) == len(children):
            return dict(zip(velden, children, strict=True))
    return fields(element)


def _prestatie(element: Element, perioden: dict[tuple[str, str], Periode]) -> Prestatie:
    # The xs:sequence: Prestatie, ProductReferentie, ReferentieNummer, [VorigReferentieNummer],
    # ToewijzingNummer, ProductCategorie, ProductCode, ProductPeriode, Begindatum, Einddatum,
    # GeleverdVolume, Eenheid, [ProductTarief], IngediendBedrag, Bedrag, DebetCredit, (JW325)
    # RetourCodes. This runs for every Prestatie of every declaratie, so its texts are read
    # inline rather than through a helper per value.
    nodes = list(element.iter(_ELEMENT))
    # The optional elements tell by their parent, cheaper to ask than a tag: the child after
    # ReferentieNummer is VorigReferentieNummer if ProductReferentie holds it, and the one
    # after Eenheid is ProductTarief unless the next is its child (IngediendBedrag's Bedrag).
    vorig: str | None = None
    if nodes[3].getparent() is nodes[1]:
        vorig = nodes[3].text or ""
        del nodes[3]
    tarief: str | None = None
    if nodes[12].getparent() is not nodes[11]:
        tarief = nodes[11].text or ""
        del nodes[11]
    datums = (nodes[7].text or "", nodes[8].text or "")
    periode = perioden.get(datums)
    if periode is None:
        periode = perioden[datums] = _periode("ProductPeriode", *datums)
    referentie = nodes[2].text or ""
    bedrag, debet_credit = nodes[12].text or "", nodes[13].text or ""
    getal = bedrag.strip()
    # A NamedTuple's own __new__ is a Python function: build the tuple directly.
    return _NEW(
        Prestatie,
        (
            element,
            referentie.strip() or None,
            referentie,
            vorig.strip() or None if vorig is not None else None,
            vorig,
            (nodes[3].text or "").strip() or None,
            (nodes[4].text or "").strip() or None,
            (nodes[5].text or "").strip() or None,
            periode,
            nodes[9].text or "",
            (nodes[10].text or "").strip() or None,
            tarief.strip() or None if tarief is not None else None,
            int(getal) if getal else None,
            bedrag,
            debet_credit.strip() or None,
            debet_credit,
        ),
    )


_PERIODES: dict[tuple[str, str, str], Periode] = {}
_MAX_PERIODES = 4096
"""Bound on the periods kept: declaraties name the same few months over and over."""


def _periode(naam: str, begin: str, einde: str) -> Periode:
    # A Periode holds only its texts' readings, so one read serves every message naming it.
    sleutel = (naam, begin, einde)
    found = _PERIODES.get(sleutel)
    if found is None:
        found = _lees_periode(naam, begin, einde)
        if len(_PERIODES) >= _MAX_PERIODES:
            _PERIODES.clear()
        _PERIODES[sleutel] = found
    return found


def _lees_periode(naam: str, begin: str, einde: str) -> Periode:
    begin_tekst, einde_tekst = begin.strip() or None, einde.strip() or None
    begin_cijfers, einde_cijfers = begin.replace("-", ""), einde.replace("-", "")
    begin_getal, einde_getal = getal(begin_cijfers), getal(einde_cijfers)
    einde_tien = einde_getal if len(einde) <= 10 else getal(einde[:10].replace("-", ""))
    return Periode(
        naam,
        begin,
        einde,
        begin_tekst,
        einde_tekst,
        begin_getal,
        einde_getal,
        einde_tien,
        _datum(begin_tekst),
        _datum(einde_tekst),
        groter(begin_getal, einde_tien),
        begin_cijfers[:6] != einde_cijfers[:6],
    )


def _datum(tekst: str | None) -> date | None:
    # The schema's LDT_Datum has no time zone, so every valid date reads (`tree.xs_date`).
    return xs_date(tekst) if tekst is not None else None
