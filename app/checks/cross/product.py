"""Product keys for the cross-message rules (sameness and overlap live in app.ijw.producten)."""

from __future__ import annotations

from app.ijw.views import Product

Productsleutel = tuple[str | None, str | None]


def sleutel(product: Product | None) -> Productsleutel:
    """(Categorie, Code) of a product; (None, None) for a generic one (the views are unhashable)."""
    if product is None:
        return None, None
    return product.categorie, product.code
