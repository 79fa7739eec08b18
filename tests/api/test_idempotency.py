"""A repost returns the same retour and changes nothing; a reused Identificatie gets 9056."""

from __future__ import annotations

from datetime import date

from lxml import etree
from sqlalchemy import func, select

from app.persistence.models import Bericht, BerichtSleutel, Ontvangst, Verzoek
from tests.api.berichten import Aangevraagd, vot

XML = {"Content-Type": "application/xml"}
DAG = date(2026, 11, 16)


def _count(app, table) -> int:
    with app.state.services.sessionmaker() as session:
        return session.scalar(select(func.count()).select_from(table))


def _codes(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    return [e.text for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("RetourCode")]


def test_byte_identical_repost_returns_the_same_retour_and_changes_nothing(client, app):
    body = vot("VOT-I1", DAG, Aangevraagd("R-I1", date(2026, 12, 1), date(2027, 5, 31)))
    first = client.post("/berichten", content=body, headers=XML)
    counts = {t: _count(app, t) for t in (Bericht, BerichtSleutel, Verzoek)}
    second = client.post("/berichten", content=body, headers=XML)
    assert second.status_code == 200
    assert second.content == first.content
    assert {t: _count(app, t) for t in (Bericht, BerichtSleutel, Verzoek)} == counts
    with app.state.services.sessionmaker() as session:
        outcomes = session.scalars(select(Ontvangst.uitkomst).order_by(Ontvangst.id)).all()
    assert outcomes == ["geaccepteerd", "herhaald"]


def test_different_message_reusing_the_identificatie_gets_9056_in_the_header(client, app):
    client.post(
        "/berichten",
        content=vot("VOT-I2", DAG, Aangevraagd("R-I2", date(2026, 12, 1))),
        headers=XML,
    )
    other = vot("VOT-I2", DAG, Aangevraagd("R-I3", date(2026, 12, 1)))
    response = client.post("/berichten", content=other, headers=XML)
    assert response.status_code == 200
    assert _codes(response.content) == ["9056"]
    root = etree.fromstring(response.content)
    assert not [e for e in root if etree.QName(e).localname == "Client"]
    with app.state.services.sessionmaker() as session:
        refs = session.scalars(select(Verzoek.referentie_aanbieder)).all()
    assert refs == ["R-I2"]


def test_identificatie_retour_is_unique_per_retour_type(client, app):
    for n in range(3):
        body = vot(
            f"VOT-U{n}",
            DAG,
            Aangevraagd(f"R-U{n}", date(2026, 12, 1)),
            bsn=("999900018", "999900031", "999900043")[n],
        )
        client.post("/berichten", content=body, headers=XML)
    with app.state.services.sessionmaker() as session:
        ids = session.scalars(
            select(Bericht.identificatie_retour).where(Bericht.type == "JW316")
        ).all()
        claimed = session.scalars(
            select(BerichtSleutel.identificatie).where(BerichtSleutel.berichtcode == "447")
        ).all()
    assert len(set(ids)) == 3
    assert sorted(claimed) == sorted(ids)


def test_repost_of_a_rejected_duplicate_returns_its_9056_retour_again(client, app):
    client.post(
        "/berichten",
        content=vot("VOT-I4", DAG, Aangevraagd("R-I4", date(2026, 12, 1))),
        headers=XML,
    )
    other = vot("VOT-I4", DAG, Aangevraagd("R-I5", date(2026, 12, 1)))
    first = client.post("/berichten", content=other, headers=XML)
    count = _count(app, Bericht)
    again = client.post("/berichten", content=other, headers=XML)
    assert again.content == first.content
    assert _codes(again.content) == ["9056"]
    assert _count(app, Bericht) == count
