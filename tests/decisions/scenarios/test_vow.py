"""VOW scenarios: a JW317 decided whole and honoured 1:1 (IV093), after a VOT the engine granted.

Extending a medically referred 'Behandeling individueel' needs an agreed short extension
(vooroverleg korte_verlenging) that covers it; Vaktherapie is held to its A4 limits.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.api.berichten import AGB, BSN, Nieuw, TeWijzigen, vow
from tests.api.flow import client_bekend, toewijzing
from tests.decisions.scenarios.helpers import (
    EIND,
    START,
    TODAY,
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
BI = P("R-1", omvang=(6000, "01", "6"))
VT = P("R-1", code="45V01", omvang=(20, "84", "6"))
VERLENGD = D(2027, 8, 31)


def korte_verlenging(client, max_minuten=6000, einddatum=VERLENGD, soort="korte_verlenging"):
    response = client.post(
        "/vooroverleggen",
        json={
            "gemeente": "0153",
            "aanbieder": AGB,
            "bsn": BSN,
            "product": {"categorie": "45", "code": "45A48"},
            "max_minuten": max_minuten,
            "einddatum": einddatum.isoformat(),
            "soort": soort,
            "vastgelegd_door": "j.devries",
        },
    )
    assert response.status_code == 201, response.text


def granted_first(client, app, product: Product) -> None:
    client_bekend(app)
    send(client, jw315("VOT-1", product))
    assert jw301s(app) == [[granted(product)]]


def case(id_, vooroverleg: dict | None, eind, omvang, regel: str):
    return pytest.param(vooroverleg, eind, omvang, regel, id=id_)


KORT = {}
SCENARIOS = [
    case("A3-agreed-short-extension", KORT, VERLENGD, (6000, "01", "6"), "A3"),
    case(
        "A3-agreed-extension-with-more-minutes",
        {"max_minuten": 7000},
        VERLENGD,
        (7000, "01", "6"),
        "A3",
    ),
    case("A2-no-vooroverleg", None, VERLENGD, (6000, "01", "6"), "A2"),
    case(
        "A2-agreed-a-day-shorter", {"einddatum": D(2027, 8, 30)}, VERLENGD, (6000, "01", "6"), "A2"
    ),
    case(
        "A2-agreed-fewer-minutes",
        {"max_minuten": 6999},
        VERLENGD,
        (7000, "01", "6"),
        "A2",
    ),
    case("A2-initieel-is-no-extension", {"soort": "initieel"}, VERLENGD, (6000, "01", "6"), "A2"),
    case(
        "A2-lange-verlenging-is-the-gemeentes-own-301",
        {"soort": "lange_verlenging"},
        VERLENGD,
        (6000, "01", "6"),
        "A2",
    ),
    case("A2-open-end", KORT, None, (6000, "01", "6"), "A2"),
    case("default-shortening-extends-nothing", KORT, D(2027, 4, 30), (6000, "01", "6"), "default"),
]


@pytest.mark.parametrize(("vooroverleg", "eind", "omvang", "regel"), SCENARIOS)
def test_extension_of_behandeling_individueel(client, app, vooroverleg, eind, omvang, regel):
    granted_first(client, app, BI)
    if vooroverleg is not None:
        korte_verlenging(client, **vooroverleg)
    send(client, vow("VOW-1", TODAY, "VOW-1", te_wijzigen=[TeWijzigen(1, START, eind, omvang)]))

    if regel == "A3":
        assert sent_types(app) == ["JW301", "JW301"]
        assert jw301s(app)[1] == [Toegewezen(1, "VOW-1", "45A48", START, eind, omvang, "12")]
        assert decided(app) == {
            "R-1": ("A1", "toekennen", "toegekend"),
            "VOW-1": ("A3", "toekennen", "toegekend"),
        }
    else:
        assert sent_types(app) == ["JW301", "JW319"]
        assert jw319s(app) == [onderzoek("VOW-1")]
        assert decided(app) == {
            "R-1": ("A1", "toekennen", "toegekend"),
            "VOW-1": (regel, "onderzoek", "in_onderzoek"),
        }


@pytest.mark.parametrize(
    ("eind", "omvang", "regel"),
    [
        pytest.param(D(2027, 11, 30), (24, "84", "6"), "A4", id="A4-to-one-year-24-sessions"),
        pytest.param(D(2027, 12, 1), (24, "84", "6"), "A5", id="A5-one-year-and-a-day"),
        pytest.param(D(2027, 11, 30), (25, "84", "6"), "A5", id="A5-25-sessions"),
    ],
)
def test_extension_of_vaktherapie_is_held_to_its_limits(client, app, eind, omvang, regel):
    granted_first(client, app, VT)
    send(client, vow("VOW-1", TODAY, "VOW-1", te_wijzigen=[TeWijzigen(1, START, eind, omvang)]))
    if regel == "A4":
        assert jw301s(app)[1] == [Toegewezen(1, "VOW-1", "45V01", START, eind, omvang, "12")]
        assert decided(app)["VOW-1"] == ("A4", "toekennen", "toegekend")
    else:
        assert sent_types(app) == ["JW301", "JW319"]
        assert jw319s(app) == [onderzoek("VOW-1")]
        assert decided(app)["VOW-1"] == ("A5", "onderzoek", "in_onderzoek")


def test_granted_vow_gives_every_product_its_referentie_and_only_changed_ones_a_reden(client, app):
    client_bekend(app)
    send(client, jw315("VOT-1", BI, P("R-2", code="45V01", omvang=(20, "84", "6"))))
    korte_verlenging(client)
    send(
        client,
        vow(
            "VOW-1",
            TODAY,
            "VOW-1",
            ongewijzigd=[2],
            te_wijzigen=[TeWijzigen(1, START, VERLENGD, (6000, "01", "6"))],
        ),
    )
    assert jw301s(app)[1] == [
        Toegewezen(1, "VOW-1", "45A48", START, VERLENGD, (6000, "01", "6"), "12"),
        Toegewezen(2, "VOW-1", "45V01", START, EIND, (20, "84", "6")),
    ]
    assert beslissing(app, "VOW-1").regel == "A3"


def test_granted_vow_redates_only_the_changed_toewijzing(client, app, clock):
    client_bekend(app)
    send(client, jw315("VOT-1", BI, P("R-2", code="45V01", omvang=(20, "84", "6"))))
    korte_verlenging(client)
    clock.moment = clock.moment + timedelta(days=1)  # 2026-11-21 10:30 CET
    send(
        client,
        vow(
            "VOW-1",
            D(2026, 11, 21),
            "VOW-1",
            ongewijzigd=[2],
            te_wijzigen=[TeWijzigen(1, START, VERLENGD, (6000, "01", "6"))],
        ),
    )
    # IV013: a change gets the new decision moment, an unchanged resend keeps its own
    assert jw301s(app)[1] == [
        Toegewezen(1, "VOW-1", "45A48", START, VERLENGD, (6000, "01", "6"), "12", D(2026, 11, 21)),
        Toegewezen(2, "VOW-1", "45V01", START, EIND, (20, "84", "6"), None, D(2026, 11, 20)),
    ]


def test_vow_with_a_nieuw_product_gets_the_default_outcome(client, app):
    granted_first(client, app, BI)
    send(
        client,
        vow(
            "VOW-1",
            TODAY,
            "VOW-1",
            ongewijzigd=[1],
            nieuw=[Nieuw(D(2027, 1, 4), D(2027, 3, 28), code="45V01", omvang=(10, "84", "6"))],
        ),
    )
    assert jw319s(app) == [onderzoek("VOW-1")]
    assert decided(app)["VOW-1"] == ("default", "onderzoek", "in_onderzoek")
    assert beslissing(app, "VOW-1").redenen == [
        "NieuwProduct 1: een NieuwProduct: standaarduitkomst onderzoek"
    ]


@pytest.mark.parametrize(
    ("zonder_regelset", "types"),
    [("onderzoek", ["JW319"]), ("toekennen", ["JW301"])],
)
def test_vow_for_a_gemeente_in_no_rule_set(client, app, zonder_regelset, types):
    client_bekend(app, gemeente="0344")
    toewijzing(app, 7, START, EIND, gemeente="0344", omvang=(6000, "01", "6"))
    send(
        client,
        vow(
            "VOW-1",
            TODAY,
            "VOW-1",
            te_wijzigen=[TeWijzigen(7, START, VERLENGD, (6000, "01", "6"))],
            gemeente="0344",
        ),
    )
    assert sent_types(app) == types
    if zonder_regelset == "toekennen":
        assert jw301s(app) == [
            [Toegewezen(7, "VOW-1", "45A48", START, VERLENGD, (6000, "01", "6"), "12")]
        ]
        assert decided(app) == {"VOW-1": ("default", "toekennen", "toegekend")}
    else:
        assert jw319s(app) == [onderzoek("VOW-1", "0344")]
        assert decided(app) == {"VOW-1": ("default", "onderzoek", "in_onderzoek")}
