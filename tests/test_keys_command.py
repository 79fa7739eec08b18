"""`ijw keys create|list|revoke`: a key printed once, listed never, revoked by id or prefix."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.clock import FixedClock
from app.main import create_app
from tests.conftest import NOW


@pytest.fixture
def database(monkeypatch, tmp_path) -> str:
    """A new SQLite file (the command migrates it) for a deployment serving 0153 and 0164."""
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    monkeypatch.setenv("IJW_DATABASE_URL", url)
    monkeypatch.setenv("IJW_GEMEENTEN", "0153,0164")
    return url


def run(capsys, *args):
    """Status, stdout and stderr after the line naming the database (checked in its own test)."""
    capsys.readouterr()  # what came before, such as a started app's logs
    status = main(["keys", *args])
    out, err = capsys.readouterr()
    return status, out, err.removeprefix(_database_line(err))


def _database_line(err: str) -> str:
    first = err.partition("\n")[0]
    return first + "\n" if first.startswith("ijw: database ") else ""


def _create(capsys, *args) -> str:
    status, out, err = run(capsys, "create", *args)
    assert status == 0, err
    [key] = out.splitlines()
    return key


def _listing(capsys) -> list[dict]:
    status, out, _ = run(capsys, "list")
    assert status == 0
    return [json.loads(line) for line in out.splitlines()]


def _werkvoorraad(key: str) -> int:
    with TestClient(create_app(clock=FixedClock(NOW))) as client:
        response = client.get("/werkvoorraad", headers={"Authorization": f"Bearer {key}"})
    return response.status_code


def test_a_created_key_is_printed_once_and_works(capsys, database):
    status, out, err = run(
        capsys, "create", "--role", "gemeente", "--gemeente", "0153", "--naam", "wijkteam"
    )
    assert status == 0
    [key] = out.splitlines()
    assert key.startswith("ijw_")
    assert err == f"key 1 ({key[:12]}...), role gemeente: shown once\n"
    assert key not in err
    assert _werkvoorraad(key) == 200
    [shown] = _listing(capsys)
    assert shown | {"created_at": None} == {
        "id": 1,
        "prefix": key[:12],
        "rol": "gemeente",
        "agb": None,
        "gemeenten": ["0153"],
        "naam": "wijkteam",
        "created_at": None,
        "revoked_at": None,
    }
    assert shown["created_at"].endswith("+00:00")


def test_list_never_shows_a_key(capsys, database):
    made = [
        _create(capsys, "--role", "broker"),
        _create(capsys, "--role", "aanbieder", "--agb", "87654321"),
        _create(capsys, "--role", "beheerder", "--gemeente", "0153", "--gemeente", "0164"),
        _create(capsys, "--role", "operator"),
    ]
    status, out, _ = run(capsys, "list")
    assert status == 0
    assert not [key for key in made if key[12:] in out]
    listed = [json.loads(line) for line in out.splitlines()]
    assert [(item["rol"], item["naam"]) for item in listed] == [
        ("broker", "broker"),
        ("aanbieder", "aanbieder"),
        ("beheerder", "beheerder"),
        ("operator", "operator"),
    ]
    assert listed[1]["agb"] == "87654321"
    assert listed[2]["gemeenten"] == ["0153", "0164"]


def test_revoke_by_id_and_by_prefix(capsys, database):
    first = _create(capsys, "--role", "gemeente", "--gemeente", "0153")
    second = _create(capsys, "--role", "gemeente", "--gemeente", "0164")
    kept = _create(capsys, "--role", "gemeente", "--gemeente", "0164")
    status, out, _ = run(capsys, "revoke", "1")
    assert status == 0
    [revoked] = json.loads(out)["revoked"]
    assert (revoked["id"], revoked["prefix"]) == (1, first[:12])
    assert revoked["revoked_at"] is not None
    status, out, _ = run(capsys, "revoke", second[:12])
    assert status == 0
    assert [item["id"] for item in json.loads(out)["revoked"]] == [2]
    assert [item["revoked_at"] is None for item in _listing(capsys)] == [False, False, True]
    assert (_werkvoorraad(first), _werkvoorraad(second), _werkvoorraad(kept)) == (401, 401, 200)
    status, _, err = run(capsys, "revoke", "1")
    assert (status, err) == (1, "ijw: no active key 1\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "aanbieder"], "ijw: the aanbieder role needs --agb with an 8-digit AGB code\n"),
        (
            ["--role", "aanbieder", "--agb", "8765432"],
            "ijw: the aanbieder role needs --agb with an 8-digit AGB code\n",
        ),
        (["--role", "gemeente"], "ijw: the gemeente role needs at least one --gemeente\n"),
        (
            ["--role", "beheerder", "--gemeente", "0153", "--gemeente", "0363"],
            "ijw: gemeente 0363 is not served here\n",
        ),
        (
            ["--role", "broker", "--gemeente", "0153"],
            "ijw: the broker role is not bound to gemeenten\n",
        ),
    ],
)
def test_a_refused_create_exits_non_zero_and_says_why(capsys, database, args, message):
    status, out, err = run(capsys, "create", *args)
    assert (status, out, err) == (1, "", message)
    assert _listing(capsys) == []


@pytest.mark.parametrize("which", ["ijw_nietbekend", "2", "99999999999999999999"])
def test_revoking_an_unknown_key_fails(capsys, database, which):
    _create(capsys, "--role", "operator")
    status, out, err = run(capsys, "revoke", which)
    assert (status, out, err) == (1, "", f"ijw: no active key {which}\n")
    [kept] = _listing(capsys)
    assert kept["revoked_at"] is None


def test_invalid_settings_stop_the_command(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("IJW_DATABASE_URL", "mysql://localhost/ijw")
    status, out, err = run(capsys, "list")
    assert (status, out) == (2, "")
    assert err.startswith("ijw: invalid settings:\n  IJW_DATABASE_URL:")
