"""Validation messages in Dutch, like the field names: one per kind of error pydantic reports.

Our own validators already speak Dutch and are shown as they are. A kind without a
Dutch text keeps pydantic's own message rather than none.
"""

from __future__ import annotations

from typing import Any

_TEKSTEN = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "dict_type": "moet een object zijn",
    "model_type": "moet een object zijn",
    "model_attributes_type": "moet een object zijn",
    "list_type": "moet een lijst zijn",
    "date_type": "moet een datum als JJJJ-MM-DD zijn",
    "date_parsing": "moet een datum als JJJJ-MM-DD zijn",
    "date_from_datetime_parsing": "moet een datum als JJJJ-MM-DD zijn",
    "date_from_datetime_inexact": "moet een datum als JJJJ-MM-DD zijn",
    "datetime_type": "moet een tijdstip zijn",
    "datetime_parsing": "moet een tijdstip zijn",
    "datetime_from_date_parsing": "moet een tijdstip zijn",
    "timezone_aware": "moet een tijdstip met tijdzone zijn",
    "json_invalid": "geen geldige JSON",
    "json_type": "geen geldige JSON",
    "none_required": "moet null zijn",
    "is_instance_of": "heeft een ongeldig type",
}
_MET_GRENS = {
    "string_too_short": "moet minstens {min_length} teken(s) lang zijn",
    "string_too_long": "mag hoogstens {max_length} teken(s) lang zijn",
    "too_short": "moet minstens {min_length} element(en) hebben",
    "too_long": "mag hoogstens {max_length} element(en) hebben",
    "greater_than": "moet groter zijn dan {gt}",
    "greater_than_equal": "moet groter dan of gelijk aan {ge} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "less_than_equal": "moet kleiner dan of gelijk aan {le} zijn",
    "string_pattern_mismatch": "moet voldoen aan het patroon {pattern}",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "enum": "moet een van deze waarden zijn: {expected}",
}


def melding(error: dict[str, Any]) -> str:
    """The Dutch message of one validation error; it never quotes the value sent."""
    kind = error.get("type", "")
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind in _TEKSTEN:
        return _TEKSTEN[kind]
    if kind in _MET_GRENS:
        try:
            return _MET_GRENS[kind].format(**_dutch(error.get("ctx", {})))
        except KeyError:
            return error["msg"]
    return error["msg"]


def _dutch(ctx: dict[str, Any]) -> dict[str, Any]:
    # pydantic joins choices with "or": 'a', 'b' or 'c'.
    return {
        name: value.replace(" or ", ", ") if name == "expected" else value
        for name, value in ctx.items()
    }


_HTTP_TITELS = {
    400: "Ongeldig verzoek",
    401: "Niet geautoriseerd",
    403: "Verboden",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    413: "Verzoek te groot",
    415: "Niet-ondersteund mediatype",
    422: "Onverwerkbaar verzoek",
    500: "Interne fout",
    503: "Dienst niet beschikbaar",
}
_HTTP_DETAILS = {
    "Not Found": "dit pad bestaat niet",
    "Method Not Allowed": "deze methode wordt op dit pad niet ondersteund",
    "There was an error parsing the body": "de body is niet te lezen",
}


def http_titel(status: int) -> str:
    """The Dutch title of a refusal the web framework itself makes."""
    return _HTTP_TITELS.get(status, f"HTTP {status}")


def http_detail(detail: str) -> str:
    """The framework's detail in Dutch where it is one of its fixed texts."""
    return _HTTP_DETAILS.get(detail, detail)
