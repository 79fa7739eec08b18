"""What a toewijzing's dates and RedenWijziging mean: deleted, current, bound by the 2021 rules.

Each fact is defined here once; the intra- and cross-message checks, the stored state and the
services that compose a JW301 all ask these functions.
"""

from __future__ import annotations

from datetime import date

REDENEN_VERWIJDERD = frozenset({"01", "13"})
"""RedenWijziging 13 (verwijderd) and the withdrawn 01 (administratieve correctie)."""

EINDE_2020 = date(2020, 12, 31)
"""CD080/CD095/CD096, CS338/CS343 and TR375/TR412 bind only what ends after this date, or never."""


def verwijderd(
    reden_wijziging: str | None, ingangsdatum: date | None, einddatum: date | None
) -> bool:
    """Deleted (§6.1): RedenWijziging 13 or 01 with Einddatum = Ingangsdatum: never sent."""
    return (
        reden_wijziging in REDENEN_VERWIJDERD
        and einddatum is not None
        and einddatum == ingangsdatum
    )


def actueel(
    reden_wijziging: str | None, ingangsdatum: date, einddatum: date | None, today: date
) -> bool:
    """Current on `today` (§5.2): not deleted and not ended before it (a future start is)."""
    if verwijderd(reden_wijziging, ingangsdatum, einddatum):
        return False
    return einddatum is None or einddatum >= today or ingangsdatum > today


def na_2020(einddatum: date | None) -> bool:
    """Whether a period is open or ends after 2020, so the rules of 2021 on bind it."""
    return einddatum is None or einddatum > EINDE_2020
