"""Intra-message rules for JW323 declaraties and our JW325 answers (XSLT level, 0001).

The rules, codes and locations follow the official rules.xsl (XSLT release 2.10.5) for these
messages. CS002 on the JW323 clients lives in `persoon.py`, TR101 in `sleutels.py`.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from app.checks.bericht import Bericht
from app.checks.intra import sleutels
from app.checks.intra.prestaties import Declaratie, Periode, Prestatie, Totaal, declaratie
from app.checks.issue import Issue, violation, violations
from app.checks.lexicaal import getal, groter
from app.checks.rule import Check, Rule, rule
from app.ijw.tree import Element, elements, path, text
from app.ijw.views import dagtekening_of

_GEEN_AFWIJZING = frozenset({"0200", "8001"})


# --- reading helpers --------------------------------------------------------------------------


def _cents(value: int) -> str:
    return f"{value} eurocent"


# --- screen ----------------------------------------------------------------------------------


_GESCREEND: set[str] = set()
"""The codes of the screened rules."""


def _gescreend(code: str) -> Callable[[Check], Check]:
    """Run the check only where the screen suspects its rule `code`."""
    _GESCREEND.add(code)

    def gescreend(check: Check) -> Check:
        @functools.wraps(check)
        def screened(bericht: Bericht) -> Iterable[Issue]:
            # A plain function: a clean message's rule makes no generator.
            verdacht = bericht.shared("declaratie.verdacht", _lees_verdacht)
            return check(bericht) if code in verdacht else ()

        return screened

    return gescreend


def _lees_verdacht(bericht: Bericht) -> set[str]:
    """The screened rules that may find something in this declaratie, read once for them all.

    Each test is a condition without which its rule finds nothing, over the distinct periods
    and the Prestaties in one pass.
    """
    if bericht.type.name != "JW323":
        # A JW325 runs few of these rules, on few Prestaties: screening costs it more than it saves.
        return _GESCREEND
    verdacht: set[str] = set()
    gelezen = declaratie(bericht)
    if gelezen is not None:
        _verdachte_periodes(gelezen, verdacht)
        _verdachte_prestaties(gelezen, verdacht)
    return verdacht


def _verdachte_periodes(gelezen: Declaratie, verdacht: set[str]) -> None:
    """TR137, TR134, CS100 on each period; CS340; CS337, TR319, TR335 on the ProductPeriodes."""
    dag = gelezen.dagtekening_tien
    declaratieperiode = gelezen.periode
    productperiodes = gelezen.productperiodes
    if declaratieperiode is not None:
        fouten = _cs340_fouten(declaratieperiode)
        if fouten is not None and True in fouten:
            verdacht.add("CS340")
    for periode in (
        productperiodes if declaratieperiode is None else [declaratieperiode, *productperiodes]
    ):
        if periode.omgekeerd or groter(periode.einde_getal, dag):
            verdacht.add("TR137")
        if groter(periode.begin_getal, dag):
            verdacht.add("TR134")
        begin = periode.begin_datum
        if begin is not None and begin < _CS100_GRENS:
            verdacht.add("CS100")
    grens = None if declaratieperiode is None else declaratieperiode.einde_tien
    # TR335's bound lies in the fifth year before the DeclaratieDagtekening: only an end in or
    # before that year may precede it.
    dagtekening = gelezen.declaratiedagtekening
    vijf_jaar = None if dagtekening is None or dagtekening.year <= 5 else dagtekening.year - 5
    for periode in productperiodes:
        if periode.andere_maand:
            verdacht.add("CS337")
        if (
            declaratieperiode is None
            or groter(periode.begin_getal, grens)
            or groter(periode.einde_getal, grens)
        ):
            verdacht.add("TR319")
        einde = periode.einde_datum
        if vijf_jaar is not None and einde is not None and einde.year <= vijf_jaar:
            verdacht.add("TR335")


def _verdachte_prestaties(gelezen: Declaratie, verdacht: set[str]) -> None:
    """CS339, CD087, CD060, CS325, TR416 on each Prestatie; TR358; CS325 on the totals."""
    som = 0
    for client in gelezen.clienten:
        # TR416 compares the debet Prestaties of one Client: a lone one repeats none.
        keys: set[tuple[str | None, ...]] | None = set() if len(client.prestaties) > 1 else None
        for prestatie in client.prestaties:
            eenheid, debet_credit, bedrag = (
                prestatie.eenheid,
                prestatie.debet_credit,
                prestatie.bedrag,
            )
            if bedrag:
                som += -bedrag if debet_credit == "C" else bedrag
            if eenheid == "83":
                verdacht.add("CS339")
            if (eenheid != "83") != (prestatie.tarief is not None):
                verdacht.add("CD087")
            if (debet_credit == "C") != (prestatie.vorig is not None):
                verdacht.add("CD060")
            if debet_credit in ("C", "c") and bedrag == 0:
                verdacht.add("CS325")
            if keys is not None and debet_credit == "D":
                key = _tr416_key(prestatie)
                if key is not None:
                    if key in keys:
                        verdacht.add("TR416")
                    keys.add(key)
    if _tr358_fout(gelezen, som):
        verdacht.add("TR358")
    for totaal in gelezen.totalen.values():
        if totaal.debet_credit_ruw.strip() in ("C", "c"):
            verdacht.add("CS325")
    if gelezen.met_vorig:
        _verdachte_referenties(gelezen, verdacht)


def _verdachte_referenties(gelezen: Declaratie, verdacht: set[str]) -> None:
    """TR315: a VorigReferentieNummer repeats; TR316: one is also a ReferentieNummer."""
    vorige = [
        prestatie.vorig for prestatie in gelezen.prestaties if prestatie.vorig_ruw is not None
    ]
    if len(set(vorige)) < len(vorige):
        verdacht.add("TR315")
    if not {prestatie.referentie for prestatie in gelezen.prestaties}.isdisjoint(vorige):
        verdacht.add("TR316")


# --- rules -----------------------------------------------------------------------------------


def _dagtekening(bericht: Bericht) -> Element:
    """The Header's BerichtIdentificatie/Dagtekening element."""
    return dagtekening_of(bericht.header)


