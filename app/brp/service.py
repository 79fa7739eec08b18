"""Client data from the BRP on first need: fetched, mapped onto a JW301's Client, stored, audited.

A grant that needs Contactgegevens the service has no record of asks the BRP once. Found: the
data is stored (source `brp`) and the JW301 goes at once. Unknown to the BRP, or not registered
in the gemeente: the grant waits for a worker, with the reason. The BRP away (timeout, 5xx, a
refusal): the grant waits and `herhaal` asks again with a doubling backoff.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app import logs
from app.access import repository as keys
from app.access.toegang import Rol, Toegang
from app.audit.record import Audit
from app.brp import repository
from app.brp.client import BrpClient, BrpGeweigerd, BrpOnbereikbaar
from app.brp.mapping import BrpOnvolledig, naar_clientgegevens
from app.clienten import repository as clienten
from app.clock import Clock, date_of
from app.config import Settings
from app.persistence.models import ApiKey, BrpOpvraging
from app.toewijzingen.client import client_gegevens
from app.toewijzingen.jw301 import Jw301Sender
from app.verzoeken.status import WACHT_OP_CLIENTGEGEVENS

log = logs.logger("brp")

GEVONDEN, ONBEKEND, ONBEREIKBAAR = "gevonden", "onbekend", "onbereikbaar"
BRON_BRP = "brp"
SYSTEEM_SLEUTEL = "ijw-brp-bevraging"
"""The name of the (revoked, unusable) key the service's own BRP calls are audited under."""
_SYSTEEM_SHA = "0" * 64


@dataclass(frozen=True, slots=True)
class Opvraging:
    """The outcome of one BRP call for a client: found, unknown (a worker must act), or away."""

    uitkomst: str
    reden: str

    @property
    def gevonden(self) -> bool:
        """Whether the client's data is now stored."""
        return self.uitkomst == GEVONDEN


