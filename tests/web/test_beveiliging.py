"""Security headers on the werkplek and /docs, static files without a session, no assets at all."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.web import statisch
from app.web.beveiliging import CONTENT_SECURITY_POLICY

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


def assert_security_headers(response) -> None:
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def anonymous(settings, clock):
    """The app without any key or session."""
    with TestClient(create_app(settings, clock=clock)) as test_client:
        yield test_client


def test_the_policy_is_the_documented_one():
    assert CONTENT_SECURITY_POLICY == CSP


def test_docs_is_swagger_ui_from_our_files_without_inline_script(anonymous):
    response = anonymous.get("/docs")
    assert response.status_code == 200
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"
    html = response.text
    assert 'data-openapi-url="/openapi.json"' in html
    assert "/werkplek/static/docs.js" in html
    # every script is a file of ours; no inline script, no style attribute, no other host
    assert html.count("<script") == html.count("<script src=") == 2
    assert "style=" not in html and "<style" not in html
    assert "http://" not in html and "https://" not in html
    assert anonymous.get("/redoc").status_code == 404
    assert anonymous.get("/docs/oauth2-redirect").status_code == 404


def test_static_files_need_no_session_and_may_be_cached(anonymous):
    response = anonymous.get("/werkplek/static/werkplek.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert ".werkplek-kop" in response.text
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-cache"
    assert "etag" in response.headers
    script = anonymous.get("/werkplek/static/docs.js")
    assert script.headers["content-type"].startswith("text/javascript")


def test_every_werkplek_answer_carries_the_headers_and_is_not_stored(anonymous):
    for answer in (
        anonymous.get("/werkplek/inloggen"),
        anonymous.get("/werkplek/werkvoorraad", follow_redirects=False),  # to the sign-in form
    ):
        assert answer.status_code in (200, 303)
        assert_security_headers(answer)
        assert answer.headers["Cache-Control"] == "no-store"
    # Signed out, an unknown werkplek page leads to the sign-in form, like any other.
    missing = anonymous.get("/werkplek/bestaat-niet", follow_redirects=False)
    assert (missing.status_code, missing.headers["location"]) == (303, "/werkplek/inloggen")
    assert_security_headers(missing)
    assert missing.headers["Cache-Control"] == "no-store"
    assert_security_headers(anonymous.get("/werkplek/static/bestaat-niet.css"))


def test_the_json_api_keeps_its_own_headers(anonymous):
    response = anonymous.get("/health/live")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers
    # a path that merely begins with the same letters is not the werkplek
    assert "Content-Security-Policy" not in anonymous.get("/werkplekken").headers
    assert "Content-Security-Policy" not in anonymous.get("/docsx").headers


def test_without_built_assets_the_service_starts_warns_and_serves_plain_pages(
    settings, clock, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(statisch, "VENDOR", tmp_path / "vendor")
    with TestClient(
        create_app(settings.model_copy(update={"log_format": "json"}), clock=clock)
    ) as anonymous:
        docs = anonymous.get("/docs")
        live = anonymous.get("/health/live")
    assert live.status_code == 200
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    warnings = [line for line in lines if "scripts/assets" in line["message"]]
    assert len(warnings) == 1
    assert warnings[0]["level"] == "WARNING"
    assert warnings[0]["missing"] == list(statisch.VENDOR_BESTANDEN)
    assert docs.status_code == 200
    assert "swagger-ui-bundle.js" not in docs.text
    assert "niet gebouwd" in docs.text and "/openapi.json" in docs.text


def test_with_built_assets_nothing_is_missing():
    if statisch.ontbrekende_assets() == list(statisch.VENDOR_BESTANDEN):
        pytest.skip("scripts/assets has not run here")
    assert statisch.ontbrekende_assets() == []
    for name in statisch.VENDOR_BESTANDEN:
        assert (statisch.VENDOR / name).stat().st_size > 0
