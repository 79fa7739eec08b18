"""The werkplek's Cliënt page and its forms, over the services the JSON API uses."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree, html
from sqlalchemy import select

from app.main import create_app
from app.persistence.models import (
    Bericht,
    Client,
    ClientReferentie,
    Outbox,
    Toewijzing,
    Verwijzing,
    Vooroverleg,
)
from app.web import clienten
from app.web.clienten import client_pagina_url
from tests.api.berichten import AGB, Aangevraagd, Regie, start, stop, vot
from tests.api.flow import accepted, client_bekend, post, rows
from tests.audit.reads import expected_hash, log
from tests.keys import aangemeld
from tests.web.werkplek import account, csrf_token, inloggen

REGIO_B = Path(__file__).parents[1] / "decisions" / "scenarios" / "rulesets"
"""Rule sets where Amsterdam (0363) works by 'specifiek toekennen' (region B)."""

GEMEENTE, ANDERE = "0363", "0153"
BSN = "999900018"


class Werkplek:
    """A signed-in browser session: every form is sent with the session's CSRF token."""

    def __init__(self, client: TestClient, token: str, gebruiker_id: int) -> None:
        self.client = client
        self.token = token
        self.gebruiker_id = gebruiker_id

    def get(self, url: str, **kwargs):
        """A page."""
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, **kwargs):
        """A form with the CSRF token (unless `data` names one), or a message as it is."""
        if "content" in kwargs:
            return self.client.post(url, **kwargs)
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


@pytest.fixture
def app(settings, clock):
    return create_app(settings.model_copy(update={"ruleset_dir": REGIO_B}), clock=clock)


@pytest.fixture
def web(app):
    with TestClient(app, follow_redirects=False) as test_client:
        aangemeld(test_client)
        gebruiker_id = account(app, "j.devries", gemeenten=(GEMEENTE,))
        assert inloggen(test_client, "j.devries").status_code == 303
        token = csrf_token(test_client.get("/werkplek/clienten").text)
        yield Werkplek(test_client, token, gebruiker_id)


def gelezen(app, web) -> list[tuple[str, set[tuple[str, str]]]]:
    """The audit entries of the signed-in person: the page read and the clients it read."""
    entries = []
    for entry, clienten_gelezen in log(app):
        assert (entry.key_id, entry.gebruiker_id, entry.rol) == (
            None,
            web.gebruiker_id,
            "medewerker",
        )
        entries.append((entry.actie, clienten_gelezen))
    return entries


def zoek(web, bsn=BSN, gemeente=GEMEENTE) -> str:
    """Search the client and return its page's URL (by the redirect)."""
    response = web.post("/werkplek/clienten", data={"bsn": bsn, "gemeente": gemeente})
    assert response.status_code == 303, response.text
    return response.headers["location"]


def fout_bij(page: str, naam: str) -> str:
    """The error message beside a field, checked to be the field's aria-describedby target."""
    doc = html.fromstring(page)
    [veld] = doc.xpath(f'//*[@name="{naam}"][not(@type="hidden")]')
    assert veld.get("aria-invalid") == "true"
    ids = veld.get("aria-describedby").split()
    assert f"fout-{naam}" in ids
    [fout] = doc.xpath(f'//*[@id="fout-{naam}"]')
    assert "utrecht-form-field-error-message" in fout.get("class")
    # Beside the field: in the same form field as its input.
    assert fout.getparent() is veld.getparent()
    return fout.text_content().strip()


def urls(page: str) -> list[str]:
    """Every link and form target of a page."""
    doc = html.fromstring(page)
    return doc.xpath("//@href") + doc.xpath("//form/@action")


def outbox_jw301(app) -> list[Bericht]:
    """The JW301s in the outbox, oldest first."""
    with app.state.services.sessionmaker() as session:
        return list(
            session.scalars(
                select(Bericht)
                .join(Outbox, Outbox.bericht_id == Bericht.id)
                .where(Bericht.type == "JW301")
                .order_by(Bericht.id)
            )
        )


