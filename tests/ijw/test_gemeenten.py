from datetime import date
from pathlib import Path

import pytest

from app.checks.cross.context import Gemeentelijst as GemeentelijstProtocol
from app.ijw.gemeenten import Gemeente, Gemeentelijst, load_gemeenten

TWENTE = {
    "0141": "Almelo",
    "0147": "Borne",
    "1774": "Dinkelland",
    "0153": "Enschede",
    "0158": "Haaksbergen",
    "0163": "Hellendoorn",
    "0164": "Hengelo (O.)",
    "1735": "Hof van Twente",
    "0168": "Losser",
    "0173": "Oldenzaal",
    "1742": "Rijssen-Holten",
    "0183": "Tubbergen",
    "1700": "Twenterand",
    "0189": "Wierden",
}


@pytest.fixture(scope="module")
def lijst() -> Gemeentelijst:
    return load_gemeenten()


def aantal_geldig(lijst: Gemeentelijst, datum: date) -> int:
    return sum(gemeente.geldig_op(datum) for gemeente in lijst)


def test_bundled_list_satisfies_the_cross_check_protocol(lijst):
    protocol: GemeentelijstProtocol = lijst
    assert protocol.geldig_op("0153", date(2025, 1, 1))


def test_default_load_is_read_once(lijst):
    assert load_gemeenten() is lijst


def test_all_twente_gemeenten_are_valid_with_their_names(lijst):
    for code, naam in TWENTE.items():
        assert lijst.geldig_op(code, date(2025, 1, 1)), code
        assert lijst.geldig_op(code, date(2026, 1, 1)), code
        assert lijst.naam(code) == naam


# CBS's published number of gemeenten on each date; Weesp joined Amsterdam on 24 March 2022.
@pytest.mark.parametrize(
    ("datum", "aantal"),
    [
        (date(2014, 12, 31), 403),
        (date(2015, 1, 1), 393),
        (date(2016, 1, 1), 390),
        (date(2017, 1, 1), 388),
        (date(2018, 1, 1), 380),
        (date(2019, 1, 1), 355),
        (date(2020, 1, 1), 355),
        (date(2021, 1, 1), 352),
        (date(2022, 1, 1), 345),
        (date(2022, 3, 23), 345),
        (date(2022, 3, 24), 344),
        (date(2023, 1, 1), 342),
        (date(2024, 1, 1), 342),
        (date(2025, 1, 1), 342),
        (date(2026, 1, 1), 342),
    ],
)
def test_number_of_valid_gemeenten_matches_cbs(lijst, datum, aantal):
    assert aantal_geldig(lijst, datum) == aantal


def test_rows_cover_every_gemeente_since_2014(lijst):
    assert len(lijst) == 426


@pytest.mark.parametrize(
    ("code", "laatste_dag"),
    [
        ("0003", date(2020, 12, 31)),  # Appingedam, into Eemsdelta
        ("0010", date(2020, 12, 31)),  # Delfzijl, into Eemsdelta
        ("0024", date(2020, 12, 31)),  # Loppersum, into Eemsdelta
        ("0140", date(2017, 12, 31)),  # Littenseradiel, split three ways
        ("0856", date(2021, 12, 31)),  # Uden, into Maashorst
        ("1685", date(2021, 12, 31)),  # Landerd, into Maashorst
        ("0457", date(2022, 3, 23)),  # Weesp, into Amsterdam
        ("0614", date(2022, 12, 31)),  # Westvoorne, into Voorne aan Zee
        ("0478", date(2015, 12, 31)),  # Zeevang, into Edam-Volendam
    ],
)
def test_dissolved_code_is_valid_up_to_and_including_its_last_day(lijst, code, laatste_dag):
    assert lijst.geldig_op(code, date(2015, 1, 1))
    assert lijst.geldig_op(code, laatste_dag)
    assert not lijst.geldig_op(code, date.fromordinal(laatste_dag.toordinal() + 1))
    assert lijst.bekend(code)


@pytest.mark.parametrize(
    ("code", "eerste_dag"),
    [
        ("1979", date(2021, 1, 1)),  # Eemsdelta
        ("1991", date(2022, 1, 1)),  # Maashorst
        ("1982", date(2022, 1, 1)),  # Land van Cuijk
        ("1980", date(2022, 1, 1)),  # Dijk en Waard
        ("1992", date(2023, 1, 1)),  # Voorne aan Zee
        ("1949", date(2018, 1, 1)),  # Waadhoeke
    ],
)
def test_new_code_is_not_valid_before_its_first_day(lijst, code, eerste_dag):
    assert not lijst.geldig_op(code, date.fromordinal(eerste_dag.toordinal() - 1))
    assert lijst.geldig_op(code, eerste_dag)
    assert lijst.geldig_op(code, date(2026, 1, 1))


