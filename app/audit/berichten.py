"""The client an outgoing message is about, to record a read of it."""

from __future__ import annotations

from app.ijw import parser, tree


def client_bsn(xml: bytes) -> str | None:
    """The Client's Bsn in one of our own messages (JW301, JW319); None if it names none."""
    try:
        root = parser.parse(xml).root
    except parser.MessageError:
        return None  # not one of ours as stored: the entry still names the message read
    return tree.text(root, "Client", "Bsn")
