"""The status of a verzoek: open until a toewijzing or a final afwijzing answers it."""

from __future__ import annotations

ONTVANGEN = "ontvangen"
IN_ONDERZOEK = "in_onderzoek"
WACHT_OP_CLIENTGEGEVENS = "wacht_op_clientgegevens"
"""Granted, but no JW301 can be built until the gemeente records the client's Contactgegevens."""
TOEGEKEND = "toegekend"
AFGEWEZEN = "afgewezen"

OPEN_STATUSES = (ONTVANGEN, IN_ONDERZOEK, WACHT_OP_CLIENTGEGEVENS)
"""A verzoek with one of these has had neither a toewijzing nor a final afwijzing (TR374)."""
