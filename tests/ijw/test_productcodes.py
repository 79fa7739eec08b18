from pathlib import Path

import pytest

from app.checks.cross.context import Productcodelijst as ProductcodelijstProtocol
from app.ijw.productcodes import CATEGORIEEN, load_productcodes


def schrijf(tmp_path: Path, tekst: str) -> Path:
    pad = tmp_path / "productcodes.csv"
    pad.write_text(tekst, encoding="utf-8")
    return pad


def test_categories_are_those_of_jz020():
    assert sorted(CATEGORIEEN) == [str(n) for n in [*range(31, 39), *range(40, 56)]]
    assert "39" not in CATEGORIEEN


def test_pairs_with_omschrijving(tmp_path):
    pad = schrijf(
        tmp_path,
        "categorie,code,omschrijving\n"
        '45,45A01,"Ambulante jeugdhulp, individueel"\n'
        "45,45A02,Ambulante jeugdhulp groep\n"
        "54,45A01,zelfde code in een andere categorie\n",
    )
    lijst = load_productcodes(pad)
    protocol: ProductcodelijstProtocol = lijst
    assert len(lijst) == 3
    assert protocol.past("45", "45A01")
    assert lijst.past("54", "45A01")
    assert not lijst.past("46", "45A01")
    assert not lijst.past("45", "45A03")


def test_pairs_without_omschrijving_and_with_spaces_bom_and_blank_lines(tmp_path):
    pad = tmp_path / "productcodes.csv"
    pad.write_bytes("\ufeffCategorie , Code\r\n 40 , 40A \r\n\r\n31,1\r\n".encode())
    lijst = load_productcodes(pad)
    assert len(lijst) == 2
    assert lijst.past("40", "40A")
    assert lijst.past("31", "1")
    assert not lijst.past("40", " 40A ")


def test_five_character_code_is_accepted(tmp_path):
    lijst = load_productcodes(schrijf(tmp_path, "categorie,code\n55,ABCDE\n"))
    assert lijst.past("55", "ABCDE")


@pytest.mark.parametrize(
    ("tekst", "regel", "probleem"),
    [
        ("", 1, "empty file"),
        ("categorie\n45\n", 1, "header is 'categorie'; expected 'categorie,code[,omschrijving]'"),
        ("code,categorie\n45A01,45\n", 1, "header is 'code,categorie'"),
        ("categorie,code,prijs\n45,45A01,12\n", 1, "header is 'categorie,code,prijs'"),
        ("categorie,code\n", 1, "lists no product codes"),
        ("categorie,code\n39,39A01\n", 2, "categorie '39' is not a ProductCategorie of JZ020"),
        ("categorie,code\n45,45A01\n5,5A\n", 3, "categorie '5' is not a ProductCategorie"),
        ("categorie,code\n45,\n", 2, "categorie 45 has an empty code"),
        ("categorie,code\n45,   \n", 2, "categorie 45 has an empty code"),
        ("categorie,code\n45,45A010\n", 2, "code '45A010' is longer than 5 characters"),
        ("categorie,code\n45,45A01,extra\n", 2, "expected 2 fields, found 3"),
        ("categorie,code,omschrijving\n45,45A01\n", 2, "expected 3 fields, found 2"),
        (
            "categorie,code\n45,45A01\n46,45A01\n45,45A01\n",
            4,
            "categorie 45, code 45A01 is already on line 2",
        ),
        ('categorie,code\n45,"45A01\n', 2, "not valid CSV"),
    ],
)
def test_malformed_file_names_file_line_and_problem(tmp_path, tekst, regel, probleem):
    pad = schrijf(tmp_path, tekst)
    with pytest.raises(ValueError) as info:
        load_productcodes(pad)
    bericht = str(info.value)
    assert bericht.startswith(f"{pad}, line {regel}: ")
    assert probleem in bericht


def test_file_that_is_not_utf8_names_the_line(tmp_path):
    pad = tmp_path / "productcodes.csv"
    pad.write_bytes(b"categorie,code\n45,45A01\n45,\xff\n")
    with pytest.raises(ValueError, match=r", line 3: not UTF-8 text"):
        load_productcodes(pad)
