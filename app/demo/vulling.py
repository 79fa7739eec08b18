"""The demo's traffic: generated messages through the ingest service, as a broker's POST runs it.

Two months of one gemeente's work are replayed on a clock that moves from day to day, so that
every deadline is counted as it would have been; the deadline scan then runs as of today.
Every client has a test BSN (999900006–999999990) and an invented name and address.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from lxml import etree

from app.clienten.service import Clientgegevens, vastleggen
from app.clock import NL, FixedClock, date_of
from app.deadlines.policy import contactmoment
from app.deadlines.scan import scan
from app.demo import DEMO_MEDEWERKER, REGIO_B, TWENTE
from app.ijw.builders.jw315 import Aanvraag, Verzoekbericht, build_jw315
from app.ijw.builders.regie import Persoon, Regiebericht, build_jw305, build_jw307
from app.ijw.builders.retour import RetourKenmerken, build_ontvangstbevestiging
from app.ijw.catalogue import BY_NAME
from app.ijw.views import Omvang, Product
from app.ingest.service import GEACCEPTEERD, Verwerkt
from app.outbox import repository as bezorging
from app.persistence.models import Toewijzing, Verzoek
from app.services import Services
from app.toewijzingen import repository as toewijzingen
from app.toewijzingen.rij import product_of
from app.verzoeken import repository as verzoeken

AANBIEDER = "87654321"
"""The README's aanbieder (its example JW315 and the aanbieder key)."""
TWEEDE_AANBIEDER = "23456789"

BEHANDELING = Product("45", "45A48")
"""Twente's 'Behandeling individueel' in the demo rule set (an example code)."""
VAKTHERAPIE = Product("45", "45A53")
"""Twente's 'Vaktherapie' in the demo rule set (an example code)."""
GGZ = Product("54", "54001")
"""Jeugd-ggz 54001: region B's rule B1; no rule of Twente's."""

MINUTEN_PER_WEEK, TOTAAL = "2", "6"
"""WJ756 Frequentie."""
MINUUT, STUKS = "01", "84"
"""WJ756 Eenheid: minutes, and pieces (one piece one session)."""
ZORGINHOUDELIJK = "7"
"""WJ759 RedenAfwijzingVerzoek: Zorginhoudelijke afkeur."""
VOLGENS_PLAN = "31"
"""JZ588 RedenBeeindiging."""


class DemoFout(RuntimeError):
    """A generated message was not accepted: the demo no longer fits the service's rules."""


@dataclass(frozen=True, slots=True)
class DemoClient:
    """An invented client: personal data as the messages carry them, an address from the BRP."""

    gemeente: str
    bsn: str
    voorletters: str
    achternaam: str
    geboortedatum: date
    geslacht: str
    straat: str
    huisnummer: int
    postcode: str
    plaats: str
    voorvoegsel: str | None = None

    def persoon(self) -> Persoon:
        """The client as a JW315, JW305 or JW307 names them."""
        return Persoon(
            bsn=self.bsn,
            geboortedatum=self.geboortedatum,
            datum_gebruik=None,
            geslacht=self.geslacht,
            achternaam=self.achternaam,
            voorvoegsel=self.voorvoegsel,
            voorletters=self.voorletters,
        )

    def gegevens(self) -> Clientgegevens:
        """The client's data as the gemeente's registry (BRP) gives them."""
        adres = {
            "huisnummer": self.huisnummer,
            "postcode": self.postcode,
            "straatnaam": self.straat,
            "plaatsnaam": self.plaats,
            "landcode": "NL",
        }
        return Clientgegevens(
            gemeente=self.gemeente,
            bsn=self.bsn,
            geboortedatum=self.geboortedatum,
            geslacht=self.geslacht,
            achternaam=self.achternaam,
            voorvoegsel=self.voorvoegsel,
            voorletters=self.voorletters,
            contacten=[{"soort": "01", "adres": adres}],
        )