def producten(bericht: Bericht) -> list[dict[str, str]]:
    """The ToegewezenProducten of a JW301: leaf names to their text."""
    return [
        {etree.QName(leaf).localname: leaf.text for leaf in product.iter() if len(leaf) == 0}
        for product in etree.fromstring(bericht.xml).iter("{*}ToegewezenProduct")
    ]


# --- finding a client ---------------------------------------------------------------------------


def test_search_redirects_by_an_opaque_reference(app, web):
    form = web.get("/werkplek/clienten")
    assert form.status_code == 200
    assert f'name="csrf_token" value="{web.token}"' in form.text
    url = zoek(web)
    ref = url.rsplit("/", 1)[1]
    assert url == f"/werkplek/clienten/{ref}"
    assert BSN not in url
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", ref)
    assert zoek(web) == url  # the same client keeps its reference
    other = zoek(web, bsn="999900031")
    assert other != url
    with app.state.services.sessionmaker() as session:
        stored = session.scalar(select(ClientReferentie).where(ClientReferentie.ref == ref))
        assert (stored.gemeente, stored.bsn) == (GEMEENTE, BSN)
        assert client_pagina_url(session, GEMEENTE, BSN, stored.created_at) == url


def test_search_refuses_a_bad_bsn_beside_the_field(web):
    response = web.post("/werkplek/clienten", data={"bsn": "12345", "gemeente": GEMEENTE})
    assert response.status_code == 422
    assert fout_bij(response.text, "bsn") == "Het BSN klopt niet: precies 9 cijfers."
    response = web.post("/werkplek/clienten", data={"bsn": "999900019", "gemeente": GEMEENTE})
    assert fout_bij(response.text, "bsn") == (
        "Dit is geen geldig BSN: het voldoet niet aan de 11-proef."
    )
    response = web.post("/werkplek/clienten", data={"bsn": BSN, "gemeente": ANDERE})
    assert response.status_code == 422
    assert fout_bij(response.text, "gemeente") == "Kies de gemeente uit de lijst."


def test_search_without_csrf_token_is_refused(web):
    response = web.client.post("/werkplek/clienten", data={"bsn": BSN, "gemeente": GEMEENTE})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.text


def test_another_gemeentes_client_is_not_found(app, web):
    with app.state.services.sessionmaker.begin() as session:
        now = app.state.services.clock.now()
        url = client_pagina_url(session, ANDERE, BSN, now)
    for path in ("", "/clientgegevens", "/toewijzing", "/vooroverleg", "/verwijzing"):
        assert web.get(url + path).status_code == 404
    response = web.post(
        url + "/vooroverleg",
        data={
            "aanbieder": AGB,
            "categorie": "54",
            "max_minuten": "10",
            "einddatum": "2027-01-01",
            "soort": "initieel",
        },
    )
    assert response.status_code == 404
    assert rows(app, Vooroverleg) == []
    assert web.get("/werkplek/clienten/onbekend").status_code == 404


# --- the page and its timeline ------------------------------------------------------------------


