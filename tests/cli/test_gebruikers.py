"""`ijw gebruikers create|list|disable`: accounts the werkplek signs people in with."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from app.cli import main
from app.clock import FixedClock
from app.main import create_app
from app.persistence.models import Gebruiker
from tests.conftest import NOW
from tests.web.werkplek import inloggen

WACHTWOORD = "lang genoeg wachtwoord"


@pytest.fixture
def database(monkeypatch, tmp_path) -> str:
    """A new SQLite file (the command migrates it) for a deployment serving 0153 and 0164."""
    url = f"sqlite:///{tmp_path / 'gebruikers.db'}"
    monkeypatch.setenv("IJW_DATABASE_URL", url)
    monkeypatch.setenv("IJW_GEMEENTEN", "0153,0164")
    return url


def run(capsys, monkeypatch, *args, stdin: str = WACHTWOORD + "\n"):
    """Status, stdout and stderr (without the line naming the database) of one command."""
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    status = main(["gebruikers", *args])
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if not line.startswith("ijw: database ")]
    return status, out, "\n".join(lines)


def _create(capsys, monkeypatch, naam: str, *extra: str, stdin: str = WACHTWOORD + "\n"):
    return run(
        capsys,
        monkeypatch,
        "create",
        naam,
        "--rol",
        "medewerker",
        "--gemeente",
        "0153",
        *extra,
        "--wachtwoord-stdin",
        stdin=stdin,
    )


def _rows(url: str) -> list[Gebruiker]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = list(connection.execute(select(Gebruiker).order_by(Gebruiker.naam)))
    engine.dispose()
    return rows  # type: ignore[return-value]


def test_a_created_account_can_sign_in(capsys, monkeypatch, database):
    status, out, err = _create(capsys, monkeypatch, "J.Jansen", "--gemeente", "0164")
    assert status == 0, err
    shown = json.loads(out)
    assert (shown["naam"], shown["rol"], shown["gemeenten"], shown["disabled"]) == (
        "j.jansen",
        "medewerker",
        ["0153", "0164"],
        False,
    )
    assert err == "gebruiker j.jansen aangemaakt, rol medewerker"
    [row] = _rows(database)
    assert row.wachtwoord_hash.startswith("$argon2id$")
    assert WACHTWOORD not in row.wachtwoord_hash
    with TestClient(create_app(clock=FixedClock(NOW))) as client:
        assert inloggen(client, "j.jansen", WACHTWOORD).status_code == 303


def test_list_shows_every_account_without_its_password(capsys, monkeypatch, database):
    _create(capsys, monkeypatch, "p.pieters")
    run(
        capsys,
        monkeypatch,
        "create",
        "a.admin",
        "--rol",
        "beheerder",
        "--gemeente",
        "0164",
        "--wachtwoord-stdin",
    )
    status, out, _ = run(capsys, monkeypatch, "list")
    assert status == 0
    listed = [json.loads(line) for line in out.splitlines()]
    assert [(item["naam"], item["rol"], item["gemeenten"]) for item in listed] == [
        ("a.admin", "beheerder", ["0164"]),
        ("p.pieters", "medewerker", ["0153"]),
    ]
    assert all(
        set(item) == {"id", "naam", "rol", "gemeenten", "disabled", "created_at"} for item in listed
    )
    assert "argon2" not in out and WACHTWOORD not in out


def test_disable_ends_sign_in_and_open_sessions(capsys, monkeypatch, database):
    _create(capsys, monkeypatch, "j.jansen")
    with TestClient(create_app(clock=FixedClock(NOW))) as client:
        assert inloggen(client, "j.jansen", WACHTWOORD).status_code == 303
        assert client.get("/werkplek/", follow_redirects=False).headers["location"] == (
            "/werkplek/werkvoorraad"
        )
        status, out, err = run(capsys, monkeypatch, "disable", "J.Jansen")
        assert status == 0, err
        assert json.loads(out)["disabled"] is True
        assert "uitgeschakeld" in err
        assert client.get("/werkplek/", follow_redirects=False).headers["location"] == (
            "/werkplek/inloggen"
        )
        client.cookies.clear()
        assert "onjuist" in inloggen(client, "j.jansen", WACHTWOORD).text
    status, out, _ = run(capsys, monkeypatch, "list")
    assert json.loads(out)["disabled"] is True


def test_disabling_an_unknown_account_is_refused(capsys, monkeypatch, database):
    status, out, err = run(capsys, monkeypatch, "disable", "niemand")
    assert (status, out) == (1, "")
    assert err == "ijw: er is geen gebruiker niemand"


def test_a_short_password_is_refused_and_nothing_is_stored(capsys, monkeypatch, database):
    status, out, err = _create(capsys, monkeypatch, "j.jansen", stdin="te kort\n")
    assert (status, out) == (1, "")
    assert err == (
        "ijw: het wachtwoord is te kort: minimaal 12 tekens, dit heeft er 7; er is niets opgeslagen"
    )
    assert _rows(database) == []


def test_twelve_characters_are_enough(capsys, monkeypatch, database):
    status, _, err = _create(capsys, monkeypatch, "j.jansen", stdin="123456789012\n")
    assert status == 0, err


@pytest.mark.parametrize(
    ("code", "melding"),
    [
        ("9999", "gemeente 9999 staat niet in de CBS-lijst"),
        ("0363", "gemeente 0363 wordt hier niet bediend (IJW_GEMEENTEN: 0153, 0164)"),
        ("153", "153: geen gemeentecode van 4 cijfers"),
    ],
)
def test_an_unknown_or_unserved_gemeente_is_refused(capsys, monkeypatch, database, code, melding):
    status, out, err = _create(capsys, monkeypatch, "j.jansen", "--gemeente", code)
    assert (status, out) == (1, "")
    assert err == f"ijw: {melding}; er is niets opgeslagen"
    assert _rows(database) == []


def test_a_name_is_made_once(capsys, monkeypatch, database):
    _create(capsys, monkeypatch, "j.jansen")
    status, _, err = _create(capsys, monkeypatch, "J.JANSEN")
    assert status == 1
    assert err == "ijw: er is al een gebruiker j.jansen; er is niets opgeslagen"
    assert len(_rows(database)) == 1


def test_a_name_with_spaces_is_refused(capsys, monkeypatch, database):
    status, _, err = _create(capsys, monkeypatch, "jan jansen")
    assert status == 1
    assert "'jan jansen' is geen geldige gebruikersnaam" in err


def test_without_stdin_or_terminal_the_password_is_asked_for(capsys, monkeypatch, database):
    status, out, err = run(
        capsys, monkeypatch, "create", "j.jansen", "--rol", "medewerker", "--gemeente", "0153"
    )
    assert (status, out) == (1, "")
    assert err == (
        "ijw: geef het wachtwoord met --wachtwoord-stdin, of start de opdracht in een terminal"
    )
    assert not Path(database.removeprefix("sqlite:///")).exists()  # refused before opening it
