"""Client data from the BRP: a grant asks it on first need, waits when it cannot answer."""

from __future__ import annotations

from datetime import date, timedelta

import jsonschema
import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import select

from app.access.toegang import Rol
from app.brp.scheduled import herhaal_once
from app.clock import as_utc
from app.decisions.ruleset import bundled_folder
from app.main import create_app
from app.persistence.models import (
    ApiKey,
    AuditClient,
    AuditEntry,
    Bericht,
    BrpOpvraging,
    Client,
    Signaal,
    Verzoek,
)
from tests.api.berichten import AGB, BSN, Aangevraagd, vot
from tests.api.flow import accepted, post, rows
from tests.brp.fake_brp import API_KEY, CLIENT_ID, CLIENT_SECRET, Brp, draaiend, persoon
from tests.brp.personen_query import RAADPLEEG_MET_BURGERSERVICENUMMER
from tests.keys import aangemeld, bearer, sleutel

DAG = date(2026, 11, 16)
START, EIND = date(2026, 12, 1), date(2027, 5, 31)


@pytest.fixture
def brp():
    """The fake BRP's state and its base URL."""
    state = Brp()
    with draaiend(state) as url:
        yield state, url


def _app(settings, clock, tmp_path, url: str, **brp_settings):
    """An app whose Twente rule set grants 45A48 (rule A1), asking the fake BRP."""
    twente = (bundled_folder() / "twente.toml").read_text(encoding="utf-8")
    (tmp_path / "twente.toml").write_text(
        twente.replace("productcodes = []", 'productcodes = ["45A48"]', 1), encoding="utf-8"
    )
    update = {"ruleset_dir": tmp_path, "brp_url": url, "brp_timeout_seconds": 1.0}
    update |= brp_settings
    if "brp_api_key" not in update and "brp_token_url" not in update:
        update["brp_api_key"] = API_KEY
    return create_app(settings.model_validate(settings.model_dump() | update), clock=clock)


@pytest.fixture
def granting(settings, clock, tmp_path, brp):
    """A started app asking the fake BRP with its API key."""
    state, url = brp
    app = _app(settings, clock, tmp_path, url)
    with TestClient(app) as client:
        aangemeld(client)
        yield client, app, state


def _vot(client, referentie: str = "R-1") -> None:
    assert accepted(
        post(client, vot(f"VOT-{referentie}", DAG, Aangevraagd(referentie, START, EIND)))
    )


def _jw301(app) -> etree._Element:
    [bericht] = [row for row in rows(app, Bericht) if row.type == "JW301"]
    return etree.fromstring(bericht.xml)


def _texts(root, name: str) -> list[str]:
    return [node.text for node in root.iter(f"{{*}}{name}")]


def _brp_audit(app) -> list[tuple[AuditEntry, list[AuditClient]]]:
    with app.state.services.sessionmaker() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.actie == "BRP POST /personen")
            .order_by(AuditEntry.id)
        ).all()
        return [
            (
                entry,
                list(session.scalars(select(AuditClient).where(AuditClient.audit_id == entry.id))),
            )
            for entry in entries
        ]


def _verzoek(app) -> Verzoek:
    [verzoek] = rows(app, Verzoek)
    return verzoek


def _signalen(app) -> list[Signaal]:
    return [row for row in rows(app, Signaal) if row.soort == "clientgegevens"]


# --- found: the JW301 goes at once -----------------------------------------------------------


