"""S329 (TR381): a ProductCode fits its ProductCategorie in the product code list in use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from app.checks.bericht import Bericht
from app.checks.cross.context import Context
from app.checks.cross.regie import EERSTE_AANLEVERING
from app.checks.cross.rule import Bevinding, CrossRule, cross_rule


def _producten(bericht: Bericht) -> Iterable[Any]:
    """The classes whose Product is judged: a deletion (status 3) is not judged on content."""
    client = bericht.view.client
    name = bericht.type.name
    if name == "JW315":
        return client.producten
    if name == "JW317":
        return client.verzoek.nieuw
    return (p for p in client.producten if p.status_aanlevering == EERSTE_AANLEVERING)


@cross_rule("TR381", "S329", "JW315", "JW317", "JW305", "JW307")
def tr381_code_fits_categorie(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR381: a Product Code belongs to its Categorie in the product code list; retourcode S329."""
    lijst = ctx.productcodes
    if lijst is None:
        return  # no list configured: the rule cannot be judged and is skipped
    for klasse in _producten(bericht):
        product = klasse.product
        if product is not None and product.code and not lijst.past(product.categorie, product.code):
            yield (
                klasse.element,
                f"ProductCode {product.code} does not belong to ProductCategorie"
                f" {product.categorie} in the product code list in use",
            )


RULES: tuple[CrossRule, ...] = (tr381_code_fits_categorie,)
