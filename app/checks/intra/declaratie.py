"""Intra-message rules for JW323 declaraties and our JW325 answers (XSLT level, 0001).

The rules, codes and locations follow the official rules.xsl (XSLT release 2.10.5) for these
messages. CS002 on the JW323 clients lives in `persoon.py`, TR101 in `sleutels.py`.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta

from app.checks.bericht import Bericht
from app.checks.intra import sleutels
from app.checks.issue import Issue, violation, violations
from app.checks.lexicaal import getal, na
from app.checks.rule import Rule, rule
from app.ijw.tree import Element, datum, elements, kid, local, number, path, text
from app.ijw.views import dagtekening_of, fields

# The body class under the root that holds Clienten: JW323 Declaratie, JW325 DeclaratieAntwoord.
_BODY = {"JW323": "Declaratie", "JW325": "DeclaratieAntwoord"}
_GEEN_AFWIJZING = frozenset({"0200", "8001"})


# --- reading helpers --------------------------------------------------------------------------


def _body(bericht: Bericht) -> dict[str, Element] | None:
    """Children of the Declaratie (JW323) or DeclaratieAntwoord (JW325), or None."""
    return bericht.shared("declaratie.body", _read_body)


def _read_body(bericht: Bericht) -> dict[str, Element] | None:
    body = fields(bericht.root).get(_BODY.get(bericht.type.name, ""))
    return None if body is None else fields(body)


def _clienten(body: dict[str, Element]) -> list[Element]:
    return elements(body.get("Clienten"))


_Gelezen = tuple[Element, dict[str, Element]]
"""An element with its children by local name."""


def _clienten_gelezen(bericht: Bericht) -> list[tuple[_Gelezen, list[_Gelezen]]]:
    """Every Client with its children, and its Prestaties with theirs; read once."""
    return bericht.shared("declaratie.clienten", _read_clienten)


def _read_clienten(bericht: Bericht) -> list[tuple[_Gelezen, list[_Gelezen]]]:
    body = _body(bericht)
    if body is None:
        return []
    out = []
    for client in _clienten(body):
        found = fields(client)
        prestaties = [(p, fields(p)) for p in elements(found.get("Prestaties"))]
        out.append(((client, found), prestaties))
    return out


def _prestaties(bericht: Bericht) -> list[_Gelezen]:
    """Every Prestatie of the message with its children, client by client; read once."""
    return bericht.shared("declaratie.prestaties", _read_prestaties)


def _read_prestaties(bericht: Bericht) -> list[_Gelezen]:
    return [p for _client, prestaties in _clienten_gelezen(bericht) for p in prestaties]


def _signed(amount: Element | None, name: str) -> int:
    """A CDT_(Totaal)BedragMetDC as a signed amount in eurocent: credit counts negative."""
    if amount is None:
        return 0
    found = fields(amount)
    value = number(found.get(name)) or 0
    return -value if text(found.get("DebetCredit")) == "C" else value


def _cents(value: int) -> str:
    return f"{value} eurocent"


# --- rules -----------------------------------------------------------------------------------


def _dagtekening(bericht: Bericht) -> Element | None:
    """The Header's BerichtIdentificatie/Dagtekening element."""
    return dagtekening_of(bericht.header)


def _periodes(bericht: Bericht, body: dict[str, Element]) -> Iterator[Element]:
    """The periods TR137 covers: DeclaratiePeriode (JW323) and every ProductPeriode."""
    if bericht.type.name == "JW323" and body.get("DeclaratiePeriode") is not None:
        yield body["DeclaratiePeriode"]
    for _prestatie, found in _prestaties(bericht):
        if found.get("ProductPeriode") is not None:
            yield found["ProductPeriode"]


