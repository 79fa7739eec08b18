"""Deadline signals over HTTP: real messages and worker decisions open, meet and close them.

The clock starts on Friday 2026-11-20 and each test moves it (`at`). Gemeenten: 0344 has no
rule set (only the standard's deadlines; every request goes to onderzoek), 0153 is region A
(Twente: extension window, evaluation) and 0363 region B (contact moment, shortening after a
definitive stop). Expected dates are counted by hand: the event day is day 0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import Row, select

from app.deadlines.repository import COLUMNS
from app.deadlines.scan import scan
from app.persistence.models import Bericht, Signaal, Toewijzing, Verzoek
from tests.api.berichten import (
    AGB,
    BSN,
    Aangevraagd,
    Regie,
    TeWijzigen,
    start,
    stop,
    vot,
    vow,
)
from tests.api.flow import accepted, client_bekend, codes, post, rows
from tests.decisions.scenarios.helpers import jw301s

D = date
UTRECHT, TWENTE, REGIO_B = "0344", "0153", "0363"
INGANG, EINDE = D(2026, 12, 1), D(2027, 5, 31)
"""The toewijzing most tests grant on Friday 2026-11-20: Tuesday 1 December to a Monday."""
WIE = "j.devries"
WEEK, TOTAAL = (90, "01", "2"), (600, "01", "6")
"""90 minutes a week; 600 minutes in total (Frequentie 6: an open end is allowed, CD076)."""


# --- helpers -------------------------------------------------------------------------------------


def at(app, day: date, hour: int = 9) -> None:
    """Move the app's clock to `day` (a Dutch date: 09:30 UTC is 10:30 or 11:30 there)."""
    app.state.services.clock.moment = datetime.combine(day, time(hour, 30), UTC)


def signalen(app, soort: str | None = None) -> list[Row]:
    """Every signal (of one kind), in id order, with the state every read shows."""
    query = select(*COLUMNS).order_by(Signaal.id)
    if soort is not None:
        query = query.where(Signaal.soort == soort)
    with app.state.services.sessionmaker() as session:
        return list(session.execute(query))


def signaal(app, soort: str, onderwerp_id: int) -> Row:
    [found] = [s for s in signalen(app, soort) if s.onderwerp_id == onderwerp_id]
    return found


def staat(s: Row) -> tuple:
    """(vanaf, due, status, te_laat) of a signal."""
    return s.vanaf_date, s.due_date, s.status, s.te_laat


def overzicht(app) -> dict[tuple[str, str, int], tuple]:
    """Every signal by (soort, onderwerp, onderwerp_id)."""
    return {(s.soort, s.onderwerp, s.onderwerp_id): staat(s) for s in signalen(app)}


def scan_op(app, today: date) -> int:
    """Run the scan as `ijw deadlines scan` would on `today`; how many became overdue."""
    at(app, today, hour=22)
    services = app.state.services
    with services.sessionmaker.begin() as session:
        return scan(session, today, services.clock.now()).overdue


def toewijzing(app, gemeente: str, nummer: int) -> Toewijzing:
    with app.state.services.sessionmaker() as session:
        return session.scalar(
            select(Toewijzing).where(Toewijzing.gemeente == gemeente, Toewijzing.nummer == nummer)
        )


def enige_toewijzing(app, gemeente: str) -> Toewijzing:
    [row] = rows(app, Toewijzing, Toewijzing.gemeente == gemeente)
    return row


def verstuurd(app, soort: str) -> list[Bericht]:
    """Our outgoing JW301s or JW319s, in order."""
    return rows(app, Bericht, Bericht.richting == "uit", Bericht.type == soort)


def toewijzen(
    client,
    app,
    gemeente: str,
    ingang: date = INGANG,
    eind: date | None = EINDE,
    *,
    product=("45", "45A48"),
    omvang=(90, "01", "2"),
) -> Toewijzing:
    """A direct toewijzing by a gemeente worker (POST /toewijzingen)."""
    body = {
        "gemeente": gemeente,
        "aanbieder": AGB,
        "bsn": BSN,
        "product": {"categorie": product[0], "code": product[1]},
        "ingangsdatum": ingang.isoformat(),
        "einddatum": eind.isoformat() if eind else None,
        "omvang": dict(zip(("volume", "eenheid", "frequentie"), omvang, strict=True)),
        "besloten_door": WIE,
    }
    response = client.post("/toewijzingen", json=body)
    assert response.status_code == 201, response.text
    return toewijzing(app, gemeente, response.json()["toewijzing_nummer"])


