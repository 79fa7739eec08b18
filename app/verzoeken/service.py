"""Answers to requests: the engine's automatic decisions and a gemeente worker's, as JW301/JW319.

A VOT is decided per AangevraagdProduct (OP344): granted products share one JW301, each
product in onderzoek gets its own JW319. A VOW is decided whole and honoured 1:1 (IV093).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from app.access.toegang import Toegang
from app.audit.record import Audit
from app.checks.bericht import Bericht
from app.clienten import repository as clienten
from app.clock import as_utc, date_of
from app.deadlines import repository as signalen
from app.deadlines.policy import Soort
from app.deadlines.service import VERZOEK, Termijnbewaking
from app.decisions.beslissing import Beslissing, Figures, Uitkomst
from app.decisions.context import DecisionContext, Verwijzing
from app.decisions.engine import decide
from app.decisions.overlap import onderzoek_wegens_overlap
from app.decisions.ruleset import RuleSet, RuleSets
from app.decisions.wijziging import GewijzigdProduct, decide_wijziging
from app.gebruikers.medewerker import Medewerker
from app.ijw import parser
from app.ijw.builders.jw319 import JW319, Antwoordbericht, build_jw319
from app.ijw.catalogue import BY_NAME
from app.ijw.gemeenten import load_gemeenten
from app.ijw.schemas import SchemaRegistry
from app.ijw.views import JW315, JW317, Omvang, Product, TeWijzigenProduct
from app.inzage import repository as inzage
from app.outbox.service import OutboxService
from app.persistence.models import Bericht as BerichtRow
from app.persistence.models import Beslissing as BeslissingRow
from app.persistence.models import Client, Toewijzing, Verzoek, Vooroverleg
from app.problem import Problem
from app.toewijzingen import repository
from app.toewijzingen.client import ClientgegevensOntbreken
from app.toewijzingen.jw301 import Jw301Sender, actueel, actuele_perioden, toewijzingen_van
from app.toewijzingen.overlap import (
    Periode,
    ToewijzingOverlap,
    beschrijf,
    botsingen,
    overlappend,
)
from app.toewijzingen.repository import volgend_toewijzingnummer
from app.toewijzingen.rij import omvang_of, product_of, toewijzing_verwijderd
from app.toewijzingen.service import VERWIJDERD
from app.verzoeken import repository as verzoeken
from app.verzoeken import volgorde
from app.verzoeken.repository import WERKVOORRAAD as WERKVOORRAAD
from app.verzoeken.repository import Termijn
from app.verzoeken.status import (
    AFGEWEZEN,
    IN_ONDERZOEK,
    ONTVANGEN,
    TOEGEKEND,
    WACHT_OP_CLIENTGEGEVENS,
)
from app.vooroverleg import service as vooroverleg

AFGEWEZEN_ANTWOORD, ONDERZOEK_ANTWOORD = "1", "2"
"""WJ760 VerzoekAntwoord."""

DOOR_AANBIEDER = "12"
"""JZ002 RedenWijziging: a change that follows a VOW or another request of the aanbieder."""

HANDMATIG = "handmatig"
"""The rule recorded when a gemeente worker decides."""
AFWIJZEN = "afwijzen"


class VerzoekOnbekend(Problem):
    """No request with this id among the gemeenten the caller may see."""

    status_code = 404
    slug = "verzoek-unknown"
    title = "Onbekend verzoek"

    def __init__(self, verzoek_id: int) -> None:
        super().__init__(f"geen verzoek {verzoek_id}")


class BesluitOngeldig(Problem, ValueError):
    """A worker's decision that no answer message can carry (dates, VOW changes, reden 8)."""

    status_code = 422
    slug = "invalid-decision"
    title = "Besluit niet mogelijk"


@dataclass(frozen=True, slots=True)
class Toekenning:
    """What a VOT product is granted: as requested, or as a gemeente worker changed it."""

    product: Product | None
    ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None
    budget: int | None

    @classmethod
    def zoals_gevraagd(cls, verzoek: Verzoek) -> Toekenning:
        """The grant a VOT product asked for."""
        if verzoek.ingangsdatum_date is None:  # JW315 requires ToewijzingIngangsdatum
            raise ValueError("only a VOT asks for a product with its Ingangsdatum")
        return cls(
            product=product_of(verzoek.categorie, verzoek.code),
            ingangsdatum=verzoek.ingangsdatum_date,
            einddatum=verzoek.einddatum_date,
            omvang=omvang_of(verzoek.volume, verzoek.eenheid, verzoek.frequentie),
            budget=verzoek.budget,
        )

    @classmethod
    def gewijzigd(cls, verzoek: Verzoek, **wijzigingen: Any) -> Toekenning | None:
        """A worker's grant: the request's figures with the ones the worker set replaced.

        `wijzigingen` holds only what was set, by name (ingangsdatum, einddatum, omvang,
        budget); None when nothing was set (as asked). Raises BesluitOngeldig for a grant no
        JW301 can carry.
        """
        if not wijzigingen:
            return None
        if verzoek.soort == "VOW":
            raise BesluitOngeldig(
                "een VOW wordt precies zo toegekend als gevraagd (OP348): stuur geen data of omvang"
            )
        granted = replace(cls.zoals_gevraagd(verzoek), **wijzigingen)
        if granted.ingangsdatum is None:
            raise BesluitOngeldig("ingangsdatum mag niet leeg zijn")
        if granted.einddatum is not None and granted.einddatum < granted.ingangsdatum:
            raise BesluitOngeldig("einddatum ligt voor ingangsdatum (CS003)")
        return granted


