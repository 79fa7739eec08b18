"""CS003 of a VOW names its dates from the view where it can, as the tree names them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from app.checks.intra import verzoek
from tests.checks.messages.intra_kit import (
    duplicate,
    find,
    load,
    remove,
    run,
    set_text,
)

VZ = "Client/Verzoek"
TW = f"{VZ}/TeWijzigenProducten/TeWijzigenProduct"
NP = f"{VZ}/NieuweProducten/NieuwProduct"

Wijziging = Callable[[etree._Element], object]


def _te_vroeg(where: str) -> Wijziging:
    return lambda root: set_text(root, f"{where}/Einddatum", "2026-04-30")


def _commentaar(where: str) -> Wijziging:
    return lambda root: find(root, where).insert(0, etree.Comment("opmerking"))


def _vaak(where: str, keer: int) -> Wijziging:
    def vaak(root: etree._Element) -> None:
        for _ in range(keer):
            duplicate(root, where)

    return vaak


def _hernoemd(where: str, naam: str = "AnderProduct") -> Wijziging:
    def hernoemd(root: etree._Element) -> None:
        element = duplicate(root, where) if naam == "AnderProduct" else find(root, where)
        element.tag = f"{{{etree.QName(element).namespace}}}{naam}"

    return hernoemd


WIJZIGINGEN: dict[str, tuple[bool, list[Wijziging]]] = {
    # name: (the view names the dates, the changes)
    "te wijzigen": (True, [_te_vroeg(TW)]),
    "nieuw [1]": (True, [_te_vroeg(f"{NP}[1]")]),
    "nieuw [2]": (True, [_te_vroeg(f"{NP}[2]")]),
    "beide": (True, [_te_vroeg(TW), _te_vroeg(f"{NP}[2]")]),
    "een nieuw": (True, [lambda root: remove(root, f"{NP}[2]"), _te_vroeg(f"{NP}[1]")]),
    "twee te wijzigen": (True, [_vaak(TW, 1), _te_vroeg(f"{TW}[2]")]),
    "commentaar in de lijst": (False, [_commentaar(f"{VZ}/NieuweProducten"), _te_vroeg(NP)]),
    "commentaar in het product": (False, [_te_vroeg(TW), _commentaar(TW)]),
    "commentaar in het verzoek": (False, [_te_vroeg(TW), _commentaar(VZ)]),
    "commentaar in de client": (False, [_te_vroeg(TW), _commentaar("Client")]),
    "bulk": (False, [_vaak(TW, 70), _te_vroeg(f"{TW}[3]")]),
    "andere naam in de lijst": (False, [_hernoemd(f"{NP}[2]"), _te_vroeg(f"{NP}[1]")]),
    "header als client": (False, [_te_vroeg(TW), _hernoemd("Header", "Client")]),
}


@pytest.mark.parametrize("wijziging", WIJZIGINGEN)
def test_cs003_of_a_vow_names_what_the_tree_names(
    wijziging: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    uit_view, wijzigingen = WIJZIGINGEN[wijziging]
    root = load("verzoek_jw317")
    for wijzig in wijzigingen:
        wijzig(root)
    plaatsen: list[str | None] = []
    plaats = verzoek._plaats317

    def bewaard(*args: Any) -> str | None:
        plaatsen.append(found := plaats(*args))
        return found

    monkeypatch.setattr(verzoek, "_plaats317", bewaard)
    gevonden = [(i.code, i.location, i.message) for i in run(root) if i.code == "CS003"]
    assert gevonden
    assert plaatsen
    assert all(plaatsen) if uit_view else not any(plaatsen)
    monkeypatch.setattr(verzoek, "_plaats317", lambda *_: None)
    assert gevonden == [(i.code, i.location, i.message) for i in run(root) if i.code == "CS003"]