def test_page_shows_the_timeline_from_request_to_stop_and_is_audited(app, web):
    client_bekend(app, gemeente=GEMEENTE)
    aangevraagd = Aangevraagd(
        "VOT-1", date(2026, 11, 2), date(2027, 11, 1), "54", "54001", (4680, "01", "6")
    )
    assert accepted(post(web, vot("V1", date(2026, 11, 20), aangevraagd, gemeente=GEMEENTE)))
    [toewijzing] = rows(app, Toewijzing)
    regie = {"categorie": "54", "code": "54001", "toewijzing_ingang": date(2026, 11, 2)}
    gestart = Regie(toewijzing.nummer, date(2026, 11, 16), **regie)
    assert accepted(post(web, start("S1", date(2026, 11, 20), gestart, gemeente=GEMEENTE)))
    gestopt = Regie(
        toewijzing.nummer, date(2026, 11, 16), reden="31", einddatum=date(2026, 11, 19), **regie
    )
    assert accepted(post(web, stop("P1", date(2026, 11, 20), gestopt, gemeente=GEMEENTE)))

    url = zoek(web)
    page = web.get(url)
    assert page.status_code == 200
    doc = html.fromstring(page.text)
    assert len(doc.xpath("//h1")) == 1
    tijdlijn = [
        [cell.text_content().strip() for cell in row.xpath("td")]
        for row in doc.xpath('//section[@aria-labelledby="kop-tijdlijn"]//tbody/tr')
    ]
    soorten = [row[1] for row in tijdlijn]
    assert soorten == ["JW315", "Besluit", "JW301", "JW305", "JW307", "JW301"]
    assert "4680 minuten totaal binnen de geldigheidsduur" in tijdlijn[2][3]
    assert "2026-11-02 t/m 2027-11-01" in tijdlijn[2][3]
    assert "begindatum 2026-11-16" in tijdlijn[3][3]
    assert "einddatum 2026-11-19, reden Volgens plan" in tijdlijn[4][3]
    assert "versie 2" in tijdlijn[5][2] and "2026-11-02 t/m 2026-11-19" in tijdlijn[5][3]
    assert "Oude Markt 12" in page.text  # Contactgegevens
    gelezen_client = {(expected_hash(app, BSN), GEMEENTE)}
    assert ("GET /werkplek/clienten/{ref}", gelezen_client) in gelezen(app, web)
    assert not any(BSN in link for link in urls(page.text))


# --- a direct toewijzing (seed 002, version B) --------------------------------------------------


def test_direct_toewijzing_is_prefilled_with_the_rule_sets_standard(web):
    url = zoek(web)
    page = web.get(url)
    assert f"{url}/toewijzing?standaard=54001" in urls(page.text)
    for code, minuten in (("54001", "4680"), ("54002", "7020"), ("54003", "7020")):
        doc = html.fromstring(web.get(f"{url}/toewijzing?standaard={code}").text)
        waarde = {el.get("name"): el.get("value") for el in doc.xpath("//input[@name]")}
        gekozen = {
            el.getparent().get("name"): el.get("value")
            for el in doc.xpath("//select/option[@selected]")
        }
        assert waarde["code"] == code
        assert waarde["volume"] == minuten
        assert waarde["ingangsdatum"] == "2026-11-20"
        assert waarde["einddatum"] == "2027-11-19"  # 12 months
        assert gekozen == {"categorie": "54", "eenheid": "01", "frequentie": "6"}


TOEWIJZING = {
    "aanbieder": AGB,
    "categorie": "54",
    "code": "54001",
    "ingangsdatum": "2026-11-20",
    "einddatum": "2027-11-19",
    "volume": "4680",
    "eenheid": "01",
    "frequentie": "6",
}


def test_direct_toewijzing_sends_a_jw301_shown_after_the_action(app, web):
    client_bekend(app, gemeente=GEMEENTE)
    url = zoek(web)
    response = web.post(f"{url}/toewijzing", data=TOEWIJZING)
    assert response.status_code == 303
    [bericht] = outbox_jw301(app)
    assert response.headers["location"] == f"{url}?gedaan=toewijzing&verstuurd={bericht.id}"
    [product] = producten(bericht)
    assert product["Categorie"] == "54" and product["Code"] == "54001"
    assert (product["Volume"], product["Eenheid"], product["Frequentie"]) == ("4680", "01", "6")
    assert (product["Ingangsdatum"], product["Einddatum"]) == ("2026-11-20", "2027-11-19")
    assert "RedenWijziging" not in product
    [toewijzing] = rows(app, Toewijzing)
    assert toewijzing.bsn == BSN and toewijzing.gemeente == GEMEENTE
    shown = web.get(response.headers["location"])
    assert f"JW301 {bericht.identificatie} aan aanbieder {AGB} staat in de outbox" in shown.text
    assert "De toewijzing is verstuurd." in shown.text


