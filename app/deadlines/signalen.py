"""A signal's states and subjects: the words the deadline repository, services and routers share."""

from __future__ import annotations

OPEN, MET, OVERDUE, CLOSED = "open", "met", "overdue", "closed"
"""A signal's states: due later, met (on time or late), past its due date, no longer due."""
LOPEND = (OPEN, OVERDUE)
VERZOEK, TOEWIJZING, BERICHT = "verzoek", "toewijzing", "bericht"
"""What a signal is about: its `onderwerp`."""
