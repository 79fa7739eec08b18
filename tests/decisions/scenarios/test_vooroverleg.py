"""Rule A3: a request beyond A1's limits is granted when a recorded vooroverleg covers it.

The vooroverleg is recorded with POST /vooroverleggen before the JW315 arrives.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.berichten import AGB, BSN
from tests.api.flow import client_bekend
from tests.decisions.scenarios.helpers import (
    Product,
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
AGREED_END = D(2027, 6, 30)
AKKOORD = {
    "gemeente": "0153",
    "aanbieder": AGB,
    "bsn": BSN,
    "product": {"categorie": "45", "code": "45A48"},
    "max_minuten": 7200,
    "einddatum": AGREED_END.isoformat(),
    "soort": "initieel",
    "vastgelegd_door": "j.devries",
}
ANDER_BSN = "999900031"


def case(id_, request: Product, regel: str, **akkoord):
    return pytest.param(request, AKKOORD | akkoord, regel, id=id_)


P = Product
BEYOND = (7200, "01", "6")

SCENARIOS = [
    case("A3-at-the-agreed-minutes-and-end", P("R-1", omvang=BEYOND, eind=AGREED_END), "A3"),
    case(
        "A3-below-the-agreed-minutes-and-end",
        P("R-1", omvang=(6500, "01", "6"), eind=D(2027, 6, 29)),
        "A3",
    ),
    case(
        "A3-longer-than-a-year",
        P("R-1", omvang=(6000, "01", "6"), eind=D(2027, 12, 31)),
        "A3",
        einddatum="2027-12-31",
    ),
    case(
        "A3-weekly-6006-minutes",
        P("R-1", omvang=(462, "01", "2"), ingang=D(2026, 12, 8), eind=D(2027, 3, 2)),
        "A3",
        max_minuten=6006,
        einddatum="2027-03-02",
    ),
    case("A2-one-minute-more", P("R-1", omvang=(7201, "01", "6"), eind=AGREED_END), "A2"),
    case("A2-one-day-longer", P("R-1", omvang=BEYOND, eind=D(2027, 7, 1)), "A2"),
    case("A2-open-end", P("R-1", omvang=BEYOND, eind=None), "A2"),
    case(
        "A2-korte-verlenging-is-no-initial-agreement",
        P("R-1", omvang=BEYOND, eind=AGREED_END),
        "A2",
        soort="korte_verlenging",
    ),
    case(
        "A2-lange-verlenging-is-no-initial-agreement",
        P("R-1", omvang=BEYOND, eind=AGREED_END),
        "A2",
        soort="lange_verlenging",
    ),
    case(
        "A2-agreed-for-another-product",
        P("R-1", omvang=BEYOND, eind=AGREED_END),
        "A2",
        product={"categorie": "45", "code": "45V01"},
    ),
    case(
        "A2-agreed-for-another-client",
        P("R-1", omvang=BEYOND, eind=AGREED_END),
        "A2",
        bsn=ANDER_BSN,
    ),
    case(
        "A2-agreed-with-another-aanbieder",
        P("R-1", omvang=BEYOND, eind=AGREED_END),
        "A2",
        aanbieder="11111111",
    ),
    case(
        "A2-agreed-in-another-gemeente",
        P("R-1", omvang=BEYOND, eind=AGREED_END),
        "A2",
        gemeente="0344",
    ),
    case("A1-within-limits-needs-no-agreement", P("R-1", omvang=(6000, "01", "6")), "A1"),
    case(
        "A5-vaktherapie-has-no-vooroverleg-rule",
        P("R-1", code="45V01", omvang=(2201, "01", "6"), eind=AGREED_END),
        "A5",
        product={"categorie": "45", "code": "45V01"},
    ),
]


@pytest.mark.parametrize(("product", "akkoord", "regel"), SCENARIOS)
def test_vooroverleg(client, app, product, akkoord, regel):
    client_bekend(app)
    response = client.post("/vooroverleggen", json=akkoord)
    assert response.status_code == 201, response.text
    send(client, jw315("VOT-1", product))

    if regel in ("A1", "A3"):
        assert sent_types(app) == ["JW301"]
        assert jw301s(app) == [[granted(product)]]
        assert decided(app) == {"R-1": (regel, "toekennen", "toegekend")}
    else:
        assert sent_types(app) == ["JW319"]
        assert jw319s(app) == [onderzoek("R-1")]
        assert decided(app) == {"R-1": (regel, "onderzoek", "in_onderzoek")}
    figuren = beslissing(app, "R-1").figuren
    if regel == "A3":
        assert (figuren["vooroverleg_max_minutes"], figuren["vooroverleg_end_date"]) == (
            akkoord["max_minuten"],
            akkoord["einddatum"],
        )
    else:
        assert (figuren["vooroverleg_max_minutes"], figuren["vooroverleg_end_date"]) == (None, None)


def test_a3_record_names_the_agreement_and_what_it_overrode(client, app):
    client_bekend(app)
    assert client.post("/vooroverleggen", json=AKKOORD).status_code == 201
    send(client, jw315("VOT-1", P("R-1", omvang=BEYOND, eind=AGREED_END)))
    record = beslissing(app, "R-1")
    assert record.redenen[:2] == [
        "A3 'Behandeling individueel': gedekt door een vooroverleg van ten hoogste 7.200 minuten "
        "tot en met 2027-06-30",
        "zonder vooroverleg: A2 'Behandeling individueel': buiten de grenzen: 7.200 minuten "
        "overschrijdt 6.000",
    ]