def test_direct_toewijzing_without_client_data_stores_nothing(app, web):
    url = zoek(web)
    response = web.post(f"{url}/toewijzing", data=TOEWIJZING)
    assert response.status_code == 409
    assert "geen Contactgegevens bekend" in response.text
    assert rows(app, Toewijzing) == [] and outbox_jw301(app) == []
    assert 'value="4680"' in response.text  # nothing typed is lost


def test_direct_toewijzing_errors_beside_each_field(app, web):
    client_bekend(app, gemeente=GEMEENTE)
    url = zoek(web)
    data = TOEWIJZING | {
        "aanbieder": "1234",
        "categorie": "39",
        "code": "54-01",
        "einddatum": "2026-11-01",
        "volume": "veel",
        "eenheid": "99",
    }
    response = web.post(f"{url}/toewijzing", data=data)
    assert response.status_code == 422
    assert fout_bij(response.text, "aanbieder") == (
        "De AGB-code van de aanbieder klopt niet: precies 8 cijfers."
    )
    assert fout_bij(response.text, "categorie") == "Kies de productcategorie uit de lijst."
    assert fout_bij(response.text, "code") == (
        "De productcode klopt niet: ten hoogste 5 letters of cijfers."
    )
    assert fout_bij(response.text, "einddatum") == "De einddatum ligt voor de ingangsdatum."
    assert fout_bij(response.text, "volume") == (
        "Het volume is geen geheel getal: gebruik alleen cijfers."
    )
    assert fout_bij(response.text, "eenheid") == "Kies de eenheid uit de lijst."
    response = web.post(f"{url}/toewijzing", data=TOEWIJZING | {"ingangsdatum": "20-11-2026"})
    assert fout_bij(response.text, "ingangsdatum") == (
        "De ingangsdatum is geen datum: schrijf JJJJ-MM-DD, bijv. 2026-12-01."
    )
    assert rows(app, Toewijzing) == []


# --- change and deletion ------------------------------------------------------------------------


@pytest.fixture
def toegewezen(app, web) -> tuple[str, int]:
    """A client page and the number of a toewijzing granted from it."""
    client_bekend(app, gemeente=GEMEENTE)
    url = zoek(web)
    assert web.post(f"{url}/toewijzing", data=TOEWIJZING).status_code == 303
    [toewijzing] = rows(app, Toewijzing)
    return url, toewijzing.nummer


def test_change_asks_to_confirm_then_sends_a_jw301(app, web, toegewezen):
    url, nummer = toegewezen
    page = web.get(url)
    assert f"{url}/toewijzingen/{nummer}/wijziging" in urls(page.text)
    wijziging = {"einddatum": "2027-05-31", "reden_wijziging": "05"}
    bevestigen = web.post(f"{url}/toewijzingen/{nummer}/wijziging", data=wijziging)
    assert bevestigen.status_code == 200
    assert "Bevestig: de einddatum van toewijzing" in bevestigen.text
    assert len(outbox_jw301(app)) == 1  # nothing sent before the confirmation
    response = web.post(
        f"{url}/toewijzingen/{nummer}/wijziging", data=wijziging | {"bevestigd": "ja"}
    )
    assert response.status_code == 303
    bericht = outbox_jw301(app)[-1]
    assert response.headers["location"] == f"{url}?gedaan=wijziging&verstuurd={bericht.id}"
    [product] = producten(bericht)
    assert (product["Einddatum"], product["RedenWijziging"]) == ("2027-05-31", "05")
    assert bericht.identificatie in web.get(response.headers["location"]).text


def test_change_errors_beside_the_fields(app, web, toegewezen):
    url, nummer = toegewezen
    target = f"{url}/toewijzingen/{nummer}/wijziging"
    response = web.post(target, data={"einddatum": "2026-01-01", "reden_wijziging": "13"})
    assert response.status_code == 422
    assert fout_bij(response.text, "einddatum") == (
        "De nieuwe einddatum ligt voor de ingangsdatum 2026-11-20."
    )
    assert fout_bij(response.text, "reden_wijziging") == (
        "Kies de reden van de wijziging uit de lijst."
    )
    response = web.post(target, data={"einddatum": "2027-11-19", "reden_wijziging": "05"})
    assert fout_bij(response.text, "einddatum") == "De toewijzing heeft deze einddatum al."
    assert len(outbox_jw301(app)) == 1


