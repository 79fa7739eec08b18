"""The werkvoorraad and verzoek pages: filters, paging, grant, reject, errors, escaping."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import select

from app.persistence.models import AuditClient, AuditEntry, Bericht, Outbox, Verzoek
from app.web.bsn import ACTIE
from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import accepted, client_bekend, post, rows, toewijzing
from tests.keys import aangemeld
from tests.web.werkplek import account, csrf_token, inloggen

DAG = date(2026, 11, 16)
START, EIND = date(2026, 12, 1), date(2027, 5, 31)


class Werkplek:
    """A signed-in browser session that also posts messages as the broker."""

    def __init__(self, client: TestClient, token: str, gebruiker_id: int) -> None:
        self.client = client
        self.token = token
        self.gebruiker_id = gebruiker_id

    def get(self, url: str, **kwargs):
        """A page."""
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, **kwargs):
        """A form with the session's CSRF token (unless `data` names one), or a message."""
        if "content" in kwargs:
            return self.client.post(url, **kwargs)
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@pytest.fixture
def web(app) -> Iterator[Werkplek]:
    """A worker of 0153 signed in through the form."""
    with TestClient(app) as test_client:
        aangemeld(test_client)
        gebruiker_id = account(app, "j.devries", gemeenten=("0153",))
        assert inloggen(test_client, "j.devries").status_code == 303
        token = csrf_token(test_client.get("/werkplek/werkvoorraad").text)
        yield Werkplek(test_client, token, gebruiker_id)


def gelezen(app, web: Werkplek) -> list[tuple[str, str, list[str]]]:
    """The signed-in worker's audit entries on these pages: (actie, wat, BSN hashes read)."""
    with app.state.services.sessionmaker() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.gebruiker_id == web.gebruiker_id)
            .order_by(AuditEntry.id)
        ).all()
        found = []
        for entry in entries:
            if "/werkplek/" not in entry.actie and entry.actie != ACTIE:
                continue
            assert (entry.key_id, entry.rol) == (None, "medewerker")
            hashes = session.scalars(
                select(AuditClient.bsn_hash).where(AuditClient.audit_id == entry.id)
            ).all()
            found.append((entry.actie, entry.wat, sorted(hashes)))
    return found


def hashes(app, *bsns: str) -> list[str]:
    """The audit's keyed hashes of these BSNs, sorted."""
    return sorted(app.state.services.audit.bsn_hash(bsn) for bsn in bsns)


def _verzoek(client, app, referentie="R-1", identificatie="VOT-1", **kwargs) -> Verzoek:
    """A VOT the bundled Twente rules leave in onderzoek (no product codes configured)."""
    dag = kwargs.pop("dag", DAG)
    assert accepted(
        post(client, vot(identificatie, dag, Aangevraagd(referentie, START, EIND), **kwargs))
    )
    [verzoek] = rows(app, Verzoek, Verzoek.referentie_aanbieder == referentie)
    assert verzoek.status == "in_onderzoek"
    return verzoek


def _referenties(html: str) -> list[str]:
    """The ReferentieAanbieder links of the werkvoorraad table, in order."""
    return [unescape(r) for r in re.findall(r'href="/werkplek/verzoeken/\d+">([^<]*)</a>', html)]


def _veldfout(html: str, veld: str) -> str:
    """The error message beside a field, checked to be linked to its input."""
    match = re.search(
        rf'<p class="utrecht-form-field-error-message" id="([a-z]+-fout-{veld})">([^<]*)</p>', html
    )
    assert match, f"geen fout bij {veld}"
    assert f'aria-describedby="{match.group(1)}"' in html
    return unescape(match.group(2))


def _outbox_xml(app, bericht_id: int) -> etree._Element:
    [row] = rows(app, Outbox, Outbox.bericht_id == bericht_id)
    [bericht] = rows(app, Bericht, Bericht.id == bericht_id)
    return etree.fromstring(bericht.xml)


def _text(root, name: str) -> list[str]:
    return [e.text for e in root.iter(f"{{*}}{name}")]


# --- werkvoorraad ------------------------------------------------------------------------------


