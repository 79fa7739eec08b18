"""A BSN on a werkplek page is masked; 'Toon BSN' shows it once, by POST, and is audited."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from fastapi.testclient import TestClient

from app.web.bsn import ACTIE, bsn_getoond, gemaskeerd
from app.web.sessie import Medewerker, huidige_medewerker, vereist_csrf
from app.web.templates import render, templates
from tests.audit.reads import BSN_0153, expected_hash, log
from tests.web.werkplek import account, csrf_token, inloggen

PAGINA = """{% extends "basis.html" %}{% from "bsn.html" import bsn_veld %}
{% block inhoud %}<h1 class="utrecht-heading-1">Cliënt</h1>
<p>BSN: {{ bsn_veld(bsn, getoond=bsn_getoond, csrf_token=csrf_token) }}</p>{% endblock %}"""

clientpagina = APIRouter(prefix="/werkplek/proefclient", include_in_schema=False)


def _pagina(request: Request, getoond: bool) -> Response:
    template = templates.env.from_string(PAGINA)
    html = template.render(
        medewerker=request.state.medewerker,
        csrf_token=request.state.csrf_token,
        bsn=BSN_0153,
        bsn_getoond=getoond,
    )
    return Response(html, media_type="text/html")


@clientpagina.get("")
def client_tonen(
    request: Request, medewerker: Annotated[Medewerker, Depends(huidige_medewerker)]
) -> Response:
    """The client page as the pattern has it: the BSN masked."""
    return _pagina(request, getoond=False)


@clientpagina.post("")
def client_bsn_tonen(
    request: Request,
    medewerker: Annotated[Medewerker, Depends(huidige_medewerker)],
    _: Annotated[None, Depends(vereist_csrf)],
) -> Response:
    """The same page with the BSN shown whole, once, audited."""
    services = request.app.state.services
    with services.sessionmaker.begin() as session:
        bsn_getoond(
            services.audit,
            session,
            medewerker,
            bsn=BSN_0153,
            gemeente="0153",
            pagina="cliënt",
            wat="client 1",
            now=services.clock.now(),
        )
    return _pagina(request, getoond=True)


@pytest.mark.parametrize(
    ("bsn", "getoond"),
    [("999900018", "*****0018"), (999900018, "*****0018"), (None, ""), ("123", "***")],
)
def test_a_bsn_is_masked_but_its_last_four_digits(bsn, getoond):
    assert gemaskeerd(bsn) == getoond


def test_the_filter_is_registered_for_every_template():
    assert templates.env.from_string("{{ b|gemaskeerd }}").render(b="999900018") == "*****0018"


def test_the_macro_shows_a_masked_bsn_and_a_form_to_show_it():
    macro = templates.env.get_template("bsn.html").module.bsn_veld  # type: ignore[attr-defined]
    gemaskeerde = str(macro("999900018", getoond=False, csrf_token="abc"))
    assert "*****0018" in gemaskeerde and "999900018" not in gemaskeerde
    assert 'method="post"' in gemaskeerde
    assert 'name="csrf_token" value="abc"' in gemaskeerde
    assert "Toon BSN" in gemaskeerde
    getoonde = str(macro("999900018", getoond=True, csrf_token="abc"))
    assert "999900018" in getoonde and "<form" not in getoonde


@pytest.fixture
def werkplek(app):
    app.include_router(clientpagina)
    with TestClient(app) as client:
        account(app)
        inloggen(client)
        yield client


def test_toon_bsn_shows_it_once_and_audits_it(werkplek, app):
    pagina = werkplek.get("/werkplek/proefclient")
    assert "*****0018" in pagina.text and BSN_0153 not in pagina.text
    assert log(app) == []
    getoond = werkplek.post("/werkplek/proefclient", data={"csrf_token": csrf_token(pagina.text)})
    assert getoond.status_code == 200
    assert BSN_0153 in getoond.text and "Toon BSN" not in getoond.text
    [(entry, clienten)] = log(app)
    assert (entry.actie, entry.wat, entry.rol, entry.key_id) == (
        ACTIE,
        "cliënt: client 1",
        "medewerker",
        None,
    )
    assert entry.gebruiker_id is not None
    assert clienten == {(expected_hash(app, BSN_0153), "0153")}
    again = werkplek.get("/werkplek/proefclient")
    assert BSN_0153 not in again.text


def test_toon_bsn_without_the_csrf_token_shows_nothing(werkplek, app):
    response = werkplek.post("/werkplek/proefclient", data={"toon_bsn": "1"})
    assert response.status_code == 403
    assert BSN_0153 not in response.text
    assert log(app) == []


def test_render_gives_templates_the_person_and_the_csrf_token(werkplek, app):
    request_state = {}

    def pagina(request: Request) -> Response:
        request_state["csrf"] = request.state.csrf_token
        return render(request, "fout.html", {"titel": "Proef", "uitleg": "uitleg"})

    app.add_api_route("/werkplek/proefrender", pagina, include_in_schema=False)
    html = werkplek.get("/werkplek/proefrender").text
    assert "Ingelogd als j.jansen" in html
    assert csrf_token(html) == request_state["csrf"]
