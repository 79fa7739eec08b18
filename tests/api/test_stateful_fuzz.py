"""A seeded stateful fuzz of POST /berichten: schema-valid messages made against live state.

Requests that overlap granted toewijzingen, changes, starts and stops on stored numbers,
retours on our own messages (also from the wrong aanbieder) and repeats, interleaved with a
worker's grants. Every request is answered without a server error and leaves its `ontvangst`
row, and no client ever holds two current toewijzingen that one JW301 could not carry.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.decisions.overlap import OVERLAP_RULE
from app.persistence.models import Bericht, Beslissing, Ontvangst, Toewijzing, Verzoek
from app.toewijzingen.jw301 import actuele_perioden
from app.toewijzingen.overlap import botsingen
from tests.api.berichten import Aangevraagd, Nieuw, Regie, TeWijzigen, start, stop, vot, vow
from tests.api.flow import XML, client_bekend, rows
from tests.api.matrix import clientgegevens_in
from tests.conftest import NOW, SERVED

SEED = 20261120
BERICHTEN = 160
GEMEENTEN = ("0363", "0153")
"""0363 has no rule set (the engine grants everything); 0153 has Twente's rules."""
AANBIEDERS = ("87654321", "87654322")
BSNS = ("999900018", "999900031", "999900043")
PRODUCTEN = (("45", "45A48"), ("54", "54001"), ("45", None))
TODAY = NOW.date()


@pytest.fixture
def settings(database_url):
    return Settings(database_url=database_url, gemeenten=SERVED, zonder_regelset="toekennen")