def test_an_automatic_grant_for_a_client_the_brp_knows_sends_its_jw301_at_once(granting, caplog):
    client, app, brp = granting
    brp.personen[BSN] = persoon(BSN)

    with caplog.at_level("DEBUG"):
        _vot(client)

    assert _verzoek(app).status == "toegekend"
    root = _jw301(app)
    assert _texts(root, "Achternaam") == ["Dijk"]
    assert _texts(root, "Voorvoegsel") == ["van"]
    assert _texts(root, "Voornamen") == ["Sanne Maria"]
    assert _texts(root, "Voorletters") == ["SM"]
    assert _texts(root, "NaamGebruik") == ["1"]
    assert _texts(root, "Postcode") == ["7511AB"]
    assert _texts(root, "Huisnummer") == ["12"]
    assert _texts(root, "Huisletter") == ["a"]
    assert _texts(root, "Soort")[:1] == ["01"]
    # Exactly what a JW301 needs was asked, of the client's own gemeente, with the API key.
    [verzoek] = brp.verzoeken
    jsonschema.validate(verzoek, RAADPLEEG_MET_BURGERSERVICENUMMER)
    assert verzoek["burgerservicenummer"] == [BSN]
    assert verzoek["gemeenteVanInschrijving"] == "0153"
    assert "naam.aanduidingNaamgebruik" in verzoek["fields"]
    assert "geboorte.datum" in verzoek["fields"]
    assert not [
        f for f in verzoek["fields"] if f.startswith(("nationaliteiten", "kinderen", "adressering"))
    ]
    assert brp.headers[0]["x-api-key"] == API_KEY
    [stored] = rows(app, Client)
    assert (stored.bron, stored.naam_gebruik) == ("brp", "1")
    assert rows(app, BrpOpvraging)[0].uitkomst == "gevonden"
    assert _signalen(app) == []
    # The call is audited as a read of the client, by the service's own (revoked) key.
    [(entry, gelezen)] = _brp_audit(app)
    assert "automatische toekenning van verzoek" in entry.wat and entry.wat.endswith("gevonden")
    hashed = app.state.services.audit.bsn_hash(BSN)
    assert [(row.bsn_hash, row.gemeente) for row in gelezen] == [(hashed, "0153")]
    key = rows(app, ApiKey, ApiKey.id == entry.key_id)[0]
    assert key.revoked_at is not None and key.naam == "ijw-brp-bevraging"
    assert BSN not in entry.wat
    assert BSN not in caplog.text
    metrics = client.get("/metrics").text
    assert 'ijw_brp_bevragingen_total{uitkomst="gevonden"} 1.0' in metrics
    assert "ijw_brp_seconds_count 1.0" in metrics


def test_a_worker_grant_asks_the_brp_too(settings, clock, tmp_path, brp):
    state, url = brp
    state.personen[BSN] = persoon(BSN)
    app = _app(settings, clock, tmp_path, url)
    with TestClient(app) as client:
        aangemeld(client)
        body = {
            "gemeente": "0153",
            "aanbieder": "87654321",
            "bsn": BSN,
            "product": {"categorie": "45", "code": "45A48"},
            "ingangsdatum": "2027-06-01",
            "einddatum": "2027-11-30",
            "omvang": {"volume": 90, "eenheid": "01", "frequentie": "2"},
            "besloten_door": "j.devries",
        }
        response = client.post("/toewijzingen", json=body)
        assert response.status_code == 201, response.text
    [(entry, _)] = _brp_audit(app)
    assert "toewijzing door j.devries" in entry.wat


# --- away: the grant waits, a signal says why, a later round sends it -------------------------


