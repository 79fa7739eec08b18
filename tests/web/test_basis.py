"""basis.html in Chromium: the layout, the NL Design System styles, keyboard use and axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import Request
from fastapi.responses import HTMLResponse

from app.main import create_app
from app.web.sessie import Medewerker
from app.web.templates import templates
from tests.web.browser import assert_geen_axe_overtredingen, require_assets
from tests.web.live import serve

# A page as the page engineers write them: every Utrecht class the werkplek uses, once.
PROEF = (Path(__file__).parent / "proef.html").read_text()
STYLED = [
    "utrecht-heading-1",
    "utrecht-paragraph",
    "utrecht-link",
    "utrecht-alert",
    "utrecht-table",
    "utrecht-table__header-cell",
    "utrecht-table__cell",
    "utrecht-badge-status",
    "utrecht-form-label",
    "utrecht-textbox",
    "utrecht-select",
    "utrecht-form-field-error-message",
    "utrecht-button--primary-action",
    "utrecht-button--secondary-action",
    "utrecht-button-group",
]
ROLLEN = {
    "medewerker": Medewerker(1, "jansen", "medewerker", frozenset({"0153"})),
    "teamleider": Medewerker(2, "de-vries", "teamleider", frozenset({"0153"})),
}


@pytest.fixture
def proef_server(settings, clock):
    """The real app plus one page that extends basis.html, signed in as the role in its path."""
    require_assets()
    app = create_app(settings, clock=clock)
    proef = templates.env.from_string(PROEF)

    @app.get("/werkplek/proef/{rol}", response_class=HTMLResponse)
    def pagina(request: Request, rol: str) -> HTMLResponse:
        context = {"request": request, "medewerker": ROLLEN.get(rol), "csrf_token": "t0k3n"}
        return HTMLResponse(proef.render(context))

    with serve(app) as server:
        yield server


def test_the_layout_for_a_teamleider(proef_server, page, externe_verzoeken, console_meldingen):
    response = page.goto(f"{proef_server.url}/werkplek/proef/teamleider")
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert response.headers["cache-control"] == "no-store"

    assert page.title() == "Proef – iJw werkplek"
    assert page.locator("header").get_by_text("iJw werkplek").is_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link").all_inner_texts() == [
        "Werkvoorraad",
        "Cliënten",
        "Signalen",
        "Verbruik",
        "Overzicht",
    ]
    assert menu.get_by_role("link", name="Overzicht").get_attribute("href") == "/werkplek/overzicht"
    logout = page.locator("form[action='/werkplek/uitloggen']")
    assert logout.get_attribute("method") == "post"
    assert logout.locator("input[name=csrf_token]").input_value() == "t0k3n"
    assert logout.get_by_role("button", name="Uitloggen").is_visible()
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("contentinfo").get_by_role("link", name="API-documentatie").count() == 1

    assert externe_verzoeken == []
    assert [line for line in console_meldingen if "Content Security Policy" in line] == []
    assert_geen_axe_overtredingen(page)


def test_a_medewerker_has_no_overzicht_and_the_current_page_is_marked(proef_server, page):
    page.goto(f"{proef_server.url}/werkplek/proef/medewerker")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link").all_inner_texts() == [
        "Werkvoorraad",
        "Cliënten",
        "Signalen",
        "Verbruik",
    ]
    assert menu.locator("[aria-current=page]").count() == 0
    assert_geen_axe_overtredingen(page)


def test_without_a_medewerker_there_is_no_menu_and_no_logout(proef_server, page):
    page.goto(f"{proef_server.url}/werkplek/proef/niemand")
    assert page.get_by_role("navigation").count() == 0
    assert page.locator("form[action='/werkplek/uitloggen']").count() == 0
    assert page.get_by_role("heading", level=1).inner_text() == "Werkvoorraad"
    assert_geen_axe_overtredingen(page)


def test_the_skip_link_comes_first_and_leads_to_the_content(proef_server, page):
    page.goto(f"{proef_server.url}/werkplek/proef/medewerker")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.bounding_box()["width"] <= 1  # hidden until focused
    page.keyboard.press("Tab")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.bounding_box()["width"] >= 44  # a visible target once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_the_utrecht_classes_are_styled(proef_server, page):
    """Each class changes how its element looks, against the same element without classes."""
    page.goto(f"{proef_server.url}/werkplek/proef/medewerker")
    unstyled = page.evaluate(
        """(names) => names.filter((name) => {
            const styled = document.querySelector('.' + name);
            const twin = document.createElement(styled.tagName);
            twin.textContent = styled.textContent;
            styled.parentElement.appendChild(twin);
            const a = getComputedStyle(styled), b = getComputedStyle(twin);
            const same = Array.from(a).every((property) =>
                a.getPropertyValue(property) === b.getPropertyValue(property));
            twin.remove();
            return same;
        })""",
        STYLED,
    )
    assert unstyled == []
    # the tokens reached the components: Noto Sans, and the primary button is filled
    font = page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
    assert font.startswith('"Noto Sans Variable"')
    button = page.get_by_role("button", name="Opslaan")
    assert button.evaluate("e => getComputedStyle(e).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
