"""Facts the engine needs besides the request: who asks, the referral, recorded vooroverleg."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.ijw.views import Product


class VooroverlegKind(StrEnum):
    """What a vooroverleg agreed on: the first toewijzing, or a short or long extension."""

    INITIEEL = "initieel"
    KORTE_VERLENGING = "korte_verlenging"
    LANGE_VERLENGING = "lange_verlenging"


@dataclass(frozen=True, slots=True)
class Vooroverleg:
    """An agreement a gemeente worker recorded with an aanbieder for one client and product."""

    gemeente: str
    aanbieder: str
    bsn: str
    product: Product
    max_minutes: int
    end_date: date
    kind: VooroverlegKind


@dataclass(frozen=True, slots=True)
class EerdereToekenning:
    """An earlier granted request with the same referrer, client and product (rule A7)."""

    verzoek_id: int
    referentie_aanbieder: str
    letter_date: date | None = None


@dataclass(frozen=True, slots=True)
class Verwijzing:
    """What is known about the referral behind a request; None means not known.

    `eerder` is the earlier grant on the same referrer, client and product: used again when
    `used_before`, otherwise superseded by a new letter.
    """

    letter_date: date | None = None
    used_before: bool | None = None
    eerder: EerdereToekenning | None = None


@dataclass(frozen=True, slots=True)
class DecisionContext:
    """The message's gemeente (Ontvanger), aanbieder (Afzender) and client, and what is known."""

    today: date
    gemeente: str
    aanbieder: str
    bsn: str
    verwijzing: Verwijzing = Verwijzing()
    vooroverleggen: Iterable[Vooroverleg] = ()