WOONPLAATSBEGINSEL = "8"
"""WJ759 reden that names the gemeente responsible (TR377); no other reden names one (TR409)."""


def controleer_afwijzing(reden: str, woonplaatsbeginsel_gemeente: str | None) -> None:
    """Refuse a rejection whose reden and woonplaatsbeginsel gemeente do not go together."""
    if (reden == WOONPLAATSBEGINSEL) != (woonplaatsbeginsel_gemeente is not None):
        raise BesluitOngeldig(
            "reden 8 (woonplaatsbeginsel) vraagt om woonplaatsbeginsel_gemeente, en alleen "
            "reden 8 mag die hebben (TR377/TR409)"
        )
    if woonplaatsbeginsel_gemeente is not None and not load_gemeenten().bekend(
        woonplaatsbeginsel_gemeente
    ):
        raise BesluitOngeldig("woonplaatsbeginsel_gemeente staat niet in de CBS-gemeentelijst")


Grant = tuple[Verzoek, Beslissing, Toekenning]
"""A VOT request with the decision granting it and what it grants."""


def _verzonden(bericht_id: int | None) -> int:
    """The JW301 of a worker's grant, which raises rather than waits, so always sends one."""
    if bericht_id is None:
        raise RuntimeError("a worker's grant sent no JW301")
    return bericht_id


@dataclass(frozen=True, slots=True)
class Besloten:
    """A worker's decision as sent: the request's status now and the answer message's id."""

    status: str
    bericht_id: int