@rule("TR137", "JW323", "JW325")
@_gescreend("TR137")
def tr137_periode_einddatum_from_begindatum_to_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """A period ends neither before its Begindatum nor after the Dagtekening; retourcode 0001.

    rules.xsl reports the DeclaratiePeriode (JW323) and ProductPeriode checks under TR137, not
    CS003: once at both dates of the period, once at the header Dagtekening and the Einddatum;
    both are its checkafter on the texts (`lexicaal.na`).
    """
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    dag = gelezen.dagtekening_tien

    def na_dagtekening(periode: Periode) -> bool:
        return groter(periode.einde_getal, dag)

    def fout(periode: Periode) -> bool:
        return periode.omgekeerd or na_dagtekening(periode)

    for periode, datum_element in gelezen.periodes(fout, declaratieperiode=True):
        einde = periode.einde_tekst
        if periode.omgekeerd:
            yield from violations(
                "TR137",
                [datum_element("Begindatum"), datum_element("Einddatum")],
                f"{periode.naam} Einddatum {einde} is before Begindatum {periode.begin_tekst}",
            )
        if na_dagtekening(periode):
            dagtekening = _dagtekening(bericht)
            yield from violations(
                "TR137",
                [dagtekening, datum_element("Einddatum")],
                f"{periode.naam} Einddatum {einde} is after the Dagtekening {text(dagtekening)}",
            )


# JW323 only, as in rules.xsl: a JW325 merely echoes prestaties of a JW323 that passed CS339.
@rule("CS339", "JW323")
@_gescreend("CS339")
def cs339_euro_bedrag_equals_geleverd_volume(bericht: Bericht) -> Iterator[Issue]:
    """With Eenheid 83 (euro's) IngediendBedrag equals GeleverdVolume; retourcode 0001."""
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    for prestatie in gelezen.prestaties:
        if prestatie.eenheid != "83":
            continue
        bedrag, volume = prestatie.bedrag, _getal(prestatie.volume_ruw)
        if bedrag is not None and volume is not None and bedrag != volume:
            # rules.xsl names both sides of the comparison: GeleverdVolume and the Bedrag.
            yield from violations(
                "CS339",
                [prestatie.at("GeleverdVolume"), prestatie.at("IngediendBedrag", "Bedrag")],
                f"Eenheid 83: IngediendBedrag {_cents(bedrag)} must equal GeleverdVolume "
                f"{_cents(volume)}",
            )


