"""Judge each prestatie of a JW323 against stored state (IV087), with the standard's codes.

Pure: the caller loads the toewijzingen and earlier accepted lines in set-based queries; here
every line is judged in document order, and a line accepted counts for the lines after it.
Start and stop messages play no part (OP364).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.declaraties.lezen import Declaratie, Prestatie
from app.ijw.omvang import MINUTES_PER_UNIT, TOTAAL, periods_in
from app.toewijzingen.rij import toewijzing_verwijderd

EURO = "83"
"""Eenheid 83: volumes are eurocent (CS339)."""


@dataclass(frozen=True, slots=True)
class ToewijzingStand:
    """What a toewijzing grants, as the line checks need it."""

    id: int
    nummer: int
    aanbieder: str
    bsn: str
    categorie: str | None
    code: str | None
    ingangsdatum: date
    einddatum: date | None
    volume: int | None
    eenheid: str | None
    frequentie: str | None
    budget: int | None
    reden_wijziging: str | None

    @property
    def verwijderd(self) -> bool:
        """Deleted (RedenWijziging 13): declaring on it gets 9384."""
        return toewijzing_verwijderd(_Row(self.reden_wijziging, self.einddatum, self.ingangsdatum))


@dataclass(frozen=True, slots=True)
class _Row:
    reden_wijziging: str | None
    einddatum_date: date | None
    ingangsdatum_date: date


@dataclass(frozen=True, slots=True)
class Debet:
    """An earlier accepted debet line a credit may cancel."""

    id: int
    toewijzing_id: int
    bedrag: int
    gecrediteerd: bool


@dataclass(slots=True)
class Verbruik:
    """Net accepted use of one toewijzing so far: volume in its measure and eurocent."""

    maat: int = 0
    bedrag: int = 0
    per_einde: dict[date, int] = field(default_factory=dict)
    """Net volume (in `maat`) by the Einddatum of the lines' ProductPeriode."""

    def tel(self, einde: date, volume: int, bedrag: int) -> None:
        """Count an accepted line."""
        self.maat += volume
        self.bedrag += bedrag
        self.per_einde[einde] = self.per_einde.get(einde, 0) + volume

    def tot(self, einde: date) -> int:
        """Net volume of the lines that ended on or before `einde`."""
        return sum(volume for day, volume in self.per_einde.items() if day <= einde)


@dataclass(frozen=True, slots=True)
class Stand:
    """The stored state one declaratie is judged against."""

    toewijzingen: Mapping[int, ToewijzingStand]
    """By ToewijzingNummer, only this aanbieder's."""
    referenties: frozenset[str]
    """ReferentieNummers of this aanbieder's accepted lines."""
    debets: Mapping[str, Debet]
    """This aanbieder's accepted debet lines by ReferentieNummer."""
    verbruik: Mapping[int, Verbruik]
    """Net accepted use by toewijzing id."""
    vorige_periode: date | None = None
    """Begindatum of this aanbieder's latest earlier DeclaratiePeriode; None: no earlier one."""
    tarieven: Mapping[tuple[str, str, str], int] | None = None
    """Contract tariffs by (categorie, code, eenheid) in eurocent; None: no list in use."""


@dataclass(slots=True)
class Oordeel:
    """The verdict on a declaratie: codes per rejected line, the lines accepted."""

    afgewezen: dict[int, list[str]] = field(default_factory=dict)
    """RetourCodes by index of the prestatie in the declaratie."""
    geaccepteerd: list[tuple[Prestatie, ToewijzingStand, int | None]] = field(default_factory=list)
    """Accepted prestaties with their toewijzing and signed minutes (None: no unit of time)."""
    gecrediteerd: list[int] = field(default_factory=list)
    """Ids of earlier debets that accepted credit lines cancel."""


def maat(volume: int, eenheid: str) -> int:
    """A volume in a comparable measure: minutes for units of time, else the unit itself."""
    return volume * MINUTES_PER_UNIT.get(eenheid, 1)