class VerzoekService:
    """Decides requests and sends the answers; the caller owns the transaction."""

    def __init__(
        self,
        *,
        rule_sets: RuleSets,
        zonder_regelset: Uitkomst,
        registry: SchemaRegistry,
        outbox: OutboxService,
        jw301: Jw301Sender,
        termijnen: Termijnbewaking | None = None,
    ) -> None:
        self.termijnen = termijnen
        self.rule_sets = rule_sets
        self.zonder_regelset = zonder_regelset
        self.registry = registry
        self.outbox = outbox
        self.jw301 = jw301

    # --- the engine, right after an accepted JW315 or JW317 ---------------------------------

    def na_ontvangst(
        self, session: Session, bericht: Bericht, rows: list[Verzoek], now: datetime
    ) -> None:
        """Decide the requests an accepted JW315 or JW317 brought, and answer them."""
        if isinstance(bericht.view, JW315):
            self._vot(session, bericht.view, rows, now)
        elif isinstance(bericht.view, JW317):
            self._vow(session, bericht.view, rows[0], now)
        if self.termijnen is not None:
            # An answer sent now recorded its deadline as met; the rest still owe one.
            for verzoek in rows:
                if verzoek.status in (ONTVANGEN, WACHT_OP_CLIENTGEGEVENS):
                    self.termijnen.verzoek_ontvangen(session, verzoek, now)

    def _context(self, session: Session, verzoek: Verzoek, now: datetime) -> DecisionContext:
        return DecisionContext(
            today=date_of(now),
            gemeente=verzoek.gemeente,
            aanbieder=verzoek.aanbieder,
            bsn=verzoek.bsn,
            vooroverleggen=verzoeken.Vooroverleggen(
                session, verzoek.gemeente, verzoek.aanbieder, verzoek.bsn
            ),
        )

    def _vot(self, session: Session, view: JW315, rows: list[Verzoek], now: datetime) -> None:
        by_referentie = {row.referentie_aanbieder: row for row in rows}
        rule_set = self.rule_sets.rule_set_for(view.header.ontvanger)
        context = self._context(session, rows[0], now)
        granted: list[Grant] = []
        granted_ids: list[int] = []  # a referral is used once, also within one message (A7)
        # Read once: deciding this message's products changes no status the facts look at
        # (a grant of one is passed on in granted_ids, and grants are stored after the loop).
        van_client: list[Row] | None = None
        for aangevraagd in view.client.producten:
            verzoek = by_referentie[aangevraagd.referentie_aanbieder]
            feiten = Verwijzing()
            if _referral_rules(rule_set, aangevraagd.verwijzer.type):
                if van_client is None:
                    van_client = verzoeken.vot_van_client(session, verzoek.gemeente, verzoek.bsn)
                feiten = verzoeken.verwijzing_feiten(
                    session, verzoek, granted_ids, van_client=van_client
                )
            besluit = decide(
                rule_set,
                aangevraagd,
                replace(context, verwijzing=feiten),
                default=self.zonder_regelset,
            )
            if besluit.outcome == Uitkomst.TOEKENNEN:
                granted.append((verzoek, besluit, Toekenning.zoals_gevraagd(verzoek)))
                granted_ids.append(verzoek.id)
            else:
                self._onderzoek(session, verzoek, besluit, now)
        if granted:
            self._ken_vot_toe(session, granted, now, now)

    def _vow(self, session: Session, view: JW317, verzoek: Verzoek, now: datetime) -> None:
        besluit = decide_wijziging(
            self.rule_sets.rule_set_for(verzoek.gemeente),
            _gewijzigde_producten(session, view, verzoek),
            self._context(session, verzoek, now),
            default=self.zonder_regelset,
        )
        if besluit.outcome == Uitkomst.TOEKENNEN:
            self._ken_vow_toe(session, verzoek, view, besluit, now, now)
        else:
            self._onderzoek(session, verzoek, besluit, now)

    def _onderzoek(
        self, session: Session, verzoek: Verzoek, besluit: Beslissing, now: datetime
    ) -> None:
        volgorde.mag_onderzoek(verzoek.status)
        bericht_id = self._jw319(session, verzoek, ONDERZOEK_ANTWOORD, None, None, now)
        verzoeken.record_beslissing(session, verzoek, besluit, at=now, bericht_id=bericht_id)
        verzoeken.zet_status(session, verzoek, IN_ONDERZOEK)
        self._beantwoord(session, verzoek, definitief=False, now=now)

    # --- a gemeente worker -------------------------------------------------------------------

    def toekennen(
        self,
        session: Session,
        verzoek: Verzoek,
        *,
        besloten_door: str,
        toekenning: Toekenning | None,
        toelichting: str | None,
        now: datetime,
    ) -> int:
        """Grant a request as a worker (a VOT possibly changed, a VOW only as asked).

        Returns the JW301's `bericht` id. Raises VolgordeFout, ClientgegevensOntbreken, and
        OutgoingInvalid when the changed grant would break a rule of the standard.
        """
        volgorde.mag_toekennen(verzoek.status)
        besluit = _handmatig(Uitkomst.TOEKENNEN, besloten_door, toelichting, now)
        if verzoek.soort == "VOW":
            if toekenning is not None:
                raise BesluitOngeldig("een VOW wordt precies zo toegekend als gevraagd (OP348)")
            view = _stored_view(session, verzoek)
            return _verzonden(
                self._ken_vow_toe(session, verzoek, view, besluit, now, now, wachten=False)
            )
        toekenning = toekenning or Toekenning.zoals_gevraagd(verzoek)
        return _verzonden(
            self._ken_vot_toe(session, [(verzoek, besluit, toekenning)], now, now, wachten=False)
        )

    def afwijzen(
        self,
        session: Session,
        verzoek: Verzoek,
        *,
        besloten_door: str,
        reden: str,
        woonplaatsbeginsel_gemeente: str | None,
        toelichting: str | None,
        now: datetime,
    ) -> int:
        """Reject a request with a WJ759 reason: a JW319 with VerzoekAntwoord 1."""
        volgorde.mag_afwijzen(verzoek.status)
        bericht_id = self._jw319(
            session, verzoek, AFGEWEZEN_ANTWOORD, reden, woonplaatsbeginsel_gemeente, now
        )
        # The engine's Uitkomst has no rejection (a rule set never rejects): the record's
        # uitkomst says afwijzen.
        besluit = _handmatig(Uitkomst.ONDERZOEK, besloten_door, toelichting, now)
        verzoeken.record_beslissing(
            session,
            verzoek,
            besluit,
            at=now,
            uitkomst=AFWIJZEN,
            reden_afwijzing=reden,
            bericht_id=bericht_id,
        )
        verzoeken.zet_status(session, verzoek, AFGEWEZEN, beantwoord_at=now)
        self._beantwoord(session, verzoek, definitief=True, now=now)
        return bericht_id

    def ken_eigen_toe(
        self,
        session: Session,
        gemeenten: frozenset[str],
        verzoek_id: int,
        *,
        besloten_door: str,
        wijzigingen: dict[str, Any],
        toelichting: str | None,
        now: datetime,
    ) -> Besloten:
        """Grant one of the gemeenten' requests, with the figures the worker changed, if any.

        Raises VerzoekOnbekend for another gemeente's request, and what `toekennen` raises.
        """
        verzoek = eigen_verzoek(session, gemeenten, verzoek_id)
        bericht_id = self.toekennen(
            session,
            verzoek,
            besloten_door=besloten_door,
            toekenning=Toekenning.gewijzigd(verzoek, **wijzigingen),
            toelichting=toelichting,
            now=now,
        )
        return Besloten(verzoek.status, bericht_id)

    def wijs_eigen_af(
        self,
        session: Session,
        gemeenten: frozenset[str],
        verzoek_id: int,
        *,
        besloten_door: str,
        reden: str,
        woonplaatsbeginsel_gemeente: str | None,
        toelichting: str | None,
        now: datetime,
    ) -> Besloten:
        """Reject one of the gemeenten' requests; VerzoekOnbekend for another's."""
        verzoek = eigen_verzoek(session, gemeenten, verzoek_id)
        bericht_id = self.afwijzen(
            session,
            verzoek,
            besloten_door=besloten_door,
            reden=reden,
            woonplaatsbeginsel_gemeente=woonplaatsbeginsel_gemeente,
            toelichting=toelichting,
            now=now,
        )
        return Besloten(verzoek.status, bericht_id)

    def geef_vrij(self, session: Session, gemeente: str, bsn: str, now: datetime) -> list[int]:
        """Send the JW301s that waited for this client's Contactgegevens; their bericht ids."""
        waiting = verzoeken.wachtend_op_clientgegevens(session, gemeente, bsn)
        records = verzoeken.beslissingen(session, [verzoek.id for verzoek in waiting])
        sent: list[int | None] = []
        vot: dict[tuple[str, int], list[Grant]] = {}
        for verzoek in waiting:
            record = records[verzoek.id][-1]
            besluit = _besluit_van(record)
            decided_at = as_utc(record.besloten_at)
            if verzoek.soort == "VOW":
                view = _stored_view(session, verzoek)
                sent.append(self._ken_vow_toe(session, verzoek, view, besluit, decided_at, now))
            else:
                item = (verzoek, besluit, Toekenning.zoals_gevraagd(verzoek))
                vot.setdefault((verzoek.aanbieder, verzoek.bericht_id), []).append(item)
        for items in vot.values():
            decided_at = as_utc(records[items[0][0].id][-1].besloten_at)
            sent.append(self._ken_vot_toe(session, items, decided_at, now))
        for verzoek in waiting:
            if verzoek.status != WACHT_OP_CLIENTGEGEVENS:
                signalen.meet(
                    session, Soort.CLIENTGEGEVENS, VERZOEK, verzoek.id, te_laat=False, now=now
                )
        return [bericht_id for bericht_id in sent if bericht_id is not None]

    # --- granting ---------------------------------------------------------------------------

    def _wacht(
        self,
        session: Session,
        items: Sequence[tuple[Verzoek, Beslissing] | Grant],
        decided_at: datetime,
        wachten: bool,
    ) -> bool:
        """Whether the grants must wait for Contactgegevens (recorded so); raises for a worker.

        Without stored Contactgegevens the BRP is asked first, when one is configured.
        """
        verzoek = items[0][0]
        ids = ", ".join(str(item[0].id) for item in items)
        waarom = (
            f"automatische toekenning van verzoek {ids}"
            if wachten
            else f"toekenning door {items[0][1].besloten_door} van verzoek {ids}"
        )
        reden = self.jw301.vraag_brp(session, verzoek.gemeente, verzoek.bsn, waarom=waarom)
        if reden is None:
            return False
        if not wachten:
            raise ClientgegevensOntbreken(reden)
        for waiting, besluit, *_ in items:
            if waiting.status != WACHT_OP_CLIENTGEGEVENS:
                verzoeken.record_beslissing(session, waiting, besluit, at=decided_at)
                verzoeken.zet_status(session, waiting, WACHT_OP_CLIENTGEGEVENS)
            if self.jw301.brp is not None:
                # The werkvoorraad tells why the grant waits: a signal the gemeente owes.
                signalen.open_signaal(
                    session,
                    Soort.CLIENTGEGEVENS,
                    VERZOEK,
                    waiting.id,
                    gemeente=waiting.gemeente,
                    aanbieder=waiting.aanbieder,
                    due=date_of(decided_at),
                    now=decided_at,
                    detail=reden[:500],
                )
        return True

    def _ken_vot_toe(
        self,
        session: Session,
        items: list[Grant],
        decided_at: datetime,
        now: datetime,
        *,
        wachten: bool = True,
    ) -> int | None:
        items = self._zonder_overlap(session, items, now, wachten)
        if not items or self._wacht(session, items, decided_at, wachten):
            return None
        first = items[0][0]
        referenties: dict[int, str] = {}
        for verzoek, besluit, toekenning in items:
            nummer = self._nieuwe_toewijzing(
                session,
                verzoek,
                toekenning.product,
                toekenning.ingangsdatum,
                toekenning.einddatum,
                toekenning.omvang,
                toekenning.budget,
                decided_at,
                besluit.besloten_door,
            )
            referenties[nummer] = verzoek.referentie_aanbieder
        bericht_id = self.jw301.send(
            session,
            gemeente=first.gemeente,
            aanbieder=first.aanbieder,
            bsn=first.bsn,
            gewijzigd=frozenset(referenties),
            referenties=referenties,
            now=now,
        )
        for verzoek, besluit, _ in items:
            self._toegekend(session, verzoek, besluit, decided_at, bericht_id, now)
        return bericht_id

    def _ken_vow_toe(
        self,
        session: Session,
        verzoek: Verzoek,
        view: JW317,
        besluit: Beslissing,
        decided_at: datetime,
        now: datetime,
        *,
        wachten: bool = True,
    ) -> int | None:
        paren = _vow_botsingen(session, verzoek, view, date_of(now))
        if paren:
            if not wachten:
                raise ToewijzingOverlap(paren)
            self._onderzoek(
                session, verzoek, onderzoek_wegens_overlap(besluit, beschrijf(paren)), now
            )
            return None
        if self._wacht(session, [(verzoek, besluit)], decided_at, wachten):
            return None
        rows = {
            row.nummer: row
            for row in toewijzingen_van(session, verzoek.gemeente, verzoek.aanbieder, verzoek.bsn)
        }
        gewijzigd: set[int] = set()
        door = besluit.besloten_door
        for te_wijzigen in view.client.verzoek.te_wijzigen:
            row = rows[te_wijzigen.toewijzing_nummer]
            gewijzigd.update(self._wijzig(session, verzoek, row, te_wijzigen, decided_at, door))
        for nieuw in view.client.verzoek.nieuw:
            gewijzigd.add(
                self._nieuwe_toewijzing(
                    session,
                    verzoek,
                    nieuw.product,
                    nieuw.gewenste_ingangsdatum,
                    nieuw.einddatum,
                    nieuw.omvang,
                    nieuw.budget,
                    decided_at,
                    door,
                )
            )
        alle = {
            row.nummer
            for row in toewijzingen_van(session, verzoek.gemeente, verzoek.aanbieder, verzoek.bsn)
        }
        bericht_id = self.jw301.send(
            session,
            gemeente=verzoek.gemeente,
            aanbieder=verzoek.aanbieder,
            bsn=verzoek.bsn,
            gewijzigd=frozenset(gewijzigd),
            referenties=dict.fromkeys(alle, verzoek.referentie_aanbieder),
            now=now,
        )
        self._toegekend(session, verzoek, besluit, decided_at, bericht_id, now)
        return bericht_id

    def _zonder_overlap(
        self, session: Session, items: list[Grant], now: datetime, wachten: bool
    ) -> list[Grant]:
        """The VOT grants one JW301 can carry; the engine's others go in onderzoek (TR302).

        A worker's grant that overlaps is refused with ToewijzingOverlap instead.
        """
        first = items[0][0]
        meegestuurd = actuele_perioden(
            session, first.gemeente, first.aanbieder, first.bsn, date_of(now)
        )
        blijven = []
        for verzoek, besluit, toekenning in items:
            periode = Periode.nieuw(
                toekenning.product,
                toekenning.ingangsdatum,
                toekenning.einddatum,
                f"ReferentieAanbieder {verzoek.referentie_aanbieder}",
            )
            paren = [(periode, ander) for ander in overlappend(periode, meegestuurd)]
            if not paren:
                meegestuurd.append(periode)
                blijven.append((verzoek, besluit, toekenning))
            elif not wachten:
                raise ToewijzingOverlap(paren)
            else:
                besluit = onderzoek_wegens_overlap(besluit, beschrijf(paren))
                self._onderzoek(session, verzoek, besluit, now)
        return blijven

    def _wijzig(
        self,
        session: Session,
        verzoek: Verzoek,
        row: Toewijzing,
        te_wijzigen: TeWijzigenProduct,
        decided_at: datetime,
        door: str,
    ) -> set[int]:
        """Honour one TeWijzigenProduct: the same number where it may stay (OP380/OP257)."""
        omvang = te_wijzigen.omvang
        if _zelfde_nummer(row, omvang):
            repository.change_toewijzing(
                session,
                row,
                toegewezen_at=decided_at,
                besloten_door=door,
                einddatum_date=te_wijzigen.einddatum,
                volume=omvang.volume if omvang else None,
                eenheid=omvang.eenheid if omvang else None,
                frequentie=omvang.frequentie if omvang else None,
                budget=te_wijzigen.budget,
                reden_wijziging=DOOR_AANBIEDER,
                referentie_aanbieder=verzoek.referentie_aanbieder,
            )
            return {row.nummer}
        gewenst = te_wijzigen.gewenste_ingangsdatum
        if gewenst <= row.ingangsdatum_date:
            # The whole period changes: the old toewijzing is replaced as if never sent.
            einde, reden = row.ingangsdatum_date, VERWIJDERD
        else:
            einde, reden = gewenst - timedelta(days=1), DOOR_AANBIEDER
        repository.change_toewijzing(
            session,
            row,
            toegewezen_at=decided_at,
            besloten_door=door,
            einddatum_date=einde,
            reden_wijziging=reden,
            referentie_aanbieder=verzoek.referentie_aanbieder,
        )
        nummer = self._nieuwe_toewijzing(
            session,
            verzoek,
            product_of(row.categorie, row.code),
            gewenst,
            te_wijzigen.einddatum,
            omvang,
            te_wijzigen.budget,
            decided_at,
            door,
        )
        return {row.nummer, nummer}

    def _nieuwe_toewijzing(
        self,
        session: Session,
        verzoek: Verzoek,
        product: Product | None,
        ingangsdatum: date,
        einddatum: date | None,
        omvang: Omvang | None,
        budget: int | None,
        decided_at: datetime,
        door: str,
    ) -> int:
        nummer = volgend_toewijzingnummer(session, verzoek.gemeente)
        repository.create_toewijzing(
            session,
            gemeente=verzoek.gemeente,
            nummer=nummer,
            aanbieder=verzoek.aanbieder,
            bsn=verzoek.bsn,
            product=product,
            ingangsdatum=ingangsdatum,
            einddatum=einddatum,
            omvang=omvang,
            budget=budget,
            referentie_aanbieder=verzoek.referentie_aanbieder,
            verzoek_id=verzoek.id,
            toegewezen_at=decided_at,
            besloten_door=door,
        )
        return nummer

    def _toegekend(
        self,
        session: Session,
        verzoek: Verzoek,
        besluit: Beslissing,
        decided_at: datetime,
        bericht_id: int,
        now: datetime,
    ) -> None:
        if verzoek.status == WACHT_OP_CLIENTGEGEVENS and besluit.rule != HANDMATIG:
            # The engine's decision was recorded when it had to wait; now it is answered.
            record = verzoeken.beslissingen(session, [verzoek.id])[verzoek.id][-1]
            record.bericht_id = bericht_id
        else:
            verzoeken.record_beslissing(
                session, verzoek, besluit, at=decided_at, bericht_id=bericht_id
            )
        verzoeken.zet_status(session, verzoek, TOEGEKEND, beantwoord_at=now)
        self._beantwoord(session, verzoek, definitief=True, now=now)

    def _beantwoord(
        self, session: Session, verzoek: Verzoek, *, definitief: bool, now: datetime
    ) -> None:
        if self.termijnen is not None:
            self.termijnen.verzoek_beantwoord(session, verzoek, definitief=definitief, now=now)

    # --- JW319 -------------------------------------------------------------------------------

    def _jw319(
        self,
        session: Session,
        verzoek: Verzoek,
        antwoord: str,
        reden: str | None,
        woonplaatsbeginsel_gemeente: str | None,
        now: datetime,
    ) -> int:
        identificatie = self.outbox.identificatie(session, verzoek.gemeente, JW319)
        today = date_of(now)
        xml = build_jw319(
            Antwoordbericht(
                afzender=verzoek.gemeente,
                ontvanger=verzoek.aanbieder,
                identificatie=identificatie,
                dagtekening=today,
                xsd_versie=self.registry[JW319.name].versie,
                referentie_aanbieder=verzoek.referentie_aanbieder,
                verzoek_antwoord=antwoord,
                reden_afwijzing=reden,
                woonplaatsbeginsel_gemeente=woonplaatsbeginsel_gemeente,
            )
        )
        return self.outbox.put(
            session,
            JW319,
            xml,
            gemeente=verzoek.gemeente,
            aanbieder=verzoek.aanbieder,
            bsn=verzoek.bsn,
            identificatie=identificatie,
            dagtekening=today,
            now=now,
        )


