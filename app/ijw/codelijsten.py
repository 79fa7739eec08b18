"""Dutch labels of the iJw code lists a person reads: on pages, in explanations."""

from __future__ import annotations

REDEN_AFWIJZING: dict[str, str] = {
    "1": "Geen wijziging, maar nieuwe aanvraag",
    "2": "Past niet binnen budget",
    "3": "Geen contract",
    "4": "Past niet binnen contract",
    "5": "Andere gemeente",
    "6": "Stapeling",
    "7": "Zorginhoudelijke afkeur",
    "8": "Woonplaatsbeginsel",
    "9": "Leeftijdsgrens is bereikt",
}
"""WJ759 RedenAfwijzingVerzoek."""

EENHEID: dict[str, str] = {
    "01": "minuut",
    "04": "uur",
    "14": "etmaal",
    "16": "dagdeel (4 uur)",
    "82": "stuks (output)",
    "83": "euro's (in eurocent)",
    "84": "stuks (inspanning)",
}
"""WJ756 Eenheid."""

FREQUENTIE: dict[str, str] = {
    "1": "per dag",
    "2": "per week",
    "4": "per maand",
    "6": "totaal binnen de geldigheidsduur",
}
"""WMO757 Frequentie."""

VERWIJZER_TYPE: dict[str, str] = {
    "01": "Gemeente",
    "02": "Huisarts",
    "03": "Jeugdarts",
    "04": "Gecertificeerde instelling",
    "05": "Medisch specialist",
    "06": "Zelfverwijzer / geen verwijzer",
    "08": "Rechter, officier van justitie of functionaris JJI",
}
"""COD327 Verwijzer Type."""

REDEN_VERZOEK: dict[str, str] = {"1": "Verandering cliëntsituatie", "2": "Wijziging zorgplan"}
"""WJ758 RedenVerzoek."""


def label(codelijst: dict[str, str], code: str | None) -> str:
    """`code label`, or the bare code when the list does not know it; empty for None."""
    if code is None:
        return ""
    gevonden = codelijst.get(code)
    return f"{code} {gevonden}" if gevonden else code