def _getal(raw: str) -> int | None:
    """`tree.number` of a raw text."""
    value = raw.strip()
    return int(value) if value else None


def _xsl_bedrag(totaal: Totaal | None) -> float | None:
    """rules.xsl's signed amount: `number()` of the text, negated when DebetCredit is "C".

    None where XPath has NaN: an absent amount, or a text XPath reads as no number ("+5").
    """
    value = getal(totaal.bedrag_ruw) if totaal is not None else None
    if totaal is None or value is None:
        return None
    return -value if totaal.debet_credit_ruw == "C" else value


def _xsl_som(gelezen: Declaratie) -> float | None:
    """Debet minus credit of the listed Prestaties' IngediendBedrag, as rules.xsl sums them."""
    totaal = 0.0
    for prestatie in gelezen.prestaties:
        debet_credit = prestatie.debet_credit_ruw
        if debet_credit not in ("D", "C"):
            continue
        value = getal(prestatie.bedrag_ruw)
        if value is None:
            return None
        totaal += -value if debet_credit == "C" else value
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
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    antwoord, body = gelezen.element, gelezen.body
    ingediend = _xsl_bedrag(gelezen.totalen.get("TotaalIngediendBedrag"))
    toegekend = _xsl_bedrag(gelezen.totalen.get("TotaalToegekendBedrag"))
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
    afgewezen = _xsl_som(gelezen)
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
@_gescreend("CS337")
def cs337_productperiode_in_one_calendar_month(bericht: Bericht) -> Iterator[Issue]:
    """ProductPeriode begins and ends in the same year and month; retourcode 0001.

    As rules.xsl: the year and the month are two checks, so a period ending in another year
    and another month is reported twice, each time at both dates; each compares characters of
    the texts without their dashes (so surrounding whitespace shifts them).
    """
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    for periode, datum_element in gelezen.periodes(_andere_maand):
        begin, einde = periode.begin.replace("-", ""), periode.einde.replace("-", "")
        dates = [datum_element("Begindatum"), datum_element("Einddatum")]
        if begin[:4] != einde[:4]:
            yield from violations(
                "CS337", dates, f"ProductPeriode ends in {einde[:4]}, not in {begin[:4]}"
            )
        if begin[4:6] != einde[4:6]:
            yield from violations(
                "CS337", dates, f"ProductPeriode ends in month {einde[4:6]}, not {begin[4:6]}"
            )


def _andere_maand(periode: Periode) -> bool:
    """The period's dates differ in year or month, read as rules.xsl does (without dashes)."""
    return periode.andere_maand


