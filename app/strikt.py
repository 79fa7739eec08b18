"""Input as the OpenAPI document describes it, nothing looser: dates as dates, numbers as numbers.

Pydantic's lax mode reads `0` as 1 January 1970 and `false` as 0; a client that sends either
has made a mistake the service should name, not guess around.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
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


EERSTE_DATUM, LAATSTE_DATUM = date(1900, 1, 1), date(2999, 12, 31)

Datum = Annotated[
    date,
    BeforeValidator(_datum),
    Field(
        strict=False,
        ge=EERSTE_DATUM,
        le=LAATSTE_DATUM,
        description="Een datum van 1900-01-01 tot en met 2999-12-31",
        json_schema_extra={"pattern": "^(19[0-9]{2}|2[0-9]{3})-"},
    ),
]
"""A date a client sends (`2026-11-20`): far from year 1 and 9999, so every term computes."""

DatumFilter = Annotated[date, BeforeValidator(_datum), Field(strict=False)]
"""A date in a query filter, written as `2026-11-20`: only compared, so any date will do."""

Tijdstip = Annotated[
    AwareDatetime,
    BeforeValidator(_tijdstip),
    Field(
        strict=False,
        ge=datetime(1900, 1, 1, tzinfo=UTC),
        le=datetime(2999, 12, 31, tzinfo=UTC),
        json_schema_extra={"pattern": "^(19[0-9]{2}|2[0-9]{3})-"},
    ),
]
"""A moment written as ISO 8601 with its offset (`2026-11-20T09:30:00+01:00`), 1900 to 2999."""


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