def test_absorbing_gemeente_keeps_its_code_across_the_herindeling(lijst):
    for datum in (date(2022, 3, 23), date(2022, 3, 24)):
        assert lijst.geldig_op("0363", datum)  # Amsterdam, before and after Weesp


def test_unknown_code_is_never_valid(lijst):
    assert not lijst.geldig_op("9999", date(2025, 1, 1))
    assert not lijst.bekend("9999")
    assert lijst.naam("9999") is None


def test_name_of_a_dissolved_gemeente(lijst):
    assert lijst.naam("0003") == "Appingedam"
    assert lijst.naam("0820") == "Nuenen, Gerwen en Nederwetten"


def test_constructing_a_list_with_a_code_twice_is_refused():
    gemeente = Gemeente("0153", "Enschede", None, None)
    with pytest.raises(ValueError, match="0153"):
        Gemeentelijst([gemeente, gemeente])


def schrijf(tmp_path: Path, tekst: str) -> Path:
    pad = tmp_path / "gemeenten.csv"
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_reads_a_file_given_by_path(tmp_path):
    pad = schrijf(
        tmp_path,
        "code,naam,geldig_van,geldig_tot\n"
        "0153,Enschede,,\n"
        "1979,Eemsdelta,2021-01-01,\n"
        "0003,Appingedam,,2020-12-31\n",
    )
    lijst = load_gemeenten(pad)
    assert len(lijst) == 3
    assert lijst.geldig_op("0003", date(2020, 12, 31))
    assert not lijst.geldig_op("0003", date(2021, 1, 1))
    assert not lijst.geldig_op("1979", date(2020, 12, 31))


@pytest.mark.parametrize(
    ("tekst", "regel", "probleem"),
    [
        ("", 1, "empty file"),
        ("code,naam,van,tot\n0153,Enschede,,\n", 1, "header is 'code,naam,van,tot'"),
        ("code,naam,geldig_van,geldig_tot\n", 1, "lists no gemeenten"),
        ("code,naam,geldig_van,geldig_tot\n0153,Enschede,\n", 2, "expected 4 fields, found 3"),
        ("code,naam,geldig_van,geldig_tot\n153,Enschede,,\n", 2, "code '153' is not four digits"),
        ("code,naam,geldig_van,geldig_tot\n0153,,,\n", 2, "empty naam"),
        (
            "code,naam,geldig_van,geldig_tot\n0153,Enschede,,\n0003,Appingedam,,2020-02-30\n",
            3,
            "geldig_tot '2020-02-30' is not a date",
        ),
        (
            "code,naam,geldig_van,geldig_tot\n0003,Appingedam,,20201231\n",
            2,
            "geldig_tot '20201231' is not a date",
        ),
        (
            "code,naam,geldig_van,geldig_tot\n1979,Eemsdelta,2021-01-01,2020-12-31\n",
            2,
            "geldig_tot 2020-12-31 is before geldig_van 2021-01-01",
        ),
        (
            "code,naam,geldig_van,geldig_tot\n0153,Enschede,,\n\n0153,Enschede,,\n",
            4,
            "code 0153 is already on line 2",
        ),
        ('code,naam,geldig_van,geldig_tot\n0153,"Enschede,,\n', 2, "not valid CSV"),
    ],
)
def test_malformed_file_names_file_line_and_problem(tmp_path, tekst, regel, probleem):
    pad = schrijf(tmp_path, tekst)
    with pytest.raises(ValueError) as info:
        load_gemeenten(pad)
    bericht = str(info.value)
    assert bericht.startswith(f"{pad}, line {regel}: ")
    assert probleem in bericht


def test_file_that_is_not_utf8_names_the_line(tmp_path):
    pad = tmp_path / "gemeenten.csv"
    pad.write_bytes(b"code,naam,geldig_van,geldig_tot\n0080,Ljouwert \xe2\x28,,\n")
    with pytest.raises(ValueError, match=r", line 2: not UTF-8 text"):
        load_gemeenten(pad)
