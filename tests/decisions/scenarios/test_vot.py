"""VOT scenarios: one JW315 per case through POST /berichten, the exact JW301/JW319 it gets.

Rule sets: tests/decisions/scenarios/rulesets (Twente with 'Behandeling individueel' 45A48 and
'Vaktherapie' 45V01 for 0153; region B for 0363; 0344 in no rule set).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.persistence.models import Beslissing, Verzoek
from tests.api.berichten import AGB, BSN
from tests.api.flow import CONTACT, client_bekend, rows, toewijzing
from tests.decisions.scenarios.helpers import (
    EIND,
    JEUGDARTS,
    SPECIALIST,
    START,
    WIJKTEAM,
    Product,
    Toegewezen,
    beslissing,
    decided,
    granted,
    jw301_header,
    jw301s,
    jw315,
    jw319s,
    onderzoek,
    outgoing,
    send,
    sent_types,
)

D = date
ONE_YEAR = D(2027, 11, 30)
"""START + 1 year - 1 day: the last day of a one-year period from 2026-12-01."""
TWENTE, REGIO_B, ZONDER = "0153", "0363", "0344"
TOEKENNEN, ONDERZOEK = "toekennen", "onderzoek"


def case(id_, product: Product, regel: str, uitkomst: str, gemeente: str = TWENTE, **figuren):
    return pytest.param(gemeente, product, regel, uitkomst, figuren, id=id_)


P = Product
VT = "45V01"

SCENARIOS = [
    # A1/A2 'Behandeling individueel': the seed's NB decides, exactly 6,000 minutes is regular
    case("A1-5999-min", P("R-1", omvang=(5999, "01", "6")), "A1", TOEKENNEN, minutes=5999),
    case("A1-6000-min", P("R-1", omvang=(6000, "01", "6")), "A1", TOEKENNEN, minutes=6000),
    case("A2-6001-min", P("R-1", omvang=(6001, "01", "6")), "A2", ONDERZOEK, minutes=6001),
    case("A1-100-uur", P("R-1", omvang=(100, "04", "6")), "A1", TOEKENNEN, minutes=6000),
    case("A2-101-uur", P("R-1", omvang=(101, "04", "6")), "A2", ONDERZOEK, minutes=6060),
    case("A1-25-dagdelen", P("R-1", omvang=(25, "16", "6")), "A1", TOEKENNEN, minutes=6000),
    case("A2-26-dagdelen", P("R-1", omvang=(26, "16", "6")), "A2", ONDERZOEK, minutes=6240),
    # period: one year from 2026-12-01 ends on 2027-11-30
    case(
        "A1-exactly-one-year",
        P("R-1", eind=ONE_YEAR),
        "A1",
        TOEKENNEN,
        period_days=365,
        last_allowed_day="2027-11-30",
    ),
    case(
        "A2-one-year-and-a-day",
        P("R-1", eind=D(2027, 12, 1)),
        "A2",
        ONDERZOEK,
        period_days=366,
        last_allowed_day="2027-11-30",
    ),
    case("A2-open-end-total", P("R-1", eind=None), "A2", ONDERZOEK, minutes=6000, open_end=True),
    case(
        "A2-open-end-per-month",
        P("R-1", eind=None, omvang=(300, "01", "4")),
        "A2",
        ONDERZOEK,
        minutes=None,
        open_end=True,
    ),
    # weekly volumes count ISO weeks touched (IV077): Tue 2026-12-08 .. Tue 2027-03-02 is
    # 2026-W50 .. 2027-W09, 13 weeks; 3 uur/week is 2,340 minutes
    case(
        "IV077-3-uur-per-week",
        P("R-1", ingang=D(2026, 12, 8), eind=D(2027, 3, 2), omvang=(3, "04", "2")),
        "A1",
        TOEKENNEN,
        minutes=2340,
    ),
    case(
        "A1-461-min-x-13-weeks",
        P("R-1", ingang=D(2026, 12, 8), eind=D(2027, 3, 2), omvang=(461, "01", "2")),
        "A1",
        TOEKENNEN,
        minutes=5993,
    ),
    case(
        "A2-462-min-x-13-weeks",
        P("R-1", ingang=D(2026, 12, 8), eind=D(2027, 3, 2), omvang=(462, "01", "2")),
        "A2",
        ONDERZOEK,
        minutes=6006,
    ),
    # Sunday to Monday: two days, but two ISO weeks
    case(
        "A1-sun-mon-two-weeks",
        P("R-1", ingang=D(2026, 12, 6), eind=D(2026, 12, 7), omvang=(3000, "01", "2")),
        "A1",
        TOEKENNEN,
        minutes=6000,
    ),
    case(
        "A2-sun-mon-two-weeks",
        P("R-1", ingang=D(2026, 12, 6), eind=D(2026, 12, 7), omvang=(3001, "01", "2")),
        "A2",
        ONDERZOEK,
        minutes=6002,
    ),
    # the other medical referrers
    case("A1-jeugdarts", P("R-1", verwijzer=JEUGDARTS), "A1", TOEKENNEN, minutes=6000),
    case(
        "A2-specialist",
        P("R-1", verwijzer=SPECIALIST, omvang=(6001, "01", "6")),
        "A2",
        ONDERZOEK,
        minutes=6001,
    ),
    # a non-medical referrer (06, gemeentelijke toegang) is no rule's: the default outcome
    case(
        "default-wijkteam",
        P("R-1", verwijzer=WIJKTEAM, omvang=(100, "01", "6")),
        "default",
        ONDERZOEK,
        minutes=100,
        max_minutes=None,
    ),
    case("default-other-code", P("R-1", code="45A49"), "default", ONDERZOEK, minutes=6000),
    # A4/A5 'Vaktherapie': at most 24 sessions (Eenheid 84) and 2,200 minutes, one year
    case(
        "A4-24-sessions",
        P("R-1", code=VT, omvang=(24, "84", "6")),
        "A4",
        TOEKENNEN,
        sessions=24,
        max_sessions=24,
    ),
    case("A5-25-sessions", P("R-1", code=VT, omvang=(25, "84", "6")), "A5", ONDERZOEK, sessions=25),
    case("A4-2200-min", P("R-1", code=VT, omvang=(2200, "01", "6")), "A4", TOEKENNEN, minutes=2200),
    case("A5-2201-min", P("R-1", code=VT, omvang=(2201, "01", "6")), "A5", ONDERZOEK, minutes=2201),
    case("A4-36-uur", P("R-1", code=VT, omvang=(36, "04", "6")), "A4", TOEKENNEN, minutes=2160),
    case("A5-37-uur", P("R-1", code=VT, omvang=(37, "04", "6")), "A5", ONDERZOEK, minutes=2220),
    case(
        "A4-one-year",
        P("R-1", code=VT, omvang=(24, "84", "6"), eind=ONE_YEAR),
        "A4",
        TOEKENNEN,
        sessions=24,
    ),
    case(
        "A5-one-year-and-a-day",
        P("R-1", code=VT, omvang=(24, "84", "6"), eind=D(2027, 12, 1)),
        "A5",
        ONDERZOEK,
        sessions=24,
    ),
    # 2 sessions a week: Mon 2026-12-07 .. Sun 2027-02-28 is 12 ISO weeks, to Monday 13
    case(
        "A4-2-per-week-12-weeks",
        P("R-1", code=VT, omvang=(2, "84", "2"), ingang=D(2026, 12, 7), eind=D(2027, 2, 28)),
        "A4",
        TOEKENNEN,
        sessions=24,
    ),
    case(
        "A5-2-per-week-13-weeks",
        P("R-1", code=VT, omvang=(2, "84", "2"), ingang=D(2026, 12, 7), eind=D(2027, 3, 1)),
        "A5",
        ONDERZOEK,
        sessions=26,
    ),
    # region B (0363): 54001 4,680 minutes, 54002/54003 7,020 minutes, 12 months, huisarts
    case(
        "B1-54001-4680",
        P("R-1", categorie="54", code="54001", omvang=(4680, "01", "6"), eind=ONE_YEAR),
        "B1",
        TOEKENNEN,
        REGIO_B,
        minutes=4680,
        max_minutes=4680,
    ),
    case(
        "B3-54001-4681",
        P("R-1", categorie="54", code="54001", omvang=(4681, "01", "6"), eind=ONE_YEAR),
        "B3",
        ONDERZOEK,
        REGIO_B,
        minutes=4681,
    ),
    case(
        "B3-54001-12-months-and-a-day",
        P("R-1", categorie="54", code="54001", omvang=(4680, "01", "6"), eind=D(2027, 12, 1)),
        "B3",
        ONDERZOEK,
        REGIO_B,
        period_days=366,
    ),
    # 90 min/week: Mon 2026-11-30 .. Sun 2027-11-28 is 52 ISO weeks; Tue..Mon touches 53
    case(
        "B1-54001-90-per-week-52-weeks",
        P(
            "R-1",
            categorie="54",
            code="54001",
            omvang=(90, "01", "2"),
            ingang=D(2026, 11, 30),
            eind=D(2027, 11, 28),
        ),
        "B1",
        TOEKENNEN,
        REGIO_B,
        minutes=4680,
    ),
    case(
        "B3-54001-90-per-week-53-weeks",
        P(
            "R-1",
            categorie="54",
            code="54001",
            omvang=(90, "01", "2"),
            ingang=D(2026, 12, 1),
            eind=D(2027, 11, 29),
        ),
        "B3",
        ONDERZOEK,
        REGIO_B,
        minutes=4770,
    ),
    case(
        "B2-54002-12-months",
        P("R-1", categorie="54", code="54002", omvang=(7020, "01", "6"), eind=ONE_YEAR),
        "B2",
        TOEKENNEN,
        REGIO_B,
        minutes=7020,
        max_minutes=7020,
    ),
    case(
        "B3-54002-13-months",
        P("R-1", categorie="54", code="54002", omvang=(7020, "01", "6"), eind=D(2027, 12, 31)),
        "B3",
        ONDERZOEK,
        REGIO_B,
        minutes=7020,
        period_days=396,
    ),
    case(
        "B2-54003-7020",
        P("R-1", categorie="54", code="54003", omvang=(7020, "01", "6"), eind=ONE_YEAR),
        "B2",
        TOEKENNEN,
        REGIO_B,
        minutes=7020,
    ),
    case(
        "B3-54003-7021",
        P("R-1", categorie="54", code="54003", omvang=(7021, "01", "6"), eind=ONE_YEAR),
        "B3",
        ONDERZOEK,
        REGIO_B,
        minutes=7021,
    ),
    case(
        "default-54001-jeugdarts",
        P(
            "R-1",
            categorie="54",
            code="54001",
            omvang=(4680, "01", "6"),
            eind=ONE_YEAR,
            verwijzer=JEUGDARTS,
        ),
        "default",
        ONDERZOEK,
        REGIO_B,
        minutes=4680,
    ),
    # a gemeente in no rule set, with the deployment's default (onderzoek)
    case("default-no-rule-set", P("R-1"), "default", ONDERZOEK, ZONDER, minutes=6000),
]


@pytest.mark.parametrize(("gemeente", "product", "regel", "uitkomst", "figuren"), SCENARIOS)
def test_one_product(client, app, gemeente, product, regel, uitkomst, figuren):
    client_bekend(app, gemeente=gemeente)
    send(client, jw315("VOT-1", product, gemeente=gemeente))

    record = beslissing(app, "R-1")
    assert {name: record.figuren[name] for name in figuren} == figuren
    if uitkomst == TOEKENNEN:
        assert sent_types(app) == ["JW301"]
        assert jw301s(app) == [
            [
                Toegewezen(
                    nummer=1,
                    referentie="R-1",
                    categorie=product.categorie,
                    code=product.code,
                    ingang=product.ingang,
                    eind=product.eind,
                    omvang=product.omvang,
                )
            ]
        ]
        assert jw301_header(app) == {
            "afzender": gemeente,
            "ontvanger": AGB,
            "dagtekening": D(2026, 11, 20),
        }
        assert decided(app) == {"R-1": (regel, TOEKENNEN, "toegekend")}
    else:
        assert sent_types(app) == ["JW319"]
        assert jw319s(app) == [onderzoek("R-1", gemeente)]
        assert decided(app) == {"R-1": (regel, ONDERZOEK, "in_onderzoek")}
    assert record.besloten_door == "engine"
    [answer] = outgoing(app)
    assert record.bericht_id == answer.id


def test_decision_records_say_why_a_request_is_in_onderzoek(client, app):
    client_bekend(app)
    send(client, jw315("VOT-1", P("R-1", omvang=(6001, "01", "6"))))
    record = beslissing(app, "R-1")
    assert (record.regelset, record.regel, record.uitkomst) == ("twente", "A2", ONDERZOEK)
    assert record.redenen[0] == (
        "A2 'Behandeling individueel': buiten de grenzen: 6.001 minuten overschrijdt 6.000"
    )
    assert "A3: geen vooroverleg (initieel) vastgelegd voor deze cliënt, aanbieder en product" in (
        record.redenen
    )


@pytest.mark.parametrize("zonder_regelset", ["toekennen"])
def test_gemeente_in_no_rule_set_with_zonder_regelset_toekennen_is_granted(client, app):
    client_bekend(app, gemeente=ZONDER)
    send(client, jw315("VOT-1", P("R-1", omvang=(99999, "01", "6"), eind=None), gemeente=ZONDER))
    assert sent_types(app) == ["JW301"]
    assert jw301s(app) == [[Toegewezen(1, "R-1", "45A48", START, None, (99999, "01", "6"))]]
    assert decided(app) == {"R-1": ("default", TOEKENNEN, "toegekend")}
    record = beslissing(app, "R-1")
    assert record.regelset is None
    assert record.redenen == ["geen regel van toepassing: standaarduitkomst toekennen"]
    assert record.beheer == [
        "gemeente 0344 valt onder geen regelset: de uitkomst is IJW_ZONDER_REGELSET"
    ]


@pytest.mark.parametrize("zonder_regelset", ["toekennen"])
def test_zonder_regelset_leaves_gemeenten_with_a_rule_set_alone(client, app):
    client_bekend(app)
    send(client, jw315("VOT-1", P("R-1", omvang=(6001, "01", "6"))))
    assert sent_types(app) == ["JW319"]
    assert decided(app) == {"R-1": ("A2", ONDERZOEK, "in_onderzoek")}


# --- several products in one VOT ------------------------------------------------------------


def test_mixed_vot_gets_one_jw301_and_one_jw319(client, app):
    client_bekend(app)
    send(
        client,
        jw315(
            "VOT-1",
            P("R-1", omvang=(6000, "01", "6")),
            P("R-2", code=VT, omvang=(25, "84", "6")),
        ),
    )
    assert sorted(sent_types(app)) == ["JW301", "JW319"]
    assert jw301s(app) == [[Toegewezen(1, "R-1", "45A48", START, EIND, (6000, "01", "6"))]]
    assert jw319s(app) == [onderzoek("R-2")]
    assert decided(app) == {
        "R-1": ("A1", TOEKENNEN, "toegekend"),
        "R-2": ("A5", ONDERZOEK, "in_onderzoek"),
    }


def test_granted_products_share_one_jw301_with_new_numbers_each_in_onderzoek_its_own_jw319(
    client, app
):
    client_bekend(app)
    send(
        client,
        jw315(
            "VOT-1",
            P("R-1", omvang=(6000, "01", "6")),
            P("R-2", code=VT, omvang=(24, "84", "6")),
            P("R-3", code="45A49", omvang=(10, "01", "6")),
            P("R-4", code="45A48", omvang=(1, "01", "6"), ingang=D(2027, 6, 1), eind=None),
        ),
    )
    assert sorted(sent_types(app)) == ["JW301", "JW319", "JW319"]
    assert jw301s(app) == [
        [
            Toegewezen(1, "R-1", "45A48", START, EIND, (6000, "01", "6")),
            Toegewezen(2, "R-2", VT, START, EIND, (24, "84", "6")),
        ]
    ]
    assert jw319s(app) == [onderzoek("R-3"), onderzoek("R-4")]
    assert decided(app) == {
        "R-1": ("A1", TOEKENNEN, "toegekend"),
        "R-2": ("A4", TOEKENNEN, "toegekend"),
        "R-3": ("default", ONDERZOEK, "in_onderzoek"),
        "R-4": ("A7", ONDERZOEK, "in_onderzoek"),  # R-1 used the same referral; else A2
    }


# --- the content of the JW301 (OP087, TR379, IV099) ----------------------------------------


def test_jw301_carries_the_other_current_toewijzingen_without_referentie_or_reden(client, app):
    client_bekend(app)
    toewijzing(app, 900, D(2026, 6, 1), D(2027, 3, 31), code=VT, omvang=(12, "84", "6"))
    toewijzing(app, 901, D(2026, 1, 1), D(2026, 10, 31), code="45A49", omvang=(60, "01", "2"))
    toewijzing(
        app, 902, D(2026, 6, 1), None, code="45A49", omvang=(600, "01", "6"), aanbieder="11111111"
    )
    send(client, jw315("VOT-1", P("R-1")))
    # 901 ended before today, 902 is another aanbieder's: neither is in this JW301; the new
    # number follows every number the gemeente used (TR332)
    assert jw301s(app) == [
        [
            Toegewezen(900, None, VT, D(2026, 6, 1), D(2027, 3, 31), (12, "84", "6")),
            Toegewezen(903, "R-1", "45A48", START, EIND, (6000, "01", "6")),
        ]
    ]


def test_a_later_vot_gets_a_new_number_and_the_earlier_grant_loses_its_referentie(client, app):
    client_bekend(app)
    send(client, jw315("VOT-1", P("R-1")))
    send(client, jw315("VOT-2", P("R-2", code=VT, omvang=(24, "84", "6"))))
    first, second = jw301s(app)
    assert first == [Toegewezen(1, "R-1", "45A48", START, EIND, (6000, "01", "6"))]
    assert second == [
        Toegewezen(1, None, "45A48", START, EIND, (6000, "01", "6")),
        Toegewezen(2, "R-2", VT, START, EIND, (24, "84", "6")),
    ]
    assert decided(app) == {
        "R-1": ("A1", TOEKENNEN, "toegekend"),
        "R-2": ("A4", TOEKENNEN, "toegekend"),
    }


def test_numbers_are_unique_per_gemeente(client, app):
    client_bekend(app)
    client_bekend(app, gemeente=REGIO_B)
    send(client, jw315("VOT-1", P("R-1"), P("R-2", code=VT, omvang=(24, "84", "6"))))
    send(
        client,
        jw315(
            "VOT-2",
            P("R-3", categorie="54", code="54001", omvang=(4680, "01", "6")),
            gemeente=REGIO_B,
        ),
    )
    # Another huisarts: the same one's referral would be used a second time (A7).
    andere_huisarts = ("02", "01099999", None)
    later = P("R-4", ingang=D(2027, 6, 1), eind=D(2027, 11, 30), verwijzer=andere_huisarts)
    send(client, jw315("VOT-3", later))
    numbers = [[p.nummer for p in bericht if p.referentie] for bericht in jw301s(app)]
    assert numbers == [[1, 2], [1], [3]]  # a series per gemeente (TR332)


def test_grant_without_contactgegevens_waits_and_sends_nothing(client, app, clock):
    send(client, jw315("VOT-1", P("R-1"), P("R-2", code=VT, omvang=(25, "84", "6"))))
    assert sent_types(app) == ["JW319"]  # only the onderzoek answer went
    assert jw319s(app) == [onderzoek("R-2")]
    assert decided(app) == {
        "R-1": ("A1", TOEKENNEN, "wacht_op_clientgegevens"),
        "R-2": ("A5", ONDERZOEK, "in_onderzoek"),
    }
    [waiting] = rows(app, Beslissing, Beslissing.regel == "A1")
    assert waiting.bericht_id is None
    assert [v.beantwoord_at for v in rows(app, Verzoek, Verzoek.referentie_aanbieder == "R-1")] == [
        None
    ]


def test_waiting_grant_is_sent_once_the_client_is_recorded_dated_at_the_decision(
    client, app, clock
):
    send(client, jw315("VOT-1", P("R-1")))
    assert sent_types(app) == []
    clock.moment = clock.moment + timedelta(days=1, hours=3)  # 2026-11-21 13:30 CET
    response = client.put(
        "/clientgegevens",
        json={
            "gemeente": TWENTE,
            "bsn": BSN,
            "geboortedatum": "2014-06-09",
            "geslacht": "2",
            "naam": {"achternaam": "Jansen"},
            "contacten": [CONTACT],
            "vastgelegd_door": "j.devries",
        },
    )
    assert response.status_code == 200, response.text
    assert sent_types(app) == ["JW301"]
    # Toewijzingsdatum/-tijd is when the engine decided; the Dagtekening is the send date
    assert jw301s(app) == [[Toegewezen(1, "R-1", "45A48", START, EIND, (6000, "01", "6"))]]
    assert jw301_header(app)["dagtekening"] == D(2026, 11, 21)
    assert decided(app) == {"R-1": ("A1", TOEKENNEN, "toegekend")}


@pytest.mark.parametrize(
    ("moment", "dagtekening", "datum", "tijd"),
    [
        pytest.param(
            datetime(2026, 11, 20, 23, 30, tzinfo=UTC),
            D(2026, 11, 21),
            D(2026, 11, 21),
            time(0, 30),
            id="after-midnight-in-the-netherlands",
        ),
        pytest.param(
            datetime(2027, 6, 15, 8, 0, tzinfo=UTC),
            D(2027, 6, 15),
            D(2027, 6, 15),
            time(10, 0),
            id="summer-time",
        ),
    ],
)
def test_toewijzingsdatum_and_tijd_are_dutch_time(
    client, app, clock, moment, dagtekening, datum, tijd
):
    clock.moment = moment
    client_bekend(app)
    product = P("R-1", ingang=D(2027, 7, 1), eind=D(2027, 12, 31))
    send(client, jw315("VOT-1", product, dagtekening=dagtekening))
    assert jw301s(app) == [[replace(granted(product), datum=datum, tijd=tijd)]]
    assert jw301_header(app)["dagtekening"] == datum
