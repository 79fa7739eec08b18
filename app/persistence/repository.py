"""Queries and writes on stored messages, requests, toewijzingen, starts and stops."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.ijw.views import Omvang, Product
from app.persistence.models import (
    Bericht,
    BerichtSleutel,
    Ontvangst,
    StartZorg,
    StopZorg,
    Toewijzing,
    ToewijzingVersie,
)
from app.persistence.state import ACTIEF, VERWIJDERD

IN = "in"
UIT = "uit"


def claimed_by(
    session: Session, afzender: str, berichtcode: str, identificatie: str
) -> Bericht | None:
    """The message that claimed this identification, if any."""
    return session.scalar(
        select(Bericht)
        .join(BerichtSleutel, BerichtSleutel.bericht_id == Bericht.id)
        .where(
            BerichtSleutel.afzender == afzender,
            BerichtSleutel.berichtcode == berichtcode,
            BerichtSleutel.identificatie == identificatie,
        )
    )


def claim(
    session: Session, afzender: str, berichtcode: str, identificatie: str, bericht: Bericht
) -> None:
    """Claim an identification for a message; the primary key refuses a second claim."""
    session.add(
        BerichtSleutel(
            afzender=afzender,
            berichtcode=berichtcode,
            identificatie=identificatie,
            bericht_id=bericht.id,
        )
    )
    session.flush()


def same_message(
    session: Session, gemeente: str, type_: str, identificatie: str, sha256: str
) -> Bericht | None:
    """An earlier received message with exactly these bytes (e.g. a rejected duplicate)."""
    return session.scalar(
        select(Bericht)
        .where(
            Bericht.gemeente == gemeente,
            Bericht.type == type_,
            Bericht.identificatie == identificatie,
            Bericht.richting == IN,
            Bericht.sha256 == sha256,
        )
        .order_by(Bericht.id)
        .limit(1)
    )


def answer_to(session: Session, bericht_id: int) -> Bericht | None:
    """The message we sent in answer to a received one (its retour)."""
    return session.scalar(
        select(Bericht).where(Bericht.beantwoordt_id == bericht_id, Bericht.richting == UIT)
    )


def sent_message(
    session: Session, gemeente: str, berichtcode: str, identificatie: str
) -> Bericht | None:
    """One of our own outgoing heenberichten (JW301, JW319) by its identification."""
    return session.scalar(
        select(Bericht).where(
            Bericht.richting == UIT,
            Bericht.gemeente == gemeente,
            Bericht.berichtcode == berichtcode,
            Bericht.identificatie == identificatie,
        )
    )


def add(session: Session, row):
    """Insert a row and return it with its id."""
    session.add(row)
    session.flush()
    return row


def record_ontvangst(session: Session, **fields) -> Ontvangst:
    """Write the record of one POST."""
    return add(session, Ontvangst(**fields))


def delete_start(session: Session, where: dict, door: int) -> int:
    """Mark matching active starts deleted; returns how many."""
    return _delete(session, StartZorg, where, door)


def delete_stop(session: Session, where: dict, door: int) -> int:
    """Mark matching active stops deleted; returns how many."""
    return _delete(session, StopZorg, where, door)


def _delete(session: Session, table, where: dict, door: int) -> int:
    conditions = [
        getattr(table, name).is_(None) if value is None else getattr(table, name) == value
        for name, value in where.items()
    ]
    result = session.execute(
        update(table)
        .where(table.status == ACTIEF, *conditions)
        .values(status=VERWIJDERD, verwijderd_door_id=door)
    )
    return result.rowcount


def create_toewijzing(
    session: Session,
    *,
    gemeente: str,
    nummer: int,
    aanbieder: str,
    bsn: str,
    product: Product | None,
    ingangsdatum: date,
    einddatum: date | None,
    toegewezen_at: datetime,
    omvang: Omvang | None = None,
    budget: int | None = None,
    referentie_aanbieder: str | None = None,
    verzoek_id: int | None = None,
    bericht_id: int | None = None,
) -> Toewijzing:
    """A new toewijzing with its first version."""
    fields = dict(
        categorie=product.categorie if product else None,
        code=product.code if product else None,
        ingangsdatum_date=ingangsdatum,
        einddatum_date=einddatum,
        reden_wijziging=None,
        volume=omvang.volume if omvang else None,
        eenheid=omvang.eenheid if omvang else None,
        frequentie=omvang.frequentie if omvang else None,
        budget=budget,
        referentie_aanbieder=referentie_aanbieder,
        toegewezen_at=toegewezen_at,
    )
    row = add(
        session,
        Toewijzing(
            gemeente=gemeente,
            nummer=nummer,
            aanbieder=aanbieder,
            bsn=bsn,
            versie=1,
            verzoek_id=verzoek_id,
            **fields,
        ),
    )
    add(
        session,
        ToewijzingVersie(
            toewijzing_id=row.id,
            versie=1,
            bericht_id=bericht_id,
            created_at=toegewezen_at,
            **fields,
        ),
    )
    return row


def change_toewijzing(
    session: Session,
    toewijzing: Toewijzing,
    *,
    toegewezen_at: datetime,
    bericht_id: int | None = None,
    **changes,
) -> ToewijzingVersie:
    """Record a new version of a toewijzing (same ToewijzingNummer) with `changes` applied."""
    for name, value in changes.items():
        setattr(toewijzing, name, value)
    toewijzing.toegewezen_at = toegewezen_at
    toewijzing.versie += 1
    copied = {
        name: getattr(toewijzing, name)
        for name in (
            "categorie",
            "code",
            "ingangsdatum_date",
            "einddatum_date",
            "reden_wijziging",
            "volume",
            "eenheid",
            "frequentie",
            "budget",
            "referentie_aanbieder",
        )
    }
    return add(
        session,
        ToewijzingVersie(
            toewijzing_id=toewijzing.id,
            versie=toewijzing.versie,
            bericht_id=bericht_id,
            toegewezen_at=toegewezen_at,
            created_at=toegewezen_at,
            **copied,
        ),
    )
