"""Input as the OpenAPI document describes it, nothing looser: dates as dates, numbers as numbers.

Pydantic's lax mode reads `0` as 1 January 1970 and `false` as 0; a client that sends either
has made a mistake the service should name, not guess around.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIJDSTIP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ].+")

INVOER = ConfigDict(extra="forbid", strict=True)
"""A JSON body: no unknown members, no value of another type read as the documented one."""


def _datum(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _DATUM.fullmatch(value):
        raise ValueError("geen datum als JJJJ-MM-DD")
    return value


def _tijdstip(value: Any) -> Any:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _TIJDSTIP.fullmatch(value):
        raise ValueError("geen tijdstip als JJJJ-MM-DDTuu:mm:ss met een tijdzone")
    return value


Datum = Annotated[date, BeforeValidator(_datum), Field(strict=False)]
"""A date written as `2026-11-20`, in a body or a query."""

Tijdstip = Annotated[AwareDatetime, BeforeValidator(_tijdstip), Field(strict=False)]
"""A moment written as ISO 8601 with its offset: `2026-11-20T09:30:00+01:00`."""


class Invoer(BaseModel):
    """A JSON body: members of the documented types only, whole numbers as JSON writes them."""

    model_config = INVOER

    @model_validator(mode="before")
    @classmethod
    def _hele_getallen(cls, data: Any) -> Any:
        # JSON Schema counts 90.0 as an integer; strict mode alone would refuse it.
        if isinstance(data, dict):
            return {
                name: int(value) if isinstance(value, float) and value.is_integer() else value
                for name, value in data.items()
            }
        return data
