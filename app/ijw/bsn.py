"""The BSN as text: the 11-proef, and keeping one out of what we echo."""

from __future__ import annotations

import re

WITHHELD = "(withheld)"
"""What stands in an echoed text where a BSN was."""

_NINE_DIGITS = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")


def elfproef(bsn: str) -> bool:
    """True when a 9-digit BSN passes the 11-proef (weights 9..2 and -1 on the last digit)."""
    if len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit():
        return False
    d = bsn.encode()
    # Unrolled on the ASCII codes (48 + digit): the weights 9..2, -1 sum to 43.
    total = 9 * d[0] + 8 * d[1] + 7 * d[2] + 6 * d[3] + 5 * d[4] + 4 * d[5] + 3 * d[6]
    return (total + 2 * d[7] - d[8] - 48 * 43) % 11 == 0


def mask_bsns(text: str) -> str:
    """The text with every 9-digit number that passes the 11-proef withheld.

    A BSN typed into another element (a Geslacht, a date) would otherwise be echoed by the
    schema error about that element. 000000000 passes too and is masked with the rest.
    """
    return _NINE_DIGITS.sub(lambda m: WITHHELD if elfproef(m.group()) else m.group(), text)