def test_werkvoorraad_lists_the_workers_requests_by_due_date_with_counts(web, app):
    _verzoek(web, app, "R-1", "VOT-1")  # uiterlijk 2027-01-11
    _verzoek(web, app, "R-2", "VOT-2", dag=date(2026, 9, 1), bsn="999900031")  # overdue
    _verzoek(web, app, "R-3", "VOT-3", gemeente="0164", bsn="999900043")  # not this worker's

    response = web.get("/werkplek/werkvoorraad")

    assert response.status_code == 200
    assert _referenties(response.text) == ["R-2", "R-1"]
    assert response.text.count("Termijn verstreken") == 1
    assert 'In onderzoek: <span class="utrecht-badge-status">2</span>' in response.text
    assert "999900018" not in response.text and "Jansen" not in response.text


def test_werkvoorraad_filters_on_aanbieder_product_status_and_age(web, app):
    _verzoek(web, app, "R-1", "VOT-1")
    _verzoek(web, app, "R-2", "VOT-2", dag=date(2026, 9, 1), bsn="999900031")
    _verzoek(web, app, "R-3", "VOT-3", aanbieder="11111111", bsn="999900043")

    def gefilterd(**params: str) -> list[str]:
        response = web.get("/werkplek/werkvoorraad", params=params)
        assert response.status_code == 200, response.text
        return _referenties(response.text)

    assert gefilterd(aanbieder="11111111") == ["R-3"]
    assert gefilterd(product="45A48") == ["R-2", "R-1", "R-3"]
    assert gefilterd(product="45") == ["R-2", "R-1", "R-3"]
    assert gefilterd(product="44") == []
    assert gefilterd(status="wacht_op_clientgegevens") == []
    assert gefilterd(status="in_onderzoek") == ["R-2", "R-1", "R-3"]
    assert gefilterd(leeftijd="8") == ["R-2"]  # sent 2026-09-01; today is 2026-11-20
    assert gefilterd(gemeente="0153", leeftijd="2") == ["R-2"]


def test_werkvoorraad_refuses_bad_filters_beside_their_fields(web, app):
    response = web.get(
        "/werkplek/werkvoorraad",
        params={"aanbieder": "1234", "product": "<b>", "gemeente": "0164", "status": "x"},
    )

    assert response.status_code == 422
    assert "8 cijfers" in _veldfout(response.text, "aanbieder")
    assert "productcategorie" in _veldfout(response.text, "product")
    assert _veldfout(response.text, "gemeente") == "Kies een van uw gemeenten."
    assert _veldfout(response.text, "status") == "Kies een status uit de lijst."
    assert "<b>" not in response.text


def test_werkvoorraad_pages_with_the_cursor_keeping_its_filters(web, app, monkeypatch):
    monkeypatch.setattr("app.web.verzoeken.PAGINA", 2)
    for nummer, bsn in enumerate(["999900018", "999900031", "999900043"], start=1):
        _verzoek(web, app, f"R-{nummer}", f"VOT-{nummer}", bsn=bsn)

    first = web.get("/werkplek/werkvoorraad", params={"product": "45A48"})
    [volgende] = re.findall(r'rel="next" href="([^"]+)"', first.text)
    rest = web.get(unescape(volgende))

    assert _referenties(first.text) == ["R-1", "R-2"]
    assert "product=45A48" in volgende and "after=2027-01-11." in volgende
    assert _referenties(rest.text) == ["R-3"]
    assert 'rel="next"' not in rest.text
    assert web.get("/werkplek/werkvoorraad", params={"after": "x.1"}).status_code == 422


def test_werkvoorraad_read_is_audited_per_client(web, app):
    verzoek = _verzoek(web, app)
    _verzoek(web, app, "R-2", "VOT-2", bsn="999900031")
    before = len(gelezen(app, web))

    web.get("/werkplek/werkvoorraad")

    [(actie, wat, clienten)] = gelezen(app, web)[before:]
    assert actie == "GET /werkplek/werkvoorraad"
    assert wat == f"2 verzoek(en): {verzoek.id}, {verzoek.id + 1}"
    assert clienten == hashes(app, "999900018", "999900031")


# --- one request ------------------------------------------------------------------------------


def test_verzoek_page_shows_client_product_decision_and_messages(web, app):
    verzoek = _verzoek(web, app)
    client_bekend(app)

    response = web.get(f"/werkplek/verzoeken/{verzoek.id}")

    assert response.status_code == 200
    text = response.text
    assert "999900018" not in text and "*****0018" in text
    assert "Jansen" in text and "2014-06-09" in text
    assert "90 minuten per week" in text and "2430" in text
    assert "geen regel van regelset" in text  # the decision record's Dutch reason
    assert "Verzoek om toewijzing (VOT)" in text
    assert "JW315 bekijken" in text and "JW316 bekijken" in text and "JW319 bekijken" in text
    assert f'name="csrf_token" value="{web.token}"' in text
    assert gelezen(app, web)[-1] == (
        "GET /werkplek/verzoeken/{id}",
        f"verzoek {verzoek.id}",
        hashes(app, "999900018"),
    )


