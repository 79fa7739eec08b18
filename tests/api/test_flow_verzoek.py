"""VOT (JW315) and VOW (JW317) flows over HTTP with real XML, and the code each wrong step gets.

The clock stands at 2026-11-20; messages are dated 2026-11-16. A rejected message stores no
Verzoek (OP286).
"""

from __future__ import annotations

from datetime import date

from lxml import etree
from sqlalchemy import update

from app.persistence.models import Verzoek
from tests.api.berichten import Aangevraagd, Nieuw, TeWijzigen, vot, vow
from tests.api.flow import accepted, codes, post, rows, toewijzing

D = date
DAG = D(2026, 11, 16)
ANDER = "999900031"
INGANG = D(2026, 10, 1)
EIND = D(2027, 3, 31)
LATER = D(2026, 12, 1)
"""A GewensteIngangsdatum after the Dagtekening and inside [INGANG, EIND]."""
PER_WEEK = (90, "01", "2")


def _referenties(app) -> list[str]:
    return [v.referentie_aanbieder for v in rows(app, Verzoek)]


def _sluit(app, referentie: str, status: str = "toegewezen") -> None:
    """Give a verzoek a final answer (until the decisions issue does so)."""
    with app.state.services.sessionmaker.begin() as session:
        session.execute(
            update(Verzoek).where(Verzoek.referentie_aanbieder == referentie).values(status=status)
        )


def _vow(identificatie: str, referentie: str, **kwargs) -> bytes:
    return vow(identificatie, DAG, referentie, **kwargs)


# --- VOT accepted ------------------------------------------------------------------------------


def test_vot_is_accepted_and_stores_one_open_verzoek_per_product(client, app):
    body = vot(
        "VOT-1",
        DAG,
        Aangevraagd("R-1", D(2026, 12, 1), D(2027, 5, 31), omvang=(120, "01", "2")),
        Aangevraagd(
            "R-2",
            D(2026, 12, 1),
            D(2027, 2, 28),
            categorie="54",
            code=None,
            omvang=None,
            budget=250000,
        ),
    )
    response = post(client, body)
    assert accepted(response)
    assert [etree.QName(e).localname for e in etree.fromstring(response.content)] == ["Header"]
    specifiek, aspecifiek = rows(app, Verzoek)
    assert {v.soort for v in (specifiek, aspecifiek)} == {"VOT"}
    # no rule of Twente covers them yet: the engine put both in onderzoek
    assert {v.status for v in (specifiek, aspecifiek)} == {"in_onderzoek"}
    assert (
        specifiek.referentie_aanbieder,
        specifiek.aanbieder,
        specifiek.gemeente,
        specifiek.bsn,
        specifiek.dagtekening_date,
    ) == ("R-1", "87654321", "0153", "999900018", DAG)
    assert (
        specifiek.categorie,
        specifiek.code,
        specifiek.ingangsdatum_date,
        specifiek.einddatum_date,
        specifiek.volume,
        specifiek.eenheid,
        specifiek.frequentie,
        specifiek.budget,
        specifiek.verwijzer_type,
    ) == ("45", "45A48", D(2026, 12, 1), D(2027, 5, 31), 120, "01", "2", None, "02")
    assert (
        aspecifiek.referentie_aanbieder,
        aspecifiek.categorie,
        aspecifiek.code,
        aspecifiek.einddatum_date,
        aspecifiek.volume,
        aspecifiek.budget,
    ) == ("R-2", "54", None, D(2027, 2, 28), None, 250000)
    assert specifiek.bericht_id == aspecifiek.bericht_id


# --- 9347 --------------------------------------------------------------------------------------