class Fuzzer:
    """Makes the next message from what the database holds now."""

    def __init__(self, app, rng: random.Random) -> None:
        self.app = app
        self.rng = rng
        self.sent: list[bytes] = []
        self.teller = 0

    def _id(self, prefix: str) -> str:
        self.teller += 1
        return f"{prefix}{self.teller:05d}"

    def _datum(self) -> date:
        return TODAY + timedelta(days=self.rng.randint(-60, 240))

    def _periode(self) -> tuple[date, date | None]:
        begin = self._datum()
        return begin, self.rng.choice((None, begin + timedelta(days=self.rng.randint(0, 200))))

    def _dagtekening(self) -> date:
        return TODAY - timedelta(days=self.rng.randint(0, 4))

    def _wie(self) -> dict:
        """Mostly a client with toewijzingen already, so messages meet live state."""
        bekend = rows(self.app, Toewijzing)
        if bekend and self.rng.random() < 0.75:
            row = self.rng.choice(bekend)
            return {"gemeente": row.gemeente, "aanbieder": row.aanbieder, "bsn": row.bsn}
        return {
            "gemeente": self.rng.choice(GEMEENTEN),
            "aanbieder": self.rng.choice(AANBIEDERS),
            "bsn": self.rng.choice(BSNS),
        }

    def _toewijzingen(self, wie: dict) -> list[Toewijzing]:
        return rows(
            self.app,
            Toewijzing,
            Toewijzing.gemeente == wie["gemeente"],
            Toewijzing.aanbieder == wie["aanbieder"],
            Toewijzing.bsn == wie["bsn"],
        )

    def _omvang(self, categorie: str, code: str | None, eind: date | None):
        if code is None:
            return None
        # Per week needs an Einddatum (CD076); a total for the period does not.
        return (self.rng.randint(30, 600), "01", "2" if eind is not None else "6")

    def jw315(self) -> bytes:
        wie = self._wie()
        bestaand = self._toewijzingen(wie)
        producten = []
        for index in range(self.rng.choice((1, 1, 2))):
            if bestaand and self.rng.random() < 0.6:
                # On top of a stored toewijzing: same product, a period that overlaps it.
                row = self.rng.choice(bestaand)
                categorie, code = row.categorie or "45", row.code
                begin = row.ingangsdatum_date + timedelta(days=self.rng.randint(-20, 40))
                eind = self.rng.choice((None, begin + timedelta(days=self.rng.randint(0, 150))))
            else:
                categorie, code = self.rng.choice(PRODUCTEN)
                begin, eind = self._periode()
            if index:
                # TR386: two products of one request do not overlap; take another category.
                eerste = producten[0].categorie
                categorie, code = ("54", "54001") if eerste == "45" else ("45", "45A48")
            producten.append(
                Aangevraagd(
                    self._id("R"),
                    begin,
                    eind,
                    categorie=categorie,
                    code=code,
                    omvang=self._omvang(categorie, code, eind),
                )
            )
        return vot(self._id("V"), self._dagtekening(), *producten, **wie)

    def jw317(self) -> bytes:
        wie = self._wie()
        huidig = [row for row in self._toewijzingen(wie) if row.reden_wijziging != "13"]
        dagtekening = self._dagtekening()
        te_wijzigen, ongewijzigd = [], []
        for row in huidig:
            if self.rng.random() < 0.5:
                eind = self.rng.choice(
                    (None, row.ingangsdatum_date + timedelta(days=self.rng.randint(0, 300)))
                )
                omvang = self._omvang(row.categorie or "45", row.code, eind)
                gewenst = self.rng.choice(
                    (row.ingangsdatum_date, max(row.ingangsdatum_date, TODAY) + timedelta(days=7))
                )
                te_wijzigen.append(TeWijzigen(row.nummer, gewenst, eind, omvang=omvang))
            else:
                ongewijzigd.append(row.nummer)
        nieuw = []
        if not te_wijzigen or self.rng.random() < 0.4:
            categorie, code = self.rng.choice(PRODUCTEN)
            begin = dagtekening + timedelta(days=self.rng.randint(1, 200))
            eind = self.rng.choice((None, begin + timedelta(days=self.rng.randint(0, 200))))
            nieuw.append(
                Nieuw(begin, eind, categorie, code, omvang=self._omvang(categorie, code, eind))
            )
        return vow(
            self._id("W"),
            dagtekening,
            self._id("VOW"),
            ongewijzigd=ongewijzigd,
            te_wijzigen=te_wijzigen,
            nieuw=nieuw,
            **wie,
        )

    def _regie(self, maak) -> bytes:
        wie = self._wie()
        bestaand = self._toewijzingen(wie)
        if bestaand and self.rng.random() < 0.85:
            row = self.rng.choice(bestaand)
            nummer, categorie, code = row.nummer, row.categorie or "45", row.code
            begin = row.ingangsdatum_date + timedelta(days=self.rng.randint(0, 20))
        else:
            nummer = self.rng.randint(1, 40)
            categorie, code = self.rng.choice(PRODUCTEN)
            begin = self._datum()
        dagtekening = self._dagtekening()
        # TR134: the dates of a start or stop are not after its Dagtekening.
        return maak(nummer, categorie, code, min(begin, dagtekening), dagtekening, wie)

    def jw305(self) -> bytes:
        def maak(nummer, categorie, code, begin, dagtekening, wie):
            product = Regie(nummer, begin, categorie=categorie, code=code)
            return start(self._id("S"), dagtekening, product, **wie)

        return self._regie(maak)

    def jw307(self) -> bytes:
        def maak(nummer, categorie, code, begin, dagtekening, wie):
            einde = min(begin + timedelta(days=self.rng.randint(0, 60)), dagtekening)
            reden = self.rng.choice(("02", "20", "35", "38"))
            product = Regie(
                nummer, begin, reden=reden, einddatum=einde, categorie=categorie, code=code
            )
            return stop(self._id("T"), dagtekening, product, **wie)

        return self._regie(maak)

    def retour(self) -> bytes:
        ours = rows(
            self.app, Bericht, Bericht.richting == "uit", Bericht.type.in_(("JW301", "JW319"))
        )
        if ours:
            heen = self.rng.choice(ours)
            gemeente, aanbieder, identificatie = heen.gemeente, heen.ontvanger, heen.identificatie
            soort = "jw302" if heen.type == "JW301" else "jw320"
            if self.rng.random() < 0.3:
                aanbieder = next(a for a in AANBIEDERS if a != aanbieder)
        else:
            gemeente, aanbieder, identificatie = "0363", AANBIEDERS[0], "999999"
            soort = "jw302"
        code = "437" if soort == "jw302" else "489"
        codes = self.rng.choice(((), (), ("0200",), ("9332",)))
        return _retour(soort, code, gemeente, aanbieder, identificatie, self._id("Q"), codes)

    def next(self) -> bytes:
        if self.sent and self.rng.random() < 0.1:
            return self.rng.choice(self.sent)  # a repeat, byte for byte
        kind = self.rng.choices(
            (self.jw315, self.jw317, self.jw305, self.jw307, self.retour), (5, 3, 2, 2, 2)
        )[0]
        body = kind()
        self.sent.append(body)
        return body