def _volgende_maand(day: date) -> date:
    """rules.xsl's addMonths(+1): the same day next month, overflowing into the month after."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    if day.day <= 28:  # every month has that day; a DeclaratiePeriode begins on the 1st
        return date(year, month, day.day)
    length = calendar.monthrange(year, month)[1]
    if day.day <= length:
        return date(year, month, day.day)
    return date(year, month, length) + timedelta(days=day.day - length)


@rule("CS340", "JW323")
@_gescreend("CS340")
def cs340_declaratieperiode_is_one_calendar_month(bericht: Bericht) -> Iterator[Issue]:
    """DeclaratiePeriode is exactly one whole calendar month; retourcode 0001.

    As rules.xsl, two checks: Begindatum is the 1st (at Begindatum), and the day after
    Einddatum is Begindatum plus one month (at both dates). rules.xsl counts every fourth year
    as a leap year; we use the Gregorian calendar, which differs only in 2100 and later.
    """
    gelezen = declaratie(bericht)
    if gelezen is None or gelezen.periode is None:
        return
    periode = gelezen.periode
    fouten = _cs340_fouten(periode)
    if fouten is None:
        return
    geen_eerste, geen_maand = fouten
    begin, einde = periode.begin_datum, periode.einde_datum
    if geen_eerste:
        yield from violations(
            "CS340",
            [gelezen.periode_datum("Begindatum")],
            f"DeclaratiePeriode begins on {begin}, not a 1st",
        )
    if geen_maand:
        yield from violations(
            "CS340",
            [gelezen.periode_datum("Begindatum"), gelezen.periode_datum("Einddatum")],
            f"DeclaratiePeriode {begin} to {einde} is not one whole calendar month",
        )


def _cs340_fouten(periode: Periode) -> tuple[bool, bool] | None:
    """CS340's two checks: the period begins on no 1st; it is no whole month. None if no dates."""
    begin, einde = periode.begin_datum, periode.einde_datum
    if begin is None or einde is None or date.max in (begin, einde):
        return None
    # rules.xsl reads the day as the text after the second dash: a padded date is no 1st.
    return periode.begin.split("-", 2)[-1] != "01", einde + _EEN_DAG != _volgende_maand(begin)


_EEN_DAG = timedelta(days=1)


@rule("CD060", "JW323", "JW325")
@_gescreend("CD060")
def cd060_vorigreferentienummer_only_with_credit(bericht: Bericht) -> Iterator[Issue]:
    """A credit Prestatie has a VorigReferentieNummer, a debet one none; retourcode 0001."""
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    for prestatie in gelezen.prestaties:
        credit = prestatie.debet_credit == "C"
        if credit == (prestatie.vorig is not None):
            continue
        message = (
            "a credit Prestatie needs a VorigReferentieNummer"
            if credit
            else "VorigReferentieNummer is only allowed on a credit Prestatie"
        )
        yield from violations(
            "CD060",
            _children(
                prestatie.element,
                "ProductReferentie/VorigReferentieNummer",
                "IngediendBedrag/DebetCredit",
            ),
            message,
        )


@rule("CD087", "JW323")
@_gescreend("CD087")
def cd087_producttarief_unless_euros(bericht: Bericht) -> Iterator[Issue]:
    """ProductTarief is filled when Eenheid is not 83 (euro's), else left out; retourcode 0001."""
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    for prestatie in gelezen.prestaties:
        eenheid = prestatie.eenheid
        if (eenheid != "83") == (prestatie.tarief is not None):
            continue
        message = (
            "Eenheid 83 (euro's) leaves ProductTarief out"
            if eenheid == "83"
            else f"Eenheid {eenheid} needs a ProductTarief"
        )
        yield from violations(
            "CD087", _children(prestatie.element, "Eenheid", "ProductTarief"), message
        )


@rule("TR134", "JW323", "JW325")
@_gescreend("TR134")
def tr134_begindatum_not_after_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """DeclaratiePeriode and ProductPeriode begin by the Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at the Dagtekening and the date.
    """
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    dag = gelezen.dagtekening_tien

    def fout(periode: Periode) -> bool:
        return groter(periode.begin_getal, dag)

    for periode, datum_element in gelezen.periodes(fout, declaratieperiode=True):
        dagtekening = _dagtekening(bericht)
        yield from violations(
            "TR134",
            [dagtekening, datum_element("Begindatum")],
            f"{periode.naam} Begindatum {periode.begin_tekst} is after the Dagtekening "
            f"{text(dagtekening)}",
        )


