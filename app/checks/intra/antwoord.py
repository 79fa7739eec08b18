"""JW319 Antwoordbericht rules (controleniveau 2, retourcode 0001), ijw-domain.md §6.2.

We send the JW319, so these check our own message before it goes out: the provider runs the same
rules.xsl and would answer a failure with a JW320 carrying 0001. JW319 has no typed view; the
rules read `bericht.root` with the tree helpers.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from app.checks.bericht import Bericht
from app.checks.issue import Issue, step, violation, violations
from app.checks.rule import Rule, rule
from app.ijw.tree import Element, kids, text
from app.ijw.views import fields

_WOONPLAATSBEGINSEL = "8"
"""RedenAfwijzingVerzoek 8: the only reason that names the responsible gemeente."""


def _antwoorden(bericht: Bericht) -> list[tuple[Element, dict[str, Element]]]:
    """Each Antwoord with its children by local name, read in one pass."""
    # By position, as the views read: the schema puts the Antwoord classes after the Header.
    return [(antwoord, fields(antwoord)) for antwoord in islice(bericht.root, 1, None)]


def _value(found: dict[str, Element], name: str) -> str | None:
    """Stripped text of a child, or None when absent or empty."""
    element = found.get(name)
    return text(element) if element is not None else None


@rule("CD085", "JW319")
def cd085_afgewezen_needs_reden(bericht: Bericht) -> Iterator[Issue]:
    """CD085: VerzoekAntwoord 1 (afgewezen) needs a RedenAfwijzingVerzoek; retourcode 0001."""
    for antwoord, found in _antwoorden(bericht):
        if _value(found, "VerzoekAntwoord") == "1" and not _value(found, "RedenAfwijzingVerzoek"):
            yield violation(
                "CD085", antwoord, "VerzoekAntwoord 1 (afgewezen) needs a RedenAfwijzingVerzoek"
            )


@rule("CD086", "JW319")
def cd086_in_onderzoek_without_reden(bericht: Bericht) -> Iterator[Issue]:
    """CD086: VerzoekAntwoord 2 (in onderzoek) has no RedenAfwijzingVerzoek; retourcode 0001."""
    for antwoord, found in _antwoorden(bericht):
        if _value(found, "VerzoekAntwoord") == "2" and _value(found, "RedenAfwijzingVerzoek"):
            yield violation(
                "CD086",
                antwoord,
                "RedenAfwijzingVerzoek is not allowed with VerzoekAntwoord 2 (in onderzoek)",
                child="RedenAfwijzingVerzoek",
            )


@rule("TR377", "JW319")
def tr377_woonplaatsbeginsel_with_reden_8(bericht: Bericht) -> Iterator[Issue]:
    """TR377: RedenAfwijzingVerzoek 8 needs the Woonplaatsbeginsel class; retourcode 0001."""
    for antwoord, found in _antwoorden(bericht):
        reden = _value(found, "RedenAfwijzingVerzoek")
        if reden == _WOONPLAATSBEGINSEL and "Woonplaatsbeginsel" not in found:
            yield violation(
                "TR377",
                antwoord,
                "RedenAfwijzingVerzoek 8 (woonplaatsbeginsel) needs a Woonplaatsbeginsel",
            )


@rule("TR409", "JW319")
def tr409_no_woonplaatsbeginsel_without_reden_8(bericht: Bericht) -> Iterator[Issue]:
    """TR409: a RedenAfwijzingVerzoek other than 8 has no Woonplaatsbeginsel; retourcode 0001.

    As rules.xsl, only a present reden is checked (an answer without one is CD085's or CD086's
    concern), and the finding names both the reden and the Woonplaatsbeginsel.
    """
    for _antwoord, found in _antwoorden(bericht):
        reden = _value(found, "RedenAfwijzingVerzoek")
        if reden is not None and reden != _WOONPLAATSBEGINSEL and "Woonplaatsbeginsel" in found:
            yield from violations(
                "TR409",
                [found["RedenAfwijzingVerzoek"], found["Woonplaatsbeginsel"]],
                f"Woonplaatsbeginsel is only allowed with RedenAfwijzingVerzoek 8, not {reden}",
            )


@rule("TR101", "JW319")
def tr101_no_duplicate_antwoord(bericht: Bericht) -> Iterator[Issue]:
    """TR101: no duplicate Antwoord or Woonplaatsbeginsel key; retourcode 0001."""
    # The XSD allows one Antwoord with one Woonplaatsbeginsel, so this guards a broken tree only.
    antwoorden = _antwoorden(bericht)
    seen: dict[tuple[str | None, str | None], Element] = {}
    for antwoord, found in antwoorden:
        key = (_value(found, "ReferentieAanbieder"), _value(found, "VerzoekAntwoord"))
        earlier = seen.setdefault(key, antwoord)
        if earlier is not antwoord:
            yield violation(
                "TR101",
                antwoord,
                "Antwoord repeats the ReferentieAanbieder and VerzoekAntwoord of " + step(earlier),
            )
    for antwoord, found in antwoorden:
        if "Woonplaatsbeginsel" not in found:
            continue
        gemeenten: set[str | None] = set()
        for beginsel in kids(antwoord, "Woonplaatsbeginsel"):
            gemeente = text(beginsel, "Gemeente")
            if gemeente in gemeenten:
                yield violation(
                    "TR101", beginsel, "Woonplaatsbeginsel repeats the Gemeente of another"
                )
            gemeenten.add(gemeente)


RULES: tuple[Rule, ...] = (
    tr101_no_duplicate_antwoord,
    cd085_afgewezen_needs_reden,
    cd086_in_onderzoek_without_reden,
    tr377_woonplaatsbeginsel_with_reden_8,
    tr409_no_woonplaatsbeginsel_without_reden_8,
)
