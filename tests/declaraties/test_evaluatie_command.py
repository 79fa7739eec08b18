"""`ijw evaluatie steekproef` on an SQLite database: reproducible by seed, no BSN printed."""

from __future__ import annotations

import json
from datetime import date

from app.cli import main
from app.ijw.views import Omvang, Product
from app.persistence.database import make_engine, make_sessionmaker
from app.persistence.migrate import upgrade
from app.toewijzingen import repository
from tests.api.berichten import BSN
from tests.conftest import NOW


def _toewijzingen(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with make_sessionmaker(engine).begin() as session:
        for nummer in range(1, 9):
            repository.create_toewijzing(
                session,
                gemeente="0153",
                nummer=nummer,
                aanbieder="87654321",
                bsn=BSN,
                product=Product("54", "54002"),
                ingangsdatum=date(2024, 1, 1),
                einddatum=date(2024, 12, 31),
                omvang=Omvang(4680, "01", "6"),
                budget=None,
                toegewezen_at=NOW,
            )
    engine.dispose()


def test_steekproef_prints_the_same_cases_for_the_same_seed(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'ijw.db'}"
    _toewijzingen(url)
    monkeypatch.setenv("IJW_DATABASE_URL", url)
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    args = [
        "evaluatie",
        "steekproef",
        "--gemeente",
        "0153",
        "--aantal",
        "5",
        "--product",
        "54001,54002,54003",
        "--seed",
        "42",
    ]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    drawn = json.loads(first)["casussen"]
    assert len(drawn) == 5 and BSN not in first
    assert main([*args[:-1], "43"]) == 0
    assert json.loads(capsys.readouterr().out)["casussen"] != drawn


def test_steekproef_refuses_an_unserved_gemeente(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IJW_DATABASE_URL", f"sqlite:///{tmp_path / 'ijw.db'}")
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    args = ["evaluatie", "steekproef", "--gemeente", "0164", "--product", "54001", "--seed", "1"]
    assert main(args) == 1
    assert "--gemeente" in capsys.readouterr().err
