"""Deadline keeping as messages and decisions come: which signal opens, moves or is met."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict

from sqlalchemy.orm import Session

from app.clock import as_utc, date_of
from app.deadlines import policy, repository
from app.deadlines.policy import Kalender, Soort
from app.deadlines.repository import close, herplan, meet, meet_op, open_signaal, record
from app.deadlines.signalen import BERICHT as BERICHT
from app.deadlines.signalen import TOEWIJZING as TOEWIJZING
from app.deadlines.signalen import VERZOEK as VERZOEK
from app.decisions.ruleset import Referral, RuleSet, RuleSets
from app.ingest import repository as ingest
from app.persistence.models import Verzoek
from app.toewijzingen import repository as toewijzingen
from app.toewijzingen.repository import ToewijzingRow
from app.toewijzingen.rij import toewijzing_verwijderd
from app.verwijzingen import repository as verwijzingen

TIJDELIJK = "20"
"""JZ588 RedenBeeindiging 20: a temporary stop; every other reason is definitive."""

_TOEWIJZING_SOORTEN = (
    Soort.START_ZORG,
    Soort.STOP_ZORG,
    Soort.VERWIJZING_START,
    Soort.VERLENGING,
    Soort.EVALUATIE,
    Soort.CONTACTMOMENT,
)
_NA_STOP_SOORTEN = (Soort.VERLENGING, Soort.EVALUATIE, Soort.CONTACTMOMENT)
"""What a definitive stop ends: no extension, evaluation or contact moment is owed after it."""


class _Partijen(TypedDict):
    gemeente: str
    aanbieder: str


class Termijnbewaking:
    """Opens and meets signals; the caller owns the transaction."""

    def __init__(self, *, kalender: Kalender, rule_sets: RuleSets, start_werkdagen: int) -> None:
        self.kalender = kalender
        self.rule_sets = rule_sets
        self.start_werkdagen = start_werkdagen

    # --- requests and our answers ------------------------------------------------------------

    def verzoek_ontvangen(self, session: Session, verzoek: Verzoek, now: datetime) -> None:
        """A VOT product or VOW wants our answer within 5 working days (OP274/OP346)."""
        open_signaal(
            session,
            Soort.ANTWOORD_VERZOEK,
            VERZOEK,
            verzoek.id,
            gemeente=verzoek.gemeente,
            aanbieder=verzoek.aanbieder,
            due=policy.antwoord(date_of(as_utc(verzoek.received_at)), self.kalender),
            now=now,
        )

    def verzoek_beantwoord(
        self, session: Session, verzoek: Verzoek, *, definitief: bool, now: datetime
    ) -> None:
        """A JW319 'in onderzoek' starts the 8 weeks; a JW301 or afwijzing is the final answer."""
        today = date_of(now)
        who: _Partijen = {"gemeente": verzoek.gemeente, "aanbieder": verzoek.aanbieder}
        first = policy.antwoord(date_of(as_utc(verzoek.received_at)), self.kalender)
        record(
            session,
            Soort.ANTWOORD_VERZOEK,
            VERZOEK,
            verzoek.id,
            due=first,
            te_laat=today > first,
            now=now,
            **who,
        )
        final = policy.eindantwoord(verzoek.dagtekening_date)
        if definitief:
            meet(session, Soort.EINDANTWOORD, VERZOEK, verzoek.id, te_laat=today > final, now=now)
        else:
            open_signaal(
                session,
                Soort.EINDANTWOORD,
                VERZOEK,
                verzoek.id,
                gemeente=verzoek.gemeente,
                aanbieder=verzoek.aanbieder,
                due=final,
                now=now,
            )

    def bericht_verzonden(
        self, session: Session, bericht_id: int, gemeente: str, aanbieder: str, now: datetime
    ) -> None:
        """Our JW301 or JW319 wants its JW302/JW320 within 3 working days (OP090)."""
        open_signaal(
            session,
            Soort.RETOUR,
            BERICHT,
            bericht_id,
            gemeente=gemeente,
            aanbieder=aanbieder,
            due=policy.retour(date_of(now), self.kalender),
            now=now,
        )

    def declaratie_beantwoord(
        self,
        session: Session,
        bericht_id: int,
        gemeente: str,
        aanbieder: str,
        ontvangen: datetime,
        now: datetime,
    ) -> None:
        """A JW323 wants its JW325 within 10 working days (OP090x4); answering meets it."""
        open_signaal(
            session,
            Soort.DECLARATIE_ANTWOORD,
            BERICHT,
            bericht_id,
            gemeente=gemeente,
            aanbieder=aanbieder,
            due=policy.declaratie_antwoord(date_of(ontvangen), self.kalender),
            now=now,
        )
        meet_op(
            session, Soort.DECLARATIE_ANTWOORD, BERICHT, bericht_id, today=date_of(now), now=now
        )

    def retour_ontvangen(self, session: Session, bericht_id: int, now: datetime) -> None:
        """The JW302/JW320 on one of our messages arrived: late after its 3 working days."""
        meet_op(session, Soort.RETOUR, BERICHT, bericht_id, today=date_of(now), now=now)

    # --- toewijzingen --------------------------------------------------------------------------

    def toewijzing_verzonden(self, session: Session, row: ToewijzingRow, now: datetime) -> None:
        """A new or changed toewijzing: (re)plan what it needs, or close what it no longer does."""
        if toewijzing_verwijderd(row):
            close(session, _TOEWIJZING_SOORTEN, TOEWIJZING, row.id, now)
            return
        who: _Partijen = {"gemeente": row.gemeente, "aanbieder": row.aanbieder}
        if _actieve_start(session, row) is None:
            # Counted from the first JW301, so a change does not move it; a signal planned
            # before that JW301 went out is planned again now.
            due = self._start_due(session, row)
            herplan(session, Soort.START_ZORG, TOEWIJZING, row.id, due=due, now=now, **who)
        elif row.einddatum_date is not None and _actieve_stop(session, row) is None:
            due = policy.regie(row.einddatum_date, self.kalender)
            open_signaal(session, Soort.STOP_ZORG, TOEWIJZING, row.id, due=due, now=now, **who)
        rule_set = self.rule_sets.rule_set_for(row.gemeente)
        if rule_set is not None:
            self._regionaal(session, rule_set, row, now)

    def _regionaal(
        self, session: Session, rule_set: RuleSet, row: ToewijzingRow, now: datetime
    ) -> None:
        termijnen, einde = rule_set.termijnen, row.einddatum_date
        who: _Partijen = {"gemeente": row.gemeente, "aanbieder": row.aanbieder}
        if (
            einde is not None
            and termijnen.verlenging_vanaf_weken is not None
            and termijnen.verlenging_uiterlijk_weken is not None
        ):
            vanaf, due = policy.verlenging(
                einde, termijnen.verlenging_vanaf_weken, termijnen.verlenging_uiterlijk_weken
            )
            open_signaal(
                session, Soort.VERLENGING, TOEWIJZING, row.id, due=due, vanaf=vanaf, now=now, **who
            )
        if termijnen.evaluatie_maanden is not None and _looptijd_langer(
            row, termijnen.evaluatie_na_looptijd_maanden
        ):
            due = policy.evaluatie(row.ingangsdatum_date, termijnen.evaluatie_maanden)
            open_signaal(session, Soort.EVALUATIE, TOEWIJZING, row.id, due=due, now=now, **who)
        if einde is not None and termijnen.contactmoment_maanden is not None:
            due = policy.contactmoment(einde, termijnen.contactmoment_maanden)
            open_signaal(session, Soort.CONTACTMOMENT, TOEWIJZING, row.id, due=due, now=now, **who)
        referral = rule_set.referral
        brief = _verwijzingsdatum(session, row) if referral is not None else None
        if referral is not None and brief is not None and _actieve_start(session, row) is None:
            due = policy.verwijzing_start(brief, referral.valid_months)
            open_signaal(
                session, Soort.VERWIJZING_START, TOEWIJZING, row.id, due=due, now=now, **who
            )

    # --- starts, stops and requests for change -----------------------------------------------

    def start_ontvangen(
        self, session: Session, row: ToewijzingRow, begindatum: date, now: datetime
    ) -> None:
        """A JW305 for a toewijzing: late when after 5 working days of the start (OP271)."""
        received = date_of(now)
        due = policy.regie(max(begindatum, _eerst_verzonden(session, row)), self.kalender)
        who: _Partijen = {"gemeente": row.gemeente, "aanbieder": row.aanbieder}
        record(
            session,
            Soort.START_ZORG,
            TOEWIJZING,
            row.id,
            due=due,
            te_laat=received > due,
            now=now,
            **who,
        )
        rule_set = self.rule_sets.rule_set_for(row.gemeente)
        if row.verzoek_id is not None and rule_set is not None and rule_set.referral is not None:
            meet(
                session,
                Soort.VERWIJZING_START,
                TOEWIJZING,
                row.id,
                te_laat=_referral_late(session, rule_set.referral, row, begindatum),
                now=now,
            )
        if row.einddatum_date is not None:
            due = policy.regie(row.einddatum_date, self.kalender)
            open_signaal(
                session, Soort.STOP_ZORG, TOEWIJZING, row.id, due=due, now=now, heropen=True, **who
            )

    def _start_due(self, session: Session, row: ToewijzingRow) -> date:
        """When a toewijzing without any start becomes a signal, counted from its first JW301."""
        return policy.start_zorg(
            row.ingangsdatum_date,
            _eerst_verzonden(session, row),
            self.kalender,
            self.start_werkdagen,
        )

    def start_verwijderd(self, session: Session, row: ToewijzingRow, now: datetime) -> None:
        """A deleted JW305 counts as never sent: without another start, the start is owed."""
        if _actieve_start(session, row) is not None:
            return
        close(session, (Soort.STOP_ZORG,), TOEWIJZING, row.id, now)
        due = self._start_due(session, row)
        open_signaal(
            session,
            Soort.START_ZORG,
            TOEWIJZING,
            row.id,
            gemeente=row.gemeente,
            aanbieder=row.aanbieder,
            due=due,
            now=now,
            heropen=True,
        )

    def stop_verwijderd(self, session: Session, row: ToewijzingRow, now: datetime) -> None:
        """A deleted JW307 counts as never sent: with an active start, the stop is owed again."""
        if row.einddatum_date is None or _actieve_start(session, row) is None:
            return
        if _actieve_stop(session, row) is not None:
            return
        open_signaal(
            session,
            Soort.STOP_ZORG,
            TOEWIJZING,
            row.id,
            gemeente=row.gemeente,
            aanbieder=row.aanbieder,
            due=policy.regie(row.einddatum_date, self.kalender),
            now=now,
            heropen=True,
        )

    def stop_ontvangen(
        self,
        session: Session,
        row: ToewijzingRow,
        einddatum: date,
        reden: str,
        now: datetime,
        *,
        na_tijdelijk: bool | None = None,
    ) -> None:
        """A JW307: late when after 5 working days of the end of care (OP272).

        `na_tijdelijk` tells whether a temporary stop of the toewijzing is active, when the
        caller knows; else the database is asked.
        """
        if reden == TIJDELIJK:
            return  # care may resume; the definitive stop is still owed
        due = policy.regie(einddatum, self.kalender)
        # After a temporary stop the term runs from when the end became known to be
        # definitive (OP272), which no message tells: such a stop is not judged late.
        if na_tijdelijk is None:
            na_tijdelijk = _actieve_stop(session, row, reden=TIJDELIJK) is not None
        record(
            session,
            Soort.STOP_ZORG,
            TOEWIJZING,
            row.id,
            gemeente=row.gemeente,
            aanbieder=row.aanbieder,
            due=due,
            te_laat=not na_tijdelijk and date_of(now) > due,
            now=now,
        )
        close(session, _NA_STOP_SOORTEN, TOEWIJZING, row.id, now)

    def wijziging_ontvangen(
        self, session: Session, gemeente: str, aanbieder: str, bsn: str, now: datetime
    ) -> None:
        """A VOW answers the open extension windows of the client's toewijzingen (region A)."""
        today = date_of(now)
        rows = toewijzingen.van_client(session, gemeente, aanbieder, bsn)
        for row in rows:
            self.gemeld(session, Soort.VERLENGING, row, now, today=today)

    def gemeld(
        self,
        session: Session,
        soort: Soort,
        row: ToewijzingRow,
        now: datetime,
        *,
        today: date | None = None,
    ) -> bool:
        """An extension notice, evaluation or contact moment was recorded for a toewijzing."""
        today = today or date_of(now)
        found = repository.toewijzing_signaal(session, soort, row.id)
        if found is None or found.vanaf_date > today:
            return False
        return meet(session, soort, TOEWIJZING, row.id, te_laat=today > found.due_date, now=now)