def _client(
    gemeente: str, bsn: str, naam: str, geboren: str, geslacht: str, adres: str
) -> DemoClient:
    voorletters, _, achternaam = naam.partition(" ")
    voorvoegsel = None
    if achternaam.startswith("de "):
        voorvoegsel, achternaam = "de", achternaam[3:]
    straat, huisnummer, postcode, plaats = adres.split(", ")
    return DemoClient(
        gemeente=gemeente,
        bsn=bsn,
        voorletters=voorletters,
        achternaam=achternaam,
        voorvoegsel=voorvoegsel,
        geboortedatum=date.fromisoformat(geboren),
        geslacht=geslacht,
        straat=straat,
        huisnummer=int(huisnummer),
        postcode=postcode,
        plaats=plaats,
    )


README_CLIENT = _client(
    TWENTE, "999900018", "E Jansen", "2014-06-09", "2", "Oude Markt, 12, 7511AB, Enschede"
)
"""The client of the README's example JW315: known, so its automatic grant sends a JW301."""
GESTART = _client(
    TWENTE, "999900006", "L Bakker", "2012-03-14", "1", "Hengelosestraat, 40, 7514AE, Enschede"
)
GESTOPT = _client(
    TWENTE, "999900031", "M de Vries", "2015-09-02", "2", "Deurningerstraat, 7, 7514BC, Enschede"
)
ONDERZOEK = _client(
    TWENTE, "999900043", "N Visser", "2011-11-23", "1", "Lasondersingel, 101, 7514BP, Enschede"
)
AFGEWEZEN = _client(
    TWENTE, "999900055", "S Smit", "2013-01-30", "2", "Boulevard 1945, 220, 7511AE, Enschede"
)
ZONDER_START = _client(
    TWENTE, "999900067", "T Meijer", "2016-07-18", "1", "Oldenzaalsestraat, 15, 7511DK, Enschede"
)
ZONDER_ADRES = _client(
    TWENTE, "999900079", "F Mulder", "2010-05-05", "2", "Gronausestraat, 3, 7533BA, Enschede"
)
CONTACTMOMENT = _client(
    REGIO_B, "999900080", "J de Boer", "2012-12-12", "1", "Melkmarkt, 22, 8011MC, Zwolle"
)


@dataclass
class Demo:
    """What the fill made: counts for the summary."""

    berichten: int = 0
    verzoeken: dict[str, int] = field(default_factory=dict)
    toewijzingen: int = 0
    overdue: int = 0


