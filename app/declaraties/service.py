"""Judge a JW323 and answer it with a JW325 through the outbox, storing the accepted lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from app import clock as clocks
from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.cross.context import Gemeentelijst
from app.deadlines.service import Termijnbewaking
from app.declaraties import repository
from app.declaraties.beoordeling import Oordeel, Stand, beoordeel
from app.declaraties.lezen import Declaratie, read_declaratie
from app.declaraties.tarieven import Tarieven
from app.ijw.builders.jw325 import (
    GEEN_OPMERKING,
    JW325,
    VOLLEDIG_TOEGEKEND,
    AfgewezenClient,
    Antwoord,
    Declaratieantwoord,
    build_jw325,
)
from app.ijw.schemas import SchemaRegistry, XsdVersie
from app.ijw.tree import Element
from app.outbox.service import OutboxService

TECHNISCH = "0001"
DUBBELE_IDENTIFICATIE = "9056"
DAGTEKENING_NA_SYSTEEMDATUM = "8848"
ONBEKENDE_GEMEENTE = "S300"
DECLARATIENUMMER_NIET_UNIEK = "9333"

TOEGEKEND = "toegekend"
DEELS_TOEGEKEND = "deels_toegekend"
AFGEWEZEN = "afgewezen"
AFGEKEURD = "afgekeurd"
TECHNISCH_AFGEKEURD = "technisch_afgekeurd"


@dataclass(slots=True)
class Beoordeling:
    """How a JW323 was judged: at header, declaratie or prestatie level."""

    status: str
    header_codes: tuple[str, ...] = (GEEN_OPMERKING,)
    xslt_versie: str | None = None
    declaratie: Declaratie | None = None
    declaratie_code: str | None = None
    oordeel: Oordeel | None = None
    codes: tuple[str, ...] = field(default=())
    """Every code that explains a rejection, each once: for the message record and metrics."""


class DeclaratieService:
    """Judges declaraties and answers them; the caller owns the transaction."""

    def __init__(
        self,
        *,
        registry: SchemaRegistry,
        outbox: OutboxService,
        gemeenten: Gemeentelijst,
        termijnen: Termijnbewaking | None = None,
        tarieven: Tarieven | None = None,
    ) -> None:
        self.registry = registry
        self.outbox = outbox
        self.gemeenten = gemeenten
        self.termijnen = termijnen
        self.tarieven = tarieven

    def beoordeel(
        self, session: Session, bericht: Bericht, today: date, *, identificatie_bekend: bool
    ) -> Beoordeling:
        """Judge a schema-valid JW323: intra rules, header, declaratie, then each prestatie."""
        afgekeurd = bool(intra.run(bericht, limit=1))
        bericht.forget_shared()
        if afgekeurd:
            return Beoordeling(
                TECHNISCH_AFGEKEURD, header_codes=(TECHNISCH,), xslt_versie=intra.XSLT_VERSIE
            )
        header = bericht.header
        fouten = []
        if identificatie_bekend:
            fouten.append(DUBBELE_IDENTIFICATIE)
        if header.dagtekening > today:
            fouten.append(DAGTEKENING_NA_SYSTEEMDATUM)
        if not self.gemeenten.geldig_op(header.ontvanger, header.dagtekening):
            fouten.append(ONBEKENDE_GEMEENTE)
        if fouten:
            return Beoordeling(AFGEKEURD, header_codes=tuple(fouten), codes=tuple(fouten))
        declaratie = read_declaratie(bericht.root)
        gemeente, aanbieder = header.ontvanger, header.afzender
        if repository.nummer_bekend(session, gemeente, aanbieder, declaratie.nummer):
            return Beoordeling(
                AFGEKEURD,
                declaratie=declaratie,
                declaratie_code=DECLARATIENUMMER_NIET_UNIEK,
                codes=(DECLARATIENUMMER_NIET_UNIEK,),
            )
        oordeel = beoordeel(declaratie, self._stand(session, gemeente, aanbieder, declaratie))
        codes = dict.fromkeys(c for found in oordeel.afgewezen.values() for c in found)
        if not oordeel.afgewezen:
            status = TOEGEKEND
        elif oordeel.geaccepteerd:
            status = DEELS_TOEGEKEND
        else:
            status = AFGEWEZEN
        return Beoordeling(status, declaratie=declaratie, oordeel=oordeel, codes=tuple(codes))

    def _stand(
        self, session: Session, gemeente: str, aanbieder: str, declaratie: Declaratie
    ) -> Stand:
        prestaties = declaratie.prestaties
        toewijzingen = repository.toewijzingen(
            session, gemeente, aanbieder, (p.toewijzing_nummer for p in prestaties)
        )
        vorige = [p.vorig_referentie for p in prestaties if p.credit and p.vorig_referentie]
        return Stand(
            toewijzingen=toewijzingen,
            referenties=repository.referenties(
                session, gemeente, aanbieder, (p.referentie for p in prestaties)
            ),
            debets=repository.debets(session, gemeente, aanbieder, vorige),
            verbruik=repository.verbruik(session, toewijzingen.values()),
            vorige_periode=repository.vorige_periode(session, gemeente, aanbieder),
            tarieven=self.tarieven,
        )

    def beantwoord(
        self,
        session: Session,
        bericht: Bericht,
        bericht_id: int,
        beoordeling: Beoordeling,
        ontvangen: datetime,
    ) -> bytes:
        """Build, check and queue the JW325; store the declaratie and its accepted lines."""
        header = bericht.header
        gemeente, aanbieder = header.ontvanger, header.afzender
        today = clocks.date_of(ontvangen)
        identificatie = self.outbox.identificatie(session, gemeente, JW325)
        antwoord, toegekend = _antwoord(beoordeling)
        xml = build_jw325(
            Declaratieantwoord(
                afzender=gemeente,
                ontvanger=aanbieder,
                identificatie=identificatie,
                dagtekening=today,
                xsd_versie=self.registry[JW325.name].versie,
                declaratie_identificatie=header.identificatie,
                declaratie_dagtekening=header.dagtekening,
                xsd_versie_declaratie=XsdVersie(header.xsd_basisschema, header.xsd_bericht),
                header_codes=beoordeling.header_codes,
                xslt_versie=beoordeling.xslt_versie,
                antwoord=antwoord,
            )
        )
        antwoord_id = self.outbox.put(
            session,
            JW325,
            xml,
            gemeente=gemeente,
            aanbieder=aanbieder,
            bsn=None,
            identificatie=identificatie,
            dagtekening=today,
            now=ontvangen,
            beantwoordt_id=bericht_id,
            retour_verwacht=False,
        )
        if beoordeling.declaratie is not None and beoordeling.oordeel is not None:
            self._bewaar(
                session,
                beoordeling.declaratie,
                beoordeling.oordeel,
                (gemeente, aanbieder),
                (bericht_id, antwoord_id),
                toegekend,
                ontvangen,
            )
        if self.termijnen is not None:
            self.termijnen.declaratie_beantwoord(
                session, bericht_id, gemeente, aanbieder, ontvangen, ontvangen
            )
        return xml

    def _bewaar(
        self,
        session: Session,
        declaratie: Declaratie,
        oordeel: Oordeel,
        partijen: tuple[str, str],
        berichten: tuple[int, int],
        toegekend: int,
        at: datetime,
    ) -> None:
        gemeente, aanbieder = partijen
        bericht_id, antwoord_id = berichten
        regels = (
            {
                "toewijzing_id": t.id,
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "bsn": p.bsn,
                "referentie": p.referentie,
                "vorig_referentie": p.vorig_referentie,
                "categorie": p.categorie,
                "code": p.code,
                "begindatum_date": p.begindatum,
                "einddatum_date": p.einddatum,
                "volume": p.volume,
                "eenheid": p.eenheid,
                "minuten": minuten,
                "tarief": p.tarief,
                "bedrag": p.bedrag,
                "gecrediteerd": False,
            }
            for p, t, minuten in oordeel.geaccepteerd
        )
        repository.bewaar(
            session,
            declaratie={
                "bericht_id": bericht_id,
                "antwoord_id": antwoord_id,
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "nummer": declaratie.nummer,
                "begindatum_date": declaratie.begindatum,
                "einddatum_date": declaratie.einddatum,
                "ingediend": declaratie.ingediend,
                "toegekend": toegekend,
            },
            regels=regels,
            gecrediteerd=oordeel.gecrediteerd,
            at=at,
        )


def _antwoord(beoordeling: Beoordeling) -> tuple[Antwoord | None, int]:
    """The DeclaratieAntwoord class of the outcome (IV087) and the amount granted."""
    declaratie = beoordeling.declaratie
    if declaratie is None:
        return None, 0
    if beoordeling.declaratie_code is not None:
        return (
            Antwoord(declaratie.nummer, declaratie.ingediend, 0, (beoordeling.declaratie_code,)),
            0,
        )
    afgewezen = beoordeling.oordeel.afgewezen if beoordeling.oordeel is not None else {}
    if not afgewezen:
        antwoord = Antwoord(
            declaratie.nummer, declaratie.ingediend, declaratie.ingediend, (VOLLEDIG_TOEGEKEND,)
        )
        return antwoord, declaratie.ingediend
    # By the Client element itself: the key keeps its lxml proxy alive, so the next prestatie
    # of that client finds the same one (the id of a freed proxy is handed out again).
    clienten: dict[Element | None, tuple[str, list]] = {}
    totaal_afgewezen = 0
    for index, codes in afgewezen.items():
        p = declaratie.prestaties[index]
        lijst = p.element.getparent()
        client = lijst.getparent() if lijst is not None else None
        clienten.setdefault(client, (p.bsn, []))[1].append((p.element, codes))
        totaal_afgewezen += p.bedrag
    toegekend = declaratie.ingediend - totaal_afgewezen
    antwoord = Antwoord(
        declaratie.nummer,
        declaratie.ingediend,
        toegekend,
        (GEEN_OPMERKING,),
        tuple(AfgewezenClient(bsn, prestaties) for bsn, prestaties in clienten.values()),
    )
    return antwoord, toegekend