@rule("TR137", "JW323", "JW325")
def tr137_periode_einddatum_from_begindatum_to_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """A period ends neither before its Begindatum nor after the Dagtekening; retourcode 0001.

    rules.xsl reports the DeclaratiePeriode (JW323) and ProductPeriode checks under TR137, not
    CS003: once at both dates of the period, once at the header Dagtekening and the Einddatum;
    both are its checkafter on the texts (`lexicaal.na`).
    """
    body = _body(bericht)
    if body is None:
        return
    dagtekening = _dagtekening(bericht)
    for periode in _periodes(bericht, body):
        dates = fields(periode)
        begin_element, einde_element = dates.get("Begindatum"), dates.get("Einddatum")
        naam = local(periode)
        if na(begin_element, einde_element):
            yield from violations(
                "TR137",
                [begin_element, einde_element],
                f"{naam} Einddatum {text(einde_element)} is before Begindatum "
                f"{text(begin_element)}",
            )
        if na(einde_element, dagtekening):
            yield from violations(
                "TR137",
                [dagtekening, einde_element],
                f"{naam} Einddatum {text(einde_element)} is after the Dagtekening "
                f"{text(dagtekening)}",
            )


# JW323 only, as in rules.xsl: a JW325 merely echoes prestaties of a JW323 that passed CS339.
@rule("CS339", "JW323")
def cs339_euro_bedrag_equals_geleverd_volume(bericht: Bericht) -> Iterator[Issue]:
    """With Eenheid 83 (euro's) IngediendBedrag equals GeleverdVolume; retourcode 0001."""
    body = _body(bericht)
    if body is None:
        return
    for _prestatie, found in _prestaties(bericht):
        if text(found.get("Eenheid")) != "83":
            continue
        bedrag_element = found.get("IngediendBedrag")
        bedrag_bedrag = fields(bedrag_element).get("Bedrag") if bedrag_element is not None else None
        bedrag = number(bedrag_bedrag)
        volume = number(found.get("GeleverdVolume"))
        if bedrag is not None and volume is not None and bedrag != volume:
            # rules.xsl names both sides of the comparison: GeleverdVolume and the Bedrag.
            yield from violations(
                "CS339",
                [found.get("GeleverdVolume"), bedrag_bedrag],
                f"Eenheid 83: IngediendBedrag {_cents(bedrag)} must equal GeleverdVolume "
                f"{_cents(volume)}",
            )


def _xsl_bedrag(amount: Element | None, name: str) -> float | None:
    """rules.xsl's signed amount: `number()` of the text, negated when DebetCredit is "C".

    None where XPath has NaN: an absent amount, or a text XPath reads as no number ("+5").
    """
    bedrag = kid(amount, name)
    value = getal(bedrag.text) if bedrag is not None else None
    if value is None:
        return None
    debet_credit = kid(amount, "DebetCredit")
    return -value if debet_credit is not None and debet_credit.text == "C" else value


def _xsl_som(bericht: Bericht) -> float | None:
    """Debet minus credit of the listed Prestaties' IngediendBedrag, as rules.xsl sums them."""
    totaal = 0.0
    for _prestatie, found in _prestaties(bericht):
        bedrag = found.get("IngediendBedrag")
        debet_credit = kid(bedrag, "DebetCredit")
        if debet_credit is None or debet_credit.text not in ("D", "C"):
            continue
        value = _xsl_bedrag(bedrag, "Bedrag")
        if value is None:
            return None
        totaal += value
    return totaal


def _xsl_tekst(value: float | None) -> str:
    """An XPath number as its string: NaN for None, no minus sign on zero."""
    return "NaN" if value is None else repr(value + 0.0)


@rule("TR342", "JW325")
def tr342_toegekend_matches_rejected_prestaties(bericht: Bericht) -> Iterator[Issue]:
    """Toegekend is 0 if all is rejected, else Ingediend minus the listed; retourcode 0001.

    As rules.xsl: the amounts are XPath numbers of their texts, so one XPath cannot read (a
    plus sign, say) makes the sums NaN and breaks the rule.
    """
    antwoord = fields(bericht.root).get("DeclaratieAntwoord")
    if antwoord is None:
        return
    body = fields(antwoord)
    ingediend = _xsl_bedrag(body.get("TotaalIngediendBedrag"), "TotaalBedrag")
    toegekend = _xsl_bedrag(body.get("TotaalToegekendBedrag"), "TotaalBedrag")
    # As in rules.xsl: a code other than 0200/8001 on DeclaratieAntwoord rejects it as a whole.
    codes = [code.text for code in elements(body.get("RetourCodes"))]
    afwijzing = [code for code in codes if code not in _GEEN_AFWIJZING]
    if afwijzing:
        if toegekend != 0:
            yield violation(
                "TR342",
                antwoord,
                f"DeclaratieAntwoord is rejected as a whole (RetourCode {afwijzing[0]}), "
                f"so TotaalToegekendBedrag must be 0, not {_xsl_cents(toegekend)}",
                child="TotaalToegekendBedrag",
            )
        return
    afgewezen = _xsl_som(bericht)
    verschil = None if ingediend is None or toegekend is None else ingediend - toegekend
    if _xsl_tekst(verschil) != _xsl_tekst(afgewezen):
        # rules.xsl names both totals here (only TotaalToegekendBedrag for a whole rejection).
        yield from violations(
            "TR342",
            [body.get("TotaalIngediendBedrag"), body.get("TotaalToegekendBedrag")],
            f"TotaalIngediendBedrag minus TotaalToegekendBedrag is {_xsl_cents(verschil)}"
            f", but the listed (rejected) Prestaties add up to {_xsl_cents(afgewezen)}",
        )


