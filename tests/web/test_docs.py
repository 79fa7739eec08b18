"""/docs: Swagger UI from our own files, with the operations listed and nothing fetched outside."""

from __future__ import annotations

import pytest

from app.access.toegang import Rol
from tests.web.browser import assert_geen_axe_overtredingen, require_assets

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(autouse=True)
def _assets():
    require_assets()


def operation_count(document: dict) -> int:
    return sum(
        1 for item in document["paths"].values() for method in item if method in HTTP_METHODS
    )


def test_swagger_ui_lists_every_operation_without_the_network(
    live_server, page, externe_verzoeken, console_meldingen
):
    page.goto(f"{live_server.url}/docs")
    page.locator(".opblock").first.wait_for(timeout=30_000)

    document = live_server.app.openapi()
    summaries = page.locator(".opblock-summary-path, .opblock-summary-path__deprecated")
    assert summaries.count() == operation_count(document)
    shown = {text.replace("\u200b", "") for text in summaries.all_inner_texts()}
    assert {"/berichten", "/outbox", "/health/live"} <= shown
    assert page.locator(".info .title").inner_text().startswith(document["info"]["title"])
    assert externe_verzoeken == []
    refused = [line for line in console_meldingen if "Content Security Policy" in line]
    assert refused == []
    assert not [line for line in console_meldingen if line.startswith("pageerror")]


def test_swagger_ui_tries_an_operation_against_the_service(live_server, page, externe_verzoeken):
    """Authorize with a key and call GET /health/ready from the page (CSP allows 'self')."""
    key = live_server.sleutel(Rol.OPERATOR)
    page.goto(f"{live_server.url}/docs")
    page.locator(".opblock").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Authorize").click()
    page.locator("#auth-bearer-value").fill(key)
    page.get_by_role("button", name="Apply credentials").click()
    page.locator(".modal-ux").get_by_role("button", name="Close").click()

    operation = page.locator("#operations-operations-ready_health_ready_get")
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table .response .response-col_status").first
    assert status.inner_text(timeout=15_000).strip() == "200"
    assert externe_verzoeken == []


def test_docs_page_passes_axe_also_with_operations_open(live_server, page):
    page.goto(f"{live_server.url}/docs")
    page.locator(".opblock").first.wait_for(timeout=30_000)
    # open: a POST with XML examples and problem answers, a GET with parameters in Try it out
    for operation in ("berichten-post_bericht_berichten_post", "outbox-list_outbox_outbox_get"):
        page.locator(f"#operations-{operation} .opblock-summary-control").click()
    page.locator("#operations-outbox-list_outbox_outbox_get").get_by_role(
        "button", name="Try it out"
    ).click()
    page.get_by_role("button", name="Execute").wait_for()
    # Swagger UI puts the copy-path button inside each operation's expand button: a nested
    # control in its own React markup, which no stylesheet or configuration changes.
    assert_geen_axe_overtredingen(page, {"nested-interactive": ".opblock-summary-control"})