@pytest.mark.parametrize(("status", "soort"), [(503, "http_503"), (500, "http_500")])
def test_the_brp_away_leaves_the_grant_waiting_and_a_later_round_sends_it(
    granting, clock, status, soort, caplog
):
    client, app, brp = granting
    brp.personen[BSN] = persoon(BSN)
    brp.status = status

    with caplog.at_level("DEBUG"):
        _vot(client)

    assert _verzoek(app).status == "wacht_op_clientgegevens"
    [signaal] = _signalen(app)
    assert signaal.status == "open" and f"fout {status}" in signaal.detail
    [opvraging] = rows(app, BrpOpvraging)
    assert (opvraging.uitkomst, opvraging.pogingen) == ("onbereikbaar", 1)
    services = app.state.services
    assert f'ijw_brp_fouten_total{{soort="{soort}"}} 1.0' in client.get("/metrics").text
    # The BRP away does not make the service unready; readiness tells it.
    ready = client.get("/health/ready")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready", "brp": "onbereikbaar"})

    # Not due yet: nothing is asked. Then the BRP is still away: the wait doubles.
    assert herhaal_once(services) == 0 and len(brp.verzoeken) == 1
    clock.moment += timedelta(seconds=61)
    assert herhaal_once(services) == 0
    [opvraging] = rows(app, BrpOpvraging)
    assert opvraging.pogingen == 2
    assert as_utc(opvraging.volgende_poging_at) - clock.moment == timedelta(seconds=120)
    # The BRP answers again: the next round stores the client and sends the JW301.
    brp.status = None
    clock.moment += timedelta(seconds=121)
    with caplog.at_level("DEBUG"):
        assert herhaal_once(services) == 1
    assert _verzoek(app).status == "toegekend"
    assert _texts(_jw301(app), "Achternaam") == ["Dijk"]
    [signaal] = _signalen(app)
    assert signaal.status == "met"
    assert rows(app, BrpOpvraging)[0].uitkomst == "gevonden"
    assert [entry.wat.rsplit(": ", 1)[1] for entry, _ in _brp_audit(app)] == [
        "onbereikbaar",
        "onbereikbaar",
        "gevonden",
    ]
    assert herhaal_once(services) == 0
    assert BSN not in caplog.text


def test_a_slow_brp_times_out_and_the_grant_waits(settings, clock, tmp_path, brp, caplog):
    state, url = brp
    state.personen[BSN] = persoon(BSN)
    state.vertraging = 1.0
    app = _app(settings, clock, tmp_path, url, brp_timeout_seconds=0.2)
    with TestClient(app) as client, caplog.at_level("DEBUG"):
        aangemeld(client)
        _vot(client)
        assert _verzoek(app).status == "wacht_op_clientgegevens"
        [signaal] = _signalen(app)
        assert "niet op tijd" in signaal.detail
        assert 'ijw_brp_fouten_total{soort="timeout"} 1.0' in client.get("/metrics").text
        assert client.get("/health/ready").json() == {"status": "ready", "brp": "onbereikbaar"}
    assert BSN not in caplog.text


def test_wrong_credentials_leave_the_grant_waiting_with_the_reason(settings, clock, tmp_path, brp):
    state, url = brp
    state.personen[BSN] = persoon(BSN)
    app = _app(settings, clock, tmp_path, url, brp_api_key="verkeerd")
    with TestClient(app) as client:
        aangemeld(client)
        _vot(client)
        [signaal] = _signalen(app)
        assert "weigert onze inloggegevens" in signaal.detail
        assert "code authentication" in signaal.detail
        metrics = client.get("/metrics").text
        assert 'ijw_brp_fouten_total{soort="niet_geauthenticeerd"} 1.0' in metrics
    assert _verzoek(app).status == "wacht_op_clientgegevens"


# --- unknown: a worker must act ---------------------------------------------------------------


def test_a_client_the_brp_does_not_know_waits_for_a_worker_with_the_reason(granting):
    client, app, brp = granting
    # Registered in another gemeente: the BRP answers an empty list for ours.
    brp.personen[BSN] = persoon(BSN, gemeente="0164")

    _vot(client)

    assert _verzoek(app).status == "wacht_op_clientgegevens"
    [signaal] = _signalen(app)
    assert "kent deze cliënt niet als ingeschreven in gemeente 0153" in signaal.detail
    assert "PUT /clientgegevens" in signaal.detail
    [opvraging] = rows(app, BrpOpvraging)
    assert (opvraging.uitkomst, opvraging.volgende_poging_at) == ("onbekend", None)
    assert herhaal_once(app.state.services) == 0 and len(brp.verzoeken) == 1
    assert 'ijw_brp_bevragingen_total{uitkomst="leeg"} 1.0' in client.get("/metrics").text
    # The worker records the data: the grant goes, the signal is met.
    body = {
        "gemeente": "0153",
        "bsn": BSN,
        "geboortedatum": "2014-06-09",
        "geslacht": "2",
        "naam": {"achternaam": "Jansen", "voorletters": "A"},
        "contacten": [
            {"soort": "01", "adres": {"huisnummer": 3, "postcode": "7511AB", "landcode": "NL"}}
        ],
        "vastgelegd_door": "j.devries",
    }
    assert len(client.put("/clientgegevens", json=body).json()["verzonden_berichten"]) == 1
    assert _signalen(app)[0].status == "met"