def _xsl_cents(value: float | None) -> str:
    return "no number" if value is None else _cents(int(value))


def _children(element: Element | None, *names: str) -> list[Element]:
    """The present children reached by each name path, in the order given."""
    found = (path(element, *name.split("/")) for name in names)
    return [child for child in found if child is not None]


@rule("CS337", "JW323")
def cs337_productperiode_in_one_calendar_month(bericht: Bericht) -> Iterator[Issue]:
    """ProductPeriode begins and ends in the same year and month; retourcode 0001.

    As rules.xsl: the year and the month are two checks, so a period ending in another year
    and another month is reported twice, each time at both dates; each compares characters of
    the texts without their dashes (so surrounding whitespace shifts them).
    """
    body = _body(bericht)
    if body is None:
        return
    for _prestatie, found in _prestaties(bericht):
        periode = found.get("ProductPeriode")
        begin_element, einde_element = path(periode, "Begindatum"), path(periode, "Einddatum")
        dates = [begin_element, einde_element]
        begin = (begin_element.text or "").replace("-", "") if begin_element is not None else ""
        einde = (einde_element.text or "").replace("-", "") if einde_element is not None else ""
        ontbreekt = begin_element is None or einde_element is None
        if ontbreekt or begin[:4] != einde[:4]:
            yield from violations(
                "CS337", dates, f"ProductPeriode ends in {einde[:4]}, not in {begin[:4]}"
            )
        if ontbreekt or begin[4:6] != einde[4:6]:
            yield from violations(
                "CS337", dates, f"ProductPeriode ends in month {einde[4:6]}, not {begin[4:6]}"
            )


