"""Settings come from IJW_* variables; nonsense stops start-up with a clear message."""

from __future__ import annotations

import pytest

from app.config import DEFAULT_DATABASE_URL, SettingsError, load_settings
from tests.keys import aangemeld


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in (
        "IJW_DATABASE_URL",
        "IJW_GEMEENTEN",
        "IJW_MAX_BODY_BYTES",
        "IJW_PRODUCTCODES_FILE",
        "IJW_LOG_LEVEL",
        "IJW_ZONDER_REGELSET",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_with_the_served_gemeenten_named(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IJW_GEMEENTEN", "0153, 0164")
    settings = load_settings()
    assert settings.gemeenten == ("0153", "0164")
    # The default is resolved once against the folder the command starts in.
    assert DEFAULT_DATABASE_URL == "sqlite:///var/ijw.db"
    assert settings.database_url == f"sqlite:///{tmp_path.resolve()}/var/ijw.db"
    assert settings.sqlite_path == tmp_path.resolve() / "var" / "ijw.db"
    assert settings.log_format == "auto"
    assert settings.max_body_bytes == 25 * 1024 * 1024
    assert settings.productcodes_file is None
    assert settings.log_level == "INFO"
    assert settings.zonder_regelset == "onderzoek"


def test_lower_case_log_level_is_accepted(monkeypatch):
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    monkeypatch.setenv("IJW_LOG_LEVEL", "debug")
    assert load_settings().log_level == "DEBUG"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("IJW_GEMEENTEN", "", "IJW_GEMEENTEN: Value error, name the CBS codes"),
        ("IJW_GEMEENTEN", "153", "'153' is not a 4-digit CBS gemeentecode"),
        ("IJW_GEMEENTEN", "9999", "9999 is not in the CBS gemeente list"),
        ("IJW_MAX_BODY_BYTES", "0", "IJW_MAX_BODY_BYTES: Input should be greater than 0"),
        ("IJW_MAX_BODY_BYTES", "lots", "IJW_MAX_BODY_BYTES: Input should be a valid integer"),
        ("IJW_MAX_BODY_BYTES", str(26 * 1024 * 1024), "IJW_MAX_BODY_BYTES: Input should be less"),
        ("IJW_LOG_LEVEL", "chatty", "IJW_LOG_LEVEL: Input should be 'DEBUG'"),
        ("IJW_DATABASE_URL", "mysql://x", "use an sqlite:/// or postgresql+psycopg:// URL"),
        ("IJW_PRODUCTCODES_FILE", "/nonexistent/codes.csv", "is not a readable file"),
        ("IJW_ZONDER_REGELSET", "afwijzen", "IJW_ZONDER_REGELSET: Input should be 'toekennen'"),
        ("IJW_PORT", "0", "IJW_PORT: Input should be greater than or equal to 1"),
    ],
)
def test_nonsense_is_refused_naming_the_variable(monkeypatch, variable, value, message):
    if variable != "IJW_GEMEENTEN":
        monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert message in str(refused.value)


def test_serve_refuses_to_start_on_bad_settings(monkeypatch, capsys):
    from app.cli import main

    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    monkeypatch.setenv("IJW_LOG_LEVEL", "chatty")
    assert main(["serve"]) == 2
    assert "IJW_LOG_LEVEL" in capsys.readouterr().err


def test_db_upgrade_migrates_the_configured_database(monkeypatch, tmp_path, capsys):
    from app.cli import main
    from app.persistence.migrate import head_revision

    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    monkeypatch.setenv("IJW_DATABASE_URL", f"sqlite:///{tmp_path / 'ijw.db'}")
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.strip() == f"database at revision {head_revision()}"


def test_a_rule_set_folder_with_an_unknown_key_stops_start_up(monkeypatch, tmp_path):
    (tmp_path / "regio.toml").write_text('name = "regio"\ntitle = "Regio"\nkleur = "blauw"\n')
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    monkeypatch.setenv("IJW_RULESET_DIR", str(tmp_path))
    with pytest.raises(SettingsError) as refused:
        load_settings()
    message = str(refused.value)
    assert message.startswith("invalid settings:\n  IJW_RULESET_DIR:")
    assert "regio.toml" in message and "kleur" in message


def test_the_bundled_rule_sets_are_loaded_and_their_gaps_reported(settings, clock, capsys):
    from fastapi.testclient import TestClient

    from app.main import create_app

    with TestClient(create_app(settings, clock=clock)) as client:
        aangemeld(client)
        rule_sets = client.app.state.services.rule_sets
        assert rule_sets.rule_set_for("0153").name == "twente"
    err = capsys.readouterr().err
    assert "regelset twente: geen productcodes ingesteld" in err
    assert "alle verzoeken gaan in onderzoek" in err


@pytest.mark.parametrize("secret", ["kort", "x" * 31])
def test_a_short_audit_secret_stops_start_up(monkeypatch, secret):
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    monkeypatch.setenv("IJW_AUDIT_SECRET", secret)
    with pytest.raises(SettingsError, match="IJW_AUDIT_SECRET: .*32 random characters"):
        load_settings()


def test_an_empty_audit_secret_is_unset(monkeypatch):
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    monkeypatch.setenv("IJW_AUDIT_SECRET", " ")
    assert load_settings().audit_secret is None
