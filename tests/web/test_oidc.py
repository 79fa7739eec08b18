"""Signing in to the werkplek through a real OpenID Connect provider, and its refusals."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.access.toegang import Rol
from app.config import Settings
from app.gebruikers import service
from app.main import create_app
from app.persistence.models import Gebruiker, OidcAanvraag, WerkplekSessie
from app.web.sessie import COOKIE, INLOG_COOKIE
from tests.conftest import NOW, SERVED
from tests.keys import bearer, sleutel
from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, Provider, aanmelden, provider
from tests.web.werkplek import WACHTWOORD, account, inloggen

TERUG = "http://testserver/werkplek/oidc/terug"
GROEPEN = {
    "ijw-medewerkers-0153": {"rol": "medewerker", "gemeenten": ["0153"]},
    "ijw-teamleiders-0153": {"rol": "teamleider", "gemeenten": ["0153", "0164"]},
}


@pytest.fixture(scope="module")
def idp() -> Iterator[Provider]:
    with provider(TERUG) as running:
        yield running


def _app(database_url: str, idp: Provider, clock, **extra: object):
    settings = Settings(
        database_url=database_url,
        gemeenten=SERVED,
        oidc_issuer=idp.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_groepen=GROEPEN,
        **extra,
    )
    return create_app(settings, clock=clock)


@pytest.fixture
def app(database_url, idp, clock):
    return _app(database_url, idp, clock)


@pytest.fixture
def werkplek(app) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def _naar_provider(werkplek: TestClient) -> str:
    response = werkplek.get("/werkplek/inloggen/oidc", follow_redirects=False)
    assert response.status_code == 303
    return response.headers["location"]


def _aanmelden_als(werkplek: TestClient, login: str):
    terug = aanmelden(_naar_provider(werkplek), TERUG, login)
    return werkplek.get("/werkplek/oidc/terug", params=terug, follow_redirects=False)


def _gebruikers(app) -> list[Gebruiker]:
    with app.state.services.sessionmaker() as session:
        return list(session.scalars(select(Gebruiker).order_by(Gebruiker.id)))


def test_the_sign_in_page_offers_the_gemeentes_identity_provider(werkplek):
    pagina = werkplek.get("/werkplek/inloggen")
    assert 'href="/werkplek/inloggen/oidc"' in pagina.text
    assert "Inloggen via de gemeente" in pagina.text
    assert 'name="wachtwoord"' in pagina.text


def test_the_browser_goes_to_the_provider_with_pkce_state_and_nonce(werkplek, idp, app):
    location = _naar_provider(werkplek)
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{idp.issuer}/auth?")
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [TERUG]
    assert query["client_id"] == [CLIENT_ID]
    with app.state.services.sessionmaker() as session:
        bewaard = session.scalars(select(OidcAanvraag)).one()
    assert bewaard.state_hash != query["state"][0]
    assert bewaard.nonce == query["nonce"][0]


def test_a_worker_in_a_mapped_group_gets_a_session_with_its_rights(werkplek, app):
    response = _aanmelden_als(werkplek, "consulent")
    assert response.status_code == 303
    assert response.headers["location"] == "/werkplek/"
    assert werkplek.cookies.get(COOKIE)
    [gebruiker] = _gebruikers(app)
    assert gebruiker.oidc_subject == "consulent"
    assert (gebruiker.rol, gebruiker.gemeenten) == ("medewerker", ["0153"])
    assert gebruiker.wachtwoord_hash == ""
    assert werkplek.get("/werkplek/werkvoorraad").status_code == 200


def test_several_groups_give_the_highest_role_and_all_their_gemeenten(werkplek, app):
    assert _aanmelden_als(werkplek, "teamleider").status_code == 303
    [gebruiker] = _gebruikers(app)
    assert (gebruiker.rol, gebruiker.gemeenten) == ("teamleider", ["0153", "0164"])


def test_rights_follow_the_groups_at_every_sign_in(werkplek, app):
    with app.state.services.sessionmaker.begin() as session:
        service.via_identity_provider(
            session,
            subject="consulent",
            naam="consulent",
            rol="beheerder",
            gemeenten=["0363"],
            now=NOW,
        )
    assert _aanmelden_als(werkplek, "consulent").status_code == 303
    [gebruiker] = _gebruikers(app)
    assert (gebruiker.rol, gebruiker.gemeenten) == ("medewerker", ["0153"])


@pytest.mark.parametrize("login", ["zonder-groepen", "onbekend"])
def test_a_person_without_a_mapped_group_gets_no_access_and_no_session(werkplek, app, login):
    response = _aanmelden_als(werkplek, login)
    assert response.status_code == 403
    assert "Geen toegang" in response.text
    assert werkplek.cookies.get(COOKIE) is None
    assert _gebruikers(app) == []


def test_a_disabled_account_cannot_sign_in_through_the_provider(werkplek, app):
    assert _aanmelden_als(werkplek, "consulent").status_code == 303
    werkplek.cookies.clear()
    with app.state.services.sessionmaker.begin() as session:
        service.uitschakelen(session, _gebruikers(app)[0].naam)
    response = _aanmelden_als(werkplek, "consulent")
    assert response.status_code == 403
    assert werkplek.cookies.get(COOKIE) is None


def test_a_wrong_state_is_refused(werkplek, idp):
    terug = aanmelden(_naar_provider(werkplek), TERUG, "consulent")
    response = werkplek.get(
        "/werkplek/oidc/terug",
        params={**terug, "state": "niet-de-state-die-wij-stuurden"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "onbekend of verlopen" in response.text
    assert werkplek.cookies.get(COOKIE) is None


def test_a_callback_cannot_be_replayed(werkplek, app):
    terug = aanmelden(_naar_provider(werkplek), TERUG, "consulent")
    eerste = werkplek.get("/werkplek/oidc/terug", params=terug, follow_redirects=False)
    assert eerste.status_code == 303
    werkplek.cookies.clear()
    tweede = werkplek.get("/werkplek/oidc/terug", params=terug, follow_redirects=False)
    assert tweede.status_code == 400
    assert werkplek.cookies.get(COOKIE) is None


def test_a_refusal_by_the_provider_is_said_in_dutch(werkplek):
    location = _naar_provider(werkplek)
    state = parse_qs(urlsplit(location).query)["state"][0]
    response = werkplek.get(
        "/werkplek/oidc/terug",
        params={"error": "access_denied", "state": state},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "afgebroken of geweigerd" in response.text


def test_a_code_from_another_sign_in_is_refused(werkplek):
    terug = aanmelden(_naar_provider(werkplek), TERUG, "consulent")
    tweede = _naar_provider(werkplek)
    ander = parse_qs(urlsplit(tweede).query)["state"][0]
    response = werkplek.get(
        "/werkplek/oidc/terug",
        params={"code": terug["code"], "state": ander},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "niet vertrouwd" in response.text
    assert werkplek.cookies.get(COOKIE) is None


def test_an_account_of_the_provider_has_no_password_to_try(werkplek, app):
    assert _aanmelden_als(werkplek, "consulent").status_code == 303
    werkplek.cookies.clear()
    naam = _gebruikers(app)[0].naam
    response = inloggen(werkplek, naam, "")
    assert response.status_code != 303
    assert inloggen(werkplek, naam, "een-wachtwoord-van-12").status_code != 303


def test_local_accounts_can_be_switched_off(database_url, idp, clock):
    app = _app(database_url, idp, clock, werkplek_lokale_accounts=False)
    with TestClient(app) as werkplek:
        account(app)
        pagina = werkplek.get("/werkplek/inloggen")
        assert 'name="wachtwoord"' not in pagina.text
        assert "Inloggen via de gemeente" in pagina.text
        token = werkplek.cookies.get(INLOG_COOKIE)
        response = werkplek.post(
            "/werkplek/inloggen",
            data={"csrf_token": token, "gebruikersnaam": "j.jansen", "wachtwoord": WACHTWOORD},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert "uitgeschakeld" in response.text
        assert werkplek.cookies.get(COOKIE) is None
        with app.state.services.sessionmaker() as session:
            assert session.scalars(select(WerkplekSessie)).all() == []


def test_without_an_identity_provider_the_sign_in_page_has_only_the_password_form(
    database_url, clock
):
    app = create_app(Settings(database_url=database_url, gemeenten=SERVED), clock=clock)
    with TestClient(app) as client:
        pagina = client.get("/werkplek/inloggen")
        assert "/werkplek/inloggen/oidc" not in pagina.text
        assert 'name="wachtwoord"' in pagina.text
        terug = client.get("/werkplek/inloggen/oidc", follow_redirects=False)
        assert terug.headers["location"] == "/werkplek/inloggen"


def test_readiness_tells_whether_the_identity_provider_answers(werkplek, app):
    operator = bearer(sleutel(app, Rol.OPERATOR))
    response = werkplek.get("/health/ready", headers=operator)
    assert response.status_code == 200
    assert response.json()["identity_provider"] == "bereikbaar"


def test_an_identity_provider_away_does_not_make_the_service_unready(database_url, clock):
    settings = Settings(
        database_url=database_url,
        gemeenten=SERVED,
        oidc_issuer="http://127.0.0.1:9",
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_timeout_seconds=1,
    )
    app = create_app(settings, clock=clock)
    with TestClient(app) as client:
        response = client.get("/health/ready", headers=bearer(sleutel(app, Rol.OPERATOR)))
        assert response.status_code == 200
        assert response.json() == {"status": "ready", "identity_provider": "onbereikbaar"}
        pagina = client.get("/werkplek/inloggen/oidc", follow_redirects=False)
        assert pagina.status_code == 503
        assert "niet bereikbaar" in pagina.text