class Vulling:
    """Replays the demo's traffic on a clock that moves from day to day."""

    def __init__(self, services: Services, clock: FixedClock, today: date) -> None:
        self.services = services
        self.clock = clock
        self.today = today
        # Fresh per run: a second demo in the same database does not reuse an Identificatie.
        self.run = secrets.token_hex(3).upper()
        self.volgnummer = 0
        self.demo = Demo()

    def dag(self, dagen: int) -> date:
        """The date `dagen` days from today (negative: in the past)."""
        return self.today + timedelta(days=dagen)

    def op(self, dagen: int) -> None:
        """Move the clock to 10:00 Dutch time, `dagen` days from today."""
        moment = datetime.combine(self.dag(dagen), time(10, 0), tzinfo=NL)
        self.clock.moment = moment.astimezone(UTC)

    def _id(self, soort: str) -> str:
        self.volgnummer += 1
        return f"{soort}{self.run}{self.volgnummer:03d}"  # at most 12 characters

    def stuur(self, body: bytes) -> Verwerkt:
        """One message through the ingest service, in a transaction of its own."""
        ingest = self.services.ingest
        bericht = ingest.read(body)
        with self.services.sessionmaker.begin() as session:
            verwerkt = ingest.process(session, body, bericht)
        if verwerkt.uitkomst != GEACCEPTEERD:
            raise DemoFout(
                f"het demobericht {bericht.type.name} is niet geaccepteerd "
                f"({verwerkt.uitkomst}, retourcodes {', '.join(verwerkt.retourcodes)})"
            )
        self.demo.berichten += 1
        return verwerkt

    def retours(self) -> None:
        """The broker acknowledges every JW301 and JW319, the aanbieder accepts it (JW302/JW320)."""
        with self.services.sessionmaker() as session:
            open_rows = bezorging.onbeantwoord(session, ("JW301", "JW319"))
        for outbox_id, soort, xml in open_rows:
            with self.services.sessionmaker.begin() as session:
                bezorging.acknowledge(session, outbox_id, self.clock.now())
            heen = BY_NAME[soort]
            retour = self.services.registry[heen.retour or ""].versie
            kenmerken = RetourKenmerken(self._id("RT"), date_of(self.clock.now()), retour)
            root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False))
            self.stuur(build_ontvangstbevestiging(heen, root, kenmerken))

    def clientgegevens(self, client: DemoClient) -> list[int]:
        """Record the client's BRP data through the service `PUT /clientgegevens` uses."""
        with self.services.sessionmaker.begin() as session:
            return vastleggen(
                session,
                client.gegevens(),
                jw301=self.services.jw301,
                verzoeken=self.services.verzoeken,
                now=self.clock.now(),
            )

    def verzoek(
        self,
        client: DemoClient,
        product: Product,
        ingang: date,
        einde: date,
        omvang: Omvang,
        *,
        aanbieder: str = AANBIEDER,
    ) -> Verzoek:
        """A JW315 for one product, dated today on the clock; the request it became."""
        referentie = self._id("R")
        self.stuur(
            build_jw315(
                Verzoekbericht(
                    aanbieder=aanbieder,
                    gemeente=client.gemeente,
                    identificatie=self._id("VOT"),
                    dagtekening=date_of(self.clock.now()),
                    persoon=client.persoon(),
                    producten=(Aanvraag(referentie, product, ingang, einde, omvang),),
                ),
                self.services.registry["JW315"].versie,
            )
        )
        with self.services.sessionmaker() as session:
            verzoek = verzoeken.met_referentie(session, client.gemeente, aanbieder, referentie)
            session.expunge(verzoek)
        return verzoek

    def toewijzing(self, verzoek: Verzoek) -> Toewijzing:
        """The toewijzing a granted request made."""
        with self.services.sessionmaker() as session:
            row = toewijzingen.van_verzoek(session, verzoek.id)
            session.expunge(row)
        return row

    def start(self, client: DemoClient, toewijzing: Toewijzing, begindatum: date) -> None:
        """The aanbieder's JW305: care began on `begindatum`."""
        bericht = self._regie(client, toewijzing, begindatum)
        self.stuur(build_jw305(bericht, self.services.registry["JW305"].versie))

    def stop(
        self, client: DemoClient, toewijzing: Toewijzing, begindatum: date, einddatum: date
    ) -> None:
        """The aanbieder's JW307: the care that began on `begindatum` ended on `einddatum`."""
        bericht = self._regie(client, toewijzing, begindatum, einddatum)
        self.stuur(build_jw307(bericht, self.services.registry["JW307"].versie))

    def _regie(
        self,
        client: DemoClient,
        toewijzing: Toewijzing,
        begindatum: date,
        einddatum: date | None = None,
    ) -> Regiebericht:
        return Regiebericht(
            aanbieder=toewijzing.aanbieder,
            gemeente=toewijzing.gemeente,
            identificatie=self._id("RG"),
            dagtekening=date_of(self.clock.now()),
            persoon=client.persoon(),
            toewijzing_nummer=toewijzing.nummer,
            product=product_of(toewijzing.categorie, toewijzing.code),
            toewijzing_ingangsdatum=toewijzing.ingangsdatum_date,
            begindatum=begindatum,
            reden_beeindiging=VOLGENS_PLAN if einddatum else None,
            einddatum=einddatum,
        )

    def afwijzen(self, verzoek: Verzoek, reden: str, toelichting: str) -> None:
        """A gemeente worker rejects the request, through the service the werkvoorraad uses."""
        with self.services.sessionmaker.begin() as session:
            row = session.get_one(Verzoek, verzoek.id)
            self.services.verzoeken.afwijzen(
                session,
                row,
                besloten_door=DEMO_MEDEWERKER,
                reden=reden,
                woonplaatsbeginsel_gemeente=None,
                toelichting=toelichting,
                now=self.clock.now(),
            )

    def scan(self, now: datetime) -> int:
        """The deadline scan as of today, as `ijw serve` runs it."""
        with self.services.sessionmaker.begin() as session:
            return scan(session, date_of(now), now).overdue