def test_another_gemeentes_request_is_not_found(web, app):
    verzoek = _verzoek(web, app, gemeente="0164")

    for path in (
        f"/werkplek/verzoeken/{verzoek.id}",
        f"/werkplek/verzoeken/{verzoek.id}/berichten/{verzoek.bericht_id}",
        "/werkplek/verzoeken/99999999999999999999",
    ):
        response = web.get(path)
        assert response.status_code == 404
        assert "Niet gevonden" in response.text
    refused = web.post(f"/werkplek/verzoeken/{verzoek.id}/afwijzing", data={"reden": "3"})
    assert refused.status_code == 404
    assert rows(app, Verzoek)[0].status == "in_onderzoek"


def test_a_message_of_another_request_is_not_shown_with_this_one(web, app):
    eerste = _verzoek(web, app, "R-1", "VOT-1")
    tweede = _verzoek(web, app, "R-2", "VOT-2", bsn="999900031")

    response = web.get(f"/werkplek/verzoeken/{eerste.id}/berichten/{tweede.bericht_id}")

    assert response.status_code == 404


def test_grant_as_requested_confirms_then_puts_a_jw301_in_the_outbox(web, app):
    verzoek = _verzoek(web, app)
    client_bekend(app)
    form = {
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-05-31",
        "volume": "90",
        "eenheid": "01",
        "frequentie": "2",
    }

    bevestigen = web.post(f"/werkplek/verzoeken/{verzoek.id}/toekenning/controle", data=form)
    assert bevestigen.status_code == 200
    assert "Toekenning bevestigen" in bevestigen.text and "zoals gevraagd" in bevestigen.text
    assert rows(app, Verzoek)[0].status == "in_onderzoek"  # nothing sent yet

    response = web.post(
        f"/werkplek/verzoeken/{verzoek.id}/toekenning", data=form, follow_redirects=False
    )
    assert response.status_code == 303
    shown = web.get(response.headers["location"])

    [jw301] = rows(app, Bericht, Bericht.type == "JW301")
    root = _outbox_xml(app, jw301.id)
    assert _text(root, "ReferentieAanbieder") == ["R-1"]
    assert _text(root, "Einddatum") == ["2027-05-31"]
    assert rows(app, Verzoek)[0].status == "toegekend"
    assert "Het verzoek is toegekend" in shown.text and "&lt;jw301:Bericht" in shown.text


def test_grant_with_other_dates_and_volume(web, app):
    verzoek = _verzoek(web, app)
    client_bekend(app)
    form = {
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-02-28",
        "volume": "60",
        "eenheid": "01",
        "frequentie": "2",
        "toelichting": "Korter, na overleg",
    }

    bevestigen = web.post(f"/werkplek/verzoeken/{verzoek.id}/toekenning/controle", data=form)
    assert "2027-02-28" in bevestigen.text and "60 minuten per week" in bevestigen.text
    web.post(f"/werkplek/verzoeken/{verzoek.id}/toekenning", data=form)

    [jw301] = rows(app, Bericht, Bericht.type == "JW301")
    root = _outbox_xml(app, jw301.id)
    assert _text(root, "Einddatum") == ["2027-02-28"]
    assert _text(root, "Volume") == ["60"]


def test_grant_errors_show_beside_their_fields_and_send_nothing(web, app):
    verzoek = _verzoek(web, app)
    client_bekend(app)
    base = {"volume": "90", "eenheid": "01", "frequentie": "2"}

    onleesbaar = web.post(
        f"/werkplek/verzoeken/{verzoek.id}/toekenning/controle",
        data=base | {"ingangsdatum": "1-12-2026", "einddatum": "2027-05-31", "volume": "veel"},
    )
    assert onleesbaar.status_code == 422
    assert "jjjj-mm-dd" in _veldfout(onleesbaar.text, "ingangsdatum")
    assert "heel getal" in _veldfout(onleesbaar.text, "volume")
    assert 'value="1-12-2026"' in onleesbaar.text  # what was typed stays

    omgekeerd = web.post(
        f"/werkplek/verzoeken/{verzoek.id}/toekenning",
        data=base | {"ingangsdatum": "2027-06-01", "einddatum": "2027-05-31"},
    )
    assert omgekeerd.status_code == 422
    assert "CS003" in _veldfout(omgekeerd.text, "einddatum")
    assert rows(app, Bericht, Bericht.type == "JW301") == []


