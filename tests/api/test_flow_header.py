"""Header and external-list checks over HTTP: 8848 (system date), S300 (CBS list), S329.

A header fault (8848, S300, 9056) gives a header-only retour: its codes and no Client. S329 is
judged per product class. The clock stands at 2026-11-20 09:30 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml import etree
from sqlalchemy import select

from app.config import Settings
from app.persistence.models import Bericht, BerichtSleutel, Ontvangst, StartZorg, Verzoek
from tests.api.berichten import Aangevraagd, Nieuw, Regie, TeWijzigen, start, vot, vow
from tests.api.flow import accepted, codes, post, rows, toewijzing
from tests.conftest import SERVED

D = date
DAG = D(2026, 11, 16)
VANDAAG = D(2026, 11, 20)
MORGEN = D(2026, 11, 21)
WEESP = "0457"
"""Merged into Amsterdam (0363): a CBS code up to and including 2022-03-23."""
LAATSTE_DAG_WEESP = D(2022, 3, 23)


@pytest.fixture
def productcodes() -> str | None:
    """The product code list's CSV text; None configures no list (S329 not checked)."""
    return None


@pytest.fixture
def settings(database_url, tmp_path, productcodes):
    path = None
    if productcodes is not None:
        path = tmp_path / "productcodes.csv"
        path.write_text(productcodes, encoding="utf-8")
    return Settings(database_url=database_url, gemeenten=(*SERVED, WEESP), productcodes_file=path)


def _has_client(response) -> bool:
    root = etree.fromstring(response.content)
    return any(etree.QName(child).localname == "Client" for child in root)


def _claims(app) -> set[tuple[str, str, str]]:
    with app.state.services.sessionmaker() as session:
        return {
            (s.afzender, s.berichtcode, s.identificatie)
            for s in session.scalars(select(BerichtSleutel))
        }


def _vot(identificatie: str, dagtekening: date = DAG, **kwargs) -> bytes:
    return vot(identificatie, dagtekening, Aangevraagd("R-1", D(2026, 12, 1)), **kwargs)


# --- 8848 --------------------------------------------------------------------------------------


def test_dagtekening_after_today_gets_header_only_8848_and_stores_only_the_message(client, app):
    response = post(client, _vot("VOT-1", MORGEN))
    assert codes(response) == {"Header": ["8848"]}
    assert not _has_client(response)
    assert rows(app, Verzoek) == []
    heen, retour = rows(app, Bericht)
    assert (heen.type, heen.richting, heen.uitkomst, heen.retourcodes) == (
        "JW315",
        "in",
        "afgekeurd",
        "8848",
    )
    assert (retour.type, retour.richting, retour.beantwoordt_id) == ("JW316", "uit", heen.id)


def test_dagtekening_on_today_is_accepted(client, app):
    assert accepted(post(client, _vot("VOT-1", VANDAAG)))
    assert [v.referentie_aanbieder for v in rows(app, Verzoek)] == ["R-1"]


def test_today_is_the_dutch_calendar_date(client, clock):
    clock.moment = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 00:30 on the 21st in NL
    assert accepted(post(client, _vot("VOT-1", MORGEN)))


def test_8848_hides_body_faults(client, app):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", D(2026, 12, 1))))
    reused = vot("VOT-2", MORGEN, Aangevraagd("R-1", D(2026, 12, 1)))  # 9347 and 9374 too
    assert codes(post(client, reused)) == {"Header": ["8848"]}


def test_8848_keeps_its_identificatie_claimed_and_a_byte_identical_resend_replays_it(
    client, app, clock
):
    body = _vot("VOT-1", MORGEN)
    first = post(client, body)
    clock.moment = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    again = post(client, body)
    assert again.content == first.content
    assert codes(again) == {"Header": ["8848"]}
    assert rows(app, Verzoek) == []
    assert [o.uitkomst for o in rows(app, Ontvangst)] == ["afgekeurd", "herhaald"]
    assert ("87654321", "446", "VOT-1") in _claims(app)
    assert len(rows(app, Bericht)) == 2  # the 8848'd message and its retour, nothing new


def test_8848_then_same_identificatie_with_other_bytes_gets_9056(client, app, clock):
    post(client, _vot("VOT-1", MORGEN))
    clock.moment = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    corrected = vot("VOT-1", MORGEN, Aangevraagd("R-1", D(2026, 12, 2)))
    response = post(client, corrected)
    assert codes(response) == {"Header": ["9056"]}
    assert not _has_client(response)
    assert rows(app, Verzoek) == []


def test_8848_then_a_new_identificatie_is_accepted_once_the_day_has_come(client, app, clock):
    post(client, _vot("VOT-1", MORGEN))
    clock.moment = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    assert accepted(post(client, _vot("VOT-2", MORGEN)))
    [verzoek] = rows(app, Verzoek)
    assert (verzoek.referentie_aanbieder, verzoek.dagtekening_date) == ("R-1", MORGEN)


# --- S300 --------------------------------------------------------------------------------------


def test_vot_to_a_gemeentecode_ended_before_every_date_gets_header_only_s300(client, app):
    response = post(client, _vot("VOT-1", gemeente=WEESP))
    assert codes(response) == {"Header": ["S300"]}
    assert not _has_client(response)
    assert rows(app, Verzoek) == []


def test_8848_and_s300_are_reported_together(client):
    assert codes(post(client, _vot("VOT-1", MORGEN, gemeente=WEESP))) == {
        "Header": ["8848", "S300"]
    }