def vul(services: Services, clock: FixedClock, now: datetime) -> Demo:
    """Replay two months of traffic up to `now`, then scan the deadlines as of `now`.

    `services` must run on `clock`; the clock ends at `now`. The aanbieders accept every
    JW301 and JW319 on the day it goes out (JW302, JW320).
    """
    v = Vulling(services, clock, date_of(now))
    dag = v.dag

    v.op(-63)
    for client in (README_CLIENT, GESTART, GESTOPT, ONDERZOEK, AFGEWEZEN, ZONDER_START):
        v.clientgegevens(client)
    v.clientgegevens(CONTACTMOMENT)
    # Behandeling individueel within A1's limits: granted automatically; started below.
    gestart = v.verzoek(GESTART, BEHANDELING, dag(-56), dag(125), _per_week(90))
    v.retours()

    v.op(-60)
    # Vaktherapie, 12 sessions within A4's limits: granted; started and stopped below.
    gestopt = v.verzoek(GESTOPT, VAKTHERAPIE, dag(-53), dag(37), _totaal(12))
    v.retours()

    v.op(-58)
    # Jeugd-ggz in Twente: no rule covers it, so it waits in onderzoek, past its 8 weeks.
    v.verzoek(ONDERZOEK, GGZ, dag(-44), dag(300), _totaal(4680), aanbieder=TWEEDE_AANBIEDER)
    v.retours()

    v.op(-54)
    v.start(GESTART, v.toewijzing(gestart), dag(-56))

    v.op(-50)
    v.start(GESTOPT, v.toewijzing(gestopt), dag(-53))
    # Region B: 54001 after a huisarts referral within B1's limits, granted; its contact
    # moment, three months before the end, falls in the coming week.
    b1 = v.verzoek(
        CONTACTMOMENT, GGZ, dag(-42), _contactmoment_deze_week(v.today, 3), _totaal(4680)
    )
    v.retours()

    v.op(-45)
    # Behandeling individueel beyond 6,000 minutes (A2): onderzoek; a worker rejects it below.
    afgewezen = v.verzoek(AFGEWEZEN, BEHANDELING, dag(-30), dag(270), _totaal(8000))
    v.retours()

    v.op(-40)
    v.afwijzen(afgewezen, ZORGINHOUDELIJK, "behandeling past beter bij een groepsaanbod")
    v.retours()
    v.start(CONTACTMOMENT, v.toewijzing(b1), dag(-42))

    v.op(-30)
    # Granted, but the aanbieder never sends its JW305: the start signal runs overdue.
    v.verzoek(ZONDER_START, BEHANDELING, dag(-28), dag(122), _per_week(60))
    v.retours()

    v.op(-20)
    v.stop(GESTOPT, v.toewijzing(gestopt), dag(-53), dag(-22))

    v.op(-1)
    # Granted automatically, but nobody has recorded the client's address yet.
    v.verzoek(ZONDER_ADRES, BEHANDELING, dag(7), dag(127), _per_week(45))

    clock.moment = now
    v.demo.overdue = v.scan(now)
    with services.sessionmaker() as session:
        v.demo.verzoeken = verzoeken.aantallen_per_status(session)
        v.demo.toewijzingen = toewijzingen.aantal(session)
    return v.demo


def _per_week(minuten: int) -> Omvang:
    return Omvang(minuten, MINUUT, MINUTEN_PER_WEEK)


def _totaal(aantal: int) -> Omvang:
    return Omvang(aantal, STUKS if aantal < 100 else MINUUT, TOTAAL)


def _contactmoment_deze_week(today: date, maanden: int) -> date:
    """An Einddatum whose contact moment, `maanden` before it, is today or within the week."""
    einde = today + timedelta(days=maanden * 31 - 7)
    while contactmoment(einde, maanden) < today:
        einde += timedelta(days=1)
    return einde
