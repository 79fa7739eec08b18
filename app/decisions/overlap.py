"""The decision when a grant would overlap a toewijzing for the same product (TR302, OP347)."""

from __future__ import annotations

from dataclasses import replace

from app.decisions.beslissing import Beslissing, Uitkomst

OVERLAP_RULE = "TR302"
"""The rule recorded: one JW301 cannot carry two overlapping toewijzingen of one product."""


def onderzoek_wegens_overlap(besluit: Beslissing, overlap: list[str]) -> Beslissing:
    """The request goes in onderzoek instead: the worker sees which toewijzing it overlaps."""
    reasons = (
        *overlap,
        "toekennen zou een toewijzing voor hetzelfde product in een overlappende periode geven "
        "(TR302); een medewerker beslist: de bestaande toewijzing inkorten en dan toekennen, "
        "of afwijzen met reden 6 (stapeling, OP347)",
        *(f"anders: {reason}" for reason in besluit.reasons),
    )
    return replace(besluit, rule=OVERLAP_RULE, outcome=Uitkomst.ONDERZOEK, reasons=reasons)