class BrpService:
    """Asks the BRP for a client's data and records what came of it."""

    def __init__(
        self,
        client: BrpClient,
        audit: Audit,
        jw301: Jw301Sender,
        clock: Clock,
        settings: Settings,
    ) -> None:
        self.client = client
        self.audit = audit
        self.jw301 = jw301
        self.clock = clock
        self.settings = settings
        self.laatst_bereikbaar: bool | None = None
        """Whether the last call got an answer (None: no call yet); /health/ready shows it."""
        self._weg_sinds: float | None = None

    def haal_op(
        self, session: Session, gemeente: str, bsn: str, *, waarom: str, herhaling: bool = False
    ) -> Opvraging:
        """Ask the BRP for the client, store what a JW301 needs, and record the outcome.

        While the BRP was just found away, a grant does not wait for another timeout inside
        its transaction: it waits for the retry round (`herhaling`), which does ask.
        """
        now = self.clock.now()
        if not herhaling and self._net_weg():
            opvraging = Opvraging(
                ONBEREIKBAAR,
                "de BRP was bij de vorige vraag niet bereikbaar; de toekenning wacht en de BRP "
                "wordt later opnieuw gevraagd",
            )
            self._leg_vast(session, gemeente, bsn, opvraging, now, gevraagd=False)
            return opvraging
        try:
            antwoord = self.client.raadpleeg(bsn, gemeente)
        except (BrpOnbereikbaar, BrpGeweigerd) as error:
            self.laatst_bereikbaar = isinstance(error, BrpGeweigerd)
            self._weg_sinds = time.monotonic() if isinstance(error, BrpOnbereikbaar) else None
            opvraging = Opvraging(
                ONBEREIKBAAR,
                f"{error.reden}; de toekenning wacht en de BRP wordt later opnieuw gevraagd",
            )
        else:
            self.laatst_bereikbaar = True
            self._weg_sinds = None
            opvraging = self._bewaar(session, gemeente, bsn, antwoord.personen, now)
        self._audit(session, gemeente, bsn, waarom, opvraging, now)
        self._leg_vast(session, gemeente, bsn, opvraging, now)
        return opvraging

    def _net_weg(self) -> bool:
        """Whether the last call found the BRP away less than one backoff step ago."""
        return (
            self._weg_sinds is not None
            and time.monotonic() - self._weg_sinds < self.settings.brp_backoff_base_seconds
        )

    def _bewaar(
        self, session: Session, gemeente: str, bsn: str, personen: tuple[dict, ...], now: datetime
    ) -> Opvraging:
        persoon = next((p for p in personen if p.get("burgerservicenummer") in (None, bsn)), None)
        if persoon is None:
            return Opvraging(
                ONBEKEND,
                f"de BRP kent deze cliënt niet als ingeschreven in gemeente {gemeente}: "
                "leg de cliëntgegevens vast met PUT /clientgegevens",
            )
        try:
            gegevens = naar_clientgegevens(persoon, gemeente, bsn)
        except BrpOnvolledig as error:
            return Opvraging(
                ONBEKEND, f"{error}: leg de cliëntgegevens vast met PUT /clientgegevens"
            )
        nested = session.begin_nested()
        clienten.bewaar_persoon(
            session,
            gemeente=gemeente,
            bsn=bsn,
            geboortedatum=gegevens.geboortedatum,
            datum_gebruik=gegevens.datum_gebruik,
            geslacht=gegevens.geslacht,
            achternaam=gegevens.achternaam,
            voorvoegsel=gegevens.voorvoegsel,
            voornamen=gegevens.voornamen,
            voorletters=gegevens.voorletters,
            at=now,
        )
        clienten.zet_contacten(session, gemeente, bsn, gegevens.contacten, now)
        stored = clienten.client(session, gemeente, bsn)
        assert stored is not None
        stored.naam_gebruik = gegevens.naam_gebruik
        stored.partner_achternaam = gegevens.partner_achternaam
        stored.partner_voorvoegsel = gegevens.partner_voorvoegsel
        stored.bron = BRON_BRP
        session.flush()
        issues = self.jw301.client_issues(client_gegevens(stored), date_of(now))
        if issues:
            nested.rollback()
            session.expire_all()
            codes = ", ".join(sorted({issue.code for issue in issues}))
            return Opvraging(
                ONBEKEND,
                f"de gegevens uit de BRP passen niet in een JW301 ({codes}): "
                "leg de cliëntgegevens vast met PUT /clientgegevens",
            )
        nested.commit()
        return Opvraging(GEVONDEN, "gegevens uit de BRP vastgelegd")

    def _audit(
        self,
        session: Session,
        gemeente: str,
        bsn: str,
        waarom: str,
        opvraging: Opvraging,
        now: datetime,
    ) -> None:
        """Every call is a read of personal data: recorded with why and its outcome."""
        self.audit.record(
            session,
            self._systeem(session, now),
            actie="BRP POST /personen",
            wat=f"RaadpleegMetBurgerservicenummer voor {waarom[:400]}: {opvraging.uitkomst}",
            gelezen=[(bsn, gemeente)],
            now=now,
        )

    def _systeem(self, session: Session, now: datetime) -> Toegang:
        """The service's own key for its BRP calls: revoked at birth, so no request can use it."""
        key = keys.key_by_sha256(session, _SYSTEEM_SHA)
        if key is None:
            key = ApiKey(
                sha256=_SYSTEEM_SHA,
                prefix="systeem",
                rol=Rol.GEMEENTE.value,
                agb=None,
                gemeenten=sorted(self.settings.gemeenten),
                naam=SYSTEEM_SLEUTEL,
                created_at=now,
                revoked_at=now,
            )
            session.add(key)
            session.flush()
        return Toegang(key.id, Rol.GEMEENTE, gemeenten=frozenset(self.settings.gemeenten))

    def _leg_vast(
        self,
        session: Session,
        gemeente: str,
        bsn: str,
        opvraging: Opvraging,
        now: datetime,
        *,
        gevraagd: bool = True,
    ) -> None:
        row = repository.opvraging(session, gemeente, bsn)
        if row is None:
            row = BrpOpvraging(gemeente=gemeente, bsn=bsn, pogingen=0)
            session.add(row)
        elif not gevraagd and row.uitkomst == ONBEREIKBAAR:
            return  # already due for the retry round, at its own backoff
        if not gevraagd:
            row.pogingen = 1
            row.uitkomst = opvraging.uitkomst
            row.reden = opvraging.reden[:500]
            row.volgende_poging_at = now + self._wachttijd(1)
            row.bijgewerkt_at = now
            session.flush()
            return
        row.pogingen = row.pogingen + 1 if opvraging.uitkomst == ONBEREIKBAAR else 0
        row.uitkomst = opvraging.uitkomst
        row.reden = opvraging.reden[:500]
        row.volgende_poging_at = (
            now + self._wachttijd(row.pogingen) if opvraging.uitkomst == ONBEREIKBAAR else None
        )
        row.bijgewerkt_at = now
        session.flush()

    def _wachttijd(self, pogingen: int) -> timedelta:
        seconds = self.settings.brp_backoff_base_seconds * 2 ** min(pogingen - 1, 30)
        return timedelta(seconds=min(seconds, self.settings.brp_backoff_max_seconds))

    def te_herhalen(
        self, session: Session, now: datetime, limit: int = 50
    ) -> list[tuple[str, str]]:
        """Clients to ask (again): failed calls now due, then waiting clients never asked.

        The latter waited before the BRP was configured.
        """
        due = repository.onbereikbaar_te_herhalen(session, ONBEREIKBAAR, now, limit)
        nooit = repository.nooit_gevraagd(
            session, WACHT_OP_CLIENTGEGEVENS, max(limit - len(due), 0)
        )
        return due + nooit