def test_deletion_is_confirmed_and_sends_reden_13(app, web, toegewezen):
    url, nummer = toegewezen
    target = f"{url}/toewijzingen/{nummer}/verwijdering"
    bevestigen = web.get(target)
    assert "Weet u het zeker?" in bevestigen.text
    assert len(outbox_jw301(app)) == 1
    response = web.post(target, data={})
    assert response.status_code == 303
    [product] = producten(outbox_jw301(app)[-1])
    assert (product["Einddatum"], product["RedenWijziging"]) == ("2026-11-20", "13")
    assert web.get(target).status_code == 404  # a deleted toewijzing is gone
    assert web.post(target, data={}).status_code == 404


def test_another_clients_toewijzing_is_not_found_under_this_page(app, web, toegewezen):
    _, nummer = toegewezen
    other = zoek(web, bsn="999900031")
    assert web.get(f"{other}/toewijzingen/{nummer}/wijziging").status_code == 404
    assert web.post(f"{other}/toewijzingen/{nummer}/verwijdering", data={}).status_code == 404
    assert len(outbox_jw301(app)) == 1


# --- client data, vooroverleg, verwijzing -------------------------------------------------------

GEGEVENS = {
    "achternaam": "Jansen",
    "voornamen": "Sanne",
    "voorletters": "S",
    "geboortedatum": "2014-06-09",
    "geslacht": "2",
    "soort": "01",
    "straatnaam": "Dam",
    "huisnummer": "1",
    "postcode": "1012JS",
    "plaatsnaam": "Amsterdam",
    "landcode": "NL",
    "telefoon": "0201234567",
}


def test_client_data_are_recorded_and_shown(app, web):
    url = zoek(web)
    assert 'value="Jansen"' not in web.get(f"{url}/clientgegevens").text
    response = web.post(f"{url}/clientgegevens", data=GEGEVENS)
    assert response.status_code == 303
    assert response.headers["location"] == f"{url}?gedaan=clientgegevens"
    [client] = rows(app, Client)
    assert (client.achternaam, client.geboortedatum_date) == ("Jansen", date(2014, 6, 9))
    assert client.contacten[0]["adres"]["postcode"] == "1012JS"
    form = web.get(f"{url}/clientgegevens")
    assert 'value="Jansen"' in form.text and 'value="1012JS"' in form.text
    gelezen_client = {(expected_hash(app, BSN), GEMEENTE)}
    assert ("GET /werkplek/clienten/{ref}/clientgegevens", gelezen_client) in gelezen(app, web)
    assert "Dam 1" in web.get(url).text


def test_client_data_that_release_a_waiting_grant_show_its_jw301(app, web):
    aangevraagd = Aangevraagd(
        "VOT-1", date(2026, 11, 2), date(2027, 11, 1), "54", "54001", (4680, "01", "6")
    )
    assert accepted(post(web, vot("V1", date(2026, 11, 20), aangevraagd, gemeente=GEMEENTE)))
    assert outbox_jw301(app) == []  # the grant waits for Contactgegevens
    url = zoek(web)
    response = web.post(f"{url}/clientgegevens", data=GEGEVENS)
    [bericht] = outbox_jw301(app)
    assert response.headers["location"] == f"{url}?gedaan=clientgegevens&verstuurd={bericht.id}"
    assert f"JW301 {bericht.identificatie}" in web.get(response.headers["location"]).text


