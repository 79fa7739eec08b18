"""A retour we built that fails its XSD is a bug: never stored, never sent, counted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import func, select

from app.ijw import parser
from app.ijw.builders.jw319 import JW319, Antwoordbericht, build_jw319
from app.ijw.builders.xml import BuiltXml, serialize
from app.ingest import service
from app.outbox import service as outbox_service
from app.outbox.service import OutgoingInvalid, check_outgoing
from app.persistence.models import Bericht, Outbox
from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import XML
from tests.keys import aangemeld


def test_a_retour_failing_its_schema_is_an_internal_error(app, monkeypatch):
    real = service.build_retour

    def broken(*args, **kwargs):
        return real(*args, **kwargs).replace(b"<jw316:BerichtCode>447", b"<jw316:BerichtCode>999")

    monkeypatch.setattr(service, "build_retour", broken)
    body = vot("VOT-X1", date(2026, 11, 16), Aangevraagd("R-X1", date(2026, 12, 1)))
    with TestClient(app, raise_server_exceptions=False) as client:
        aangemeld(client)
        response = client.post("/berichten", content=body, headers=XML)
        metrics = client.get("/metrics").text
    assert response.status_code == 500
    assert "ijw_interne_fouten_total 1.0" in metrics
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Bericht)) == 0


def test_a_built_retour_failing_its_schema_is_refused_on_its_tree(app, monkeypatch):
    real = service.build_retour

    def broken(*args, **kwargs):
        root = real(*args, **kwargs).root
        code = root.find(".//{*}Header/{*}BerichtCode")
        assert code is not None
        code.text = "999"
        return serialize(root)

    monkeypatch.setattr(service, "build_retour", broken)
    body = vot("VOT-X4", date(2026, 11, 16), Aangevraagd("R-X4", date(2026, 12, 1)))
    with TestClient(app, raise_server_exceptions=False) as client:
        aangemeld(client)
        response = client.post("/berichten", content=body, headers=XML)
    assert response.status_code == 500
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Bericht)) == 0


def test_database_unavailable_is_a_503_problem_without_personal_data(app, capsys):
    from sqlalchemy import create_engine

    from app.persistence.database import make_sessionmaker

    body = vot("VOT-X2", date(2026, 11, 16), Aangevraagd("R-X2", date(2026, 12, 1)))
    with TestClient(app, raise_server_exceptions=False) as client:
        aangemeld(client)
        services = app.state.services
        gone = create_engine("sqlite:////nonexistent/folder/ijw.db", hide_parameters=True)
        object.__setattr__(services, "sessionmaker", make_sessionmaker(gone))
        response = client.post("/berichten", content=body, headers=XML)
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/database-unavailable"
    assert "999900018" not in capsys.readouterr().err


def test_a_jw319_breaking_a_rule_is_an_internal_error_and_nothing_is_stored(app, monkeypatch):
    from app.verzoeken import service as verzoeken

    real = verzoeken.build_jw319

    def broken(bericht):
        # VerzoekAntwoord 2 with a reason: schema-valid, but CD086 forbids it.
        return real(replace(bericht, reden_afwijzing="7"))

    monkeypatch.setattr(verzoeken, "build_jw319", broken)
    body = vot("VOT-X3", date(2026, 11, 16), Aangevraagd("R-X3", date(2026, 12, 1)))
    with TestClient(app, raise_server_exceptions=False) as client:
        aangemeld(client)
        response = client.post("/berichten", content=body, headers=XML)
        metrics = client.get("/metrics").text
    assert response.status_code == 500
    assert "ijw_interne_fouten_total 1.0" in metrics
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Bericht)) == 0
        assert session.scalar(select(func.count()).select_from(Outbox)) == 0


def test_the_outbox_refuses_a_message_breaking_an_intra_message_rule(app):
    with TestClient(app):
        services = app.state.services
        xml = verzoeken_jw319(services)
        with pytest.raises(OutgoingInvalid) as raised:
            check_outgoing(services.registry, JW319, xml)
    # One finding, named at the VerzoekAntwoord and the reden as rules.xsl names it.
    assert [(issue.code, issue.location) for issue in raised.value.issues] == [
        ("CD086", "/Bericht/Antwoord/VerzoekAntwoord"),
        ("CD086", "/Bericht/Antwoord/RedenAfwijzingVerzoek"),
    ]


def test_built_output_is_checked_on_its_tree_without_parsing_it_again(app, monkeypatch):
    with TestClient(app):
        registry = app.state.services.registry
        xml = build_jw319(replace(_antwoord(registry), reden_afwijzing=None))
        assert isinstance(xml, BuiltXml)
        # The tree and the bytes written from it are the same document.
        canonical = etree.tostring(xml.root, method="c14n")
        assert canonical == etree.tostring(parser.parse(bytes(xml)).root, method="c14n")

        def refuse(*args, **kwargs):
            raise AssertionError("built output is parsed again")

        monkeypatch.setattr(outbox_service.parser, "parse", refuse)
        check_outgoing(registry, JW319, xml)
        with pytest.raises(AssertionError):
            check_outgoing(registry, JW319, bytes(xml))


@pytest.mark.parametrize(
    "broken",
    [
        {"reden_afwijzing": "7"},  # schema-valid, breaks CD086
        {"afzender": "015"},  # breaks the XSD
    ],
)
def test_a_tree_and_its_bytes_get_the_same_verdict(app, broken):
    with TestClient(app):
        registry = app.state.services.registry
        xml = build_jw319(replace(_antwoord(registry), **broken))
        verdicts = []
        for checked in (xml, bytes(xml)):
            with pytest.raises(OutgoingInvalid) as raised:
                check_outgoing(registry, JW319, checked)
            verdicts.append((raised.value.problems, raised.value.issues))
    assert verdicts[0] == verdicts[1]


def _antwoord(registry) -> Antwoordbericht:
    return Antwoordbericht(
        afzender="0153",
        ontvanger="87654321",
        identificatie="1",
        dagtekening=date(2026, 11, 20),
        xsd_versie=registry["JW319"].versie,
        referentie_aanbieder="R-1",
        verzoek_antwoord="2",
        reden_afwijzing="7",
    )


def verzoeken_jw319(services) -> bytes:
    return build_jw319(
        Antwoordbericht(
            afzender="0153",
            ontvanger="87654321",
            identificatie="1",
            dagtekening=date(2026, 11, 20),
            xsd_versie=services.registry["JW319"].versie,
            referentie_aanbieder="R-1",
            verzoek_antwoord="2",
            reden_afwijzing="7",
        )
    )