def test_vot_to_an_old_code_is_valid_for_a_product_starting_on_its_last_day(client, app):
    body = vot("VOT-1", DAG, Aangevraagd("R-1", LAATSTE_DAG_WEESP, D(2027, 5, 31)), gemeente=WEESP)
    assert accepted(post(client, body))
    [verzoek] = rows(app, Verzoek)
    assert verzoek.gemeente == WEESP


def test_vot_to_an_old_code_for_a_product_starting_the_day_after_gets_s300(client):
    body = vot("VOT-1", DAG, Aangevraagd("R-1", D(2022, 3, 24), D(2027, 5, 31)), gemeente=WEESP)
    assert codes(post(client, body)) == {"Header": ["S300"]}


def test_start_to_an_old_code_with_begindatum_before_the_merger_is_accepted(client, app):
    toewijzing(app, 3001, D(2022, 1, 1), None, gemeente=WEESP)
    body = start("S-1", DAG, Regie(3001, D(2022, 1, 10)), gemeente=WEESP)
    assert accepted(post(client, body))
    [started] = rows(app, StartZorg)
    assert (started.gemeente, started.begindatum_date) == (WEESP, D(2022, 1, 10))


def test_start_to_an_old_code_counts_its_toewijzing_ingangsdatum(client, app):
    toewijzing(app, 3001, D(2022, 1, 1), None, gemeente=WEESP)
    body = start(
        "S-1", DAG, Regie(3001, D(2026, 11, 2), toewijzing_ingang=D(2022, 1, 1)), gemeente=WEESP
    )
    assert accepted(post(client, body))


def test_start_to_an_old_code_with_every_date_after_the_merger_gets_s300(client, app):
    toewijzing(app, 3001, D(2022, 1, 1), None, gemeente=WEESP)
    body = start(
        "S-1", DAG, Regie(3001, D(2026, 11, 2), toewijzing_ingang=D(2022, 4, 1)), gemeente=WEESP
    )
    assert codes(post(client, body)) == {"Header": ["S300"]}
    assert rows(app, StartZorg) == []


def test_vow_to_an_old_code_counts_the_ingangsdatum_of_the_toewijzing_it_changes(client, app):
    toewijzing(app, 3001, D(2022, 1, 1), None, gemeente=WEESP)
    wijziging = vow(
        "VOW-1", DAG, "R-W", te_wijzigen=[TeWijzigen(3001, D(2026, 12, 1))], gemeente=WEESP
    )
    assert "S300" not in codes(post(client, wijziging)).get("Header", [])


def test_vow_to_an_old_code_on_a_toewijzing_begun_after_the_merger_gets_s300(client, app):
    toewijzing(app, 3001, D(2022, 4, 1), None, gemeente=WEESP)
    wijziging = vow(
        "VOW-1", DAG, "R-W", te_wijzigen=[TeWijzigen(3001, D(2026, 12, 1))], gemeente=WEESP
    )
    assert codes(post(client, wijziging)) == {"Header": ["S300"]}


# --- S329 --------------------------------------------------------------------------------------

ZONDER_45A48 = "categorie,code\n45,45A49\n"
ONDER_ANDERE_CATEGORIE = "categorie,code,omschrijving\n46,45A48,elders\n45,45A49,\n"
MET_45A48 = "categorie,code\n45,45A48\n45,45A49\n"


@pytest.mark.parametrize("productcodes", [ZONDER_45A48, ONDER_ANDERE_CATEGORIE])
def test_vot_product_code_not_in_its_categorie_gets_s329(client, app):
    body = vot(
        "VOT-1",
        DAG,
        Aangevraagd("R-1", D(2026, 12, 1), code="45A49"),
        Aangevraagd("R-2", D(2026, 12, 1)),
    )
    assert codes(post(client, body)) == {
        "Header": ["0200"],
        "AangevraagdProduct": ["0200", "S329"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


@pytest.mark.parametrize("productcodes", [MET_45A48])
def test_vot_product_code_in_the_list_is_accepted(client, app):
    assert accepted(post(client, _vot("VOT-1")))
    assert len(rows(app, Verzoek)) == 1


def test_without_a_product_code_list_s329_is_not_checked(client, app):
    body = vot("VOT-1", DAG, Aangevraagd("R-1", D(2026, 12, 1), code="ZZZ99"))
    assert accepted(post(client, body))


@pytest.mark.parametrize("productcodes", [ZONDER_45A48])
def test_aspecific_product_is_not_checked_against_the_list(client):
    product = Aangevraagd("R-1", D(2026, 12, 1), categorie="54", code=None, omvang=None, budget=1)
    assert accepted(post(client, vot("VOT-1", DAG, product)))


@pytest.mark.parametrize("productcodes", [ZONDER_45A48])
def test_vow_nieuw_product_code_not_in_the_list_gets_s329(client, app):
    toewijzing(app, 1001, D(2026, 10, 1), D(2027, 3, 31), code="45A49")
    body = vow(
        "VOW-1", DAG, "R-W", ongewijzigd=[1001], nieuw=[Nieuw(D(2026, 12, 1), D(2027, 3, 31))]
    )
    assert codes(post(client, body)) == {
        "Header": ["0200"],
        "OngewijzigdProduct": ["0200"],
        "NieuwProduct": ["S329"],
        "Verzoek": ["0200"],
        "Client": ["0200"],
    }
    assert rows(app, Verzoek) == []


@pytest.mark.parametrize("productcodes", [ZONDER_45A48])
def test_start_product_code_not_in_the_list_gets_s329(client, app):
    toewijzing(app, 1001, D(2026, 10, 1), D(2027, 3, 31))
    body = start("S-1", DAG, Regie(1001, D(2026, 10, 5)))
    assert codes(post(client, body))["StartProduct"] == ["S329"]
    assert rows(app, StartZorg) == []