def _vow_botsingen(
    session: Session, verzoek: Verzoek, view: JW317, today: date
) -> list[tuple[Periode, Periode]]:
    """The overlaps the JW301 honouring this VOW would carry, as `_ken_vow_toe` would build it."""
    te_wijzigen = {item.toewijzing_nummer: item for item in view.client.verzoek.te_wijzigen}
    perioden: list[Periode] = []
    for row in toewijzingen_van(session, verzoek.gemeente, verzoek.aanbieder, verzoek.bsn):
        item = te_wijzigen.pop(row.nummer, None)
        if toewijzing_verwijderd(row):
            continue
        if item is None:
            if actueel(row, today):
                perioden.append(Periode.van(row))
        elif _zelfde_nummer(row, item.omvang):
            perioden.append(Periode.van(row, item.einddatum, gewijzigd=True))
        else:
            gewenst = item.gewenste_ingangsdatum
            if gewenst > row.ingangsdatum_date:
                perioden.append(Periode.van(row, gewenst - timedelta(days=1), gewijzigd=True))
            perioden.append(
                Periode(
                    None,
                    row.categorie,
                    row.code,
                    gewenst,
                    item.einddatum,
                    f"de wijziging van ToewijzingNummer {row.nummer}",
                )
            )
    if te_wijzigen:
        raise BesluitOngeldig(
            f"ToewijzingNummer {min(te_wijzigen)} van dit VOW is geen toewijzing meer van de "
            "cliënt bij deze aanbieder"
        )
    perioden.extend(
        Periode.nieuw(item.product, item.gewenste_ingangsdatum, item.einddatum, f"NieuwProduct {n}")
        for n, item in enumerate(view.client.verzoek.nieuw, start=1)
    )
    return botsingen(perioden)