def test_second_vot_reusing_a_referentie_gets_9347_on_that_product_only(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    again = vot(
        "VOT-2",
        DAG,
        Aangevraagd("R-9", LATER),
        Aangevraagd("R-1", LATER, code="45A49"),
        bsn=ANDER,
    )
    assert codes(post(client, again)) == {
        "Header": ["0200"],
        "AangevraagdProduct": ["0200", "9347"],
        "Client": ["0200"],
    }
    assert _referenties(app) == ["R-1"]


def test_referentie_of_a_rejected_vot_stays_free(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    rejected = vot("VOT-2", DAG, Aangevraagd("R-2", LATER), Aangevraagd("R-1", LATER, code="45A49"))
    assert not accepted(post(client, rejected))
    assert accepted(post(client, vot("VOT-3", DAG, Aangevraagd("R-2", LATER), bsn=ANDER)))
    assert _referenties(app) == ["R-1", "R-2"]


def test_vow_reusing_a_vot_referentie_gets_9347_on_verzoek(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    toewijzing(app, 2001, INGANG, EIND, bsn=ANDER)
    wijziging = _vow(
        "VOW-1", "R-1", te_wijzigen=[TeWijzigen(2001, LATER, EIND, PER_WEEK)], bsn=ANDER
    )
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["0200"],
        "Verzoek": ["9347"],
        "Client": ["0200"],
    }
    assert _referenties(app) == ["R-1"]


def test_vot_reusing_a_vow_referentie_gets_9347(client, app):
    toewijzing(app, 2001, INGANG, EIND, bsn=ANDER)
    wijziging = _vow(
        "VOW-1", "R-W", te_wijzigen=[TeWijzigen(2001, LATER, EIND, PER_WEEK)], bsn=ANDER
    )
    assert accepted(post(client, wijziging))
    retour = codes(post(client, vot("VOT-1", DAG, Aangevraagd("R-W", LATER))))
    assert retour["AangevraagdProduct"] == ["9347"]
    assert retour["Client"] == ["0200"]
    assert _referenties(app) == ["R-W"]


# --- 9374 --------------------------------------------------------------------------------------


def test_second_vot_while_the_first_is_open_gets_9374_on_client(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    second = vot("VOT-2", DAG, Aangevraagd("R-2", D(2027, 6, 1), D(2027, 12, 31)))
    assert codes(post(client, second)) == {
        "Header": ["0200"],
        "AangevraagdProduct": ["0200"],
        "Client": ["9374"],
    }
    assert _referenties(app) == ["R-1"]


def test_vot_is_accepted_once_the_earlier_one_is_answered(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    _sluit(app, "R-1")
    second = vot("VOT-2", DAG, Aangevraagd("R-2", D(2027, 6, 1), D(2027, 12, 31)))
    assert accepted(post(client, second))
    assert [(v.referentie_aanbieder, v.status) for v in rows(app, Verzoek)] == [
        ("R-1", "toegewezen"),
        ("R-2", "in_onderzoek"),
    ]


def test_one_open_product_of_a_vot_keeps_the_client_blocked(client, app):
    post(
        client,
        vot("VOT-1", DAG, Aangevraagd("R-1", LATER), Aangevraagd("R-2", LATER, code="45A49")),
    )
    _sluit(app, "R-1")
    second = vot("VOT-2", DAG, Aangevraagd("R-3", D(2027, 6, 1), D(2027, 12, 31)))
    assert codes(post(client, second))["Client"] == ["9374"]


def test_resend_after_9374_needs_a_new_identificatie(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    second = vot("VOT-2", DAG, Aangevraagd("R-2", D(2027, 6, 1), D(2027, 12, 31)))
    first_answer = post(client, second)
    _sluit(app, "R-1")
    # The byte-identical resend replays the stored 9374 retour; a new Identificatie is judged.
    assert post(client, second).content == first_answer.content
    resent = vot("VOT-3", DAG, Aangevraagd("R-2", D(2027, 6, 1), D(2027, 12, 31)))
    assert accepted(post(client, resent))


def test_open_vot_of_one_client_does_not_block_another_client(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    assert accepted(post(client, vot("VOT-2", DAG, Aangevraagd("R-2", LATER), bsn=ANDER)))
    assert [(v.referentie_aanbieder, v.bsn) for v in rows(app, Verzoek)] == [
        ("R-1", "999900018"),
        ("R-2", ANDER),
    ]


def test_open_vot_of_one_aanbieder_does_not_block_another_aanbieder(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    other = vot("VOT-1", DAG, Aangevraagd("R-1", LATER), aanbieder="12345678")
    assert accepted(post(client, other))
    assert len(rows(app, Verzoek)) == 2


def test_vow_while_a_vot_is_open_gets_9374_on_verzoek(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", D(2027, 4, 1), D(2027, 9, 30))))
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["0200"],
        "Verzoek": ["9374"],
        "Client": ["0200"],
    }
    assert _referenties(app) == ["R-1"]


def test_vot_while_a_vow_is_open_gets_9374(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert accepted(post(client, wijziging))
    later = vot("VOT-1", DAG, Aangevraagd("R-1", D(2027, 4, 1), D(2027, 9, 30), code="45A49"))
    assert codes(post(client, later))["Client"] == ["9374"]


def test_second_vow_while_the_first_is_open_gets_9374(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    eerste = _vow("VOW-1", "R-W1", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert accepted(post(client, eerste))
    tweede = _vow("VOW-2", "R-W2", te_wijzigen=[TeWijzigen(1001, LATER, EIND, (120, "01", "2"))])
    assert codes(post(client, tweede))["Verzoek"] == ["9374"]
    assert _referenties(app) == ["R-W1"]


def test_referentie_and_open_verzoek_are_judged_per_gemeente(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    elders = vot("VOT-2", DAG, Aangevraagd("R-1", LATER), gemeente="0164")
    assert accepted(post(client, elders))
    assert [(v.gemeente, v.referentie_aanbieder) for v in rows(app, Verzoek)] == [
        ("0153", "R-1"),
        ("0164", "R-1"),
    ]


def test_afgewezen_verzoek_is_no_longer_open(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    _sluit(app, "R-1", "afgewezen")
    assert accepted(post(client, vot("VOT-2", DAG, Aangevraagd("R-2", LATER))))


def test_verzoek_in_onderzoek_is_still_open(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", LATER)))
    _sluit(app, "R-1", "in_onderzoek")
    assert codes(post(client, vot("VOT-2", DAG, Aangevraagd("R-2", LATER))))["Client"] == ["9374"]


# --- VOW accepted ------------------------------------------------------------------------------


def test_vow_listing_every_current_toewijzing_is_accepted_and_stored(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 1002, INGANG, EIND, code="45A49")
    wijziging = _vow(
        "VOW-1",
        "R-W",
        ongewijzigd=[1001],
        te_wijzigen=[TeWijzigen(1002, LATER, EIND, (120, "01", "2"))],
    )
    assert accepted(post(client, wijziging))
    [stored] = rows(app, Verzoek)
    assert (
        stored.soort,
        stored.status,
        stored.referentie_aanbieder,
        stored.bsn,
        stored.reden_verzoek,
        stored.dagtekening_date,
    ) == ("VOW", "in_onderzoek", "R-W", "999900018", "2", DAG)


def test_vow_ending_one_toewijzing_and_adding_its_successor_is_accepted(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow(
        "VOW-1",
        "R-W",
        te_wijzigen=[TeWijzigen(1001, LATER, D(2026, 12, 31), PER_WEEK)],
        nieuw=[Nieuw(D(2027, 1, 1), D(2027, 6, 30), omvang=(120, "01", "2"))],
    )
    assert accepted(post(client, wijziging))


# --- 8187 --------------------------------------------------------------------------------------


def test_vow_naming_another_clients_toewijzing_gets_8187_without_naming_that_client(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 2001, INGANG, EIND, bsn=ANDER)
    wijziging = _vow(
        "VOW-1", "R-W", ongewijzigd=[1001], te_wijzigen=[TeWijzigen(2001, LATER, EIND, PER_WEEK)]
    )
    response = post(client, wijziging)
    assert codes(response) == {
        "Header": ["0200"],
        "OngewijzigdProduct": ["0200"],
        "TeWijzigenProduct": ["9351"],
        "Verzoek": ["0200"],
        "Client": ["8187"],
    }
    assert ANDER.encode() not in response.content
    assert rows(app, Verzoek) == []


def test_vow_naming_another_aanbieders_toewijzing_gets_8187(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 3001, INGANG, EIND, aanbieder="12345678")
    wijziging = _vow(
        "VOW-1", "R-W", ongewijzigd=[3001], te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)]
    )
    response = post(client, wijziging)
    retour = codes(response)
    assert retour["Client"] == ["8187"]
    assert retour["OngewijzigdProduct"] == ["9350"]
    assert b"12345678" not in response.content


# --- 9349 --------------------------------------------------------------------------------------


def test_vow_leaving_out_a_current_toewijzing_gets_9349_on_verzoek(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 1002, INGANG, EIND, code="45A49")
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["0200"],
        "Verzoek": ["9349"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


def test_vow_need_not_list_a_toewijzing_ended_before_today(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 1002, D(2026, 1, 1), D(2026, 11, 19), code="45A49")
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert accepted(post(client, wijziging))


def test_vow_must_list_a_toewijzing_ending_today(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 1002, D(2026, 1, 1), D(2026, 11, 20), code="45A49")
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert codes(post(client, wijziging))["Verzoek"] == ["9349"]


def test_vow_must_list_a_toewijzing_that_starts_in_the_future(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 1002, D(2027, 1, 1), D(2027, 6, 30), code="45A49")
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert codes(post(client, wijziging))["Verzoek"] == ["9349"]


# --- 9350 / 9351 -------------------------------------------------------------------------------


def test_ongewijzigd_naming_an_unknown_number_gets_9350(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow(
        "VOW-1", "R-W", ongewijzigd=[4242], te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)]
    )
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "OngewijzigdProduct": ["9350"],
        "TeWijzigenProduct": ["0200"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


def test_ongewijzigd_naming_an_ended_toewijzing_gets_9350(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 1002, D(2026, 1, 1), D(2026, 10, 31), code="45A49")
    wijziging = _vow(
        "VOW-1", "R-W", ongewijzigd=[1002], te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)]
    )
    assert codes(post(client, wijziging))["OngewijzigdProduct"] == ["9350"]


def test_te_wijzigen_naming_an_unknown_number_gets_9351(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow(
        "VOW-1",
        "R-W",
        ongewijzigd=[1001],
        te_wijzigen=[TeWijzigen(4242, LATER, EIND, PER_WEEK)],
    )
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "OngewijzigdProduct": ["0200"],
        "TeWijzigenProduct": ["9351"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


# --- 9357 --------------------------------------------------------------------------------------


def test_change_dated_before_the_dagtekening_but_after_the_ingang_gets_9357(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow(
        "VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, D(2026, 11, 1), EIND, (120, "01", "2"))]
    )
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["9357"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


def test_change_dated_on_the_dagtekening_gets_9357(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, DAG, EIND, (120, "01", "2"))])
    assert codes(post(client, wijziging))["TeWijzigenProduct"] == ["9357"]


def test_whole_period_change_from_the_original_ingang_is_accepted(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, INGANG, EIND, (120, "01", "2"))])
    assert accepted(post(client, wijziging))


def test_change_from_the_day_after_the_dagtekening_is_accepted(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow(
        "VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, D(2026, 11, 17), EIND, (120, "01", "2"))]
    )
    assert accepted(post(client, wijziging))


# --- 9373 --------------------------------------------------------------------------------------


def test_budget_change_from_a_later_date_gets_9373(client, app):
    toewijzing(app, 1001, INGANG, EIND, code=None, omvang=None, budget=500000)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, budget=600000)])
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["9373"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


def test_budget_change_from_the_original_ingang_is_accepted(client, app):
    toewijzing(app, 1001, INGANG, EIND, code=None, omvang=None, budget=500000)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, INGANG, EIND, budget=600000)])
    assert accepted(post(client, wijziging))


def test_einddatum_change_of_a_budget_toewijzing_from_a_later_date_is_accepted(client, app):
    toewijzing(app, 1001, INGANG, EIND, code=None, omvang=None, budget=500000)
    wijziging = _vow(
        "VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, D(2027, 1, 31), budget=500000)]
    )
    assert accepted(post(client, wijziging))


def test_total_frequentie_6_change_from_a_later_date_gets_9373(client, app):
    toewijzing(app, 1001, INGANG, EIND, omvang=(1000, "01", "6"))
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, (1200, "01", "6"))])
    assert codes(post(client, wijziging))["TeWijzigenProduct"] == ["9373"]


def test_leaving_a_total_frequentie_6_from_a_later_date_gets_9373(client, app):
    toewijzing(app, 1001, INGANG, EIND, omvang=(1000, "01", "6"))
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, (90, "01", "2"))])
    assert codes(post(client, wijziging))["TeWijzigenProduct"] == ["9373"]


def test_same_total_with_a_new_einddatum_from_a_later_date_is_accepted(client, app):
    toewijzing(app, 1001, INGANG, EIND, omvang=(1000, "01", "6"))
    wijziging = _vow(
        "VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, D(2027, 6, 30), (1000, "01", "6"))]
    )
    assert accepted(post(client, wijziging))


# --- 9411 / 9412 / 9375 ------------------------------------------------------------------------


def test_change_of_a_specific_toewijzing_without_omvang_gets_9411(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, D(2027, 1, 31))])
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["9411"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


def test_change_of_an_aspecific_toewijzing_with_omvang_gets_9412(client, app):
    toewijzing(app, 1001, INGANG, EIND, code=None, omvang=None, budget=500000)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["9412"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


def test_change_of_a_generic_toewijzing_with_omvang_gets_9375(client, app):
    toewijzing(app, 1001, INGANG, EIND, categorie=None, code=None, omvang=None, budget=500000)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, EIND, PER_WEEK)])
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["9375"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


def test_einddatum_change_of_a_generic_toewijzing_without_omvang_is_accepted(client, app):
    toewijzing(app, 1001, INGANG, EIND, categorie=None, code=None, omvang=None, budget=500000)
    wijziging = _vow("VOW-1", "R-W", te_wijzigen=[TeWijzigen(1001, LATER, D(2027, 1, 31))])
    assert accepted(post(client, wijziging))


# --- 9361 --------------------------------------------------------------------------------------


def test_nieuw_product_overlapping_an_ongewijzigd_one_gets_9361(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 1002, INGANG, EIND, code="45A49")
    wijziging = _vow(
        "VOW-1",
        "R-W",
        ongewijzigd=[1001],
        te_wijzigen=[TeWijzigen(1002, LATER, EIND, PER_WEEK)],
        nieuw=[Nieuw(D(2027, 3, 1), D(2027, 6, 30))],
    )
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "OngewijzigdProduct": ["0200"],
        "TeWijzigenProduct": ["0200"],
        "NieuwProduct": ["9361"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


def test_nieuw_product_overlapping_the_changed_period_gets_9361(client, app):
    toewijzing(app, 1001, INGANG, D(2026, 12, 31))
    wijziging = _vow(
        "VOW-1",
        "R-W",
        te_wijzigen=[TeWijzigen(1001, LATER, D(2027, 3, 31), PER_WEEK)],
        nieuw=[Nieuw(D(2027, 1, 1), D(2027, 6, 30))],
    )
    assert codes(post(client, wijziging))["NieuwProduct"] == ["9361"]


def test_aspecific_nieuw_product_overlaps_a_coded_one_of_its_categorie(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow(
        "VOW-1",
        "R-W",
        ongewijzigd=[1001],
        nieuw=[Nieuw(D(2027, 3, 1), D(2027, 6, 30), code=None, omvang=None, budget=100000)],
    )
    assert codes(post(client, wijziging))["NieuwProduct"] == ["9361"]


def test_nieuw_product_of_another_code_may_overlap(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    wijziging = _vow(
        "VOW-1",
        "R-W",
        ongewijzigd=[1001],
        nieuw=[Nieuw(D(2027, 1, 1), D(2027, 6, 30), code="45A49")],
    )
    assert accepted(post(client, wijziging))


def test_several_faults_are_each_reported_on_their_own_class(client, app):
    toewijzing(app, 1001, INGANG, EIND)
    toewijzing(app, 1002, INGANG, EIND, code="45A49")
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", D(2027, 4, 1), D(2027, 9, 30), code="45A50")))
    wijziging = _vow(
        "VOW-1",
        "R-1",
        te_wijzigen=[TeWijzigen(1001, D(2026, 11, 2), EIND)],
    )
    assert codes(post(client, wijziging)) == {
        "Header": ["0200"],
        "TeWijzigenProduct": ["9357", "9411"],
        "Verzoek": ["9347", "9374", "9349"],
        "Client": ["0200"],
    }
    assert _referenties(app) == ["R-1"]