@rule("TR319", "JW323")
@_gescreend("TR319")
def tr319_productperiode_within_declaratieperiode(bericht: Bericht) -> Iterator[Issue]:
    """ProductPeriode begins and ends by the DeclaratiePeriode's end; retourcode 0001.

    As rules.xsl, the Begindatum and the Einddatum are two checks (its checkafter on the
    texts, `lexicaal.na`), each at the DeclaratiePeriode Einddatum and the ProductPeriode date.
    """
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    # Without a DeclaratiePeriode checkafter has no bound: every date is reported.
    zonder_grens = gelezen.periode is None
    grens = None if gelezen.periode is None else gelezen.periode.einde_tien

    def begint_na(periode: Periode) -> bool:
        return zonder_grens or groter(periode.begin_getal, grens)

    def eindigt_na(periode: Periode) -> bool:
        return zonder_grens or groter(periode.einde_getal, grens)

    def fout(periode: Periode) -> bool:
        return begint_na(periode) or eindigt_na(periode)

    for periode, datum_element in gelezen.periodes(fout):
        for naam, na in (("Begindatum", begint_na), ("Einddatum", eindigt_na)):
            if na(periode):
                grens_element, element = gelezen.periode_datum("Einddatum"), datum_element(naam)
                yield from violations(
                    "TR319",
                    [grens_element, element],
                    f"ProductPeriode {naam} {text(element)} is after the DeclaratiePeriode's "
                    f"end {text(grens_element)}",
                )


def _vijf_jaar_eerder(day: date) -> date:
    """rules.xsl's addMonths(-60, truncate): the same day five years before, 29 Feb to 28 Feb."""
    try:
        return day.replace(year=day.year - 5)
    except ValueError:
        return day.replace(year=day.year - 5, day=28)


def _tr335_grens(gelezen: Declaratie) -> date | None:
    """Five years before the DeclaratieDagtekening, TR335's bound; None without one."""
    dagtekening = gelezen.declaratiedagtekening
    if dagtekening is None or dagtekening.year <= 5:
        return None
    return _vijf_jaar_eerder(dagtekening)


@rule("TR335", "JW323")
@_gescreend("TR335")
def tr335_einddatum_within_five_years(bericht: Bericht) -> Iterator[Issue]:
    """ProductPeriode ends at most 5 years before DeclaratieDagtekening; retourcode 0001."""
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    grens = _tr335_grens(gelezen)
    if grens is None:
        return
    dagtekening = gelezen.declaratiedagtekening

    def fout(periode: Periode) -> bool:
        return periode.einde_datum is not None and periode.einde_datum < grens

    for periode, datum_element in gelezen.periodes(fout):
        yield from violations(
            "TR335",
            [gelezen.body.get("DeclaratieDagtekening"), datum_element("Einddatum")],
            f"ProductPeriode Einddatum {periode.einde_datum} is more than 5 years before the "
            f"DeclaratieDagtekening {dagtekening}",
        )


@rule("TR358", "JW323")
@_gescreend("TR358")
def tr358_totaal_equals_sum_of_prestaties(bericht: Bericht) -> Iterator[Issue]:
    """TotaalIngediendBedrag is the Prestaties' debet-minus-credit sum; retourcode 0001.

    As rules.xsl, the finding names TotaalBedrag, DebetCredit and every Prestatie's
    IngediendBedrag, and TotaalBedrag must read exactly as the sum (no leading zeros).
    """
    gelezen = declaratie(bericht)
    if gelezen is None or "TotaalIngediendBedrag" not in gelezen.totalen:
        return
    som = 0
    for prestatie in gelezen.prestaties:
        bedrag = prestatie.bedrag or 0
        som += -bedrag if prestatie.debet_credit == "C" else bedrag
    if not _tr358_fout(gelezen, som):
        return
    totaal = gelezen.totalen["TotaalIngediendBedrag"]
    yield from violations(
        "TR358",
        [
            *_children(totaal.element, "TotaalBedrag", "DebetCredit"),
            *(prestatie.at("IngediendBedrag") for prestatie in gelezen.prestaties),
        ],
        f"TotaalIngediendBedrag must be the Prestaties' sum, {_cents(som)} (credit negative)",
    )


def _tr358_fout(gelezen: Declaratie, som: int) -> bool:
    """TotaalIngediendBedrag, debet or credit, does not read exactly as the Prestaties' `som`."""
    totaal = gelezen.totalen.get("TotaalIngediendBedrag")
    if totaal is None:
        return False
    teken = totaal.debet_credit_ruw.strip()
    if teken not in ("D", "C"):
        return False
    return totaal.bedrag_ruw.strip() != str(som if teken == "D" else -som)