def _retour(soort, code, gemeente, aanbieder, identificatie, identificatie_retour, codes) -> bytes:
    k = soort
    retourcodes = "".join(f"<{k}:RetourCode>{c}</{k}:RetourCode>" for c in codes)
    retourcodes = f"<{k}:RetourCodes>{retourcodes}</{k}:RetourCodes>" if codes else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{k}:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" \
xmlns:{k}="http://www.istandaarden.nl/ijw/3_2/{k}/schema">
  <{k}:Header>
    <{k}:BerichtCode>{code}</{k}:BerichtCode>
    <{k}:BerichtVersie>3</{k}:BerichtVersie>
    <{k}:BerichtSubversie>2</{k}:BerichtSubversie>
    <{k}:Afzender>{gemeente}</{k}:Afzender>
    <{k}:Ontvanger>{aanbieder}</{k}:Ontvanger>
    <{k}:BerichtIdentificatie>
      <ijw:Identificatie>{identificatie}</ijw:Identificatie>
      <ijw:Dagtekening>{TODAY.isoformat()}</ijw:Dagtekening>
    </{k}:BerichtIdentificatie>
    <{k}:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </{k}:XsdVersie>
    <{k}:IdentificatieRetour>{identificatie_retour}</{k}:IdentificatieRetour>
    <{k}:DagtekeningRetour>{TODAY.isoformat()}</{k}:DagtekeningRetour>
    <{k}:XsdVersieRetour>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </{k}:XsdVersieRetour>
    {retourcodes}
  </{k}:Header>
</{k}:Bericht>
""".encode()


def _worker(client, app, rng: random.Random) -> list[int]:
    """A worker decides the open requests: grants, or rejects for stapeling when refused."""
    statuses = []
    for verzoek in rows(app, Verzoek, Verzoek.status == "in_onderzoek"):
        response = client.post(
            f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "fuzz"}
        )
        assert response.status_code in (201, 409, 422), response.text
        statuses.append(response.status_code)
        if response.status_code == 201:
            continue
        assert response.headers["content-type"] == "application/problem+json"
        afwijzing = client.post(
            f"/verzoeken/{verzoek.id}/afwijzing", json={"besloten_door": "fuzz", "reden": "6"}
        )
        assert afwijzing.status_code == 201, afwijzing.text
    return statuses


def test_stateful_messages_never_get_a_server_error_and_are_all_recorded(client, app):
    rng = random.Random(SEED)
    for gemeente in GEMEENTEN:
        for bsn in BSNS[:2]:
            client_bekend(app, gemeente=gemeente, bsn=bsn)  # the third client has no data yet
    fuzzer = Fuzzer(app, rng)
    grants: Counter[int] = Counter()

    for number in range(BERICHTEN):
        body = fuzzer.next()
        response = client.post("/berichten", content=body, headers=XML)
        assert response.status_code == 200, (number, response.status_code, response.text[:500])
        if number % 8 == 7:
            grants.update(_worker(client, app, rng))
        if number == BERICHTEN // 2:
            # The client without data gets them: the grants that waited go out now.
            put = client.put("/clientgegevens", json=clientgegevens_in(GEMEENTEN[0], BSNS[2]))
            assert put.status_code == 200, put.text

    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Ontvangst)) == BERICHTEN
        assert (
            session.scalar(
                select(func.count()).select_from(Ontvangst).where(Ontvangst.http_status >= 500)
            )
            == 0
        )
        clients = session.execute(
            select(Toewijzing.gemeente, Toewijzing.aanbieder, Toewijzing.bsn).distinct()
        ).all()
        for gemeente, aanbieder, bsn in clients:
            assert botsingen(actuele_perioden(session, gemeente, aanbieder, bsn, TODAY)) == []
    # The run reached the states it is for: overlaps decided, refused, repeats answered.
    regels = Counter(row.regel for row in rows(app, Beslissing))
    uitkomsten = Counter(row.uitkomst for row in rows(app, Ontvangst))
    assert regels[OVERLAP_RULE] >= 5, regels
    assert grants[409] >= 5 and grants[201] >= 3, grants
    assert uitkomsten["herhaald"] >= 5 and uitkomsten["geaccepteerd"] >= 30, uitkomsten
