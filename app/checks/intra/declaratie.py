"""Intra-message rules for JW323 declaraties and our JW325 answers (XSLT level, 0001).

ijw-domain.md has no rule table for these messages; only checks whose code and meaning it gives
are here (TR101, CS003, CS339, TR342). CS002 on the JW323 clients lives in `persoon.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from app.checks.bericht import Bericht
from app.checks.issue import Issue, violation
from app.checks.rule import Rule, rule
from app.ijw.tree import datum, elements, number, text
from app.ijw.views import fields

Element = etree._Element

# The body class under the root that holds Clienten: JW323 Declaratie, JW325 DeclaratieAntwoord.
_BODY = {"JW323": "Declaratie", "JW325": "DeclaratieAntwoord"}
_GEEN_AFWIJZING = frozenset({"0200", "8001"})


# --- reading helpers --------------------------------------------------------------------------


def _body(bericht: Bericht) -> dict[str, Element] | None:
    """Children of the Declaratie (JW323) or DeclaratieAntwoord (JW325), or None."""
    body = fields(bericht.root).get(_BODY.get(bericht.type.name, ""))
    return None if body is None else fields(body)


def _clienten(body: dict[str, Element]) -> list[Element]:
    return elements(body.get("Clienten"))


def _prestaties(body: dict[str, Element]) -> Iterator[tuple[Element, dict[str, Element]]]:
    """Every Prestatie of the message with its children, client by client."""
    for client in _clienten(body):
        for prestatie in elements(fields(client).get("Prestaties")):
            yield prestatie, fields(prestatie)


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


def _referentie(found: dict[str, Element]) -> tuple[str | None, str | None]:
    """TR101 key of a Prestatie in rules.xsl: ReferentieNummer plus VorigReferentieNummer."""
    referentie = found.get("ProductReferentie")
    keys = fields(referentie) if referentie is not None else {}
    return text(keys.get("ReferentieNummer")), text(keys.get("VorigReferentieNummer"))


@rule("TR101", "JW323", "JW325")
def tr101_no_duplicate_clients_or_prestaties(bericht: Bericht) -> Iterator[Issue]:
    """No two Clients share a Bsn, no two sibling Prestaties a key; retourcode 0001."""
    body = _body(bericht)
    if body is None:
        return
    # The spec names no JW323/JW325 keys; these are rules.xsl's (Client Bsn, Prestatie
    # ReferentieNummer + VorigReferentieNummer among the Prestaties of one Client).
    bsns: set[str | None] = set()
    for client in _clienten(body):
        found = fields(client)
        bsn = text(found.get("Bsn"))
        if bsn in bsns:
            yield violation("TR101", client, "Client with this Bsn occurs more than once")
        bsns.add(bsn)
        keys: set[tuple[str | None, str | None]] = set()
        for prestatie in elements(found.get("Prestaties")):
            key = _referentie(fields(prestatie))
            if key in keys:
                yield violation(
                    "TR101",
                    prestatie,
                    f"Prestatie with ReferentieNummer {key[0]} and VorigReferentieNummer "
                    f"{key[1] or '(none)'} occurs more than once for this Client",
                    child="ProductReferentie",
                )
            keys.add(key)


def _periode_issue(periode: Element | None, naam: str) -> Issue | None:
    if periode is None:
        return None
    dates = fields(periode)
    begin, einde = datum(dates.get("Begindatum")), datum(dates.get("Einddatum"))
    if begin is None or einde is None or einde >= begin:
        return None
    return violation(
        "CS003",
        periode,
        f"{naam} Einddatum {einde} is before Begindatum {begin}",
        child="Einddatum",
    )


@rule("CS003", "JW323", "JW325")
def cs003_periode_einddatum_not_before_begindatum(bericht: Bericht) -> Iterator[Issue]:
    """DeclaratiePeriode and ProductPeriode end on or after their Begindatum; retourcode 0001."""
    body = _body(bericht)
    if body is None:
        return
    # rules.xsl reports this check under TR137, a code the spec does not give; CS003 is the
    # spec's rule for "Einddatum >= begin of the same period".
    issue = _periode_issue(body.get("DeclaratiePeriode"), "DeclaratiePeriode")
    if issue is not None:
        yield issue
    for _prestatie, found in _prestaties(body):
        issue = _periode_issue(found.get("ProductPeriode"), "ProductPeriode")
        if issue is not None:
            yield issue


# JW323 only, as in rules.xsl: a JW325 merely echoes prestaties of a JW323 that passed CS339.
@rule("CS339", "JW323")
def cs339_euro_bedrag_equals_geleverd_volume(bericht: Bericht) -> Iterator[Issue]:
    """With Eenheid 83 (euro's) IngediendBedrag equals GeleverdVolume; retourcode 0001."""
    body = _body(bericht)
    if body is None:
        return
    for prestatie, found in _prestaties(body):
        if text(found.get("Eenheid")) != "83":
            continue
        bedrag_element = found.get("IngediendBedrag")
        bedrag = (
            number(fields(bedrag_element).get("Bedrag")) if bedrag_element is not None else None
        )
        volume = number(found.get("GeleverdVolume"))
        if bedrag is not None and volume is not None and bedrag != volume:
            yield violation(
                "CS339",
                prestatie,
                f"Eenheid 83: IngediendBedrag {_cents(bedrag)} must equal GeleverdVolume "
                f"{_cents(volume)}",
                child="IngediendBedrag/Bedrag",
            )


@rule("TR342", "JW325")
def tr342_toegekend_matches_rejected_prestaties(bericht: Bericht) -> Iterator[Issue]:
    """Toegekend is 0 if all is rejected, else Ingediend minus the listed; retourcode 0001."""
    antwoord = fields(bericht.root).get("DeclaratieAntwoord")
    if antwoord is None:
        return
    body = fields(antwoord)
    ingediend = _signed(body.get("TotaalIngediendBedrag"), "TotaalBedrag")
    toegekend = _signed(body.get("TotaalToegekendBedrag"), "TotaalBedrag")
    # As in rules.xsl: a code other than 0200/8001 on DeclaratieAntwoord rejects it as a whole.
    codes = [text(code) for code in elements(body.get("RetourCodes"))]
    afwijzing = [code for code in codes if code not in _GEEN_AFWIJZING]
    if afwijzing:
        if toegekend != 0:
            yield violation(
                "TR342",
                antwoord,
                f"DeclaratieAntwoord is rejected as a whole (RetourCode {afwijzing[0]}), "
                f"so TotaalToegekendBedrag must be 0, not {_cents(toegekend)}",
                child="TotaalToegekendBedrag",
            )
        return
    afgewezen = sum(
        _signed(found.get("IngediendBedrag"), "Bedrag") for _p, found in _prestaties(body)
    )
    if ingediend - toegekend != afgewezen:
        yield violation(
            "TR342",
            antwoord,
            f"TotaalIngediendBedrag minus TotaalToegekendBedrag is {_cents(ingediend - toegekend)}"
            f", but the listed (rejected) Prestaties add up to {_cents(afgewezen)}",
            child="TotaalToegekendBedrag",
        )


RULES: tuple[Rule, ...] = (
    tr101_no_duplicate_clients_or_prestaties,
    cs003_periode_einddatum_not_before_begindatum,
    cs339_euro_bedrag_equals_geleverd_volume,
    tr342_toegekend_matches_rejected_prestaties,
)
