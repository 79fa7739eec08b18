"""Rules A6/A7: the referral letter, recorded with PUT /verwijzingen before the JW315 arrives.

A6: care starts within one year of the letter (letter D allows a start until D + 1 year - 1
day). A7: a referral (same date, referrer, client and product) is used for one grant.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.persistence.models import Verzoek
from tests.api.berichten import AGB
from tests.api.flow import client_bekend, rows
from tests.decisions.scenarios.helpers import (
    DAG,
    EIND,
    HUISARTS,
    START,
    WIJKTEAM,
    Product,
    Toegewezen,
    beslissing,
    decided,
    granted,
    jw301s,
    jw315,
    jw319s,
    onderzoek,
    send,
    sent_types,
)

D = date
P = Product
ONE_YEAR_BEFORE = D(2025, 12, 2)
"""A letter of this date allows a start until 2026-12-01 = START."""
A_DAY_OLDER = D(2025, 12, 1)


def verwijzing(client, referentie: str, datum: date, *, gemeente="0153", verwijzer=HUISARTS):
    soort, code, naam = verwijzer
    body = {
        "gemeente": gemeente,
        "aanbieder": AGB,
        "referentie_aanbieder": referentie,
        "datum": datum.isoformat(),
        "verwijzer": {"type": soort}
        | ({"zorgverlener_code": code} if code else {})
        | ({"naam": naam} if naam else {}),
        "vastgelegd_door": "j.devries",
    }
    response = client.put("/verwijzingen", json=body)
    assert response.status_code == 201, response.text


def case(id_, request: Product, letter: date, regel: str, gemeente="0153", **figuren):
    return pytest.param(request, letter, regel, gemeente, figuren, id=id_)


SCENARIOS = [
    case(
        "A1-letter-exactly-one-year-old",
        P("R-1"),
        ONE_YEAR_BEFORE,
        "A1",
        referral_date="2025-12-02",
        referral_last_start="2026-12-01",
    ),
    case(
        "A6-letter-a-day-older",
        P("R-1"),
        A_DAY_OLDER,
        "A6",
        referral_date="2025-12-01",
        referral_last_start="2026-11-30",
    ),
    case("A6-before-A2", P("R-1", omvang=(6001, "01", "6")), A_DAY_OLDER, "A6", minutes=6001),
    case("A2-with-a-valid-letter", P("R-1", omvang=(6001, "01", "6")), ONE_YEAR_BEFORE, "A2"),
    case("A6-vaktherapie", P("R-1", code="45V01", omvang=(24, "84", "6")), A_DAY_OLDER, "A6"),
    case("A6-product-without-rule", P("R-1", code="45A49"), A_DAY_OLDER, "A6"),
    case(
        "A6-later-start",
        P("R-1", ingang=D(2027, 10, 2), eind=D(2027, 12, 31)),
        D(2026, 10, 1),
        "A6",
        referral_last_start="2027-09-30",
    ),
    case(
        "A1-recent-letter",
        P("R-1", ingang=D(2027, 9, 30), eind=D(2027, 12, 31)),
        D(2026, 10, 1),
        "A1",
        referral_last_start="2027-09-30",
    ),
    case(
        "default-non-medical-referrer-has-no-referral-rule",
        P("R-1", verwijzer=WIJKTEAM),
        A_DAY_OLDER,
        "default",
        referral_date=None,
    ),
    case(
        "B1-region-b-has-no-referral-rule",
        P("R-1", categorie="54", code="54001", omvang=(4680, "01", "6")),
        D(2024, 1, 1),
        "B1",
        "0363",
        referral_date=None,
    ),
]


@pytest.mark.parametrize(("request_", "letter", "regel", "gemeente", "figuren"), SCENARIOS)
def test_referral_date(client, app, request_, letter, regel, gemeente, figuren):
    client_bekend(app, gemeente=gemeente)
    verwijzing(client, "R-1", letter, gemeente=gemeente, verwijzer=request_.verwijzer)
    send(client, jw315("VOT-1", request_, gemeente=gemeente))

    if regel in ("A1", "B1"):
        assert sent_types(app) == ["JW301"]
        assert jw301s(app) == [[granted(request_)]]
        assert decided(app) == {"R-1": (regel, "toekennen", "toegekend")}
    else:
        assert sent_types(app) == ["JW319"]
        assert jw319s(app) == [onderzoek("R-1", gemeente)]
        assert decided(app) == {"R-1": (regel, "onderzoek", "in_onderzoek")}
    record = beslissing(app, "R-1")
    assert {name: record.figuren[name] for name in figuren} == figuren


def test_a6_record_asks_for_a_new_referral_and_keeps_what_would_have_fired(client, app):
    client_bekend(app)
    verwijzing(client, "R-1", A_DAY_OLDER)
    send(client, jw315("VOT-1", P("R-1")))
    assert beslissing(app, "R-1").redenen == [
        "A6: de verwijzing van 2025-12-01 staat een start toe tot en met 2026-11-30, de gevraagde"
        " start 2026-12-01 is later: een nieuwe verwijzing is nodig",
        "anders: A1 'Behandeling individueel': binnen de grenzen: 6.000 minuten, ten hoogste "
        "6.000; 2026-12-01..2027-05-31 (182 dagen), ten hoogste 12 maanden (laatste dag "
        "2027-11-30)",
    ]


LETTER = D(2026, 10, 1)
SECOND = P("R-2", ingang=D(2027, 6, 1), eind=D(2027, 11, 30))


@pytest.mark.parametrize(
    ("second", "letter", "verwijzer", "regel"),
    [
        pytest.param(SECOND, LETTER, HUISARTS, "A7", id="A7-same-referral-again"),
        pytest.param(SECOND, D(2026, 10, 2), HUISARTS, "A1", id="A1-another-letter"),
        pytest.param(SECOND, LETTER, ("02", "01099999", None), "A1", id="A1-another-huisarts"),
        pytest.param(
            P("R-2", code="45V01", omvang=(24, "84", "6")),
            LETTER,
            HUISARTS,
            "A4",
            id="A4-same-letter-another-product",
        ),
    ],
)
def test_referral_used_twice(client, app, second, letter, verwijzer, regel):
    client_bekend(app)
    verwijzing(client, "R-1", LETTER)
    send(client, jw315("VOT-1", P("R-1")))
    verwijzing(client, "R-2", letter, verwijzer=verwijzer)
    second = Product(**{**second.__dict__, "verwijzer": verwijzer})
    send(client, jw315("VOT-2", second))

    first = Toegewezen(1, "R-1", "45A48", START, EIND, (6000, "01", "6"))
    if regel == "A7":
        assert sent_types(app) == ["JW301", "JW319"]
        assert jw301s(app) == [[first]]
        assert jw319s(app) == [onderzoek("R-2")]
        assert decided(app) == {
            "R-1": ("A1", "toekennen", "toegekend"),
            "R-2": ("A7", "onderzoek", "in_onderzoek"),
        }
        assert beslissing(app, "R-2").redenen[0] == (
            "A7: een verwijzing van dezelfde verwijzer voor deze cliënt en dit product is al "
            "ingezet voor de eerdere toekenning van ReferentieAanbieder R-1 (verzoek 1, "
            "verwijsbrief van 2026-10-01); een verwijzing wordt eenmalig ingezet, een vervolg "
            "vraagt eerst contact met de gemeente"
        )
    else:
        assert sent_types(app) == ["JW301", "JW301"]
        again = Toegewezen(1, None, "45A48", START, EIND, (6000, "01", "6"))
        assert jw301s(app) == [[first], [again, granted(second, 2)]]
        assert decided(app) == {
            "R-1": ("A1", "toekennen", "toegekend"),
            "R-2": (regel, "toekennen", "toegekend"),
        }


def test_one_referral_is_used_once_within_one_vot(client, app):
    client_bekend(app)
    verwijzing(client, "R-1", LETTER)
    verwijzing(client, "R-2", LETTER)
    send(client, jw315("VOT-1", P("R-1"), SECOND))

    assert sent_types(app) == ["JW319", "JW301"]
    assert jw301s(app) == [[Toegewezen(1, "R-1", "45A48", START, EIND, (6000, "01", "6"))]]
    assert jw319s(app) == [onderzoek("R-2")]
    assert decided(app) == {
        "R-1": ("A1", "toekennen", "toegekend"),
        "R-2": ("A7", "onderzoek", "in_onderzoek"),
    }


# --- A7 from the stored requests: the JW315 names its referrer, a letter is not needed ----------

ANDERE_AANBIEDER = "11223344"
"""While the first request is open, its own aanbieder may send no other (9374)."""


BI_2000 = (2000, "01", "6")
"""Behandeling individueel, 2,000 minutes in total."""
EERSTE = P("R-1", omvang=BI_2000, ingang=D(2026, 12, 1), eind=D(2027, 2, 28))
VOLGENDE = P("R-2", omvang=BI_2000, ingang=D(2027, 3, 1), eind=D(2027, 5, 31))
"""The next 3 months for the same client, product and huisarts."""


def verzoek_json(client, referentie: str) -> dict:
    """The request as a gemeente worker reads it (GET /verzoeken/{id})."""
    [row] = rows(client.app, Verzoek, Verzoek.referentie_aanbieder == referentie)
    response = client.get(f"/verzoeken/{row.id}")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_referral_used_twice_without_any_letter_goes_to_onderzoek_naming_the_first(client, app):
    client_bekend(app)
    send(client, jw315("VOT-1", EERSTE))
    send(client, jw315("VOT-2", VOLGENDE))

    assert sent_types(app) == ["JW301", "JW319"]
    assert jw319s(app) == [onderzoek("R-2")]
    assert decided(app) == {
        "R-1": ("A1", "toekennen", "toegekend"),
        "R-2": ("A7", "onderzoek", "in_onderzoek"),
    }
    first = verzoek_json(client, "R-1")
    [record] = verzoek_json(client, "R-2")["beslissingen"]
    assert record["figuren"]["earlier_grant_verzoek_id"] == first["id"]
    assert record["figuren"]["earlier_grant_referentie"] == "R-1"
    assert record["beheer"] == ["A6 niet getoetst: de verwijsdatum is onbekend (PUT /verwijzingen)"]
    assert record["redenen"] == [
        "A7: een verwijzing van dezelfde verwijzer voor deze cliënt en dit product is al "
        f"ingezet voor de eerdere toekenning van ReferentieAanbieder R-1 (verzoek {first['id']}, "
        "zonder vastgelegde verwijsbrief); een verwijzing wordt eenmalig ingezet, een vervolg "
        "vraagt eerst contact met de gemeente",
        "anders: A1 'Behandeling individueel': binnen de grenzen: 2.000 minuten, ten hoogste "
        "6.000; 2027-03-01..2027-05-31 (92 dagen), ten hoogste 12 maanden (laatste dag "
        "2028-02-29)",
    ]


@pytest.mark.parametrize(
    ("brief", "regel"),
    [
        pytest.param(D(2026, 11, 17), "A1", id="letter-after-the-first-request-is-a-new-referral"),
        pytest.param(DAG, "A7", id="letter-of-the-first-requests-day-may-be-its-own"),
        pytest.param(D(2026, 10, 1), "A7", id="older-letter-may-be-the-one-used"),
    ],
)
def test_a_letter_for_the_new_request_alone_shows_a_new_referral_only_when_written_later(
    client, app, brief, regel
):
    client_bekend(app)
    send(client, jw315("VOT-1", EERSTE))  # Dagtekening 2026-11-16, no letter recorded
    verwijzing(client, "R-2", brief)
    send(client, jw315("VOT-2", VOLGENDE))

    assert decided(app)["R-2"][0] == regel
    record = beslissing(app, "R-2")
    assert record.figuren["earlier_grant_referentie"] == "R-1"
    if regel == "A1":
        first = verzoek_json(client, "R-1")["id"]
        assert record.redenen[-1] == (
            f"A7: de verwijsbrief van {brief} is een nieuwe verwijzing, niet die van de eerdere "
            f"toekenning van ReferentieAanbieder R-1 (verzoek {first}, zonder vastgelegde "
            "verwijsbrief)"
        )
        assert sent_types(app) == ["JW301", "JW301"]


@pytest.mark.parametrize(
    ("tweede", "regel"),
    [
        pytest.param(dict(aanbieder=ANDERE_AANBIEDER), "A7", id="another-aanbieder-same-referral"),
        pytest.param(dict(verwijzer=("02", "01099999", None)), "A1", id="another-huisarts"),
        pytest.param(dict(code="45A49"), "default", id="another-product"),
        pytest.param(dict(verwijzer=("05", "01012345", None)), "A1", id="another-referrer-type"),
    ],
)
def test_a7_compares_referrer_client_and_product_not_the_aanbieder(client, app, tweede, regel):
    client_bekend(app)
    send(client, jw315("VOT-1", EERSTE))
    aanbieder = tweede.pop("aanbieder", AGB)
    second = Product(**{**VOLGENDE.__dict__, **tweede})
    send(client, jw315("VOT-2", second, aanbieder=aanbieder))
    assert decided(app)["R-2"][0] == regel


def test_a_referrer_without_agb_code_is_known_by_name(client, app):
    client_bekend(app)
    jeugdarts = ("03", None, "Jeugdarts GGD Twente")
    send(client, jw315("VOT-1", Product(**{**EERSTE.__dict__, "verwijzer": jeugdarts})))
    zelfde = ("03", None, "jeugdarts ggd twente ")
    send(client, jw315("VOT-2", Product(**{**VOLGENDE.__dict__, "verwijzer": zelfde})))
    assert decided(app)["R-2"] == ("A7", "onderzoek", "in_onderzoek")


def test_a_request_in_onderzoek_has_not_used_its_referral(client, app):
    client_bekend(app)
    groot = P("R-1", omvang=(6001, "01", "6"))
    send(client, jw315("VOT-1", groot))
    send(client, jw315("VOT-2", VOLGENDE, aanbieder=ANDERE_AANBIEDER))
    assert decided(app) == {
        "R-1": ("A2", "onderzoek", "in_onderzoek"),
        "R-2": ("A1", "toekennen", "toegekend"),
    }


def test_a_grant_waiting_for_client_data_has_used_its_referral(client, app):
    send(client, jw315("VOT-1", EERSTE))  # no Contactgegevens: the JW301 waits
    send(client, jw315("VOT-2", VOLGENDE, aanbieder=ANDERE_AANBIEDER))
    assert decided(app) == {
        "R-1": ("A1", "toekennen", "wacht_op_clientgegevens"),
        "R-2": ("A7", "onderzoek", "in_onderzoek"),
    }
