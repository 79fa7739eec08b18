"""JSON-lines logging for the service (one object per line, never a BSN)."""

from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

LOGGER = "ijw"


class _Stderr(logging.StreamHandler):
    """A handler on whatever `sys.stderr` is when a record is written, not when it was made."""

    @property
    def stream(self):
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure(level: str) -> None:
    """Send the `ijw` and uvicorn loggers to stderr as JSON lines at `level`."""
    handler = _Stderr()
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    for name in (LOGGER, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def logger(name: str) -> logging.Logger:
    """A child of the service logger."""
    return logging.getLogger(f"{LOGGER}.{name}")
