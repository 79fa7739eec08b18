"""Count work instead of timing it: the Python and C function calls a piece of code makes.

A count does not depend on the machine or its load, so a test can compare the work for a
message with n repeated products with the work for 4n: linear code does about 4 times as much,
quadratic code 16 times. Call `calls` from the thread that does the work (profiling is per
thread).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def calls(work: Callable[[], T]) -> tuple[int, T]:
    """The function calls `work()` made (generator resumptions included), and its result."""
    count = 0

    def profile(frame, event, arg) -> None:
        nonlocal count
        if event == "call" or event == "c_call":
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        result = work()
    finally:
        sys.setprofile(previous)
    return count, result


def growth(work: Callable[[int], object], small: int, large: int) -> float:
    """How much more work `work(large)` makes than `work(small)`, relative to `large / small`.

    About 1 for linear work; `large / small` times that for quadratic work.
    """
    few, _ = calls(lambda: work(small))
    many, _ = calls(lambda: work(large))
    return (many / few) / (large / small)