def _referral_rules(rule_set: RuleSet | None, verwijzer_type: str) -> bool:
    """Whether the region holds this referrer's requests to the referral rules (A6/A7)."""
    referral = rule_set.referral if rule_set is not None else None
    return referral is not None and verwijzer_type in referral.verwijzer_types


def _zelfde_nummer(row: Toewijzing, omvang: Omvang | None) -> bool:
    """Whether a change keeps the ToewijzingNummer: the same Omvang, or a new freq-6 total."""
    oud = omvang_of(row.volume, row.eenheid, row.frequentie)
    if oud == omvang:
        return True
    return (
        oud is not None
        and omvang is not None
        and oud.frequentie == omvang.frequentie == "6"
        and oud.eenheid == omvang.eenheid
    )


def _gewijzigde_producten(
    session: Session, view: JW317, verzoek: Verzoek
) -> list[GewijzigdProduct]:
    """The VOW's changed and new products as they would stand, for the engine."""
    rows = {
        row.nummer: row
        for row in toewijzingen_van(session, verzoek.gemeente, verzoek.aanbieder, verzoek.bsn)
    }
    verwijzers = _verwijzer_types(session, [row.verzoek_id for row in rows.values()])
    producten = [
        GewijzigdProduct(
            label=f"ToewijzingNummer {item.toewijzing_nummer}",
            product=product_of(row.categorie, row.code),
            ingangsdatum=row.ingangsdatum_date,
            einddatum=item.einddatum,
            omvang=item.omvang,
            oude_einddatum=row.einddatum_date,
            verwijzer_type=verwijzers.get(row.verzoek_id) if row.verzoek_id is not None else None,
        )
        for item in view.client.verzoek.te_wijzigen
        for row in (rows[item.toewijzing_nummer],)
    ]
    producten.extend(
        GewijzigdProduct(
            label=f"NieuwProduct {index}",
            product=item.product,
            ingangsdatum=item.gewenste_ingangsdatum,
            einddatum=item.einddatum,
            omvang=item.omvang,
            nieuw=True,
        )
        for index, item in enumerate(view.client.verzoek.nieuw, start=1)
    )
    return producten


