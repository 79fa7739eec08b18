"""The cursor `next` that a list hands out and takes back as `after` (see app/keyset).

A cursor names the last item of a page by its sort date and id (`2026-11-27.42`), so the next
page stays stable while items are added or re-planned elsewhere in the list.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from app.fields import XML_TEKENS

_JAAR = "[1-9][0-9]{3}"
_ID = r"\.[1-9][0-9]{0,17}"
"""An id of at most 18 digits: always within a 64-bit database id."""

DatumCursor = Annotated[
    str,
    Field(
        pattern=(
            f"^{_JAAR}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-9]){_ID}$"
            f"|^{_JAAR}-(0[13-9]|1[0-2])-30{_ID}$"
            f"|^{_JAAR}-(0[13578]|1[02])-31{_ID}$"
        ),
        description="`next` van de vorige pagina",
        examples=["2026-11-27.42"],
    ),
    XML_TEKENS,
]
"""`after`: the `next` of a previous page; every value of the pattern is a position."""
