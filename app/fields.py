"""Input field types of the JSON API and the werkplek: codes as the standard writes them."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from app.checks.intra.persoon import elfproef
from app.ijw.productcodes import CATEGORIEEN
from app.strikt import Invoer

_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Anything outside the XML 1.0 Char production."""


def _xml_characters(text: object) -> object:
    # Text ends up in our XML messages and the database: NUL breaks PostgreSQL, control
    # characters and lone surrogates break the XML. The message names the code point only.
    # Checked before the type: what is no string is left for str validation to refuse.
    found = _NOT_XML_CHAR.search(text) if isinstance(text, str) else None
    if found is not None:
        raise ValueError(
            f"teken U+{ord(found.group()):04X} op positie {found.start() + 1} is niet toegestaan "
            "(alleen XML 1.0-tekens)"
        )
    return text


def _bsn(bsn: str) -> str:
    # The message names no value: a BSN never appears in an error.
    if bsn == "000000000" or not elfproef(bsn):
        raise ValueError("geen geldig BSN (11-proef)")
    return bsn


def _categorie(categorie: str) -> str:
    if categorie not in CATEGORIEEN:
        raise ValueError("geen ProductCategorie van JZ020 (31-38, 40-55)")
    return categorie


_XML_PATROON = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]*$"
"""The same rule for the OpenAPI document, so generated clients and tests send only XML text."""


class _XmlTekens(BeforeValidator):
    """The XML 1.0 character check, stated in the field's JSON Schema as a pattern too."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        for branch in schema.get("anyOf", [schema]):
            _met_patroon(branch)
        return schema


def _met_patroon(schema: dict[str, Any]) -> None:
    # A field's own pattern already names the characters it takes; only free text gets ours.
    if schema.get("type") == "string" and "pattern" not in schema and "format" not in schema:
        schema["pattern"] = _XML_PATROON


XML_TEKENS = _XmlTekens(_xml_characters)
"""Put in every text field's Annotated, after its constraints (so they stay in the schema)."""
Tekst = Annotated[str, XML_TEKENS]
"""Text without constraints of its own: XML 1.0 characters only."""

Bsn = Annotated[
    str,
    # `bsn`: nine digits that pass the 11-proef, a format JSON Schema cannot spell out.
    Field(pattern=r"^[0-9]{9}$", examples=["999900018"], json_schema_extra={"format": "bsn"}),
    XML_TEKENS,
    AfterValidator(_bsn),
]
Gemeentecode = Annotated[str, Field(pattern=r"^[0-9]{4}$", examples=["0153"]), XML_TEKENS]
Agb = Annotated[
    str, Field(pattern=r"^[0-9]{8}$", description="AGB code", examples=["87654321"]), XML_TEKENS
]
Categorie = Annotated[
    str,
    Field(examples=["45"], json_schema_extra={"enum": sorted(CATEGORIEEN)}),
    XML_TEKENS,
    AfterValidator(_categorie),
]
GROOTSTE_ID = 2**63 - 1
"""The largest id a database holds (64-bit); a larger one is refused, not looked up."""

Wie = Annotated[str, Field(min_length=1, max_length=100, examples=["j.devries"]), XML_TEKENS]
Moment = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A moment in aware UTC written as `2026-11-20T09:30:00+00:00` (the dict endpoints' form)."""


class ProductIn(Invoer):
    """ProductCategorie (JZ020) and, for a specific toewijzing, its ProductCode."""

    categorie: Categorie
    code: Annotated[
        str | None, Field(min_length=1, max_length=5, examples=["54001"]), XML_TEKENS
    ] = None


class OmvangIn(Invoer):
    """Volume in Eenheid (WJ756) per Frequentie (WMO757)."""

    volume: int = Field(ge=1, le=99_999_999, examples=[4680])
    eenheid: Literal["01", "04", "14", "16", "82", "83", "84"]
    frequentie: Literal["1", "2", "4", "6"]