def send(client, body: bytes) -> None:
    response = post(client, body)
    assert accepted(response), codes(response)


def today(app) -> date:
    return app.state.services.clock.moment.date()


def start_zorg(client, app, row: Toewijzing, begindatum: date, ident: str = "S1") -> None:
    """A JW305 for `row`, dated today."""
    regie = Regie(row.nummer, begindatum, categorie=row.categorie, code=row.code)
    send(client, start(ident, today(app), regie, gemeente=row.gemeente))


def stop_zorg(
    client, app, row: Toewijzing, begindatum: date, reden: str, einddatum: date, ident="P1"
) -> None:
    """A JW307 for `row`, dated today."""
    regie = Regie(
        row.nummer,
        begindatum,
        reden=reden,
        einddatum=einddatum,
        categorie=row.categorie,
        code=row.code,
    )
    send(client, stop(ident, today(app), regie, gemeente=row.gemeente))


def retour(kind: str, heen: Bericht, identificatie_retour: str, dagtekening: date) -> bytes:
    """An accepting JW302/JW320 by our aanbieder on one of our messages."""
    code = {"jw302": "437", "jw320": "489"}[kind]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{kind}:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:{kind}="http://www.istandaarden.nl/ijw/3_2/{kind}/schema">
  <{kind}:Header>
    <{kind}:BerichtCode>{code}</{kind}:BerichtCode>
    <{kind}:BerichtVersie>3</{kind}:BerichtVersie>
    <{kind}:BerichtSubversie>2</{kind}:BerichtSubversie>
    <{kind}:Afzender>{heen.afzender}</{kind}:Afzender>
    <{kind}:Ontvanger>{heen.ontvanger}</{kind}:Ontvanger>
    <{kind}:BerichtIdentificatie>
      <ijw:Identificatie>{heen.identificatie}</ijw:Identificatie>
      <ijw:Dagtekening>{heen.dagtekening_date.isoformat()}</ijw:Dagtekening>
    </{kind}:BerichtIdentificatie>
    <{kind}:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </{kind}:XsdVersie>
    <{kind}:IdentificatieRetour>{identificatie_retour}</{kind}:IdentificatieRetour>
    <{kind}:DagtekeningRetour>{dagtekening.isoformat()}</{kind}:DagtekeningRetour>
    <{kind}:XsdVersieRetour>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </{kind}:XsdVersieRetour>
  </{kind}:Header>
