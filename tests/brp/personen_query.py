"""JSON Schema of the request we send to the BRP, written from the published specification.

Source: BRP-API/Haal-Centraal-BRP-bevragen, `specificatie/openapi.yaml` (BRP Personen
Bevragen 2.x): `PersonenQuery` (type, fields, gemeenteVanInschrijving) with its
`RaadpleegMetBurgerservicenummer` variant (burgerservicenummer: 1 to 20 nine-digit strings).
Only that variant is written out, as it is the one this service sends.
"""

from __future__ import annotations

RAADPLEEG_MET_BURGERSERVICENUMMER = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "fields", "burgerservicenummer"],
    "additionalProperties": False,
    "properties": {
        "type": {"const": "RaadpleegMetBurgerservicenummer"},
        "fields": {
            "type": "array",
            "minItems": 1,
            "maxItems": 130,
            "items": {"type": "string", "pattern": r"^[a-zA-Z0-9\._]{1,200}$"},
        },
        "gemeenteVanInschrijving": {"type": "string", "pattern": r"^[0-9]{4}$"},
        "inclusiefOverledenPersonen": {"type": "boolean"},
        "burgerservicenummer": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "uniqueItems": True,
            "items": {"type": "string", "pattern": r"^[0-9]{9}$"},
        },
    },
}
