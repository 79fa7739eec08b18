"""Product reasoning shared by the cross-message rules: keys, sameness and periods."""

from __future__ import annotations

from datetime import date

from app.ijw.views import Product

Productsleutel = tuple[str | None, str | None]


def sleutel(product: Product | None) -> Productsleutel:
    """(Categorie, Code) of a product; (None, None) for a generic one (the views are unhashable)."""
    if product is None:
        return None, None
    return product.categorie, product.code


def zelfde_product(a: Product | None, b: Product | None) -> bool:
    """TR386/TR410 sameness: no Product matches all, else one Categorie, Codes equal or missing."""
    if a is None or b is None:
        return True
    if a.categorie != b.categorie:
        return False
    return a.code is None or b.code is None or a.code == b.code


def overlappen(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
    """Inclusive periods overlap; an open end is infinite."""
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)
