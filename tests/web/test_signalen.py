"""The werkplek's Signalen page: the list, the regional records, the CSV and their scope."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Row, select

from app.deadlines.export import CSV_COLUMNS
from app.deadlines.repository import COLUMNS
from app.deadlines.scan import scan
from app.main import create_app
from app.persistence.models import AuditClient, AuditEntry, Signaal, TermijnVastlegging
from tests.api.berichten import AGB, BSN
from tests.api.flow import client_bekend, rows
from tests.api.test_termijnen import REGIO_B
from tests.keys import aangemeld
from tests.web.ingelogd import TOKEN, als, gelezen
from tests.web.werkplek import account, csrf_token, inloggen


@pytest.fixture
def beide(settings, clock):
    """Enschede (region A) and Amsterdam (region B, contact moments), each with a client."""
    app = create_app(settings.model_copy(update={"ruleset_dir": REGIO_B}), clock=clock)
    with TestClient(app) as test_client:
        aangemeld(test_client)
        client_bekend(app, gemeente="0153")
        client_bekend(app, gemeente="0363")
        yield test_client, app


def toewijzen(client, ingang: date, eind: date, *, gemeente: str = "0153", code="54001") -> int:
    """Grant a direct toewijzing over the JSON API (which opens its signals); its number."""
    response = client.post(
        "/toewijzingen",
        json={
            "gemeente": gemeente,
            "aanbieder": AGB,
            "bsn": BSN,
            "product": {"categorie": "54", "code": code},
            "ingangsdatum": ingang.isoformat(),
            "einddatum": eind.isoformat(),
            "omvang": {"volume": 4680, "eenheid": "01", "frequentie": "6"},
            "besloten_door": "j.devries",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["toewijzing_nummer"]


def _signaal(app, soort: str, gemeente: str) -> Row:
    """The one signal of a kind in a gemeente, with the state every read shows."""
    with app.state.services.sessionmaker() as session:
        return session.execute(
            select(*COLUMNS).where(Signaal.soort == soort, Signaal.gemeente == gemeente)
        ).one()


def _rij(html: str, signaal_id: int) -> str:
    """The table row of one signal ('' when the page does not list it)."""
    found = re.search(
        rf'<tr class="utrecht-table__row" id="signaal-{signaal_id}">(.*?)</tr>', html, re.S
    )
    return found.group(1) if found else ""


def _tekst(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _fout(html: str, veld: str) -> str:
    """The error text beside a field, checking the field points at it."""
    found = re.search(
        rf'<p class="utrecht-form-field-error-message" id="{veld}-fout">(.*?)</p>', html
    )
    assert found, f"no error beside {veld}"
    assert re.search(rf'aria-describedby="[^"]*\b{veld}-fout\b', html), f"{veld} not described"
    return found.group(1)


CONTACT = {
    "csrf_token": TOKEN,
    "datum": "2026-11-19",
    "vorm": "telefoon",
    "uitkomst": "afsluiten_met_vervolgzorg",
    "deelnemers": "behandelaar, jeugdconsulent",
    "toelichting": "Vervolg bij de huisarts",
}


def test_the_page_lists_overdue_and_due_soon_signals_of_the_workers_gemeenten(beide):
    client, app = beide
    binnenkort = toewijzen(client, date(2026, 11, 1), date(2027, 1, 25))  # due 2026-11-30
    te_laat = toewijzen(client, date(2026, 11, 1), date(2027, 1, 4), code="54002")  # 11-09
    later = toewijzen(client, date(2026, 11, 1), date(2027, 3, 1), code="54003")  # 2027-01-04
    toewijzen(client, date(2026, 11, 1), date(2027, 2, 28), gemeente="0363")
    with app.state.services.sessionmaker.begin() as session:
        scan(session, date(2026, 11, 20), app.state.services.clock.now())
    signalen = {s.onderwerp_id: s for s in rows(app, Signaal, Signaal.soort == "verlenging")}
    nummers = {t.nummer: t.id for t in _toewijzingen(app) if t.gemeente == "0153"}
    als(app, gemeenten=("0153",))

    page = client.get("/werkplek/signalen")

    assert page.status_code == 200
    html = page.text
    rij_binnenkort = _tekst(_rij(html, signalen[nummers[binnenkort]].id))
    assert "30-11-2026" in rij_binnenkort
    assert "nog 10 dagen" in rij_binnenkort
    assert "Te laat" not in rij_binnenkort
    assert f"Toewijzing {binnenkort}" in rij_binnenkort
    assert "Jansen" in rij_binnenkort
    assert f"Verlengingsmelding vastleggen (toewijzing {binnenkort})" in rij_binnenkort
    rij_te_laat = _tekst(_rij(html, signalen[nummers[te_laat]].id))
    assert "Te laat 11 dagen over de termijn" in rij_te_laat
    assert _rij(html, signalen[nummers[later]].id) == ""
    # Amsterdam's contact moment is due soon, but not this worker's gemeente.
    assert _rij(html, _signaal(app, "contactmoment", "0363").id) == ""
    assert '<td class="utrecht-table__cell">0363</td>' not in html
    assert BSN not in html
    assert '<h1 class="utrecht-heading-1">Signalen</h1>' in html
    assert html.count("<h1") == 1
    [(wat, clienten)] = gelezen(app, "GET /werkplek/signalen")
    shown = html.count('id="signaal-')
    assert wat.startswith(f"{shown} signalen: ")
    assert clienten == {(BSN, "0153")}


def _toewijzingen(app):
    from app.persistence.models import Toewijzing

    return rows(app, Toewijzing)


def test_a_recorded_contact_moment_meets_its_signal(beide):
    client, app = beide
    nummer = toewijzen(client, date(2026, 3, 1), date(2027, 2, 28), gemeente="0363")
    signaal = _signaal(app, "contactmoment", "0363")
    assert (signaal.status, signaal.due_date) == ("open", date(2026, 11, 28))
    als(app, gemeenten=("0363",), naam="a.bakker")
    lijst = client.get("/werkplek/signalen").text
    assert f"Contactmoment vastleggen (toewijzing {nummer})" in _tekst(_rij(lijst, signaal.id))

    formulier = client.get(f"/werkplek/signalen/{signaal.id}/vastleggen")
    assert formulier.status_code == 200
    assert gelezen(app, "GET /werkplek/signalen/vastleggen") == [
        (f"signaal {signaal.id}", {(BSN, "0363")})
    ]
    assert f'<input type="hidden" name="csrf_token" value="{TOKEN}">' in formulier.text
    for uitkomst in (
        "Afsluiten zonder vervolgzorg",
        "Verlenging nodig",
        "Afsluiten met vervolgzorg",
    ):
        assert uitkomst in formulier.text

    response = client.post(
        f"/werkplek/signalen/{signaal.id}/vastleggen", data=CONTACT, follow_redirects=False
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/werkplek/signalen?gemeld={signaal.id}"
    na = client.get(response.headers["location"]).text
    assert f"Contactmoment van toewijzing {nummer} vastgelegd" in _tekst(na)
    assert "Status van het signaal: Gemeld" in _tekst(na)
    assert _rij(na, signaal.id) == ""
    signaal = _signaal(app, "contactmoment", "0363")
    assert (signaal.status, signaal.te_laat) == ("met", False)
    [record] = rows(app, TermijnVastlegging)
    assert (record.soort, record.datum_date, record.vastgelegd_door, record.vastgelegd_rol) == (
        "contactmoment",
        date(2026, 11, 19),
        "a.bakker",
        "gemeente",
    )
    assert record.details == {
        "vorm": "telefoon",
        "uitkomst": "afsluiten_met_vervolgzorg",
        "deelnemers": ["behandelaar", "jeugdconsulent"],
        "toelichting": "Vervolg bij de huisarts",
    }
    # The JSON API reads the record the werkplek made like one of its own.
    history = client.get(f"/toewijzingen/0363/{nummer}")
    assert history.status_code == 200


def test_an_invalid_contact_moment_shows_each_error_beside_its_field_and_stores_nothing(beide):
    client, app = beide
    toewijzen(client, date(2026, 3, 1), date(2027, 2, 28), gemeente="0363")
    signaal = _signaal(app, "contactmoment", "0363")
    als(app, gemeenten=("0363",))

    response = client.post(
        f"/werkplek/signalen/{signaal.id}/vastleggen",
        data=CONTACT | {"datum": "19-11-2026", "uitkomst": "weet niet", "deelnemers": " , "},
    )

    assert response.status_code == 422
    html = response.text
    assert _fout(html, "datum") == "De datum is geen datum: schrijf JJJJ-MM-DD, bijv. 2026-12-01."
    assert _fout(html, "uitkomst") == "Kies een van de drie uitkomsten uit de lijst."
    assert _fout(html, "deelnemers") == "Noem ten minste één deelnemer."
    assert 'id="vorm-fout"' not in html
    # What was typed stays in the form.
    assert 'value="19-11-2026"' in html
    assert "Vervolg bij de huisarts</textarea>" in html
    assert 'value="telefoon" checked' in html
    assert rows(app, TermijnVastlegging) == []
    assert _signaal(app, "contactmoment", "0363").status == "open"


def test_a_date_the_service_refuses_is_shown_beside_the_date(beide):
    client, app = beide
    toewijzen(client, date(2026, 3, 1), date(2027, 2, 28), gemeente="0363")
    signaal = _signaal(app, "contactmoment", "0363")
    als(app, gemeenten=("0363",))

    response = client.post(
        f"/werkplek/signalen/{signaal.id}/vastleggen", data=CONTACT | {"datum": "2026-11-21"}
    )

    assert response.status_code == 422
    assert _fout(response.text, "datum") == "De datum 2026-11-21 ligt in de toekomst."
    assert rows(app, TermijnVastlegging) == []


def test_an_extension_notice_and_an_evaluation_meet_their_signals_in_region_a(beide):
    client, app = beide
    nummer = toewijzen(client, date(2026, 2, 1), date(2027, 2, 10))  # over a year
    verlenging = _signaal(app, "verlenging", "0153")
    evaluatie = _signaal(app, "evaluatie", "0153")
    als(app)

    leeg = client.post(f"/werkplek/signalen/{verlenging.id}/vastleggen", data={"csrf_token": TOKEN})
    assert leeg.status_code == 422
    assert _fout(leeg.text, "verlenging") == "Kies of de zorg wordt verlengd."

    melding = client.post(
        f"/werkplek/signalen/{verlenging.id}/vastleggen",
        data={"csrf_token": TOKEN, "verlenging": "lange_verlenging", "toelichting": "loopt"},
        follow_redirects=False,
    )
    evaluatie_response = client.post(
        f"/werkplek/signalen/{evaluatie.id}/vastleggen",
        data={"csrf_token": TOKEN, "datum": "2026-11-18"},
        follow_redirects=False,
    )

    assert (melding.status_code, evaluatie_response.status_code) == (303, 303)
    assert _signaal(app, "verlenging", "0153").status == "met"
    # The evaluation was due 2026-08-01: met, but late.
    assert (
        _signaal(app, "evaluatie", "0153").status,
        _signaal(app, "evaluatie", "0153").te_laat,
    ) == (
        "met",
        True,
    )
    details = {r.soort: r.details for r in rows(app, TermijnVastlegging)}
    assert details == {
        "verlenging": {"verlenging": "lange_verlenging", "toelichting": "loopt"},
        "evaluatie": {"toelichting": None},
    }
    na = client.get(f"/werkplek/signalen?gemeld={evaluatie.id}").text
    assert f"Evaluatie van toewijzing {nummer} vastgelegd" in _tekst(na)
    assert "(na de termijn)" in na


def test_a_window_not_yet_open_is_refused_in_dutch(beide):
    client, app = beide
    nummer = toewijzen(client, date(2026, 12, 1), date(2027, 6, 30))
    verlenging = _signaal(app, "verlenging", "0153")
    als(app)

    response = client.post(
        f"/werkplek/signalen/{verlenging.id}/vastleggen",
        data={"csrf_token": TOKEN, "verlenging": "geen"},
    )

    assert response.status_code == 409
    assert (
        f"Venster nog niet open: het verlenging-venster van toewijzing {nummer} opent op "
        "2027-04-07." in response.text
    )
    assert rows(app, TermijnVastlegging) == []


def test_another_gemeentes_signal_is_not_found(beide):
    client, app = beide
    toewijzen(client, date(2026, 3, 1), date(2027, 2, 28), gemeente="0363")
    signaal = _signaal(app, "contactmoment", "0363")
    als(app, gemeenten=("0153",))

    formulier = client.get(f"/werkplek/signalen/{signaal.id}/vastleggen")
    post = client.post(f"/werkplek/signalen/{signaal.id}/vastleggen", data=CONTACT)

    assert (formulier.status_code, post.status_code) == (404, 404)
    assert f"Signaal {signaal.id} is niet gevonden." in post.text
    assert rows(app, TermijnVastlegging) == []
    assert _signaal(app, "contactmoment", "0363").status == "open"
    assert client.get("/werkplek/signalen/999999/vastleggen").status_code == 404


def test_a_signal_that_takes_no_record_is_not_found(beide):
    client, app = beide
    toewijzen(client, date(2026, 11, 1), date(2027, 1, 25))
    start = _signaal(app, "start_zorg", "0153")
    als(app)

    assert client.get(f"/werkplek/signalen/{start.id}/vastleggen").status_code == 404


def test_the_csv_has_the_apis_columns_and_the_pages_signals_and_is_audited(beide):
    client, app = beide
    nummer = toewijzen(client, date(2026, 11, 1), date(2027, 1, 25))
    toewijzen(client, date(2026, 3, 1), date(2027, 2, 28), gemeente="0363")
    verlenging = _signaal(app, "verlenging", "0153")
    als(app, gemeenten=("0153",))

    response = client.get("/werkplek/signalen.csv", params={"soort": "verlenging"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="signalen.csv"'
    [header, *regels] = list(csv.reader(io.StringIO(response.text)))
    assert tuple(header) == CSV_COLUMNS
    [regel] = regels
    row = dict(zip(header, regel, strict=True))
    assert (row["id"], row["soort"], row["gemeente"], row["due"], row["status"]) == (
        str(verlenging.id),
        "verlenging",
        "0153",
        "2026-11-30",
        "open",
    )
    assert (row["toewijzing_nummer"], row["bsn"]) == (str(nummer), BSN)
    # The API's CSV of the same signal has the same row.
    api = client.get("/signalen.csv", params={"soort": "verlenging", "gemeente": "0153"})
    assert regel in list(csv.reader(io.StringIO(api.text)))
    assert gelezen(app, "GET /werkplek/signalen.csv") == [
        (f"1 signalen: {verlenging.id}", {(BSN, "0153")})
    ]


def test_an_unknown_filter_is_an_error_beside_it(beide):
    client, app = beide
    als(app, gemeenten=("0153",))

    page = client.get("/werkplek/signalen", params={"gemeente": "0363", "soort": "x"})
    export = client.get("/werkplek/signalen.csv", params={"gemeente": "0363"})

    assert page.status_code == 422
    assert _fout(page.text, "filter-gemeente") == "Kies een van uw gemeenten."
    assert _fout(page.text, "filter-soort") == "Kies een soort termijn uit de lijst."
    assert export.status_code == 422
    assert export.text == "Kies een van uw gemeenten."


def test_the_forms_offer_exactly_the_services_choices():
    from app.deadlines.vastlegging import UITKOMSTEN, VERLENGINGEN, VORMEN
    from app.web.signalen import UITKOMST_LABELS, VERLENGING_LABELS, VORM_LABELS

    assert tuple(VERLENGING_LABELS) == VERLENGINGEN
    assert tuple(VORM_LABELS) == VORMEN
    assert tuple(UITKOMST_LABELS) == UITKOMSTEN


def test_signed_in_for_real_the_read_is_stored_and_a_form_without_its_token_is_refused(beide):
    client, app = beide
    toewijzen(client, date(2026, 3, 1), date(2027, 2, 28), gemeente="0363")
    signaal = _signaal(app, "contactmoment", "0363")
    gebruiker_id = account(app, "a.bakker", rol="medewerker", gemeenten=("0363",))
    assert inloggen(client, "a.bakker").status_code == 303

    formulier = client.get(f"/werkplek/signalen/{signaal.id}/vastleggen")
    zonder = client.post(
        f"/werkplek/signalen/{signaal.id}/vastleggen", data=CONTACT | {"csrf_token": "fout"}
    )
    met = client.post(
        f"/werkplek/signalen/{signaal.id}/vastleggen",
        data=CONTACT | {"csrf_token": csrf_token(formulier.text)},
        follow_redirects=False,
    )

    assert zonder.status_code == 403
    assert met.status_code == 303
    assert _signaal(app, "contactmoment", "0363").status == "met"
    [record] = rows(app, TermijnVastlegging)
    assert record.vastgelegd_door == "a.bakker"
    entries = rows(app, AuditEntry, AuditEntry.gebruiker_id == gebruiker_id)
    assert {(e.actie, e.wat, e.rol) for e in entries} == {
        ("GET /werkplek/signalen/vastleggen", f"signaal {signaal.id}", "medewerker")
    }
    assert len(entries) == 2  # the form, and the record that read it again
    assert rows(app, AuditClient, AuditClient.audit_id == entries[0].id)[0].gemeente == "0363"


def test_the_signal_form_links_to_the_clients_page_by_its_reference(beide):
    client, app = beide
    nummer = toewijzen(client, date(2026, 3, 1), date(2027, 2, 28), gemeente="0363")
    signaal = _signaal(app, "contactmoment", "0363")
    als(app, gemeenten=("0363",), naam="a.bakker")

    formulier = client.get(f"/werkplek/signalen/{signaal.id}/vastleggen").text
    [url] = re.findall(r'href="(/werkplek/clienten/[^"/?]+)"', formulier)

    assert BSN not in url
    pagina = client.get(url)
    assert pagina.status_code == 200
    assert f"/werkplek/clienten/{url.rsplit('/', 1)[1]}/toewijzingen/{nummer}/wijziging" in (
        pagina.text
    )
