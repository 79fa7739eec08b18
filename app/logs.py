"""Service logging on stderr: JSON lines for machines, text for a terminal; never a BSN."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from pythonjsonlogger.json import JsonFormatter

LOGGER = "ijw"
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class _Stderr(logging.StreamHandler):
    """A handler on whatever `sys.stderr` is when a record is written, not when it was made."""

    @property
    def stream(self) -> TextIO:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


class TextFormatter(logging.Formatter):
    """`time LEVEL logger: message key=value ...` for a person at a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        """The line, then the record's extra fields as key=value."""
        line = super().format(record)
        extra = [f"{k}={v}" for k, v in vars(record).items() if k not in _RECORD_FIELDS]
        if extra:
            first, _, rest = line.partition("\n")
            line = f"{first}  {' '.join(extra)}" + (f"\n{rest}" if rest else "")
        return line


def text_wanted(log_format: str) -> bool:
    """Whether `auto|json|text` means readable lines here (auto: when stderr is a terminal)."""
    if log_format == "auto":
        return sys.stderr.isatty()
    return log_format == "text"


def configure(level: str, log_format: str = "auto") -> None:
    """Send the `ijw` and uvicorn loggers to stderr at `level`, as JSON lines or text."""
    handler = _Stderr()
    if text_wanted(log_format):
        handler.setFormatter(TextFormatter())
    else:
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