def test_client_data_errors_beside_the_fields(app, web):
    url = zoek(web)
    data = GEGEVENS | {
        "achternaam": "",
        "geboortedatum": "2014-02-30",
        "geslacht": "5",
        "postcode": "1012 JS",
        "voorletters": "ABCDEFG",
        "telefoon": "+31 20",
    }
    response = web.post(f"{url}/clientgegevens", data=data)
    assert response.status_code == 422
    assert fout_bij(response.text, "achternaam") == "Vul de achternaam in."
    assert fout_bij(response.text, "geboortedatum") == (
        "De geboortedatum is geen datum: schrijf JJJJ-MM-DD, bijv. 2026-12-01."
    )
    assert fout_bij(response.text, "geslacht") == "Kies het geslacht uit de lijst."
    assert fout_bij(response.text, "postcode").startswith("De postcode klopt niet: vier cijfers")
    assert fout_bij(response.text, "voorletters") == (
        "De voorletters is te lang: ten hoogste 6 tekens."
    )
    assert fout_bij(response.text, "telefoon").startswith("Het telefoonnummer klopt niet")
    assert 'value="Amsterdam"' in response.text  # nothing typed is lost
    zonder = GEGEVENS | {"huisnummer": "", "postcode": "", "telefoon": ""}
    response = web.post(f"{url}/clientgegevens", data=zonder)
    assert fout_bij(response.text, "huisnummer") == (
        "Vul een adres met huisnummer en postcode in, of een telefoonnummer."
    )
    assert rows(app, Client) == []


def test_vooroverleg_is_recorded_and_listed(app, web):
    url = zoek(web)
    data = {
        "aanbieder": AGB,
        "categorie": "54",
        "code": "54002",
        "max_minuten": "9000",
        "einddatum": "2027-12-31",
        "soort": "initieel",
    }
    response = web.post(f"{url}/vooroverleg", data=data)
    assert response.headers["location"] == f"{url}?gedaan=vooroverleg"
    [row] = rows(app, Vooroverleg)
    assert (row.bsn, row.gemeente, row.max_minuten, row.vastgelegd_door) == (
        BSN,
        GEMEENTE,
        9000,
        "j.devries",
    )
    assert "ten hoogste 9000 minuten, tot en met 2027-12-31" in web.get(url).text
    response = web.post(
        f"{url}/vooroverleg", data=data | {"max_minuten": "0", "soort": "", "einddatum": ""}
    )
    assert response.status_code == 422
    assert fout_bij(response.text, "max_minuten") == (
        "Het afgesproken aantal minuten ligt niet tussen 1 en 99999999."
    )
    assert fout_bij(response.text, "soort") == "Kies waarover het vooroverleg ging."
    assert fout_bij(response.text, "einddatum") == "Vul de afgesproken einddatum in."
    assert len(rows(app, Vooroverleg)) == 1


def test_verwijzing_is_recorded_by_the_gemeente(app, web):
    url = zoek(web)
    data = {
        "aanbieder": AGB,
        "referentie_aanbieder": "VOT-9",
        "datum": "2026-10-02",
        "verwijzer_type": "02",
        "zorgverlener_code": "01012345",
    }
    response = web.post(f"{url}/verwijzing", data=data)
    assert response.headers["location"] == f"{url}?gedaan=verwijzing"
    [row] = rows(app, Verwijzing)
    assert (row.referentie_aanbieder, row.verwijzer_type, row.verwijzer_code) == (
        "VOT-9",
        "02",
        "01012345",
    )
    assert (row.vastgelegd_rol, row.key_id, row.vastgelegd_door) == ("gemeente", None, "j.devries")
    response = web.post(f"{url}/verwijzing", data=data | {"zorgverlener_code": ""})
    assert response.status_code == 422
    assert fout_bij(response.text, "zorgverlener_code").startswith(
        "Vul bij een huisarts, jeugdarts"
    )
    response = web.post(f"{url}/verwijzing", data=data | {"datum": "", "verwijzer_type": "07"})
    assert fout_bij(response.text, "datum") == "Vul de datum van de verwijsbrief in."
    assert fout_bij(response.text, "verwijzer_type") == "Kies het soort verwijzer uit de lijst."