def _verwijzer_types(session: Session, verzoek_ids: list[int | None]) -> dict[int, str]:
    ids = [verzoek_id for verzoek_id in verzoek_ids if verzoek_id is not None]
    if not ids:
        return {}
    rows = verzoeken.verwijzer_types(session, ids)
    return {verzoek_id: kind for verzoek_id, kind in rows if kind is not None}


def _stored_view(session: Session, verzoek: Verzoek) -> JW317:
    """The JW317 a VOW arrived in, read again from its stored XML."""
    xml = verzoeken.bericht_xml(session, verzoek.bericht_id)
    if xml is None:  # a verzoek keeps the message it arrived in
        raise LookupError(f"the JW317 of verzoek {verzoek.id} is not stored")
    return Bericht.read(BY_NAME["JW317"], parser.parse(xml).root).view


def _handmatig(
    outcome: Uitkomst, besloten_door: str, toelichting: str | None, now: datetime
) -> Beslissing:
    reasons = (toelichting,) if toelichting else ()
    return Beslissing(None, HANDMATIG, outcome, Figures(), reasons, date_of(now), besloten_door)


def _besluit_van(record: BeslissingRow) -> Beslissing:
    """A stored decision in the engine's shape (enough to grant it later)."""
    return Beslissing(
        record.regelset,
        record.regel,
        Uitkomst(record.uitkomst),
        Figures(),
        tuple(record.redenen),
        date_of(as_utc(record.besloten_at)),
        record.besloten_door,
        tuple(record.beheer or ()),
    )


