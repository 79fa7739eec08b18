"""Regional records that answer a toewijzing's signals, by a gemeente worker or the aanbieder.

An extension notice, an evaluation or a contact moment meets the running signal of its kind
(late when recorded after its due date). The aanbieder's substantiation of the option chosen
at the contact moment (region B) is kept beside it and meets nothing: the gemeente records
the agreed outcome with the contact moment itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

from sqlalchemy.orm import Session

from app.access.toegang import Rol, Toegang
from app.clock import date_of
from app.deadlines import repository
from app.deadlines.policy import Soort
from app.deadlines.service import Termijnbewaking
from app.decisions.ruleset import RuleSets, Termijnen
from app.persistence.models import TermijnVastlegging, Toewijzing
from app.problem import Problem

ONDERBOUWING = "onderbouwing"
"""The aanbieder's substantiation of the contact moment's option (A, B or C)."""

OPTIES = {
    "A": "afsluiten_zonder_vervolgzorg",
    "B": "verlenging_nodig",
    "C": "afsluiten_met_vervolgzorg",
}
"""The contact moment's options as the region B work instruction letters them."""

Verlenging = Literal["korte_verlenging", "lange_verlenging", "geen"]
"""An extension notice: a closing phase after which care ends, longer care, or none."""
Vorm = Literal["telefoon", "persoonlijk", "mail"]
"""How the contact moment took place."""
Contactmomentuitkomst = Literal[
    "afsluiten_zonder_vervolgzorg", "verlenging_nodig", "afsluiten_met_vervolgzorg"
]
"""The contact moment's three outcomes (region B)."""
VERLENGINGEN: tuple[str, ...] = get_args(Verlenging)
VORMEN: tuple[str, ...] = get_args(Vorm)
UITKOMSTEN: tuple[str, ...] = get_args(Contactmomentuitkomst)
MAX_DEELNEMERS = 10
MAX_TOELICHTING = 1000

_KEPT: dict[str, tuple[str, str, Callable[[Termijnen], bool]]] = {
    Soort.VERLENGING: (
        Soort.VERLENGING,
        "verlengingsmeldingen",
        lambda t: t.verlenging_vanaf_weken is not None,
    ),
    Soort.EVALUATIE: (Soort.EVALUATIE, "evaluaties", lambda t: t.evaluatie_maanden is not None),
    Soort.CONTACTMOMENT: (
        Soort.CONTACTMOMENT,
        "contactmomenten",
        lambda t: t.contactmoment_maanden is not None,
    ),
    ONDERBOUWING: (
        Soort.CONTACTMOMENT,
        "contactmomenten",
        lambda t: t.contactmoment_maanden is not None,
    ),
}
"""Per record: the signal it belongs to, and whether a region's deadlines include it."""


class ToewijzingOnbekend(Problem):
    """No toewijzing with this number in this gemeente (for an aanbieder: none of its own)."""

    status_code = 404
    slug = "toewijzing-unknown"
    title = "Onbekende toewijzing"


class TermijnNietBijgehouden(Problem):
    """The gemeente's rule set keeps no such deadline, or this toewijzing has none."""

    status_code = 409
    slug = "termijn-not-kept"
    title = "Deze termijn wordt niet bijgehouden"


class TermijnNietOpen(Problem):
    """The deadline's window has not opened yet."""

    status_code = 409
    slug = "termijn-not-open"
    title = "Venster nog niet open"


class OngeldigeDatum(Problem):
    """A record dated in the future or before the toewijzing's Ingangsdatum."""

    status_code = 422
    slug = "invalid-datum"
    title = "Ongeldige datum"


@dataclass(frozen=True, slots=True)
class Vastlegger:
    """Who records: the role kept with the record, its API key, and an aanbieder's AGB code."""

    rol: str
    key_id: int | None = None
    agb: str | None = None
    """Set for an aanbieder: it reaches its own toewijzingen only."""

    @classmethod
    def van_toegang(cls, toegang: Toegang) -> Vastlegger:
        """The recorder behind an API key."""
        agb = toegang.agb if toegang.rol is Rol.AANBIEDER else None
        return cls(rol=toegang.rol.value, key_id=toegang.key_id, agb=agb)


GEMEENTEWERKER = Vastlegger(rol=Rol.GEMEENTE.value)
"""A gemeente worker signed in to the werkplek (no API key)."""


@dataclass(frozen=True, slots=True)
class Vastlegging:
    """What is recorded: its kind, the day it happened (None: today) and its details."""

    soort: str
    datum: date | None
    details: dict


def verlengingsmelding(soort: Verlenging, toelichting: str | None) -> Vastlegging:
    """The aanbieder's extension notice, dated the day the gemeente learns of it (region A)."""
    return Vastlegging(Soort.VERLENGING, None, {"verlenging": soort, "toelichting": toelichting})