def test_no_bsn_in_any_url_of_the_pages(app, web, toegewezen):
    url, nummer = toegewezen
    pages = [
        "/werkplek/clienten",
        url,
        f"{url}/clientgegevens",
        f"{url}/toewijzing?standaard=54002",
        f"{url}/toewijzingen/{nummer}/wijziging",
        f"{url}/toewijzingen/{nummer}/verwijdering",
        f"{url}/vooroverleg",
        f"{url}/verwijzing",
    ]
    for path in pages:
        page = web.get(path)
        assert page.status_code == 200, path
        assert BSN not in path
        assert not [link for link in urls(page.text) if BSN in link], path
        assert len(html.fromstring(page.text).xpath("//h1")) == 1, path


def test_an_overlapping_direct_toewijzing_is_refused_with_its_reason(app, web, toegewezen):
    url, _ = toegewezen
    response = web.post(f"{url}/toewijzing", data=TOEWIJZING | {"ingangsdatum": "2027-01-01"})
    assert response.status_code == 409
    doc = html.fromstring(response.text)
    [alert] = doc.xpath('//*[@role="alert"]')
    assert "Overlapt een toewijzing voor hetzelfde product" in alert.text_content()
    assert len(rows(app, Toewijzing)) == 1 and len(outbox_jw301(app)) == 1


def test_every_form_of_the_client_page_needs_the_csrf_token(app, web):
    url = zoek(web)
    posts = [
        "/werkplek" + route.path
        for route in clienten.router.routes
        if "POST" in getattr(route, "methods", ())
    ]
    assert len(posts) == 8
    ref = url.rsplit("/", 1)[1]
    for path in posts:
        target = path.replace("{ref}", ref).replace("{nummer}", "1")
        response = web.post(target, data={"csrf_token": "fout"})
        assert response.status_code == 403, target
    assert outbox_jw301(app) == [] and rows(app, ClientReferentie)[0].bsn == BSN


def test_birth_date_in_the_future_is_refused(app, web):
    url = zoek(web)
    response = web.post(f"{url}/clientgegevens", data=GEGEVENS | {"geboortedatum": "2026-11-21"})
    assert fout_bij(response.text, "geboortedatum") == "De geboortedatum ligt in de toekomst."
    assert rows(app, Client) == []


def test_a_request_on_the_timeline_links_to_its_prefilled_referral_form(app, web):
    aangevraagd = Aangevraagd(
        "VOT-7", date(2026, 11, 2), date(2027, 11, 1), "54", "54001", (4680, "01", "6")
    )
    assert accepted(post(web, vot("V7", date(2026, 11, 20), aangevraagd, gemeente=GEMEENTE)))
    url = zoek(web)
    [link] = [u for u in urls(web.get(url).text) if "/verwijzing?" in u]
    assert link == f"{url}/verwijzing?aanbieder={AGB}&referentie_aanbieder=VOT-7"
    doc = html.fromstring(web.get(link).text)
    assert doc.xpath('//input[@name="referentie_aanbieder"]/@value') == ["VOT-7"]
    assert doc.xpath('//input[@name="aanbieder"]/@value') == [AGB]


def test_the_bsn_is_masked_until_shown_on_request_and_that_is_audited(app, web, toegewezen):
    url, nummer = toegewezen
    for path in (
        url,
        f"{url}?gedaan=toewijzing&verstuurd={outbox_jw301(app)[0].id}",
        f"{url}/clientgegevens",
        f"{url}/toewijzing",
        f"{url}/vooroverleg",
        f"{url}/verwijzing",
    ):
        page = web.get(path).text
        assert BSN not in page, path
        assert "*****0018" in page, path
    assert "JW301 1 aan aanbieder" in web.get(f"{url}?verstuurd={outbox_jw301(app)[0].id}").text
    shown = web.post(url, data={"toon_bsn": "1"})
    assert shown.status_code == 200
    assert BSN in shown.text
    assert ("BSN getoond", {(expected_hash(app, BSN), GEMEENTE)}) in gelezen(app, web)
    assert BSN not in web.get(url).text  # the next visit masks it again