@dataclass(frozen=True, slots=True)
class VerzoekStand:
    """A request as a gemeente worker sees it: its nearest deadline, decisions and referral."""

    verzoek: Verzoek
    termijn: Termijn | None
    beslissingen: list[BeslissingRow]
    verwijzing: Row | None
    """The `verwijzing` row recorded for its ReferentieAanbieder, if any."""


@dataclass(frozen=True, slots=True)
class Werkvoorraad:
    """A page of the werkvoorraad, the nearest deadline first, and the cursor of the next."""

    verzoeken: list[VerzoekStand]
    next: str | None


def werkvoorraad(
    session: Session,
    audit: Audit,
    toegang: Toegang,
    gemeenten: frozenset[str],
    *,
    aanbieder: str | None,
    uiterlijk_voor: date | None,
    after: str | None,
    limit: int,
    now: datetime,
) -> Werkvoorraad:
    """Requests in onderzoek or waiting for client data in the gemeenten, paged; audited."""
    listed, next_cursor = _pagina(
        session, gemeenten, limit, aanbieder=aanbieder, uiterlijk_voor=uiterlijk_voor, after=after
    )
    found = [verzoek for verzoek, _ in listed]
    records = verzoeken.beslissingen(session, [verzoek.id for verzoek in found])
    _audit_lijst(session, audit, toegang, found, actie="GET /werkvoorraad", now=now)
    return Werkvoorraad(
        [
            VerzoekStand(
                verzoek, termijn, records[verzoek.id], verzoeken.verwijzing_van(session, verzoek)
            )
            for verzoek, termijn in listed
        ],
        next_cursor,
    )


def _pagina(
    session: Session, gemeenten: Collection[str], limit: int, **filters: Any
) -> tuple[list[tuple[Verzoek, Termijn]], str | None]:
    """One page of the werkvoorraad by the filters, and the cursor of the next (None: last)."""
    listed = verzoeken.werkvoorraad(session, gemeenten, limit=limit + 1, **filters)
    if len(listed) <= limit:
        return listed, None
    listed = listed[:limit]
    return listed, verzoeken.werkvoorraad_cursor(session, *listed[-1])


def _audit_lijst(
    session: Session,
    audit: Audit,
    wie: Toegang | Medewerker,
    found: list[Verzoek],
    *,
    actie: str,
    now: datetime,
) -> None:
    shown = ", ".join(str(verzoek.id) for verzoek in found[:50])
    audit.record(
        session,
        wie,
        actie=actie,
        wat=f"{len(found)} verzoek(en): {shown}{', ...' if len(found) > 50 else ''}",
        gelezen=[(verzoek.bsn, verzoek.gemeente) for verzoek in found],
        now=now,
    )


@dataclass(frozen=True, slots=True)
class WerkplekWerkvoorraad:
    """A werkplek page of the werkvoorraad, its cursor, and the counts per status and deadline."""

    verzoeken: list[tuple[Verzoek, Termijn]]
    next: str | None
    aantallen: dict[str, int]