def evaluatie(datum: date, toelichting: str | None) -> Vastlegging:
    """The evaluation held with the gemeente (region A)."""
    return Vastlegging(Soort.EVALUATIE, datum, {"toelichting": toelichting})


def contactmoment(
    datum: date,
    vorm: Vorm,
    uitkomst: Contactmomentuitkomst,
    deelnemers: list[str],
    toelichting: str | None,
) -> Vastlegging:
    """The contact moment 3 months before the end, its form, outcome and participants (B)."""
    details = {
        "vorm": vorm,
        "uitkomst": uitkomst,
        "deelnemers": deelnemers,
        "toelichting": toelichting,
    }
    return Vastlegging(Soort.CONTACTMOMENT, datum, details)


def onderbouwing(optie: str, toelichting: str | None) -> Vastlegging:
    """The aanbieder's substantiation of the contact moment's option A, B or C (region B)."""
    details = {"optie": optie, "uitkomst": OPTIES[optie], "toelichting": toelichting}
    return Vastlegging(ONDERBOUWING, None, details)


@dataclass(frozen=True, slots=True)
class Vastgelegd:
    """A stored record, and whether (and how late) it met the toewijzing's signal."""

    record: TermijnVastlegging
    toewijzing: Toewijzing
    gemeld: bool
    te_laat: bool | None


def vastleggen(
    session: Session,
    termijnen: Termijnbewaking,
    rule_sets: RuleSets,
    door: Vastlegger,
    gemeente: str,
    nummer: int,
    wat: Vastlegging,
    *,
    vastgelegd_door: str,
    now: datetime,
) -> Vastgelegd:
    """Store one record and meet its signal; an aanbieder reaches its own toewijzingen only."""
    today = date_of(now)
    soort, datum = wat.soort, wat.datum
    if datum is not None and datum > today:
        raise OngeldigeDatum(f"datum {datum.isoformat()} ligt in de toekomst")
    aanbieder = door.agb
    row = repository.toewijzing(session, gemeente, nummer, aanbieder=aanbieder)
    if row is None:
        raise ToewijzingOnbekend(_onbekend(gemeente, nummer, aanbieder))
    signaal_soort = _check_kept(session, rule_sets, soort, row, today)
    if datum is not None and datum < row.ingangsdatum_date:
        raise OngeldigeDatum(
            f"datum {datum.isoformat()} ligt voor de Ingangsdatum van de toewijzing "
            f"{row.ingangsdatum_date.isoformat()}"
        )
    gemeld = False
    if soort == signaal_soort:
        gemeld = termijnen.gemeld(session, Soort(soort), row, now, today=today)
    record = repository.voeg_toe(
        session,
        toewijzing_id=row.id,
        soort=soort,
        datum=datum or today,
        details=wat.details,
        vastgelegd_door=vastgelegd_door,
        vastgelegd_rol=door.rol,
        key_id=door.key_id,
        now=now,
    )
    te_laat = None
    if gemeld:
        gemeten = repository.toewijzing_signaal(session, signaal_soort, row.id)
        te_laat = gemeten.te_laat if gemeten is not None else None
    return Vastgelegd(record, row, gemeld, te_laat)


def _onbekend(gemeente: str, nummer: int, aanbieder: str | None) -> str:
    if aanbieder is None:
        return f"gemeente {gemeente} heeft geen toewijzing {nummer}"
    return f"gemeente {gemeente} heeft geen toewijzing {nummer} voor aanbieder {aanbieder}"


def _check_kept(
    session: Session, rule_sets: RuleSets, soort: str, row: Toewijzing, today: date
) -> str:
    """The signal kind the record answers; refused when no running deadline asks for it yet."""
    signaal_soort, label, kept = _KEPT[soort]
    rule_set = rule_sets.rule_set_for(row.gemeente)
    if rule_set is None or not kept(rule_set.termijnen):
        raise TermijnNietBijgehouden(
            f"gemeente {row.gemeente} houdt geen {label} bij (zie haar regionale regelset)"
        )
    signaal = repository.toewijzing_signaal(session, signaal_soort, row.id)
    if signaal is None:
        raise TermijnNietBijgehouden(
            f"toewijzing {row.nummer} heeft geen {signaal_soort}-termijn "
            "(geen Einddatum, of te korte zorg)"
        )
    if signaal.vanaf_date > today:
        raise TermijnNietOpen(
            f"het {signaal_soort}-venster van toewijzing {row.nummer} opent op "
            f"{signaal.vanaf_date.isoformat()}"
        )
    return signaal_soort