def _tr416_key(prestatie: Prestatie) -> tuple[str | None, ...] | None:
    """ProductPeriode, ProductCategorie, ToewijzingNummer and ProductCode of a debet Prestatie."""
    if prestatie.debet_credit != "D":
        return None
    periode = prestatie.periode
    key = (
        periode.begin_tekst,
        periode.einde_tekst,
        prestatie.categorie,
        prestatie.toewijzing,
        prestatie.code,
    )
    # rules.xsl compares element values: a Prestatie lacking one of them matches none.
    return None if None in key else key


@rule("TR416", "JW323")
@_gescreend("TR416")
def tr416_one_debet_prestatie_per_product_and_period(bericht: Bericht) -> Iterator[Issue]:
    """No two debet Prestaties of a Client share period, product, toewijzing; retourcode 0001.

    As rules.xsl: each later Prestatie is reported with every earlier one it repeats.
    """
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    for client in gelezen.clienten:
        earlier: dict[tuple[str | None, ...], list[Element]] = {}
        for prestatie in client.prestaties:
            key = _tr416_key(prestatie)
            if key is None:
                continue
            for previous in earlier.get(key, []):
                yield from violations(
                    "TR416",
                    [previous, prestatie.element],
                    "a debet Prestatie for this ProductPeriode, ProductCategorie, ProductCode "
                    "and ToewijzingNummer was already sent in this message",
                )
            earlier.setdefault(key, []).append(prestatie.element)


_CS100_GRENS = date(2021, 1, 1)


@rule("CS100", "JW323")
@_gescreend("CS100")
def cs100_begindatum_from_2021(bericht: Bericht) -> Iterator[Issue]:
    """DeclaratiePeriode and ProductPeriode begin on or after 2021-01-01; retourcode 0001."""
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    for periode, datum_element in gelezen.periodes(_voor_2021, declaratieperiode=True):
        yield from violations(
            "CS100",
            [datum_element("Begindatum")],
            f"{periode.naam} Begindatum {periode.begin_datum} is before 2021",
        )


def _voor_2021(periode: Periode) -> bool:
    return periode.begin_datum is not None and periode.begin_datum < _CS100_GRENS


@rule("CS325", "JW323", "JW325")
@_gescreend("CS325")
def cs325_zero_amount_is_debet(bericht: Bericht) -> Iterator[Issue]:
    """An amount of 0 has DebetCredit D, never C; retourcode 0001.

    rules.xsl matches every TotaalIngediendBedrag, TotaalToegekendBedrag and IngediendBedrag:
    the schema puts the totals in the body, before the Clienten, and the last in a Prestatie.
    """
    gelezen = declaratie(bericht)
    if gelezen is None:
        return
    for naam, totaal in gelezen.totalen.items():
        if totaal.debet_credit_ruw.strip() in ("C", "c") and _getal(totaal.bedrag_ruw) == 0:
            yield from violations(
                "CS325",
                _children(totaal.element, "TotaalBedrag", "DebetCredit"),
                f"{naam} of 0 must be debet (D), not credit",
            )
    for prestatie in gelezen.prestaties:
        if prestatie.debet_credit in ("C", "c") and prestatie.bedrag == 0:
            yield from violations(
                "CS325",
                [
                    prestatie.at("IngediendBedrag", "Bedrag"),
                    prestatie.at("IngediendBedrag", "DebetCredit"),
                ],
                "IngediendBedrag of 0 must be debet (D), not credit",
            )


@rule("TR315", "JW323")
@_gescreend("TR315")
def tr315_vorigreferentienummer_unique(bericht: Bericht) -> Iterator[Issue]:
    """A VorigReferentieNummer occurs once in the message; retourcode 0001.

    As rules.xsl, each repeat is reported with every earlier one, at both elements.
    """
    gelezen = declaratie(bericht)
    if gelezen is None or not gelezen.met_vorig:
        return
    earlier: dict[str | None, list[Prestatie]] = {}
    for prestatie in gelezen.prestaties:
        if prestatie.vorig_ruw is None:
            continue
        vorig = prestatie.vorig
        for previous in earlier.get(vorig, []):
            yield from violations(
                "TR315",
                [_vorig(previous), _vorig(prestatie)],
                "VorigReferentieNummer occurs more than once",
            )
        earlier.setdefault(vorig, []).append(prestatie)