</{kind}:Bericht>
""".encode()


def post_retour(client, body: bytes) -> None:
    response = client.post("/berichten", content=body, headers={"Content-Type": "application/xml"})
    assert response.status_code == 200, response.text
    assert response.json()["geaccepteerd"] is True
    assert response.json()["beantwoordt"] is not None


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def utrecht(client, app) -> Toewijzing:
    """A direct toewijzing in 0344 (no rule set), granted on Friday 2026-11-20."""
    client_bekend(app, gemeente=UTRECHT)
    return toewijzen(client, app, UTRECHT)


@pytest.fixture
def gestart(client, app, utrecht) -> Toewijzing:
    """The 0344 toewijzing with its JW305 (Begindatum 1 December) on Wednesday 2 December."""
    at(app, D(2026, 12, 2))
    start_zorg(client, app, utrecht, INGANG)
    return utrecht


@pytest.fixture
def onderzoek(client, app) -> Verzoek:
    """A VOT to 0344 dated Monday 16 November, put in onderzoek by the engine on 20 November."""
    client_bekend(app, gemeente=UTRECHT)
    send(client, vot("VOT1", D(2026, 11, 16), Aangevraagd("REF1", INGANG), gemeente=UTRECHT))
    [verzoek] = rows(app, Verzoek)
    assert verzoek.status == "in_onderzoek"
    return verzoek


# --- START_ZORG ----------------------------------------------------------------------------------


def test_a_direct_toewijzing_opens_start_zorg_and_the_retour_on_its_jw301(app, utrecht):
    [jw301] = verstuurd(app, "JW301")
    assert overzicht(app) == {
        # Ingangsdatum Tuesday 1 December: Wed 2, Thu 3, Fri 4, Mon 7, Tue 8.
        ("start_zorg", "toewijzing", utrecht.id): (D(2026, 11, 20), D(2026, 12, 8), "open", False),
        # Sent Friday 20 November: Mon 23, Tue 24, Wed 25.
        ("retour", "bericht", jw301.id): (D(2026, 11, 20), D(2026, 11, 25), "open", False),
    }
    assert {(s.gemeente, s.aanbieder) for s in signalen(app)} == {(UTRECHT, AGB)}


def test_a_retroactive_toewijzing_counts_start_zorg_from_its_jw301(client, app):
    client_bekend(app, gemeente=UTRECHT)
    row = toewijzen(client, app, UTRECHT, D(2026, 10, 1))
    # Sent Friday 20 November: Mon 23 .. Fri 27.
    assert staat(signaal(app, "start_zorg", row.id)) == (
        D(2026, 11, 20),
        D(2026, 11, 27),
        "open",
        False,
    )


def test_a_missing_jw305_becomes_overdue_after_its_due_date_and_a_second_scan_changes_nothing(
    app, utrecht
):
    assert scan_op(app, D(2026, 12, 8)) == 1  # only the retour (due 25 November)
    assert signaal(app, "start_zorg", utrecht.id).status == "open"
    assert scan_op(app, D(2026, 12, 9)) == 1
    overdue = signaal(app, "start_zorg", utrecht.id)
    assert staat(overdue) == (D(2026, 11, 20), D(2026, 12, 8), "overdue", False)
    before = [(staat(s), s.changed_at) for s in signalen(app)]
    assert scan_op(app, D(2026, 12, 9)) == 0
    assert scan_op(app, D(2026, 12, 10)) == 0
    assert [(staat(s), s.changed_at) for s in signalen(app)] == before


@pytest.mark.parametrize(
    ("ontvangen", "te_laat"),
    [
        (D(2026, 12, 1), False),
        (D(2026, 12, 8), False),  # the fifth working day after 1 December
        (D(2026, 12, 9), True),
    ],
)
def test_a_jw305_meets_start_zorg_and_opens_stop_zorg(client, app, utrecht, ontvangen, te_laat):
    if te_laat:
        assert scan_op(app, ontvangen) == 2
    at(app, ontvangen)
    start_zorg(client, app, utrecht, INGANG)
    assert staat(signaal(app, "start_zorg", utrecht.id)) == (
        D(2026, 11, 20),
        D(2026, 12, 8),
        "met",
        te_laat,
    )
    # Einddatum Monday 31 May 2027: Tue 1 .. Mon 7 June.
    assert staat(signaal(app, "stop_zorg", utrecht.id)) == (
        ontvangen,
        D(2027, 6, 7),
        "open",
        False,
    )


def test_a_jw305_counts_from_its_own_begindatum_when_care_starts_later(client, app, utrecht):
    assert scan_op(app, D(2026, 12, 16)) == 2
    at(app, D(2026, 12, 17))
    # Begindatum Thursday 10 December: Fri 11, Mon 14, Tue 15, Wed 16, Thu 17.
    start_zorg(client, app, utrecht, D(2026, 12, 10))
    assert staat(signaal(app, "start_zorg", utrecht.id))[2:] == ("met", False)


@pytest.mark.parametrize(
    ("ontvangen", "te_laat"), [(D(2026, 11, 27), False), (D(2026, 11, 30), True)]
)
def test_a_jw305_on_a_retroactive_toewijzing_counts_from_the_jw301(client, app, ontvangen, te_laat):
    client_bekend(app, gemeente=UTRECHT)
    row = toewijzen(client, app, UTRECHT, D(2026, 10, 1))
    at(app, ontvangen)
    start_zorg(client, app, row, D(2026, 10, 5))
    assert staat(signaal(app, "start_zorg", row.id)) == (
        D(2026, 11, 20),
        D(2026, 11, 27),
        "met",
        te_laat,
    )


def test_a_toewijzing_without_einddatum_opens_no_stop_zorg(client, app):
    client_bekend(app, gemeente=UTRECHT)
    row = toewijzen(client, app, UTRECHT, eind=None, omvang=TOTAAL)
    at(app, D(2026, 12, 2))
    start_zorg(client, app, row, INGANG)
    assert signaal(app, "start_zorg", row.id).status == "met"
    assert signalen(app, "stop_zorg") == []


# --- STOP_ZORG -----------------------------------------------------------------------------------


def test_a_missing_jw307_becomes_overdue_after_the_einddatum(app, gestart):
    assert scan_op(app, D(2027, 6, 7)) == 1  # the retour of the JW301 only
    assert signaal(app, "stop_zorg", gestart.id).status == "open"
    assert scan_op(app, D(2027, 6, 8)) == 1
    assert staat(signaal(app, "stop_zorg", gestart.id)) == (
        D(2026, 12, 2),
        D(2027, 6, 7),
        "overdue",
        False,
    )
    assert scan_op(app, D(2027, 6, 9)) == 0


@pytest.mark.parametrize(
    ("einddatum", "ontvangen", "te_laat"),
    [
        # Care ends on the toewijzing's Einddatum (OP288): due Monday 7 June.
        (EINDE, D(2027, 6, 7), False),
        (EINDE, D(2027, 6, 8), True),
        # Care ends early, Monday 15 February: Tue 16 .. Mon 22.
        (D(2027, 2, 15), D(2027, 2, 22), False),
        (D(2027, 2, 15), D(2027, 2, 23), True),
    ],
)
def test_a_jw307_meets_stop_zorg_late_after_five_working_days(
    client, app, gestart, einddatum, ontvangen, te_laat
):
    if ontvangen > D(2027, 6, 7):
        assert scan_op(app, ontvangen) == 2
        assert signaal(app, "stop_zorg", gestart.id).status == "overdue"
    at(app, ontvangen)
    stop_zorg(client, app, gestart, INGANG, "31", einddatum)
    assert staat(signaal(app, "stop_zorg", gestart.id))[2:] == ("met", te_laat)


def test_a_temporary_stop_does_not_meet_stop_zorg_but_the_definitive_one_does(client, app, gestart):
    at(app, D(2027, 1, 18))
    stop_zorg(client, app, gestart, INGANG, "20", D(2027, 1, 15))
    assert staat(signaal(app, "stop_zorg", gestart.id)) == (
        D(2026, 12, 2),
        D(2027, 6, 7),
        "open",
        False,
    )
    at(app, D(2027, 2, 5))
    # Definitive on Monday 1 February: Tue 2 .. Mon 8.
    stop_zorg(client, app, gestart, INGANG, "31", D(2027, 2, 1), ident="P2")
    assert staat(signaal(app, "stop_zorg", gestart.id))[2:] == ("met", False)


# --- requests: the first answer and the final answer after onderzoek -----------------------------


def test_the_engine_answers_a_vot_at_once_and_the_grant_opens_its_deadlines(client, app):
    client_bekend(app, gemeente=TWENTE)
    send(client, vot("VOT1", D(2026, 11, 16), Aangevraagd("REF1", INGANG), gemeente=TWENTE))
    [verzoek] = rows(app, Verzoek)
    assert verzoek.status == "toegekend"
    row = enige_toewijzing(app, TWENTE)
    [jw301] = verstuurd(app, "JW301")
    assert overzicht(app) == {
        # Received Friday 20 November: due Fri 27; answered the same moment.
        ("antwoord_verzoek", "verzoek", verzoek.id): (
            D(2026, 11, 20),
            D(2026, 11, 27),
            "met",
            False,
        ),
        ("retour", "bericht", jw301.id): (D(2026, 11, 20), D(2026, 11, 25), "open", False),
        ("start_zorg", "toewijzing", row.id): (D(2026, 11, 20), D(2026, 12, 8), "open", False),
        # Region A: 12 to 8 weeks before Monday 31 May 2027.
        ("verlenging", "toewijzing", row.id): (D(2027, 3, 8), D(2027, 4, 5), "open", False),
    }


def test_a_vot_in_onderzoek_opens_the_eight_weeks_and_the_retour_on_the_jw319(app, onderzoek):
    [jw319] = verstuurd(app, "JW319")
    assert overzicht(app) == {
        ("antwoord_verzoek", "verzoek", onderzoek.id): (
            D(2026, 11, 20),
            D(2026, 11, 27),
            "met",
            False,
        ),
        # Dagtekening Monday 16 November + 56 days.
        ("eindantwoord", "verzoek", onderzoek.id): (
            D(2026, 11, 20),
            D(2027, 1, 11),
            "open",
            False,
        ),
        ("retour", "bericht", jw319.id): (D(2026, 11, 20), D(2026, 11, 25), "open", False),
    }


@pytest.mark.parametrize("besluit", ["toekenning", "afwijzing"])
@pytest.mark.parametrize(("dag", "te_laat"), [(D(2027, 1, 11), False), (D(2027, 1, 12), True)])
def test_the_final_answer_after_onderzoek_is_late_after_day_56(
    client, app, onderzoek, besluit, dag, te_laat
):
    if te_laat:
        scan_op(app, dag)
        assert signaal(app, "eindantwoord", onderzoek.id).status == "overdue"
    at(app, dag)
    body = {"besloten_door": WIE} | ({"reden": "1"} if besluit == "afwijzing" else {})
    response = client.post(f"/verzoeken/{onderzoek.id}/{besluit}", json=body)
    assert response.status_code == 201, response.text
    assert staat(signaal(app, "eindantwoord", onderzoek.id)) == (
        D(2026, 11, 20),
        D(2027, 1, 11),
        "met",
        te_laat,
    )
    # The first answer (the JW319 'in onderzoek') stays met in time.
    assert staat(signaal(app, "antwoord_verzoek", onderzoek.id))[2:] == ("met", False)
    if besluit == "toekenning":
        row = enige_toewijzing(app, UTRECHT)
        # Retroactive from the JW301: Mon 11 Jan -> Mon 18; Tue 12 Jan -> Tue 19.
        due = D(2027, 1, 18) if dag == D(2027, 1, 11) else D(2027, 1, 19)
        assert staat(signaal(app, "start_zorg", row.id)) == (dag, due, "open", False)


# --- retours on our JW301 and JW319 --------------------------------------------------------------


def test_a_jw302_meets_the_retour_on_our_jw301(client, app, utrecht):
    [jw301] = verstuurd(app, "JW301")
    at(app, D(2026, 11, 25))
    post_retour(client, retour("jw302", jw301, "R302-1", D(2026, 11, 25)))
    assert staat(signaal(app, "retour", jw301.id)) == (
        D(2026, 11, 20),
        D(2026, 11, 25),
        "met",
        False,
    )


def test_a_jw320_meets_the_retour_on_our_jw319(client, app, onderzoek):
    [jw319] = verstuurd(app, "JW319")
    at(app, D(2026, 11, 23))
    post_retour(client, retour("jw320", jw319, "R320-1", D(2026, 11, 23)))
    assert staat(signaal(app, "retour", jw319.id))[2:] == ("met", False)


def test_without_a_jw302_the_retour_becomes_overdue(app, utrecht):
    [jw301] = verstuurd(app, "JW301")
    assert scan_op(app, D(2026, 11, 25)) == 0
    assert scan_op(app, D(2026, 11, 26)) == 1
    assert staat(signaal(app, "retour", jw301.id)) == (
        D(2026, 11, 20),
        D(2026, 11, 25),
        "overdue",
        False,
    )


def test_a_jw302_after_three_working_days_meets_the_retour_late(client, app, utrecht):
    [jw301] = verstuurd(app, "JW301")
    assert scan_op(app, D(2026, 11, 26)) == 1
    at(app, D(2026, 11, 26))
    post_retour(client, retour("jw302", jw301, "R302-1", D(2026, 11, 26)))
    assert staat(signaal(app, "retour", jw301.id)) == (
        D(2026, 11, 20),
        D(2026, 11, 25),
        "met",
        True,
    )


# --- region B: contact moment, shortening after a definitive stop --------------------------------


@pytest.fixture
def ggz(client, app) -> Toewijzing:
    """Region B: a 54001 standard request (B1) granted on 20 November, started 1 December."""
    client_bekend(app, gemeente=REGIO_B)
    product = Aangevraagd("GGZ1", INGANG, EINDE, "54", "54001", (4680, "01", "6"))
    send(client, vot("VOT1", D(2026, 11, 16), product, gemeente=REGIO_B))
    row = enige_toewijzing(app, REGIO_B)
    at(app, D(2026, 12, 2))
    start_zorg(client, app, row, INGANG)
    return row


def test_region_b_plans_a_contactmoment_three_months_before_the_end(app, ggz):
    # 31 May 2027 minus 3 months: 31 February does not exist, so 28 February.
    assert staat(signaal(app, "contactmoment", ggz.id)) == (
        D(2026, 11, 20),
        D(2027, 2, 28),
        "open",
        False,
    )
    assert {s.soort for s in signalen(app) if s.onderwerp == "toewijzing"} == {
        "start_zorg",
        "stop_zorg",
        "contactmoment",
    }
    assert scan_op(app, D(2027, 3, 1)) >= 1
    assert signaal(app, "contactmoment", ggz.id).status == "overdue"


@pytest.mark.parametrize(("reden", "reden_wijziging"), [("31", "14"), ("02", "02")])
def test_region_b_shortens_the_toewijzing_after_a_definitive_stop(
    client, app, ggz, reden, reden_wijziging
):
    at(app, D(2027, 2, 1))
    stop_zorg(client, app, ggz, INGANG, reden, D(2027, 1, 29))
    first, second = jw301s(app)
    [shortened] = second
    assert (shortened.nummer, shortened.ingang, shortened.eind, shortened.reden) == (
        ggz.nummer,
        INGANG,
        D(2027, 1, 29),
        reden_wijziging,
    )
    assert (shortened.code, shortened.omvang) == ("54001", (4680, "01", "6"))
    assert [p.eind for p in first] == [EINDE]
    row = toewijzing(app, REGIO_B, ggz.nummer)
    assert (row.einddatum_date, row.reden_wijziging) == (D(2027, 1, 29), reden_wijziging)
    # Stop on Friday 29 January: due Fri 5 February; met in time and not re-opened.
    assert staat(signaal(app, "stop_zorg", ggz.id))[2:] == ("met", False)
    assert signaal(app, "contactmoment", ggz.id).status == "closed"
    jw301 = verstuurd(app, "JW301")[1]
    # The new JW301 wants its JW302: Mon 1 February -> Tue 2, Wed 3, Thu 4.
    assert staat(signaal(app, "retour", jw301.id)) == (
        D(2027, 2, 1),
        D(2027, 2, 4),
        "open",
        False,
    )


@pytest.mark.parametrize(("reden", "einddatum"), [("20", D(2027, 1, 29)), ("31", EINDE)])
def test_region_b_does_not_shorten_after_a_temporary_stop_or_a_stop_on_the_einddatum(
    client, app, ggz, reden, einddatum
):
    at(app, max(einddatum, D(2027, 2, 1)))
    stop_zorg(client, app, ggz, INGANG, reden, einddatum)
    assert len(jw301s(app)) == 1
    row = toewijzing(app, REGIO_B, ggz.nummer)
    assert (row.einddatum_date, row.reden_wijziging) == (EINDE, None)


def test_no_shortening_outside_region_b(client, app, gestart):
    at(app, D(2027, 2, 1))
    stop_zorg(client, app, gestart, INGANG, "31", D(2027, 1, 29))
    assert len(verstuurd(app, "JW301")) == 1
    assert toewijzing(app, UTRECHT, gestart.nummer).einddatum_date == EINDE


# --- region A: extension window and evaluation ---------------------------------------------------


@pytest.fixture
def twente(client, app) -> Toewijzing:
    """Region A: a VOT granted by rule A1 on 20 November, started 1 December."""
    client_bekend(app, gemeente=TWENTE)
    send(client, vot("VOT1", D(2026, 11, 16), Aangevraagd("REF1", INGANG), gemeente=TWENTE))
    row = enige_toewijzing(app, TWENTE)
    at(app, D(2026, 12, 2))
    start_zorg(client, app, row, INGANG)
    return row


@pytest.mark.parametrize(
    ("dag", "status", "te_laat"),
    [
        (D(2027, 3, 7), "open", False),  # before the window: not an extension notice
        (D(2027, 3, 8), "met", False),  # 12 weeks before
        (D(2027, 4, 5), "met", False),  # 8 weeks before
        (D(2027, 4, 6), "met", True),
    ],
)
def test_region_a_verlenging_is_met_by_a_vow_in_the_window(
    client, app, twente, dag, status, te_laat
):
    assert staat(signaal(app, "verlenging", twente.id)) == (
        D(2027, 3, 8),
        D(2027, 4, 5),
        "open",
        False,
    )
    at(app, dag)
    wijziging = TeWijzigen(twente.nummer, INGANG, D(2027, 8, 31), WEEK)
    send(client, vow("VOW1", dag, "VOW-REF1", te_wijzigen=(wijziging,), gemeente=TWENTE))
    assert staat(signaal(app, "verlenging", twente.id)) == (
        D(2027, 3, 8),
        D(2027, 4, 5),
        status,
        te_laat,
    )


@pytest.mark.parametrize(
    ("eind", "evaluatie"),
    [
        (D(2028, 1, 31), D(2027, 6, 1)),  # 14 months: evaluate after 6
        (None, D(2027, 6, 1)),  # open end
        (D(2027, 11, 30), None),  # exactly one year: no evaluation
    ],
)
def test_region_a_evaluates_care_of_more_than_a_year_after_six_months(client, app, eind, evaluatie):
    client_bekend(app, gemeente=TWENTE)
    row = toewijzen(client, app, TWENTE, INGANG, eind, omvang=TOTAAL if eind is None else WEEK)
    found = [s for s in signalen(app, "evaluatie") if s.onderwerp_id == row.id]
    expected = [] if evaluatie is None else [(D(2026, 11, 20), evaluatie, "open", False)]
    assert [staat(s) for s in found] == expected
    verlenging = [staat(s) for s in signalen(app, "verlenging")]
    if eind == D(2028, 1, 31):
        # 12 and 8 weeks before Monday 31 January 2028.
        assert verlenging == [(D(2027, 11, 8), D(2027, 12, 6), "open", False)]
    elif eind is None:
        assert verlenging == []


# --- regressions: defects found while writing these tests, since fixed ---------------------------


def test_changing_the_einddatum_does_not_move_an_overdue_start_zorg(client, app, utrecht):
    assert scan_op(app, D(2026, 12, 9)) == 2
    at(app, D(2026, 12, 10))
    response = client.post(
        f"/toewijzingen/{UTRECHT}/{utrecht.nummer}/wijziging",
        json={"einddatum": "2027-08-31", "reden_wijziging": "04", "besloten_door": WIE},
    )
    assert response.status_code == 201, response.text
    # The toewijzing was not retroactive: its first JW301 came before the Ingangsdatum.
    assert staat(signaal(app, "start_zorg", utrecht.id)) == (
        D(2026, 11, 20),
        D(2026, 12, 8),
        "overdue",
        False,
    )


def test_a_new_start_after_a_definitive_stop_owes_a_new_stop(client, app, gestart):
    at(app, D(2027, 2, 16))
    stop_zorg(client, app, gestart, INGANG, "31", D(2027, 2, 15))
    assert signaal(app, "stop_zorg", gestart.id).status == "met"
    at(app, D(2027, 3, 2))
    start_zorg(client, app, gestart, D(2027, 3, 1), ident="S2")
    assert staat(signaal(app, "stop_zorg", gestart.id))[1:] == (D(2027, 6, 7), "open", False)


def test_a_definitive_stop_after_a_temporary_one_is_not_late_by_its_einddatum(client, app, gestart):
    at(app, D(2027, 1, 18))
    stop_zorg(client, app, gestart, INGANG, "20", D(2027, 1, 15))
    at(app, D(2027, 3, 1))
    # Still not resumed on 1 March: the stop of 15 January becomes definitive.
    stop_zorg(client, app, gestart, INGANG, "31", D(2027, 1, 15), ident="P2")
    assert staat(signaal(app, "stop_zorg", gestart.id))[2:] == ("met", False)


def _stop(row: Toewijzing, reden: str, einddatum: date, status: str = "1") -> Regie:
    return Regie(
        row.nummer,
        INGANG,
        status=status,
        reden=reden,
        einddatum=einddatum,
        categorie=row.categorie,
        code=row.code,
    )


def test_a_definitive_stop_with_a_temporary_one_in_the_same_message_is_not_late(
    client, app, gestart
):
    at(app, D(2027, 3, 1))
    stops = (_stop(gestart, "20", D(2027, 1, 15)), _stop(gestart, "31", D(2027, 1, 15)))
    send(client, stop("P1", today(app), *stops, gemeente=gestart.gemeente))
    assert staat(signaal(app, "stop_zorg", gestart.id))[2:] == ("met", False)


def test_a_definitive_stop_replacing_the_temporary_one_is_late_by_its_einddatum(
    client, app, gestart
):
    at(app, D(2027, 1, 18))
    stop_zorg(client, app, gestart, INGANG, "20", D(2027, 1, 15))
    at(app, D(2027, 3, 1))
    # The temporary stop is deleted in the same message: no temporary stop precedes this one.
    weg, definitief = (
        _stop(gestart, "20", D(2027, 1, 15), "3"),
        _stop(gestart, "31", D(2027, 1, 15)),
    )
    send(client, stop("P2", today(app), weg, definitief, gemeente=gestart.gemeente))
    assert staat(signaal(app, "stop_zorg", gestart.id))[2:] == ("met", True)


def test_a_deleted_start_owes_the_start_again_and_no_stop(client, app, gestart):
    assert signaal(app, "stop_zorg", gestart.id).status == "open"
    at(app, D(2026, 12, 3))
    weg = Regie(gestart.nummer, INGANG, status="3", categorie=gestart.categorie, code=gestart.code)
    send(client, start("S1-weg", today(app), weg, gemeente=gestart.gemeente))
    # Owed from the first JW301 (Friday 20 November) as before; the deletion reopens it.
    assert staat(signaal(app, "start_zorg", gestart.id))[1:] == (D(2026, 12, 8), "open", False)
    assert signaal(app, "stop_zorg", gestart.id).status == "closed"
    assert scan_op(app, D(2026, 12, 9)) >= 1
    assert signaal(app, "start_zorg", gestart.id).status == "overdue"


def test_a_deleted_stop_owes_the_stop_again(client, app, gestart):
    at(app, D(2027, 6, 1))
    stop_zorg(client, app, gestart, INGANG, "31", EINDE)
    assert signaal(app, "stop_zorg", gestart.id).status == "met"
    at(app, D(2027, 6, 2))
    weg = Regie(
        gestart.nummer,
        INGANG,
        status="3",
        reden="31",
        einddatum=EINDE,
        categorie=gestart.categorie,
        code=gestart.code,
    )
    send(client, stop("P1-weg", today(app), weg, gemeente=gestart.gemeente))
    assert staat(signaal(app, "stop_zorg", gestart.id))[1:] == (D(2027, 6, 7), "open", False)


@pytest.mark.parametrize(
    ("brief", "begin", "te_laat"),
    [
        # A letter of 2 December 2025 allows a start until Tuesday 1 December 2026.
        (D(2025, 12, 2), INGANG, False),
        (D(2025, 12, 2), D(2026, 12, 2), True),
    ],
)
def test_region_a_care_starts_within_a_year_of_the_referral(client, app, brief, begin, te_laat):
    client_bekend(app, gemeente=TWENTE)
    verwijzing = {
        "gemeente": TWENTE,
        "aanbieder": AGB,
        "referentie_aanbieder": "REF1",
        "datum": brief.isoformat(),
        "verwijzer": {"type": "02", "zorgverlener_code": "01012345"},
        "vastgelegd_door": WIE,
    }
    assert client.put("/verwijzingen", json=verwijzing).status_code == 201
    send(client, vot("VOT1", D(2026, 11, 16), Aangevraagd("REF1", INGANG), gemeente=TWENTE))
    row = enige_toewijzing(app, TWENTE)
    assert staat(signaal(app, "verwijzing_start", row.id)) == (
        D(2026, 11, 20),
        D(2026, 12, 1),
        "open",
        False,
    )
    at(app, begin + timedelta(days=1))
    start_zorg(client, app, row, begin)
    assert staat(signaal(app, "verwijzing_start", row.id))[2:] == ("met", te_laat)