def eenheid_past(gedeclareerd: str, toegewezen: str | None) -> bool:
    """TR341: the same Eenheid, or time declared in a smaller unit of time (minutes for hours)."""
    if toegewezen is None or gedeclareerd == toegewezen:
        return True
    return (
        gedeclareerd in MINUTES_PER_UNIT
        and toegewezen in MINUTES_PER_UNIT
        and MINUTES_PER_UNIT[gedeclareerd] <= MINUTES_PER_UNIT[toegewezen]
    )


def toegewezen_maat(t: ToewijzingStand, begin: date, einde: date) -> int | None:
    """What the toewijzing grants over [begin, einde] in `maat`, None without an Omvang."""
    if t.volume is None or t.eenheid is None or t.frequentie is None:
        return None
    if t.frequentie == TOTAAL:
        return maat(t.volume, t.eenheid)
    return maat(t.volume * periods_in(t.frequentie, begin, einde), t.eenheid)


def _eerste_van_maand(d: date) -> date:
    return d.replace(day=1)


def _laatste_van_maand(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _in_overgeslagen_periode(
    declaratie: Declaratie, vorige_periode: date | None, p: Prestatie
) -> bool:
    """TR318: care in a month between the previous DeclaratiePeriode and this one.

    Care was delivered in that month, so its DeclaratiePeriode should have followed the
    previous one; months without care may be skipped, and care declared afterwards in a
    period after the last one declared is fine (IV090).
    """
    if vorige_periode is None:
        return False
    volgende = _laatste_van_maand(vorige_periode) + timedelta(days=1)
    return volgende < declaratie.begindatum and (
        p.begindatum < declaratie.begindatum and p.einddatum >= volgende
    )


def beoordeel(declaratie: Declaratie, stand: Stand) -> Oordeel:
    """Judge every prestatie in order; the accepted ones count for the lines after them."""
    oordeel = Oordeel()
    verbruik: dict[int, Verbruik] = defaultdict(Verbruik)
    for toewijzing_id, gebruikt in stand.verbruik.items():
        verbruik[toewijzing_id] = Verbruik(gebruikt.maat, gebruikt.bedrag, dict(gebruikt.per_einde))
    referenties = set(stand.referenties)
    gecrediteerd: set[str] = set()
    for index, p in enumerate(declaratie.prestaties):
        codes, toewijzing = _codes(declaratie, stand, p, referenties, gecrediteerd, verbruik)
        if codes or toewijzing is None:
            oordeel.afgewezen[index] = codes
            continue
        referenties.add(p.referentie)
        verbruik[toewijzing.id].tel(p.einddatum, maat(p.volume, p.eenheid), p.bedrag)
        minuten = p.volume * MINUTES_PER_UNIT[p.eenheid] if p.eenheid in MINUTES_PER_UNIT else None
        oordeel.geaccepteerd.append((p, toewijzing, minuten))
        if p.credit and p.vorig_referentie is not None:
            # An accepted credit names the debet it cancels (_credit_codes refuses it otherwise).
            gecrediteerd.add(p.vorig_referentie)
            oordeel.gecrediteerd.append(stand.debets[p.vorig_referentie].id)
    return oordeel


def _codes(
    declaratie: Declaratie,
    stand: Stand,
    p: Prestatie,
    referenties: set[str],
    gecrediteerd: set[str],
    verbruik: Mapping[int, Verbruik],
) -> tuple[list[str], ToewijzingStand | None]:
    codes: list[str] = []
    if p.referentie in referenties:
        codes.append("8021")  # TR314: ReferentieNummer already delivered
    t = stand.toewijzingen.get(p.toewijzing_nummer)
    if t is None:
        # Unknown, or another aanbieder's: the same answer, revealing nothing (OP095).
        codes.append("9338")
        return codes, None
    if t.bsn != p.bsn:
        codes.append("8187")  # TR304: the toewijzing is of another client
        return codes, None
    if t.verwijderd:
        codes.append("9384")
        return codes, None
    if t.categorie is not None and p.categorie != t.categorie:
        codes.append("9339")
    if t.code is not None and p.code != t.code:
        codes.append("9340")
    if not eenheid_past(p.eenheid, t.eenheid):
        codes.append("9341")
    if not t.ingangsdatum <= p.begindatum <= (t.einddatum or date.max):
        codes.append("9307")
    if not t.ingangsdatum <= p.einddatum <= (t.einddatum or date.max):
        codes.append("9308")
    if not (
        p.begindatum <= p.einddatum <= declaratie.einddatum
        and _eerste_van_maand(p.begindatum) == _eerste_van_maand(p.einddatum)
    ):
        # TR319: within one DeclaratiePeriode (a calendar month), the current or an earlier one.
        codes.append("9319")
    if _in_overgeslagen_periode(declaratie, stand.vorige_periode, p):
        codes.append("8214")
    if p.begindatum != _eerste_van_maand(p.begindatum) and not (
        _eerste_van_maand(p.begindatum) < t.ingangsdatum <= p.begindatum
    ):
        codes.append("9387")
    if p.einddatum != _laatste_van_maand(p.einddatum) and not (
        t.einddatum is not None and p.einddatum <= t.einddatum < _laatste_van_maand(p.einddatum)
    ):
        codes.append("9388")
    if p.eenheid != EURO and p.tarief is not None and abs(p.bedrag) != abs(p.volume) * p.tarief:
        codes.append("9346")
    if p.credit:
        codes.extend(_credit_codes(stand, p, t, gecrediteerd))
    else:
        codes.extend(_debet_codes(stand, p, t, verbruik, codes))
    return codes, t


def _credit_codes(
    stand: Stand, p: Prestatie, t: ToewijzingStand, gecrediteerd: set[str]
) -> list[str]:
    """A credit cancels one earlier accepted debet on the same toewijzing (TR323, TR390)."""
    debet = stand.debets.get(p.vorig_referentie) if p.vorig_referentie else None
    if debet is None or debet.toewijzing_id != t.id:
        return ["8017"]
    if debet.gecrediteerd or p.vorig_referentie in gecrediteerd:
        return ["9390"]
    if -p.bedrag != debet.bedrag:
        return ["8017"]  # a credit cancels its debet whole, not a part of it
    return []


def _debet_codes(
    stand: Stand,
    p: Prestatie,
    t: ToewijzingStand,
    verbruik: Mapping[int, Verbruik],
    eerder: list[str],
) -> list[str]:
    codes: list[str] = []
    if stand.tarieven is not None:
        tarief = stand.tarieven.get((p.categorie, p.code, p.eenheid))
        if tarief is None or p.tarief != tarief:
            codes.append("0611")  # TR418: not the contract tariff
    if {"9307", "9308", "9341"} & set(eerder):
        return codes  # no volume to compare outside the period or in another unit
    gebruikt = verbruik.get(t.id) or Verbruik()
    regel = maat(p.volume, p.eenheid)
    begin, einde = max(p.begindatum, t.ingangsdatum), p.einddatum
    per_periode = toegewezen_maat(t, begin, einde)
    if per_periode is not None and regel > per_periode:
        codes.append("9321")
    # TR322: what ended by this line's end may not exceed what was granted up to then, and
    # nothing may exceed the whole toewijzing (a total Omvang is granted at once).
    tot_nu = toegewezen_maat(t, t.ingangsdatum, einde)
    totaal = toegewezen_maat(t, t.ingangsdatum, t.einddatum or einde)
    if (
        tot_nu is not None
        and totaal is not None
        and (gebruikt.tot(einde) + regel > tot_nu or gebruikt.maat + regel > totaal)
    ):
        codes.append("9322")
    if t.budget is not None and gebruikt.bedrag + p.bedrag > t.budget:
        codes.append("9369")
    return codes
