"""Start and stop flows over HTTP with real XML, and the codes each wrong step gets."""

from __future__ import annotations

from datetime import date

import pytest

from app.persistence.models import StartZorg, StopZorg
from tests.api.berichten import Regie, start, stop
from tests.api.flow import accepted, codes, post, rows, toewijzing

D = date
DAG = D(2026, 11, 16)
NR = 1001
BEGIN = D(2026, 10, 5)


@pytest.fixture
def granted(app):
    toewijzing(app, NR, D(2026, 10, 1), D(2027, 3, 31))
    toewijzing(app, 1002, D(2026, 10, 1), D(2027, 3, 31), code="45A49")


def _start(n: str, *producten: Regie):
    return start(n, DAG, *producten)


def _stop(n: str, *producten: Regie):
    return stop(n, DAG, *producten)


def _stopproduct(reden: str, einddatum: date, status: str = "1", begindatum: date = BEGIN):
    return Regie(NR, begindatum, status, reden=reden, einddatum=einddatum)


def test_start_then_stop_is_accepted_and_stored(client, app, granted):
    assert accepted(post(client, _start("S1", Regie(NR, BEGIN))))
    assert accepted(post(client, _stop("P1", _stopproduct("31", D(2026, 11, 13)))))
    [started] = rows(app, StartZorg)
    [stopped] = rows(app, StopZorg)
    assert (started.toewijzing_nummer, started.begindatum_date, started.status) == (
        NR,
        BEGIN,
        "actief",
    )
    assert (stopped.reden_beeindiging, stopped.einddatum_date, stopped.status) == (
        "31",
        D(2026, 11, 13),
        "actief",
    )


def test_temporary_then_definitive_stop_is_accepted(client, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    assert accepted(post(client, _stop("P1", _stopproduct("20", D(2026, 10, 31)))))
    assert accepted(post(client, _stop("P2", _stopproduct("31", D(2026, 11, 13)))))


def test_definitive_stop_with_earlier_einddatum_than_the_temporary_one_gets_9414(client, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    post(client, _stop("P1", _stopproduct("20", D(2026, 10, 31))))
    assert (
        "9414"
        in codes(post(client, _stop("P2", _stopproduct("31", D(2026, 10, 20)))))["StopProduct"]
    )


def test_second_temporary_stop_gets_9413(client, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    post(client, _stop("P1", _stopproduct("20", D(2026, 10, 31))))
    assert (
        "9413"
        in codes(post(client, _stop("P2", _stopproduct("20", D(2026, 11, 6)))))["StopProduct"]
    )


def test_stop_after_a_definitive_stop_gets_9415(client, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    post(client, _stop("P1", _stopproduct("31", D(2026, 10, 31))))
    assert (
        "9415"
        in codes(post(client, _stop("P2", _stopproduct("34", D(2026, 11, 6)))))["StopProduct"]
    )


def test_new_start_after_a_definitive_stop_is_accepted(client, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    post(client, _stop("P1", _stopproduct("31", D(2026, 10, 31))))
    assert accepted(post(client, _start("S2", Regie(NR, D(2026, 11, 9)))))


def test_stop_without_start_gets_9069_and_changes_nothing(client, app, granted):
    retour = codes(post(client, _stop("P1", _stopproduct("31", D(2026, 11, 13)))))
    assert retour["Header"] == ["0200"]
    assert retour["Client"] == ["0200"]
    assert retour["StopProduct"] == ["9069"]
    assert rows(app, StopZorg) == []


def test_second_start_without_stop_gets_9326(client, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    assert "9326" in codes(post(client, _start("S2", Regie(NR, D(2026, 11, 2)))))["StartProduct"]


def test_same_start_resent_under_a_new_identificatie_gets_9074(client, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    assert "9074" in codes(post(client, _start("S2", Regie(NR, BEGIN))))["StartProduct"]


def test_delete_a_start_then_it_is_gone(client, app, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    assert accepted(post(client, _start("S2", Regie(NR, BEGIN, "3"))))
    [deleted] = rows(app, StartZorg)
    assert deleted.status == "verwijderd"


def test_correct_a_start_by_delete_and_new_in_one_message(client, app, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    correction = _start("S2", Regie(NR, BEGIN, "3"), Regie(NR, D(2026, 10, 12)))
    assert accepted(post(client, correction))
    assert [(r.begindatum_date, r.status) for r in rows(app, StartZorg)] == [
        (BEGIN, "verwijderd"),
        (D(2026, 10, 12), "actief"),
    ]


def test_deleting_a_start_that_has_a_stop_gets_9071(client, app, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    post(client, _stop("P1", _stopproduct("31", D(2026, 10, 31))))
    assert "9071" in codes(post(client, _start("S2", Regie(NR, BEGIN, "3"))))["StartProduct"]
    assert [r.status for r in rows(app, StartZorg)] == ["actief"]


def test_deleting_a_start_never_delivered_gets_9063(client, granted):
    assert codes(post(client, _start("S1", Regie(NR, BEGIN, "3"))))["StartProduct"] == ["9063"]


def test_delete_and_resend_a_stop(client, app, granted):
    post(client, _start("S1", Regie(NR, BEGIN)))
    post(client, _stop("P1", _stopproduct("31", D(2026, 10, 31))))
    assert accepted(post(client, _stop("P2", _stopproduct("31", D(2026, 10, 31), "3"))))
    assert accepted(post(client, _stop("P3", _stopproduct("34", D(2026, 10, 30)))))
    assert [(r.reden_beeindiging, r.status) for r in rows(app, StopZorg)] == [
        ("31", "verwijderd"),
        ("34", "actief"),
    ]


def test_start_on_an_unknown_toewijzing_gets_9019(client, granted):
    assert codes(post(client, _start("S1", Regie(4242, BEGIN))))["StartProduct"] == ["9019"]


def test_start_on_someone_elses_toewijzing_gets_9019(client, granted):
    other = start("S1", DAG, Regie(NR, BEGIN), bsn="999900031")
    assert codes(post(client, other))["StartProduct"] == ["9019"]


def test_one_bad_product_rejects_the_whole_message(client, app, granted):
    both = _start("S1", Regie(NR, BEGIN), Regie(4242, BEGIN))
    retour = codes(post(client, both))
    assert retour["StartProduct"] == ["0200", "9019"]
    assert rows(app, StartZorg) == []
