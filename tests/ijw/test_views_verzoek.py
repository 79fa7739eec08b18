"""JW315/JW317 views read a class by position where the schema fixes every position, else by
name: both readings give the same view."""

from __future__ import annotations

import copy

from lxml import etree

from app.ijw.tree import children_by_name, kids
from app.ijw.views import read_jw315, read_jw317
from tests.checks.messages.intra_kit import load


def _client(root: etree._Element) -> etree._Element:
    return next(root.iter("{*}Client"))


def _vot_volledig() -> etree._Element:
    """The base VOT with the Client's optional GezagsdragerBekend and Commentaar added."""
    root = load("verzoek_jw315")
    client = _client(root)
    naam = kids(client, "Naam")[0]
    for tekst, local in ((" Client Commentaar ", "Commentaar"), (" 1 ", "GezagsdragerBekend")):
        child = etree.Element(naam.tag.replace("Naam", local))
        child.text = tekst
        naam.addnext(child)
    return root


def test_a_vot_client_reads_alike_by_position_and_by_name() -> None:
    root = _vot_volledig()
    client = _client(root)
    full = read_jw315(root)
    assert len(client) == 7  # every child present: read by position
    assert (full.client.gezagsdrager_bekend, full.client.commentaar) == ("1", "Client Commentaar")
    assert full.client.kinderen == children_by_name(client)
    assert full.gelezen[client] == full.client.kinderen
    client.remove(kids(client, "Commentaar")[0])  # six children: read by name
    by_name = read_jw315(root)
    assert by_name.client.commentaar is None
    assert by_name.client.kinderen == children_by_name(client)
    for veld in ("bsn", "geboortedatum", "geslacht", "gezagsdrager_bekend", "producten"):
        assert getattr(by_name.client, veld) == getattr(full.client, veld)
    assert by_name.header == full.header


def test_a_root_with_more_than_header_and_client_is_read_by_name() -> None:
    root = load("verzoek_jw315")
    client = _client(root)
    tweede = copy.deepcopy(client)
    kids(tweede, "Bsn")[0].text = "999900018"
    client.addnext(tweede)
    # As fields reads a class: the last Client of the two.
    assert read_jw315(root).client.bsn == "999900018"
    assert read_jw315(root).client.element is tweede


def test_a_vow_reads_its_one_child_classes_by_position() -> None:
    root = load("verzoek_jw317")
    view = read_jw317(root)
    for product in view.client.verzoek.ongewijzigd:
        assert product.kinderen == children_by_name(product.element)
        assert view.gelezen[product.element] == product.kinderen
        assert product.toewijzing_nummer == int(product.element[0].text)
    assert view.header.berichtcode == "486"
    assert view.client.kinderen == children_by_name(_client(root))
