"""JW305/JW307 views read a product by position when every optional child is present, else by
name: both readings give the same view."""

from __future__ import annotations

import itertools

import pytest
from lxml import etree

from app.ijw.tree import children_by_name, kids
from app.ijw.views import read_jw305, read_jw307
from tests.checks.messages.intra_kit import load

OPTIONEEL = ("ToewijzingNummer", "Product", "ToewijzingIngangsdatum")
KLASSEN = {"regie_jw305": ("StartProduct", read_jw305), "regie_jw307": ("StopProduct", read_jw307)}


def _volledig(name: str) -> etree._Element:
    """The base message with its first product's optional children all present, padded."""
    root = load(name)
    klasse = KLASSEN[name][0]
    product = next(root.iter(f"{{*}}{klasse}"))
    if not kids(product, "ToewijzingIngangsdatum"):
        begin = kids(product, "Begindatum")[0]
        ingang = etree.Element(begin.tag.replace("Begindatum", "ToewijzingIngangsdatum"))
        ingang.text = " 2026-04-01 "
        begin.addprevious(ingang)
    for child in product.iter():
        if child.text and child.text.strip() and len(child) == 0:
            child.text = f" {child.text.strip()}\n"
    return root


def _zonder(root: etree._Element, klasse: str, namen: tuple[str, ...]) -> etree._Element:
    product = next(root.iter(f"{{*}}{klasse}"))
    for naam in namen:
        product.remove(kids(product, naam)[0])
    return root


@pytest.mark.parametrize("name", KLASSEN)
@pytest.mark.parametrize(
    "weg", [w for n in range(4) for w in itertools.combinations(OPTIONEEL, n)], ids=str
)
def test_a_product_reads_alike_by_position_and_by_name(name: str, weg: tuple[str, ...]) -> None:
    klasse, read = KLASSEN[name]
    root = _zonder(_volledig(name), klasse, weg)
    element = next(root.iter(f"{{*}}{klasse}"))
    product = read(root).client.producten[0]
    kinderen = children_by_name(element)

    def tekst(naam: str) -> str | None:
        found = kinderen.get(naam)
        return None if found is None else found.text or ""

    assert product.element is element
    assert product.kinderen == kinderen
    nummer = tekst("ToewijzingNummer")
    assert product.toewijzing_nummer == (None if nummer is None else int(nummer))
    onder = children_by_name(kinderen["Product"]) if "Product" in kinderen else {}
    categorie = onder["Categorie"].text if onder else None
    code = onder["Code"].text if "Code" in onder else None
    assert (product.product is None) == (categorie is None)
    if product.product is not None:
        assert product.product.categorie == categorie.strip()
        assert product.product.code == (code.strip() if code is not None else None)
    ingang = tekst("ToewijzingIngangsdatum")
    assert (product.toewijzing_ingangsdatum is None) == (ingang is None)
    assert product.status_aanlevering == tekst("StatusAanlevering").strip()
    rest = (
        ("Begindatum",)
        if klasse == "StartProduct"
        else ("Begindatum", "RedenBeeindiging", "Einddatum")
    )
    assert product.sleutel_ruw == (nummer, categorie, code, *(tekst(n) for n in rest))
    assert product.begindatum.isoformat() == tekst("Begindatum").strip()


@pytest.mark.parametrize("name", KLASSEN)
def test_a_client_reads_alike_by_position_and_by_name(name: str) -> None:
    read = KLASSEN[name][1]
    root = load(name)
    full = read(root).client
    client = next(root.iter("{*}Client"))
    client.remove(kids(client, "Naam")[0])  # not the schema's five children: read by name
    by_name = read(root).client
    assert (by_name.bsn, by_name.geslacht, by_name.geboortedatum) == (
        full.bsn,
        full.geslacht,
        full.geboortedatum,
    )
    assert by_name.producten == full.producten
    assert full.kinderen == {**by_name.kinderen, "Naam": full.kinderen["Naam"]}
    assert by_name.kinderen == children_by_name(client)
