"""The iJw code lists a werkplek page shows or offers, with their Dutch names."""

from __future__ import annotations

EENHEID = {
    "01": "minuten",
    "04": "uur",
    "14": "etmalen",
    "16": "dagdelen",
    "82": "stuks (output)",
    "83": "euro's",
    "84": "stuks (inspanning)",
}
"""WJ756 Eenheid."""

FREQUENTIE = {
    "1": "per dag",
    "2": "per week",
    "4": "per maand",
    "6": "totaal binnen de geldigheidsduur",
}
"""WMO757 Frequentie."""

REDEN_WIJZIGING = {
    "02": "Cliënt overleden",
    "03": "Contractwijziging",
    "04": "Herbeoordeling verlenging",
    "05": "Herbeoordeling verkorting",
    "06": "Uitstroom ander domein",
    "07": "Verhuizing",
    "08": "Wijziging leveringsvorm (PGB)",
    "09": "Overstap aanbieder",
    "10": "Nieuwe bekostigingssystematiek",
    "11": "Gemeentelijke herindeling",
    "14": "Administratieve correctie",
}
"""JZ002 RedenWijziging a worker may give for a change (not 01, 12 or 13)."""

REDEN_WIJZIGING_ALLE = {
    **REDEN_WIJZIGING,
    "01": "Administratieve correctie (vervallen)",
    "12": "Geïnitieerd door aanbieder",
    "13": "Verwijderd",
}
"""Every JZ002 RedenWijziging, to show a stored version."""

REDEN_BEEINDIGING = {
    "02": "Overlijden",
    "20": "Tijdelijk beëindigd",
    "31": "Volgens plan",
    "32": "Voortijdig door cliënt",
    "33": "Voortijdig door aanbieder",
    "34": "Voortijdig in overleg",
    "35": "Externe oorzaak",
    "36": "Geïnitieerd door gemeente",
    "37": "I.v.m. wijzigingsverzoek",
    "38": "Overstap andere aanbieder",
    "39": "Uitstroom ander domein",
}
"""JZ588 RedenBeeindiging of a JW307."""

GESLACHT = {"0": "Onbekend", "1": "Man", "2": "Vrouw"}
"""COD046 Geslacht."""

SOORT_CONTACT = {"01": "BRP", "02": "Correspondentie", "03": "Verblijf", "04": "Tijdelijk"}
"""COD757 Soort adres."""

VERWIJZER = {
    "01": "Gemeente",
    "02": "Huisarts",
    "03": "Jeugdarts",
    "04": "Gecertificeerde instelling",
    "05": "Medisch specialist",
    "06": "Zelfverwijzer/geen verwijzer",
    "08": "Rechter, Officier van Justitie, functionaris justitiële jeugdinrichting",
}
"""COD327 Verwijzer type."""

VOOROVERLEG_SOORT = {
    "initieel": "Eerste toewijzing",
    "korte_verlenging": "Korte verlenging",
    "lange_verlenging": "Lange verlenging",
}
"""What a vooroverleg agreed on."""

VERZOEK_STATUS = {
    "ontvangen": "Ontvangen",
    "in_onderzoek": "In onderzoek",
    "wacht_op_clientgegevens": "Wacht op cliëntgegevens",
    "toegekend": "Toegekend",
    "afgewezen": "Afgewezen",
}
"""A request's status as a worker reads it."""

REDEN_AFWIJZING = {
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

REDEN_VERZOEK = {"1": "Verandering cliëntsituatie", "2": "Wijziging zorgplan"}
"""WJ758 RedenVerzoek."""


def label(codelijst: dict[str, str], code: str | None) -> str:
    """`code name`, or the bare code when the list does not know it; empty for None."""
    if code is None:
        return ""
    naam = codelijst.get(code)
    return f"{code} {naam}" if naam else code
