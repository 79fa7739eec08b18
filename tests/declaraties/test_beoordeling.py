"""Line checks of a JW323 against stored state, without a database."""

from __future__ import annotations

from datetime import date

from lxml import etree

from app.declaraties.beoordeling import Debet, Stand, ToewijzingStand, Verbruik, beoordeel
from app.declaraties.lezen import read_declaratie
from app.declaraties.tarieven import load_tarieven
from tests.api.berichten import BSN
from tests.declaraties.berichten import Regel, declaratie

D = date
OKT = (D(2026, 10, 1), D(2026, 10, 31))


def _toewijzing(**kw) -> ToewijzingStand:
    values = dict(
        id=1,
        nummer=1,
        aanbieder="87654321",
        bsn=BSN,
        categorie="45",
        code="45A48",
        ingangsdatum=D(2026, 10, 1),
        einddatum=D(2027, 3, 31),
        volume=3,
        eenheid="04",
        frequentie="2",
        budget=None,
        reden_wijziging=None,
    )
    values.update(kw)
    return ToewijzingStand(**values)


def _judge(*regels: Regel, toewijzing=None, periode=OKT, **stand):
    root = etree.fromstring(declaratie("D1", D(2026, 11, 16), "DN1", periode, *regels))
    values = dict(
        toewijzingen={1: toewijzing or _toewijzing()},
        referenties=frozenset(),
        debets={},
        verbruik={},
    )
    values.update(stand)
    return beoordeel(read_declaratie(root), Stand(**values))


def test_hours_may_be_declared_in_minutes_but_not_in_days():
    oordeel = _judge(Regel("R1", 1, *OKT, 900, eenheid="01", tarief=100))
    assert oordeel.afgewezen == {}
    assert oordeel.geaccepteerd[0][2] == 900
    assert _judge(Regel("R1", 1, *OKT, 1, eenheid="14")).afgewezen == {0: ["9341"]}


def test_deleted_toewijzing_gets_9384():
    deleted = _toewijzing(reden_wijziging="13", einddatum=D(2026, 10, 1))
    assert _judge(Regel("R1", 1, *OKT, 1), toewijzing=deleted).afgewezen == {0: ["9384"]}


def test_product_periode_must_cover_whole_months_unless_the_toewijzing_does_not():
    midden = Regel("R1", 1, D(2026, 10, 5), D(2026, 10, 20), 1)
    assert _judge(midden).afgewezen == {0: ["9387", "9388"]}
    later = _toewijzing(ingangsdatum=D(2026, 10, 5), einddatum=D(2026, 10, 20))
    assert _judge(midden, toewijzing=later).afgewezen == {}


def test_amount_must_be_volume_times_tariff():
    assert _judge(Regel("R1", 1, *OKT, 2, bedrag=100)).afgewezen == {0: ["9346"]}


def test_earlier_use_counts_against_the_grant():
    earlier = {1: Verbruik()}
    earlier[1].tel(D(2026, 10, 31), 14 * 60, 0)
    assert _judge(Regel("R1", 1, *OKT, 2), verbruik=earlier).afgewezen == {0: ["9322"]}
    assert _judge(Regel("R1", 1, *OKT, 1), verbruik=earlier).afgewezen == {}


def test_a_credit_must_cancel_its_whole_debet():
    debets = {"R1": Debet(10, 1, 60000, False)}
    half = Regel("C1", 1, *OKT, 5, vorig="R1", credit=True)
    assert _judge(half, debets=debets).afgewezen == {0: ["8017"]}
    whole = Regel("C1", 1, *OKT, 10, vorig="R1", credit=True)
    oordeel = _judge(whole, debets=debets)
    assert oordeel.afgewezen == {} and oordeel.gecrediteerd == [10]


def test_budget_toewijzing_caps_the_amount():
    budget = _toewijzing(volume=None, eenheid=None, frequentie=None, budget=50000)
    assert _judge(Regel("R1", 1, *OKT, 9), toewijzing=budget).afgewezen == {0: ["9369"]}
    assert _judge(Regel("R1", 1, *OKT, 8), toewijzing=budget).afgewezen == {}


def test_contract_tariff_list_gives_0611(tmp_path):
    lijst = tmp_path / "tarieven.csv"
    lijst.write_text("categorie,code,eenheid,tarief\n45,45A48,04,6000\n")
    tarieven = load_tarieven(lijst)
    assert _judge(Regel("R1", 1, *OKT, 2), tarieven=tarieven).afgewezen == {}
    duur = Regel("R1", 1, *OKT, 2, tarief=7000)
    assert _judge(duur, tarieven=tarieven).afgewezen == {0: ["0611"]}
    anders = Regel("R1", 1, *OKT, 2, code="45A49")
    assert _judge(anders, tarieven=tarieven).afgewezen == {0: ["9340", "0611"]}


def test_a_malformed_tariff_list_names_its_line(tmp_path):
    lijst = tmp_path / "tarieven.csv"
    lijst.write_text("categorie,code,eenheid,tarief\n45,45A48,04,zestig\n")
    try:
        load_tarieven(lijst)
    except ValueError as error:
        assert "line 2" in str(error)
    else:
        raise AssertionError("a malformed tariff list was accepted")


def test_a_malformed_tariff_list_stops_start_up_naming_the_variable(tmp_path):
    from pydantic import ValidationError

    from app.config import Settings

    lijst = tmp_path / "tarieven.csv"
    lijst.write_text("code,tarief\n")
    try:
        Settings(database_url="sqlite://", gemeenten=("0153",), tarieven_file=lijst)
    except ValidationError as error:
        assert "tarieven_file" in str(error)
    else:
        raise AssertionError("a malformed tariff list was accepted")


AUG = (D(2026, 8, 1), D(2026, 8, 31))
SEP = (D(2026, 9, 1), D(2026, 9, 30))
NOV = (D(2026, 11, 1), D(2026, 11, 30))


def test_care_in_a_skipped_declaratieperiode_gets_8214():
    # TR318: after August, October's declaratie holds September care: September was a
    # period with care, so October does not follow the previous period as it must.
    vroeg = _toewijzing(ingangsdatum=D(2026, 8, 1))
    oordeel = _judge(
        Regel("R1", 1, *SEP, 1),
        Regel("R2", 1, *OKT, 1),
        toewijzing=vroeg,
        vorige_periode=AUG[0],
    )
    assert oordeel.afgewezen == {0: ["8214"]}
    # Months without care may be skipped (TR318's example), and care declared afterwards in
    # the period after the last one declared is fine (IV090).
    assert _judge(Regel("R2", 1, *OKT, 1), toewijzing=vroeg, vorige_periode=AUG[0]).afgewezen == {}
    assert _judge(Regel("R1", 1, *SEP, 1), toewijzing=vroeg, vorige_periode=SEP[0]).afgewezen == {}
    assert _judge(Regel("R1", 1, *SEP, 1), toewijzing=vroeg).afgewezen == {}


def test_product_periode_lies_within_one_current_or_earlier_declaratieperiode():
    # TR319 (9319): an earlier month may be declared; a later one, or two months in one, not.
    vroeg = _toewijzing(ingangsdatum=D(2026, 8, 1))
    assert _judge(Regel("R1", 1, *SEP, 1), toewijzing=vroeg).afgewezen == {}
    assert _judge(Regel("R1", 1, *NOV, 1), toewijzing=vroeg).afgewezen == {0: ["9319"]}
    twee = Regel("R1", 1, SEP[0], OKT[1], 1)
    assert "9319" in _judge(twee, toewijzing=vroeg).afgewezen[0]
