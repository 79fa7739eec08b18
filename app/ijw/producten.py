"""Product sameness and period overlap as the standard's overlap rules define them.

The definitions behind TR386/TR410 (within a request), TR302 and TR361 (a VOW against current
toewijzingen); `app.checks.overlap` finds the pairs they define without trying every pair.
"""

from __future__ import annotations

from datetime import date

from app.ijw.views import Product


def zelfde_product(a: Product | None, b: Product | None) -> bool:
    """Same product: no Product matches all, else one Categorie with Codes equal or missing."""
    if a is None or b is None:
        return True
    if a.categorie != b.categorie:
        return False
    return a.code is None or b.code is None or a.code == b.code


def overlappen(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Inclusive periods overlap; an open end is infinite."""
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)