def test_an_overlapping_grant_is_refused_beside_the_period(web, app):
    verzoek = _verzoek(web, app)
    client_bekend(app)
    toewijzing(app, 1001, date(2026, 11, 1), date(2027, 3, 31))
    form = {
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-05-31",
        "volume": "90",
        "eenheid": "01",
        "frequentie": "2",
    }

    response = web.post(f"/werkplek/verzoeken/{verzoek.id}/toekenning", data=form)

    assert response.status_code == 422
    assert "overlapt" in _veldfout(response.text, "ingangsdatum")
    assert rows(app, Bericht, Bericht.type == "JW301") == []
    assert rows(app, Verzoek)[0].status == "in_onderzoek"


def test_grant_without_contact_data_is_refused_with_a_dutch_message(web, app):
    verzoek = _verzoek(web, app)
    form = {"ingangsdatum": "2026-12-01", "einddatum": "2027-05-31"}
    form |= {"volume": "90", "eenheid": "01", "frequentie": "2"}

    response = web.post(f"/werkplek/verzoeken/{verzoek.id}/toekenning", data=form)

    assert response.status_code == 409
    assert "geen contactgegevens bekend" in response.text
    assert rows(app, Bericht, Bericht.type == "JW301") == []


def test_reject_with_woonplaatsbeginsel_puts_a_jw319_in_the_outbox(web, app):
    verzoek = _verzoek(web, app)
    form = {"reden": "8", "woonplaatsbeginsel_gemeente": "0164"}

    bevestigen = web.post(f"/werkplek/verzoeken/{verzoek.id}/afwijzing/controle", data=form)
    assert bevestigen.status_code == 200
    assert "8 Woonplaatsbeginsel" in bevestigen.text and "Hengelo" in bevestigen.text
    response = web.post(
        f"/werkplek/verzoeken/{verzoek.id}/afwijzing", data=form, follow_redirects=False
    )
    assert response.status_code == 303
    shown = web.get(response.headers["location"])

    [afwijzing] = [
        row
        for row in rows(app, Bericht, Bericht.type == "JW319")
        if b"<jw319:RedenAfwijzingVerzoek" in row.xml
    ]
    root = _outbox_xml(app, afwijzing.id)
    assert _text(root, "VerzoekAntwoord") == ["1"]
    assert _text(root, "RedenAfwijzingVerzoek") == ["8"]
    assert _text(root, "Gemeente") == ["0164"]
    assert rows(app, Verzoek)[0].status == "afgewezen"
    assert "Het verzoek is afgewezen" in shown.text
    page = web.get(f"/werkplek/verzoeken/{verzoek.id}").text
    assert "Reden van afwijzing: 8 Woonplaatsbeginsel" in page
    assert "Toekenning controleren" not in page  # no actions after a rejection


@pytest.mark.parametrize(
    ("form", "veld", "melding"),
    [
        ({"reden": ""}, "reden", "Kies een reden van afwijzing."),
        ({"reden": "8"}, "woonplaatsbeginsel_gemeente", "TR377"),
        (
            {"reden": "3", "woonplaatsbeginsel_gemeente": "0164"},
            "woonplaatsbeginsel_gemeente",
            "TR409",
        ),
        (
            {"reden": "8", "woonplaatsbeginsel_gemeente": "9998"},
            "woonplaatsbeginsel_gemeente",
            "CBS",
        ),
    ],
)
def test_reject_errors_show_beside_their_fields(web, app, form, veld, melding):
    verzoek = _verzoek(web, app)

    response = web.post(f"/werkplek/verzoeken/{verzoek.id}/afwijzing", data=form)

    assert response.status_code == 422
    assert melding in _veldfout(response.text, veld)
    assert rows(app, Verzoek)[0].status == "in_onderzoek"


def test_a_second_answer_is_refused_as_the_standard_says(web, app):
    verzoek = _verzoek(web, app)
    form = {"reden": "3"}
    web.post(f"/werkplek/verzoeken/{verzoek.id}/afwijzing", data=form)

    response = web.post(f"/werkplek/verzoeken/{verzoek.id}/afwijzing", data=form)

    assert response.status_code == 409
    assert "TR365" in response.text and "niet toegestaan" in response.text