def werkplek_werkvoorraad(
    session: Session,
    audit: Audit,
    medewerker: Medewerker,
    gemeenten: Collection[str],
    *,
    aanbieder: str | None,
    product: str | None,
    status: str | None,
    dagtekening_tot: date | None,
    after: str | None,
    limit: int,
    now: datetime,
) -> WerkplekWerkvoorraad:
    """A worker's werkvoorraad page with its counts by the same filters; the read is audited."""
    listed, next_cursor = _pagina(
        session,
        gemeenten,
        limit,
        aanbieder=aanbieder,
        product=product,
        status=status,
        dagtekening_tot=dagtekening_tot,
        after=after,
    )
    aantallen = verzoeken.werkvoorraad_aantallen(
        session, gemeenten, aanbieder=aanbieder, product=product, dagtekening_tot=dagtekening_tot
    )
    found = [verzoek for verzoek, _ in listed]
    _audit_lijst(session, audit, medewerker, found, actie="GET /werkplek/werkvoorraad", now=now)
    return WerkplekWerkvoorraad(listed, next_cursor, aantallen)


def zoek_eigen_verzoek(
    session: Session, gemeenten: Collection[str], verzoek_id: int
) -> Verzoek | None:
    """The request if it belongs to one of the gemeenten; None for any other id."""
    return verzoeken.eigen_verzoek(session, gemeenten, verzoek_id)


def eigen_verzoek(session: Session, gemeenten: frozenset[str], verzoek_id: int) -> Verzoek:
    """The request if it belongs to one of the gemeenten; else `VerzoekOnbekend`."""
    verzoek = zoek_eigen_verzoek(session, gemeenten, verzoek_id)
    if verzoek is None:
        raise VerzoekOnbekend(verzoek_id)
    return verzoek


@dataclass(frozen=True, slots=True)
class VerzoekInzage:
    """What the werkplek shows of a request beside the request itself."""

    beslissingen: list[BeslissingRow]
    client: Client | None
    brief: Row | None
    """The recorded referral with the name of the key that recorded it, if any."""
    vooroverleggen: list[Vooroverleg]
    termijn: Termijn | None
    berichten: list[Row]
    """Its messages, oldest first: its own, the answers and the retours on either."""


def verzoek_inzage(session: Session, verzoek: Verzoek) -> VerzoekInzage:
    """A request's decisions, client data, referral, vooroverleg, deadline and messages."""
    records = verzoeken.beslissingen(session, [verzoek.id])[verzoek.id]
    return VerzoekInzage(
        beslissingen=records,
        client=clienten.client(session, verzoek.gemeente, verzoek.bsn),
        brief=inzage.verwijzing(
            session, verzoek.gemeente, verzoek.aanbieder, verzoek.referentie_aanbieder
        ),
        vooroverleggen=vooroverleg.lijst(
            session, [verzoek.gemeente], aanbieder=verzoek.aanbieder, bsn=verzoek.bsn
        ),
        termijn=verzoeken.termijn_van(session, verzoek),
        berichten=verzoeken.berichten_van(session, verzoek, records),
    )


def verzoek_bericht(session: Session, verzoek: Verzoek, bericht_id: int) -> BerichtRow | None:
    """One message of the request (its own, an answer, or a retour on either); else None."""
    records = verzoeken.beslissingen(session, [verzoek.id])[verzoek.id]
    if bericht_id not in verzoeken.bericht_ids_van(session, verzoek, records):
        return None
    return verzoeken.bericht(session, bericht_id)


@dataclass(frozen=True, slots=True)
class VerzoekDossier:
    """A request with its decisions, the messages that answered it and its referral letter."""

    stand: VerzoekStand
    antwoorden: list[BerichtRow]
    """The messages the decisions were sent with, by id."""
    toewijzing_nummers: dict[int | None, list[int]]
    """Per JW301 sent, the numbers of the toewijzingen it carried."""
    verwijzingsbrief: Row | None
    """The recorded referral with the name of the key that recorded it, if any."""


def verzoek_dossier(
    session: Session, audit: Audit, toegang: Toegang, verzoek_id: int, now: datetime
) -> VerzoekDossier:
    """One request of the key's gemeenten with everything decided and sent on it; audited."""
    verzoek = eigen_verzoek(session, toegang.gemeenten, verzoek_id)
    audit.record(
        session,
        toegang,
        actie="GET /verzoeken/{id}",
        wat=f"verzoek {verzoek_id}",
        gelezen=[(verzoek.bsn, verzoek.gemeente)],
        now=now,
    )
    records = verzoeken.beslissingen(session, [verzoek_id])[verzoek_id]
    termijn = verzoeken.termijn_van(session, verzoek)
    stand = VerzoekStand(verzoek, termijn, records, verzoeken.verwijzing_van(session, verzoek))
    sent = [row.bericht_id for row in records if row.bericht_id is not None]
    nummers = inzage.toewijzing_nummers(session, verzoek)
    berichten = inzage.berichten(session, sent)
    return VerzoekDossier(
        stand=stand,
        antwoorden=[berichten[bericht_id] for bericht_id in sorted(berichten)],
        toewijzing_nummers=nummers,
        verwijzingsbrief=inzage.verwijzing(
            session, verzoek.gemeente, verzoek.aanbieder, verzoek.referentie_aanbieder
        ),
    )