def test_a_client_abroad_waits_for_a_worker(granting):
    client, app, brp = granting
    brp.personen[BSN] = persoon(
        BSN,
        verblijfplaats={
            "type": "VerblijfplaatsBuitenland",
            "verblijfadres": {
                "regel1": "Rue de la Loi 16",
                "regel2": "1000 Bruxelles",
                "land": {"code": "5010", "omschrijving": "België"},
            },
        },
    )

    _vot(client)

    assert _verzoek(app).status == "wacht_op_clientgegevens"
    [signaal] = _signalen(app)
    assert "buitenland" in signaal.detail
    [stored] = rows(app, Client)
    assert stored.contacten is None  # nothing half-stored from the BRP


# --- mapping ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("datum", "geboortedatum", "gebruik"),
    [
        (
            {"type": "JaarMaandDatum", "jaar": 2014, "maand": 6, "langFormaat": "juni 2014"},
            "2014-06-01",
            "1",
        ),
        ({"type": "JaarDatum", "jaar": 2014, "langFormaat": "2014"}, "2014-01-01", "2"),
        ({"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}, "1900-01-01", "3"),
    ],
)
def test_a_partly_unknown_birth_date_goes_with_its_datum_gebruik(
    granting, datum, geboortedatum, gebruik
):
    client, app, brp = granting
    brp.personen[BSN] = persoon(BSN, geboorte=datum)

    _vot(client)

    assert _verzoek(app).status == "toegekend"
    root = _jw301(app)
    [node] = list(root.iter("{*}Geboortedatum"))
    assert _texts(node, "Datum") == [geboortedatum]
    assert _texts(node, "DatumGebruik") == [gebruik]


def test_a_briefadres_and_a_partner_name_are_carried(granting):
    client, app, brp = granting
    brp.personen[BSN] = persoon(
        BSN,
        naam={
            "voornamen": "Sanne",
            "geslachtsnaam": "Dijk",
            "aanduidingNaamgebruik": {"code": "V", "omschrijving": "partner voor eigen"},
        },
        partners=[{"naam": {"voorvoegsel": "de", "geslachtsnaam": "Vries"}}],
        verblijfplaats={
            "type": "Adres",
            "functieAdres": {"code": "B", "omschrijving": "briefadres"},
            "verblijfadres": {
                "officieleStraatnaam": "Postbus",
                "huisnummer": 500,
                "postcode": "7500AA",
                "woonplaats": "Enschede",
            },
        },
    )

    _vot(client)

    root = _jw301(app)
    assert _texts(root, "NaamGebruik") == ["3"]
    [partner] = list(root.iter("{*}Partnernaam"))
    assert _texts(partner, "Achternaam") == ["Vries"]
    assert _texts(partner, "Voorvoegsel") == ["de"]
    [contact] = list(root.iter("{*}Contact"))
    assert _texts(contact, "Soort") == ["02"]


# --- OAuth2 -----------------------------------------------------------------------------------


def test_oauth_client_credentials_get_a_token_that_is_sent_and_kept(settings, clock, tmp_path, brp):
    state, url = brp
    state.auth = "oauth"
    state.personen[BSN] = persoon(BSN)
    state.personen["999900043"] = persoon("999900043")
    token_url = url.replace("/haalcentraal/api/brp", "/token")
    app = _app(
        settings,
        clock,
        tmp_path,
        url,
        brp_token_url=token_url,
        brp_client_id=CLIENT_ID,
        brp_client_secret=CLIENT_SECRET,
    )
    with TestClient(app) as client:
        aangemeld(client)
        _vot(client, "R-1")
        assert accepted(
            post(client, vot("VOT-2", DAG, Aangevraagd("R-2", START, EIND), bsn="999900043"))
        )
    assert [h["authorization"] for h in state.headers] == ["Bearer brp-test-token"] * 2
    assert "x-api-key" not in state.headers[0]
    assert state.tokens_uitgegeven == 1
    assert {verzoek.status for verzoek in rows(app, Verzoek)} == {"toegekend"}


def test_oauth_settings_must_be_complete():
    from app.config import Settings

    with pytest.raises(ValueError, match="IJW_BRP_CLIENT_ID"):
        Settings(
            database_url="sqlite:///:memory:",
            gemeenten=("0153",),
            brp_token_url="http://127.0.0.1:1/token",
        )
    with pytest.raises(ValueError, match="IJW_BRP_CLIENT_KEY"):
        Settings(
            database_url="sqlite:///:memory:", gemeenten=("0153",), brp_client_cert="/tmp/cert.pem"
        )


def test_while_the_brp_is_away_the_next_grant_does_not_wait_for_another_timeout(granting, clock):
    client, app, brp = granting
    andere = "999900043"
    brp.personen[BSN] = persoon(BSN)
    brp.personen[andere] = persoon(andere)
    brp.status = 503

    _vot(client, "R-1")
    assert accepted(post(client, vot("VOT-2", DAG, Aangevraagd("R-2", START, EIND), bsn=andere)))

    # One call found the BRP away; the second grant waits for the retry round without a call.
    assert len(brp.verzoeken) == 1
    assert {verzoek.status for verzoek in rows(app, Verzoek)} == {"wacht_op_clientgegevens"}
    details = [signaal.detail for signaal in _signalen(app)]
    assert "fout 503" in details[0] and "vorige vraag niet bereikbaar" in details[1]
    assert len(_brp_audit(app)) == 1  # no call, no read
    brp.status = None
    clock.moment += timedelta(seconds=61)
    assert herhaal_once(app.state.services) == 2
    assert {verzoek.status for verzoek in rows(app, Verzoek)} == {"toegekend"}


def test_the_aanbieder_never_sees_why_the_gemeente_waits_for_client_data(granting):
    client, app, brp = granting
    brp.personen[BSN] = persoon(BSN, gemeente="0164")
    _vot(client)
    assert [s.soort for s in _signalen(app)] == ["clientgegevens"]

    response = client.get("/signalen", params={"soort": "clientgegevens"})
    assert response.status_code == 200, response.text
    eigen = response.json()["items"]
    assert [item["soort"] for item in eigen] == ["clientgegevens"]
    eigen_sleutel = bearer(sleutel(app, Rol.AANBIEDER, agb=AGB))
    alle = client.get("/api/v1/signalen", params={"zichtbaar": "false"}, headers=eigen_sleutel)
    assert alle.status_code == 200, alle.text
    assert alle.json()["items"]  # the answer's own signal, say
    assert "clientgegevens" not in {item["soort"] for item in alle.json()["items"]}
    gevraagd = client.get(
        "/api/v1/signalen", params={"soort": "clientgegevens"}, headers=eigen_sleutel
    )
    assert gevraagd.json()["items"] == []


def test_grants_that_waited_before_the_brp_was_configured_are_asked_by_the_next_round(
    settings, clock, tmp_path, brp
):
    state, url = brp
    state.personen[BSN] = persoon(BSN)
    zonder = _app(settings, clock, tmp_path, url)
    zonder_brp = settings.model_validate(settings.model_dump() | {"ruleset_dir": tmp_path})
    with TestClient(create_app(zonder_brp, clock=clock)) as client:
        aangemeld(client)
        _vot(client)
    assert state.verzoeken == []
    with TestClient(zonder) as client:
        assert _verzoek(zonder).status == "wacht_op_clientgegevens"
        assert herhaal_once(zonder.state.services) == 1
    assert _verzoek(zonder).status == "toegekend"
    [(entry, _)] = _brp_audit(zonder)
    assert "herhaalde bevraging" in entry.wat