def test_a_form_without_the_csrf_token_changes_nothing(web, app):
    verzoek = _verzoek(web, app)

    response = web.post(
        f"/werkplek/verzoeken/{verzoek.id}/afwijzing", data={"reden": "3", "csrf_token": "oud"}
    )
    assert response.status_code == 403
    assert "Formulier verlopen" in response.text

    assert rows(app, Verzoek)[0].status == "in_onderzoek"


def test_markup_in_the_messages_shows_as_text(web, app):
    markup = "<script>alert(1)</script>"
    xml = vot("VOT-X", DAG, Aangevraagd(markup, START, EIND)).replace(
        b"<ijw:Achternaam>Jansen</ijw:Achternaam>",
        b"<ijw:Achternaam>&lt;img src=x onerror=alert(1)&gt;</ijw:Achternaam>",
    )
    xml = xml.replace(markup.encode(), b"&lt;script&gt;alert(1)&lt;/script&gt;")
    assert accepted(post(web, xml))
    [verzoek] = rows(app, Verzoek)

    lijst = web.get("/werkplek/werkvoorraad").text
    pagina = web.get(f"/werkplek/verzoeken/{verzoek.id}").text
    bericht = web.get(f"/werkplek/verzoeken/{verzoek.id}/berichten/{verzoek.bericht_id}").text

    for html in (lijst, pagina, bericht):
        assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in lijst
    assert "&lt;img src=x onerror=alert(1)&gt;" in pagina
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pagina
    # The XML shows as text: its own escaping escaped once more.
    assert "&amp;lt;script&amp;gt;" in bericht
    assert _referenties(lijst) == [markup]
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(Verzoek.referentie_aanbieder)) == markup


def test_toon_bsn_on_the_verzoek_page_shows_it_once_and_audits_it(web, app):
    verzoek = _verzoek(web, app)
    pagina = web.get(f"/werkplek/verzoeken/{verzoek.id}")
    assert "999900018" not in pagina.text and "Toon BSN" in pagina.text
    assert f'action="/werkplek/verzoeken/{verzoek.id}"' in pagina.text

    getoond = web.post(f"/werkplek/verzoeken/{verzoek.id}", data={"toon_bsn": "1"})

    assert getoond.status_code == 200
    assert "999900018" in getoond.text and "Toon BSN" not in getoond.text
    assert gelezen(app, web)[-2:] == [
        ("GET /werkplek/verzoeken/{id}", f"verzoek {verzoek.id}", hashes(app, "999900018")),
        (
            "BSN getoond",
            f"/werkplek/verzoeken/{{id}}: verzoek {verzoek.id}",
            hashes(app, "999900018"),
        ),
    ]
    assert "999900018" not in web.get(f"/werkplek/verzoeken/{verzoek.id}").text


def test_toon_bsn_on_the_verzoek_page_needs_the_csrf_token_and_the_gemeente(web, app):
    verzoek = _verzoek(web, app)
    elders = _verzoek(web, app, "R-2", "VOT-2", gemeente="0164")
    before = len(gelezen(app, web))

    zonder = web.client.post(f"/werkplek/verzoeken/{verzoek.id}", data={"toon_bsn": "1"})
    andere = web.post(f"/werkplek/verzoeken/{elders.id}", data={"toon_bsn": "1"})

    assert zonder.status_code == 403 and "999900018" not in zonder.text
    assert andere.status_code == 404 and elders.bsn not in andere.text
    assert gelezen(app, web)[before:] == []


def test_the_verzoek_page_links_to_the_clients_page_by_its_reference(web, app):
    verzoek = _verzoek(web, app)
    client_bekend(app)
    link = re.compile(r'href="(/werkplek/clienten/[^"/?]+)"')

    [url] = link.findall(web.get(f"/werkplek/verzoeken/{verzoek.id}").text)

    assert "999900018" not in url
    client_pagina = web.get(url)
    assert client_pagina.status_code == 200
    assert "*****0018" in client_pagina.text
    assert "Verzoek R-1 van aanbieder" in client_pagina.text
    # Made on first use, the same reference on every later visit.
    assert link.findall(web.get(f"/werkplek/verzoeken/{verzoek.id}").text) == [url]
