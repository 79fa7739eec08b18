"""Form input read field by field: each refusal a specific Dutch message beside its field."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import date

from fastapi import Request

from app.ijw.bsn import elfproef

_NIET_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
EERSTE_DATUM, LAATSTE_DATUM = date(1900, 1, 1), date(2999, 12, 31)


class Formulier:
    """The submitted values (kept to show again) and the error per field name."""

    def __init__(self, data: Mapping[str, str] | None = None) -> None:
        self.waarden: dict[str, str] = {
            naam: waarde.strip() for naam, waarde in (data or {}).items() if naam != "csrf_token"
        }
        self.fouten: dict[str, str] = {}

    @property
    def geldig(self) -> bool:
        """True when no field was refused."""
        return not self.fouten

    def fout(self, naam: str, melding: str) -> None:
        """Refuse a field (the first refusal stands)."""
        self.fouten.setdefault(naam, melding)

    def tekst(
        self,
        naam: str,
        label: str,
        *,
        verplicht: bool = False,
        maximaal: int = 200,
        patroon: str | None = None,
        uitleg: str = "",
    ) -> str | None:
        """Free text of at most `maximaal` characters; None when empty and optional."""
        waarde = self.waarden.get(naam, "")
        if not waarde:
            if verplicht:
                self.fout(naam, f"Vul {label} in.")
            return None
        if (teken := _NIET_XML.search(waarde)) is not None:
            self.fout(
                naam, f"{_hoofd(label)} bevat een teken dat niet mag (U+{ord(teken.group()):04X})."
            )
            return None
        if len(waarde) > maximaal:
            self.fout(naam, f"{_hoofd(label)} is te lang: ten hoogste {maximaal} tekens.")
            return None
        if patroon is not None and not re.fullmatch(patroon, waarde):
            self.fout(naam, f"{_hoofd(label)} klopt niet: {uitleg}.")
            return None
        return waarde

    def code(self, naam: str, label: str, cijfers: int, *, verplicht: bool = True) -> str | None:
        """A code of exactly `cijfers` digits (AGB code, gemeentecode)."""
        return self.tekst(
            naam,
            label,
            verplicht=verplicht,
            maximaal=cijfers,
            patroon=f"[0-9]{{{cijfers}}}",
            uitleg=f"precies {cijfers} cijfers",
        )

    def bsn(self, naam: str = "bsn") -> str | None:
        """A BSN: nine digits that pass the 11-proef (the message never repeats it)."""
        waarde = self.code(naam, "het BSN", 9)
        if waarde is not None and (waarde == "000000000" or not elfproef(waarde)):
            self.fout(naam, "Dit is geen geldig BSN: het voldoet niet aan de 11-proef.")
            return None
        return waarde

    def geheel(
        self, naam: str, label: str, *, minimaal: int, maximaal: int, verplicht: bool = True
    ) -> int | None:
        """A whole number from `minimaal` to `maximaal`."""
        waarde = self.waarden.get(naam, "")
        if not waarde:
            if verplicht:
                self.fout(naam, f"Vul {label} in.")
            return None
        if not re.fullmatch(r"[0-9]{1,12}", waarde):
            self.fout(naam, f"{_hoofd(label)} is geen geheel getal: gebruik alleen cijfers.")
            return None
        getal = int(waarde)
        if not minimaal <= getal <= maximaal:
            self.fout(naam, f"{_hoofd(label)} ligt niet tussen {minimaal} en {maximaal}.")
            return None
        return getal

    def datum(self, naam: str, label: str, *, verplicht: bool = True) -> date | None:
        """A date written as JJJJ-MM-DD (what a date input sends), 1900 to 2999."""
        waarde = self.waarden.get(naam, "")
        if not waarde:
            if verplicht:
                self.fout(naam, f"Vul {label} in.")
            return None
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", waarde):
                raise ValueError
            datum = date.fromisoformat(waarde)
        except ValueError:
            self.fout(naam, f"{_hoofd(label)} is geen datum: schrijf JJJJ-MM-DD, bijv. 2026-12-01.")
            return None
        if not EERSTE_DATUM <= datum <= LAATSTE_DATUM:
            self.fout(naam, f"{_hoofd(label)} ligt niet tussen 1900 en 2999.")
            return None
        return datum

    def keuze(
        self, naam: str, label: str, opties: Mapping[str, str], *, verplicht: bool = True
    ) -> str | None:
        """One of the listed options (by value)."""
        waarde = self.waarden.get(naam, "")
        if not waarde:
            if verplicht:
                self.fout(naam, f"Kies {label}.")
            return None
        if waarde not in opties:
            self.fout(naam, f"Kies {label} uit de lijst.")
            return None
        return waarde


def _hoofd(label: str) -> str:
    """The label as the start of a sentence: 'de achternaam' → 'De achternaam'."""
    return label[:1].upper() + label[1:]


async def gepost(request: Request) -> Formulier:
    """Every text field of the posted form."""
    data = await request.form()
    return Formulier({naam: waarde for naam, waarde in data.items() if isinstance(waarde, str)})


def met_velden(*namen: str) -> Callable[[Request], Awaitable[Formulier]]:
    """A dependency reading just these fields of the posted form, an absent one as empty."""

    async def lees(request: Request) -> Formulier:
        data = await request.form()
        return Formulier(
            {
                naam: waarde if isinstance(waarde := data.get(naam, ""), str) else ""
                for naam in namen
            }
        )

    return lees
