"""The order of answers to one ReferentieAanbieder (TR355, TR359, TR360, TR365), on our side.

Only [319 in onderzoek] → 301 or 319 afgewezen is allowed, and nothing after a 301 or an
afwijzing. The verzoek's status records which answers went out.
"""

from __future__ import annotations

from app.problem import Problem
from app.verzoeken.status import (
    AFGEWEZEN,
    IN_ONDERZOEK,
    ONTVANGEN,
    TOEGEKEND,
    WACHT_OP_CLIENTGEGEVENS,
)


class VolgordeFout(Problem, ValueError):
    """An answer the standard does not allow after the answers already sent."""

    status_code = 409
    slug = "answer-sequence"
    title = "Antwoord nu niet toegestaan"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code

    def extensions(self) -> dict:
        """The rule of the standard that forbids the answer."""
        return {"code": self.code}


def _na_einde(status: str) -> None:
    if status == TOEGEKEND:
        raise VolgordeFout(
            "TR359",
            "een JW301 honoreerde deze ReferentieAanbieder al; er mag geen ander antwoord volgen",
        )
    if status == AFGEWEZEN:
        raise VolgordeFout(
            "TR365",
            "een JW319 met VerzoekAntwoord 1 wees deze ReferentieAanbieder al af; "
            "de aanbieder stuurt een nieuw verzoek",
        )


def mag_onderzoek(status: str) -> None:
    """A JW319 with VerzoekAntwoord 2: only as the first answer (TR360), at most once.

    A grant waiting for client data sent nothing yet, so it may still go in onderzoek.
    """
    _na_einde(status)
    if status not in (ONTVANGEN, WACHT_OP_CLIENTGEGEVENS):
        raise VolgordeFout(
            "TR360", "voor deze ReferentieAanbieder is al een JW319 (in onderzoek) verstuurd"
        )


def mag_afwijzen(status: str) -> None:
    """A JW319 with VerzoekAntwoord 1: after nothing or after an 'in onderzoek' (TR365)."""
    _na_einde(status)
    if status not in (ONTVANGEN, IN_ONDERZOEK, WACHT_OP_CLIENTGEGEVENS):
        raise VolgordeFout("TR365", f"een verzoek met status {status} kan niet worden afgewezen")


def mag_toekennen(status: str) -> None:
    """A JW301 honouring the request: not after a rejection, and only once (TR359)."""
    _na_einde(status)
    if status not in (ONTVANGEN, IN_ONDERZOEK, WACHT_OP_CLIENTGEGEVENS):
        raise VolgordeFout("TR359", f"een verzoek met status {status} kan niet worden toegekend")
