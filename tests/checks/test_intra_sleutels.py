"""TR101, written once: which classes each message type keys, and how a repeated key is reported.

The per-type cases (which key, which locations) live beside each type's other rules; these pin
what the one unit does for all of them.
"""

from __future__ import annotations

import copy

import pytest

from app.checks import intra
from app.checks.intra import sleutels
from app.ijw.catalogue import MESSAGE_TYPES
from tests.checks.messages.intra_kit import (
    at_each,
    find,
    issues,
    load,
    remove,
    run,
    set_text,
    triples,
)

SP = "Client/StartProducten/StartProduct"
SP_AT = "/Bericht/Client/StartProducten/StartProduct"
KEYED = {"JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325"}
"""The message types whose classes rules.xsl keys for TR101; the retourberichten have none."""


def start():
    """Base JW305: [1] 300201 45/45A01, [2] 300202 43 with status 3."""
    return load("regie_jw305")


def _append_copies(root, *wheres: str) -> None:
    """Copy the elements at `wheres` (siblings) to the end of their parent, in that order."""
    found = [find(root, where) for where in wheres]
    for element in found:
        element.getparent().append(copy.deepcopy(element))


def test_tr101_is_one_check_registered_once_for_each_keyed_type():
    assert set(sleutels.SLEUTELS) == KEYED
    for message_type in (t.name for t in MESSAGE_TYPES):
        registered = [r for r in intra.rules_for(message_type) if r.code == "TR101"]
        if message_type in KEYED:
            assert len(registered) == 1
            assert registered[0].check is sleutels.tr101_no_duplicate_keys
            assert registered[0].applies_to == {message_type}
        else:
            assert registered == []


def test_tr101_interleaved_groups_are_each_reported_at_their_last_member():
    root = start()
    _append_copies(root, f"{SP}[1]", f"{SP}[2]")
    # [1] and [3] share a key, [2] and [4] another: as rules.xsl, the finding of a group comes
    # where its last member stands, and names every member in document order.
    assert triples(run(root)) == [
        *at_each("TR101", f"{SP_AT}[1]", f"{SP_AT}[3]"),
        *at_each("TR101", f"{SP_AT}[2]", f"{SP_AT}[4]"),
    ]


def test_tr101_an_absent_key_element_is_part_of_the_key():
    root = start()
    _append_copies(root, f"{SP}[1]", f"{SP}[1]")
    remove(root, f"{SP}[3]/Product/Code")
    remove(root, f"{SP}[4]/Product/Code")
    # [3] and [4] both lack a Code: alike. [1] has one: not like them.
    assert triples(issues(root, "TR101")) == at_each("TR101", f"{SP_AT}[3]", f"{SP_AT}[4]")


def test_tr101_a_key_element_without_value_matches_no_sibling():
    root = load("verzoek_jw315")
    ap = "Client/AangevraagdeProducten/AangevraagdProduct"
    _append_copies(root, f"{ap}[1]", f"{ap}[1]")
    set_text(root, f"{ap}[4]/ReferentieAanbieder", "")
    # rules.xsl compares text: an empty element equals neither a value nor an absent element.
    at = f"/Bericht/{ap}"
    assert triples(issues(root, "TR101")) == at_each("TR101", f"{at}[1]", f"{at}[5]")


def test_tr101_classes_are_compared_with_their_siblings_only():
    root = load("regie_jw307")
    client = find(root, "Client")
    client.addnext(copy.deepcopy(client))
    # The two Clients repeat one another; their identical stops have different parents.
    assert triples(run(root)) == at_each("TR101", "/Bericht/Client[1]", "/Bericht/Client[2]")


@pytest.mark.parametrize("text", ["300201", "0300201", " 300201 "])
def test_tr101_toewijzingnummer_is_compared_as_a_number(text):
    root = start()
    _append_copies(root, f"{SP}[1]")
    set_text(root, f"{SP}[3]/ToewijzingNummer", text)
    assert triples(run(root)) == at_each("TR101", f"{SP_AT}[1]", f"{SP_AT}[3]")


def test_tr101_message_names_the_key_not_its_value():
    root = load("verzoek_jw315")
    client = find(root, "Client")
    client.addnext(copy.deepcopy(client))
    bsn = find(root, "Client/Bsn").text
    found = issues(root, "TR101")
    assert found and all(bsn not in issue.message for issue in found)
    assert found[0].message == "Client with this Bsn occurs more than once"