def _referentie(prestatie: Prestatie) -> Element | None:
    return prestatie.at("ProductReferentie", "ReferentieNummer")


def _vorig(prestatie: Prestatie) -> Element | None:
    return prestatie.at("ProductReferentie", "VorigReferentieNummer")


@rule("TR316", "JW323")
@_gescreend("TR316")
def tr316_no_credit_of_a_debet_in_the_same_message(bericht: Bericht) -> Iterator[Issue]:
    """A Prestatie credits none declared in the same message; retourcode 0001.

    As rules.xsl, three checks on each ProductReferentie: its VorigReferentieNummer is no
    earlier ReferentieNummer, its ReferentieNummer no earlier VorigReferentieNummer, and the
    two differ; each at the pair of elements compared.
    """
    gelezen = declaratie(bericht)
    # Without a VorigReferentieNummer none of the three checks can fail.
    if gelezen is None or not gelezen.met_vorig:
        return
    referenties: dict[str | None, list[Prestatie]] = {}
    vorige: dict[str | None, list[Prestatie]] = {}
    message = "a Prestatie in this message credits a debet Prestatie of the same message"
    for prestatie in gelezen.prestaties:
        met_vorig = prestatie.vorig_ruw is not None
        referentie, vorig = prestatie.referentie, prestatie.vorig
        if met_vorig:
            for previous in referenties.get(vorig, []):
                yield from violations("TR316", [_referentie(previous), _vorig(prestatie)], message)
        for previous in vorige.get(referentie, []):
            yield from violations("TR316", [_vorig(previous), _referentie(prestatie)], message)
        if met_vorig and referentie == vorig:
            yield from violations(
                "TR316",
                [_referentie(prestatie), _vorig(prestatie)],
                "ReferentieNummer equals VorigReferentieNummer",
            )
        referenties.setdefault(referentie, []).append(prestatie)
        if met_vorig:
            vorige.setdefault(vorig, []).append(prestatie)


_TR101_SLEUTELS = {
    message_type: (per_klasse["Client"], per_klasse["Prestatie"])
    for message_type in ("JW323", "JW325")
    for per_klasse in [{sleutel.klasse: sleutel for sleutel in sleutels.SLEUTELS[message_type]}]
}
"""The keys of a Client and of a Prestatie, per declaratie type."""


def _tr101_gesleuteld(bericht: Bericht) -> Iterable[sleutels.Gesleuteld]:
    """TR101's keyed Clients and Prestaties, read from the Prestatie records.

    As `sleutels.gesleuteld_in_boom` finds them: a Client keyed by its Bsn among the Clienten,
    a Prestatie by its ReferentieNummer and VorigReferentieNummer (None when absent) among its
    Client's, each raw text; one left empty gives no key. The Declaratie (DeclaratieAntwoord)
    is left out: the root holds one, which repeats no key.
    """
    gelezen = declaratie(bericht)
    if gelezen is None:
        return sleutels.gesleuteld_in_boom(bericht)
    client_sleutel, prestatie_sleutel = _TR101_SLEUTELS[bericht.type.name]
    # A list rather than a generator: TR101 takes them all, and a clean message's few items
    # cost less appended than resumed.
    found: list[sleutels.Gesleuteld] = []
    for client in gelezen.clienten:
        if client.bsn_ruw:
            found.append((client.element, client_sleutel, ("Client", client.bsn_ruw)))
        for prestatie in client.prestaties:
            referentie, vorig = prestatie.referentie_ruw, prestatie.vorig_ruw
            if referentie and vorig != "":
                found.append(
                    (prestatie.element, prestatie_sleutel, (client.element, referentie, vorig))
                )
    return found


sleutels.LEZERS.update({"JW323": _tr101_gesleuteld, "JW325": _tr101_gesleuteld})


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
