"""How fast this machine runs Python and lxml: two fixed workloads, for comparing bench runs.

The benches' absolute figures (messages a second, CPU per message) move with the machine: the
same commit measured 652 and 340 msg/s on two machines of the same kind. Each bench prints
these two references first. Neither depends on the service's code, so two runs whose
references differ widely were made on machines (or in minutes) of different speed, and their
figures do not compare. On a shared machine the references themselves move by a quarter from
minute to minute: compare commits within one run, not by dividing by a reference.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from lxml import etree

ROUNDS = 7


def _python() -> None:
    """Interpreter work of the kind a request does: small objects, dicts, strings, calls."""
    found: dict[str, tuple[int, str]] = {}
    for i in range(20_000):
        key = f"k{i % 997}"
        value = (i, key.upper())
        if key in found and found[key][0] < i:
            found[key] = value
        else:
            found.setdefault(key, value)
    sorted(found.items(), key=lambda item: item[1][0])


_DOCUMENT = (
    b"<r xmlns='urn:ref'>"
    + b"".join(
        b"<p><a>%d</a><b>2026-01-%02d</b><c>tekst %d</c></p>" % (i, i % 28 + 1, i)
        for i in range(400)
    )
    + b"</r>"
)


def _lxml() -> None:
    """Library work: parse a 20 KB document and read every element's text."""
    root = etree.fromstring(_DOCUMENT)
    for element in root.iter():
        element.text  # noqa: B018 - the read is the work


def _fastest_ms(work: Callable[[], None]) -> float:
    """The fastest of `ROUNDS` runs, in ms of this process's CPU time."""
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best * 1000


def references() -> dict[str, float]:
    """The two reference workloads' CPU time on this machine, in ms (lower is faster)."""
    _python()  # warm up
    _lxml()
    return {"python": _fastest_ms(_python), "lxml": _fastest_ms(_lxml)}


def describe() -> str:
    """One line for a bench's output."""
    found = references()
    return (
        f"machine reference (bench/machine.py, lower is faster): python {found['python']:.1f} ms,"
        f" lxml {found['lxml']:.1f} ms"
    )


if __name__ == "__main__":
    print(describe())