def _volgende_maand(day: date) -> date:
    """rules.xsl's addMonths(+1): the same day next month, overflowing into the month after."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    length = calendar.monthrange(year, month)[1]
    if day.day <= length:
        return date(year, month, day.day)
    return date(year, month, length) + timedelta(days=day.day - length)


@rule("CS340", "JW323")
def cs340_declaratieperiode_is_one_calendar_month(bericht: Bericht) -> Iterator[Issue]:
    """DeclaratiePeriode is exactly one whole calendar month; retourcode 0001.

    As rules.xsl, two checks: Begindatum is the 1st (at Begindatum), and the day after
    Einddatum is Begindatum plus one month (at both dates). rules.xsl counts every fourth year
    as a leap year; we use the Gregorian calendar, which differs only in 2100 and later.
    """
    body = _body(bericht)
    if body is None or body.get("DeclaratiePeriode") is None:
        return
    periode = body["DeclaratiePeriode"]
    begin_element, einde_element = path(periode, "Begindatum"), path(periode, "Einddatum")
    begin, einde = datum(begin_element), datum(einde_element)
    if begin_element is None or begin is None or einde is None or date.max in (begin, einde):
        return
    # rules.xsl reads the day as the text after the second dash: a padded date is no 1st.
    if (begin_element.text or "").split("-", 2)[-1] != "01":
        yield violation("CS340", begin_element, f"DeclaratiePeriode begins on {begin}, not a 1st")
    if einde + timedelta(days=1) != _volgende_maand(begin):
        yield from violations(
            "CS340",
            [begin_element, einde_element],
            f"DeclaratiePeriode {begin} to {einde} is not one whole calendar month",
        )


@rule("CD060", "JW323", "JW325")
def cd060_vorigreferentienummer_only_with_credit(bericht: Bericht) -> Iterator[Issue]:
    """A credit Prestatie has a VorigReferentieNummer, a debet one none; retourcode 0001."""
    body = _body(bericht)
    if body is None:
        return
    for prestatie, found in _prestaties(bericht):
        credit = text(found.get("IngediendBedrag"), "DebetCredit") == "C"
        vorig = text(found.get("ProductReferentie"), "VorigReferentieNummer") is not None
        if credit == vorig:
            continue
        message = (
            "a credit Prestatie needs a VorigReferentieNummer"
            if credit
            else "VorigReferentieNummer is only allowed on a credit Prestatie"
        )
        yield from violations(
            "CD060",
            _children(
                prestatie, "ProductReferentie/VorigReferentieNummer", "IngediendBedrag/DebetCredit"
            ),
            message,
        )


@rule("CD087", "JW323")
def cd087_producttarief_unless_euros(bericht: Bericht) -> Iterator[Issue]:
    """ProductTarief is filled when Eenheid is not 83 (euro's), else left out; retourcode 0001."""
    body = _body(bericht)
    if body is None:
        return
    for prestatie, found in _prestaties(bericht):
        eenheid = text(found.get("Eenheid"))
        if found.get("Eenheid") is None or (eenheid != "83") == (
            text(found.get("ProductTarief")) is not None
        ):
            continue
        message = (
            "Eenheid 83 (euro's) leaves ProductTarief out"
            if eenheid == "83"
            else f"Eenheid {eenheid} needs a ProductTarief"
        )
        yield from violations("CD087", _children(prestatie, "Eenheid", "ProductTarief"), message)


@rule("TR134", "JW323", "JW325")
def tr134_begindatum_not_after_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """DeclaratiePeriode and ProductPeriode begin by the Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at the Dagtekening and the date.
    """
    body = _body(bericht)
    if body is None:
        return
    dagtekening = _dagtekening(bericht)
    for periode in _periodes(bericht, body):
        begin_element = path(periode, "Begindatum")
        if begin_element is not None and na(begin_element, dagtekening):
            yield from violations(
                "TR134",
                [dagtekening, begin_element],
                f"{local(periode)} Begindatum {text(begin_element)} is after the Dagtekening "
                f"{text(dagtekening)}",
            )


@rule("TR319", "JW323")
def tr319_productperiode_within_declaratieperiode(bericht: Bericht) -> Iterator[Issue]:
    """ProductPeriode begins and ends by the DeclaratiePeriode's end; retourcode 0001.

    As rules.xsl, the Begindatum and the Einddatum are two checks (its checkafter on the
    texts, `lexicaal.na`), each at the DeclaratiePeriode Einddatum and the ProductPeriode date.
    """
    body = _body(bericht)
    if body is None:
        return
    grens = path(body.get("DeclaratiePeriode"), "Einddatum")
    for _prestatie, found in _prestaties(bericht):
        for naam in ("Begindatum", "Einddatum"):
            element = path(found.get("ProductPeriode"), naam)
            if na(element, grens):
                yield from violations(
                    "TR319",
                    [grens, element],
                    f"ProductPeriode {naam} {text(element)} is after the DeclaratiePeriode's "
                    f"end {text(grens)}",
                )


def _vijf_jaar_eerder(day: date) -> date:
    """rules.xsl's addMonths(-60, truncate): the same day five years before, 29 Feb to 28 Feb."""
    try:
        return day.replace(year=day.year - 5)
    except ValueError:
        return day.replace(year=day.year - 5, day=28)


@rule("TR335", "JW323")
def tr335_einddatum_within_five_years(bericht: Bericht) -> Iterator[Issue]:
    """ProductPeriode ends at most 5 years before DeclaratieDagtekening; retourcode 0001."""
    body = _body(bericht)
    if body is None:
        return
    dagtekening_element = body.get("DeclaratieDagtekening")
    dagtekening = datum(dagtekening_element)
    if dagtekening is None or dagtekening.year <= 5:
        return
    grens = _vijf_jaar_eerder(dagtekening)
    for _prestatie, found in _prestaties(bericht):
        element = path(found.get("ProductPeriode"), "Einddatum")
        einde = datum(element)
        if einde is not None and einde < grens:
            yield from violations(
                "TR335",
                [dagtekening_element, element],
                f"ProductPeriode Einddatum {einde} is more than 5 years before the "
                f"DeclaratieDagtekening {dagtekening}",
            )


@rule("TR358", "JW323")
def tr358_totaal_equals_sum_of_prestaties(bericht: Bericht) -> Iterator[Issue]:
    """TotaalIngediendBedrag is the Prestaties' debet-minus-credit sum; retourcode 0001.

    As rules.xsl, the finding names TotaalBedrag, DebetCredit and every Prestatie's
    IngediendBedrag, and TotaalBedrag must read exactly as the sum (no leading zeros).
    """
    body = _body(bericht)
    if body is None or body.get("TotaalIngediendBedrag") is None:
        return
    totaal = body["TotaalIngediendBedrag"]
    bedragen = [
        found["IngediendBedrag"]
        for _p, found in _prestaties(bericht)
        if found.get("IngediendBedrag") is not None
    ]
    som = sum(_signed(bedrag, "Bedrag") for bedrag in bedragen)
    teken = text(totaal, "DebetCredit")
    if teken not in ("D", "C"):
        return
    expected = str(som if teken == "D" else -som)
    if text(totaal, "TotaalBedrag") == expected:
        return
    yield from violations(
        "TR358",
        [*_children(totaal, "TotaalBedrag", "DebetCredit"), *bedragen],
        f"TotaalIngediendBedrag must be the Prestaties' sum, {_cents(som)} (credit negative)",
    )


def _tr416_key(found: dict[str, Element]) -> tuple[str | None, ...] | None:
    """ProductPeriode, ProductCategorie, ToewijzingNummer and ProductCode of a debet Prestatie."""
    if text(found.get("IngediendBedrag"), "DebetCredit") != "D":
        return None
    periode = found.get("ProductPeriode")
    key = (
        text(periode, "Begindatum"),
        text(periode, "Einddatum"),
        text(found.get("ProductCategorie")),
        text(found.get("ToewijzingNummer")),
        text(found.get("ProductCode")),
    )
    # rules.xsl compares element values: a Prestatie lacking one of them matches none.
    return None if None in key else key


@rule("TR416", "JW323")
def tr416_one_debet_prestatie_per_product_and_period(bericht: Bericht) -> Iterator[Issue]:
    """No two debet Prestaties of a Client share period, product, toewijzing; retourcode 0001.

    As rules.xsl: each later Prestatie is reported with every earlier one it repeats.
    """
    body = _body(bericht)
    if body is None:
        return
    for _client, prestaties in _clienten_gelezen(bericht):
        earlier: dict[tuple[str | None, ...], list[Element]] = {}
        for prestatie, found in prestaties:
            key = _tr416_key(found)
            if key is None:
                continue
            for previous in earlier.get(key, []):
                yield from violations(
                    "TR416",
                    [previous, prestatie],
                    "a debet Prestatie for this ProductPeriode, ProductCategorie, ProductCode "
                    "and ToewijzingNummer was already sent in this message",
                )
            earlier.setdefault(key, []).append(prestatie)


_CS100_GRENS = date(2021, 1, 1)


@rule("CS100", "JW323")
def cs100_begindatum_from_2021(bericht: Bericht) -> Iterator[Issue]:
    """DeclaratiePeriode and ProductPeriode begin on or after 2021-01-01; retourcode 0001."""
    body = _body(bericht)
    if body is None:
        return
    for periode in _periodes(bericht, body):
        element = path(periode, "Begindatum")
        begin = datum(element)
        if element is not None and begin is not None and begin < _CS100_GRENS:
            yield violation("CS100", element, f"{local(periode)} Begindatum {begin} is before 2021")


_BEDRAGEN = {
    "TotaalIngediendBedrag": "TotaalBedrag",
    "TotaalToegekendBedrag": "TotaalBedrag",
    "IngediendBedrag": "Bedrag",
}
"""CS325's amounts in JW323/JW325 (rules.xsl matches them by local name) and their value."""
_BEDRAG_TAGS = tuple(f"{{*}}{name}" for name in _BEDRAGEN)


@rule("CS325", "JW323", "JW325")
def cs325_zero_amount_is_debet(bericht: Bericht) -> Iterator[Issue]:
    """An amount of 0 has DebetCredit D, never C; retourcode 0001."""
    for element in bericht.root.iter(*_BEDRAG_TAGS):
        waarde = _BEDRAGEN[local(element)]
        bedrag, teken = kid(element, waarde), kid(element, "DebetCredit")
        if number(bedrag) == 0 and text(teken) in ("C", "c"):
            yield from violations(
                "CS325", [bedrag, teken], f"{local(element)} of 0 must be debet (D), not credit"
            )


def _referenties(bericht: Bericht) -> Iterator[tuple[Element | None, Element | None]]:
    """(ReferentieNummer, VorigReferentieNummer) of every Prestatie, in document order."""
    for _prestatie, found in _prestaties(bericht):
        referentie = found.get("ProductReferentie")
        yield kid(referentie, "ReferentieNummer"), kid(referentie, "VorigReferentieNummer")


@rule("TR315", "JW323")
def tr315_vorigreferentienummer_unique(bericht: Bericht) -> Iterator[Issue]:
    """A VorigReferentieNummer occurs once in the message; retourcode 0001.

    As rules.xsl, each repeat is reported with every earlier one, at both elements.
    """
    body = _body(bericht)
    if body is None:
        return
    earlier: dict[str | None, list[Element]] = {}
    for _referentie, vorig in _referenties(bericht):
        if vorig is None:
            continue
        for previous in earlier.get(text(vorig), []):
            yield from violations(
                "TR315", [previous, vorig], "VorigReferentieNummer occurs more than once"
            )
        earlier.setdefault(text(vorig), []).append(vorig)


@rule("TR316", "JW323")
def tr316_no_credit_of_a_debet_in_the_same_message(bericht: Bericht) -> Iterator[Issue]:
    """A Prestatie credits none declared in the same message; retourcode 0001.

    As rules.xsl, three checks on each ProductReferentie: its VorigReferentieNummer is no
    earlier ReferentieNummer, its ReferentieNummer no earlier VorigReferentieNummer, and the
    two differ; each at the pair of elements compared.
    """
    body = _body(bericht)
    if body is None:
        return
    referenties: dict[str | None, list[Element]] = {}
    vorige: dict[str | None, list[Element]] = {}
    message = "a Prestatie in this message credits a debet Prestatie of the same message"
    for referentie, vorig in _referenties(bericht):
        if vorig is not None:
            for previous in referenties.get(text(vorig), []):
                yield from violations("TR316", [previous, vorig], message)
        if referentie is not None:
            for previous in vorige.get(text(referentie), []):
                yield from violations("TR316", [previous, referentie], message)
        if referentie is not None and vorig is not None and text(referentie) == text(vorig):
            yield from violations(
                "TR316", [referentie, vorig], "ReferentieNummer equals VorigReferentieNummer"
            )
        if referentie is not None:
            referenties.setdefault(text(referentie), []).append(referentie)
        if vorig is not None:
            vorige.setdefault(text(vorig), []).append(vorig)


RULES: tuple[Rule, ...] = (
    sleutels.TR101["JW323"],
    sleutels.TR101["JW325"],
    tr137_periode_einddatum_from_begindatum_to_dagtekening,
    cs339_euro_bedrag_equals_geleverd_volume,
    tr342_toegekend_matches_rejected_prestaties,
    cs337_productperiode_in_one_calendar_month,
    cs340_declaratieperiode_is_one_calendar_month,
    cd060_vorigreferentienummer_only_with_credit,
    cd087_producttarief_unless_euros,
    tr134_begindatum_not_after_dagtekening,
    tr319_productperiode_within_declaratieperiode,
    tr335_einddatum_within_five_years,
    tr358_totaal_equals_sum_of_prestaties,
    tr416_one_debet_prestatie_per_product_and_period,
    cs100_begindatum_from_2021,
    cs325_zero_amount_is_debet,
    tr315_vorigreferentienummer_unique,
    tr316_no_credit_of_a_debet_in_the_same_message,
)
