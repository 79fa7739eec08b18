"""JW319 Antwoordbericht rules (controleniveau 2, retourcode 0001), ijw-domain.md §6.2.

We send the JW319, so these check our own message before it goes out: the provider runs the same
rules.xsl and would answer a failure with a JW320 carrying 0001. Read from the typed JW319
view.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.checks.bericht import Bericht
from app.checks.intra import sleutels
from app.checks.issue import Issue, violations
from app.checks.rule import Rule, rule
from app.ijw.tree import Element
from app.ijw.views import JW319, Antwoord, fields

_WOONPLAATSBEGINSEL = "8"
"""RedenAfwijzingVerzoek 8: the only reason that names the responsible gemeente."""


def _antwoorden(bericht: Bericht) -> tuple[Antwoord, ...]:
    view: JW319 = bericht.view
    return view.antwoorden


def _verzoek_antwoord(antwoord: Antwoord) -> Element | None:
    return fields(antwoord.element).get("VerzoekAntwoord")


# rules.xsl checks these from the VerzoekAntwoord (CD085, CD086) or the RedenAfwijzingVerzoek
# (TR377, TR409) and names both elements it compares, where present.


@rule("CD085", "JW319")
def cd085_afgewezen_needs_reden(bericht: Bericht) -> Iterator[Issue]:
    """CD085: VerzoekAntwoord 1 (afgewezen) needs a RedenAfwijzingVerzoek; retourcode 0001."""
    for antwoord in _antwoorden(bericht):
        if antwoord.verzoek_antwoord == "1" and not antwoord.reden_afwijzing_verzoek:
            yield from violations(
                "CD085",
                [_verzoek_antwoord(antwoord), antwoord.reden_element],
                "VerzoekAntwoord 1 (afgewezen) needs a RedenAfwijzingVerzoek",
            )


@rule("CD086", "JW319")
def cd086_in_onderzoek_without_reden(bericht: Bericht) -> Iterator[Issue]:
    """CD086: VerzoekAntwoord 2 (in onderzoek) has no RedenAfwijzingVerzoek; retourcode 0001."""
    for antwoord in _antwoorden(bericht):
        if antwoord.verzoek_antwoord == "2" and antwoord.reden_afwijzing_verzoek:
            yield from violations(
                "CD086",
                [_verzoek_antwoord(antwoord), antwoord.reden_element],
                "RedenAfwijzingVerzoek is not allowed with VerzoekAntwoord 2 (in onderzoek)",
            )


@rule("TR377", "JW319")
def tr377_woonplaatsbeginsel_with_reden_8(bericht: Bericht) -> Iterator[Issue]:
    """TR377: RedenAfwijzingVerzoek 8 needs the Woonplaatsbeginsel class; retourcode 0001."""
    for antwoord in _antwoorden(bericht):
        if (
            antwoord.reden_afwijzing_verzoek == _WOONPLAATSBEGINSEL
            and not antwoord.woonplaatsbeginsel
        ):
            yield from violations(
                "TR377",
                [antwoord.reden_element],
                "RedenAfwijzingVerzoek 8 (woonplaatsbeginsel) needs a Woonplaatsbeginsel",
            )


@rule("TR409", "JW319")
def tr409_no_woonplaatsbeginsel_without_reden_8(bericht: Bericht) -> Iterator[Issue]:
    """TR409: a RedenAfwijzingVerzoek other than 8 has no Woonplaatsbeginsel; retourcode 0001.

    As rules.xsl, only a present reden is checked (an answer without one is CD085's or CD086's
    concern), and the finding names both the reden and the Woonplaatsbeginsel.
    """
    for antwoord in _antwoorden(bericht):
        reden = antwoord.reden_afwijzing_verzoek
        if reden is not None and reden != _WOONPLAATSBEGINSEL and antwoord.woonplaatsbeginsel:
            yield from violations(
                "TR409",
                [antwoord.reden_element, antwoord.woonplaatsbeginsel[-1].element],
                f"Woonplaatsbeginsel is only allowed with RedenAfwijzingVerzoek 8, not {reden}",
            )


# --- TR101 from the view ---------------------------------------------------------------------

_ANTWOORD, _WOONPLAATSBEGINSEL_SLEUTEL = sleutels.SLEUTELS["JW319"]


def _ruw(kinderen: dict[str, Element], naam: str) -> str | None:
    """A key field's raw text: None when absent, "" when present without a value."""
    found = kinderen.get(naam)
    return None if found is None else found.text or ""


def _tr101_gesleuteld(bericht: Bericht) -> list[sleutels.Gesleuteld]:
    """TR101's keyed Antwoorden and Woonplaatsbeginsels, read from the view.

    As `sleutels.gesleuteld_in_boom` finds them, in document order: an Antwoord keyed by its
    ReferentieAanbieder and VerzoekAntwoord among the root's, a Woonplaatsbeginsel by its
    Gemeente among its Antwoord's, each raw text (None when absent); one left empty gives no
    key. The tree is searched unless every Antwoord and Woonplaatsbeginsel the view read has
    its class's tag and kept its children: a keyed class elsewhere (in the Header, say) breaks
    the schema, which every message the rules judge has passed.
    """
    tags = sleutels.klasse_tags("JW319", bericht.root)
    antwoord_tag, beginsel_tag = tags["Antwoord"], tags["Woonplaatsbeginsel"]
    found: list[sleutels.Gesleuteld] = []
    for antwoord in _antwoorden(bericht):
        kinderen = antwoord.kinderen
        if kinderen is None or antwoord.element.tag != antwoord_tag:
            return list(sleutels.gesleuteld_in_boom(bericht))
        sleutel = (_ruw(kinderen, "ReferentieAanbieder"), _ruw(kinderen, "VerzoekAntwoord"))
        if "" not in sleutel:
            found.append((antwoord.element, _ANTWOORD, ("Antwoord", sleutel)))
        for beginsel in antwoord.woonplaatsbeginsel:
            if beginsel.kinderen is None or beginsel.element.tag != beginsel_tag:
                return list(sleutels.gesleuteld_in_boom(bericht))
            gemeente = _ruw(beginsel.kinderen, "Gemeente")
            if gemeente != "":
                groep = (antwoord.element, (gemeente,))
                found.append((beginsel.element, _WOONPLAATSBEGINSEL_SLEUTEL, groep))
    return found


sleutels.LEZERS["JW319"] = _tr101_gesleuteld


RULES: tuple[Rule, ...] = (
    sleutels.TR101["JW319"],
    cd085_afgewezen_needs_reden,
    cd086_in_onderzoek_without_reden,
    tr377_woonplaatsbeginsel_with_reden_8,
    tr409_no_woonplaatsbeginsel_without_reden_8,
)