def _actieve_start(session: Session, row: ToewijzingRow) -> int | None:
    return ingest.actieve_start(session, row.gemeente, row.nummer)


def _actieve_stop(session: Session, row: ToewijzingRow, *, reden: str | None = None) -> int | None:
    return ingest.actieve_stop(session, row.gemeente, row.nummer, reden=reden)


def _eerst_verzonden(session: Session, row: ToewijzingRow) -> date:
    """The day the first JW301 carrying the toewijzing went out (its Dagtekening).

    That is the day the aanbieder learns of it, which may be long after the decision: a grant
    that waited for client data keeps its decision's Toewijzingsdatum (IV013). Before any
    JW301 went out, the first decision's day stands in.
    """
    # Read with the row (toewijzing_met_eerste_versie): both columns or neither.
    if hasattr(row, "eerst_verzonden_date") and hasattr(row, "eerst_toegewezen_at"):
        verzonden, besloten = row.eerst_verzonden_date, row.eerst_toegewezen_at
    else:
        verzonden = toewijzingen.eerste_dagtekening(session, row.id)
        besloten = None
        if verzonden is None:
            besloten = toewijzingen.eerste_toegewezen_at(session, row.id)
    if verzonden is not None:
        return verzonden
    return date_of(as_utc(besloten if besloten is not None else row.toegewezen_at))


def _looptijd_langer(row: ToewijzingRow, maanden: int | None) -> bool:
    if maanden is None:
        return True
    if row.einddatum_date is None:
        return True
    return row.einddatum_date > policy.verwijzing_start(row.ingangsdatum_date, maanden)


def _verwijzingsdatum(session: Session, row: ToewijzingRow) -> date | None:
    if row.verzoek_id is None:
        return None
    return verwijzingen.verwijzingsdatum(session, row.verzoek_id)


def _referral_late(
    session: Session, referral: Referral, row: ToewijzingRow, begindatum: date
) -> bool:
    brief = _verwijzingsdatum(session, row)
    if brief is None:
        return False
    return begindatum > policy.verwijzing_start(brief, referral.valid_months)
