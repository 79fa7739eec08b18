"""JW323 over HTTP: each prestatie judged against stored toewijzingen, answered with a JW325."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree
from sqlalchemy import select

from app.persistence.models import Bericht, Declaratie, DeclaratieRegel, Outbox, Signaal
from tests.api.flow import post, rows, toewijzing
from tests.declaraties.berichten import Regel, declaratie

D = date
DAG = D(2026, 11, 16)
OKTOBER = (D(2026, 10, 1), D(2026, 10, 31))
NR = 2001
ANDER_AGB = "12345678"
ANDERE_BSN = "999900031"
TWEEDE = 2006


@pytest.fixture
def granted(app):
    # 3 hours a week from 1 October 2026: October touches 5 ISO weeks, so 15 hours.
    toewijzing(app, NR, D(2026, 10, 1), D(2027, 3, 31), omvang=(3, "04", "2"))
    toewijzing(
        app, 2002, D(2026, 10, 1), D(2027, 3, 31), omvang=(3, "04", "2"), aanbieder=ANDER_AGB
    )
    toewijzing(app, 2003, D(2026, 10, 1), D(2027, 3, 31), omvang=(3, "04", "2"), bsn=ANDERE_BSN)
    toewijzing(app, 2004, D(2026, 11, 1), D(2027, 3, 31), omvang=(3, "04", "2"))
    # One debet line per toewijzing, product and period in a message (TR416): a second one
    # of the same client goes on a toewijzing of its own.
    toewijzing(app, TWEEDE, D(2026, 10, 1), D(2027, 3, 31), omvang=(3, "04", "2"))


def antwoord(response) -> etree._Element:
    """The JW325 of a response, after checking it is one."""
    assert response.headers["content-type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    assert etree.QName(root).namespace.endswith("/jw325/schema")
    return root


def _text(root, path: str) -> list[str]:
    return [
        e.text for e in root.iterfind(path, {"j": root.nsmap["jw325"], "ijw": root.nsmap["ijw"]})
    ]


def header_codes(root) -> list[str]:
    return _text(root, "j:Header/j:RetourCodes/j:RetourCode")


def antwoord_codes(root) -> list[str]:
    return _text(root, "j:DeclaratieAntwoord/j:RetourCodes/j:RetourCode")


def bedragen(root) -> tuple[int, int]:
    """TotaalIngediendBedrag and TotaalToegekendBedrag, signed."""

    def signed(name):
        [bedrag] = _text(root, f"j:DeclaratieAntwoord/j:{name}/ijw:TotaalBedrag")
        [dc] = _text(root, f"j:DeclaratieAntwoord/j:{name}/ijw:DebetCredit")
        return -int(bedrag) if dc == "C" else int(bedrag)

    return signed("TotaalIngediendBedrag"), signed("TotaalToegekendBedrag")


def afgewezen(root) -> dict[str, list[str]]:
    """RetourCodes of each listed (rejected) prestatie by ReferentieNummer."""
    ns = {"j": root.nsmap["jw325"], "ijw": root.nsmap["ijw"]}
    return {
        p.findtext("j:ProductReferentie/ijw:ReferentieNummer", namespaces=ns): [
            c.text for c in p.iterfind("j:RetourCodes/j:RetourCode", ns)
        ]
        for p in root.iterfind(".//j:Prestatie", ns)
    }


def _regel(referentie: str, volume: int = 12, nummer: int = NR, **kw) -> Regel:
    return Regel(referentie, nummer, *OKTOBER, volume, **kw)


def test_fully_granted_declaratie_gets_8001_and_its_lines_are_stored(client, app, granted):
    body = declaratie("D1", DAG, "DN1", OKTOBER, _regel("R1", 10), _regel("R2", 5, nummer=TWEEDE))
    root = antwoord(post(client, body))
    assert header_codes(root) == ["0200"]
    assert antwoord_codes(root) == ["8001"]
    assert bedragen(root) == (90000, 90000)
    assert afgewezen(root) == {}
    stored = rows(app, DeclaratieRegel)
    assert [(r.referentie, r.volume, r.minuten, r.bedrag) for r in stored] == [
        ("R1", 10, 600, 60000),
        ("R2", 5, 300, 30000),
    ]
    [decl] = rows(app, Declaratie)
    assert (decl.nummer, decl.ingediend, decl.toegekend) == ("DN1", 90000, 90000)
    [uit] = rows(app, Outbox, Outbox.type == "JW325")
    assert uit.aanbieder == "87654321" and uit.bericht_id == decl.antwoord_id
    [signaal] = rows(app, Signaal, Signaal.soort == "declaratie_antwoord")
    assert signaal.status == "met" and not signaal.te_laat
    assert signaal.due_date == D(2026, 12, 4)


def test_partly_rejected_lists_only_the_rejected_with_their_official_codes(client, app, granted):
    post(client, declaratie("D0", DAG, "DN0", OKTOBER, _regel("EERDER", 10)))
    body = declaratie(
        "D1",
        DAG,
        "DN1",
        OKTOBER,
        _regel("GOED", 10, nummer=TWEEDE),
        _regel("ONBEKEND", 1, nummer=9999),
        _regel("ANDER", 1, nummer=2002),
        _regel("CLIENT", 1, nummer=2003),
        _regel("VOOR", 1, nummer=2004),
        _regel("TEVEEL", 6),  # 10 earlier + 6 hours > the 15 October grants (9322)
    )
    root = antwoord(post(client, body))
    assert header_codes(root) == ["0200"]
    assert antwoord_codes(root) == ["0200"]
    assert afgewezen(root) == {
        "ONBEKEND": ["9338"],
        "ANDER": ["9338"],
        "CLIENT": ["8187"],
        "VOOR": ["9307", "9308"],
        "TEVEEL": ["9322"],
    }
    ingediend, toegekend = bedragen(root)
    assert ingediend == (10 + 1 + 1 + 1 + 1 + 6) * 6000
    assert toegekend == 10 * 6000
    assert [r.referentie for r in rows(app, DeclaratieRegel)] == ["EERDER", "GOED"]


def test_a_line_outside_the_declaratieperiode_fails_the_whole_message(client, app, granted):
    body = declaratie(
        "D1", DAG, "DN1", OKTOBER, Regel("PERIODE", NR, D(2026, 10, 1), D(2026, 11, 30), 1)
    )
    root = antwoord(post(client, body))
    assert header_codes(root) == ["0001"]
    assert rows(app, DeclaratieRegel) == []


def test_credit_pairs_with_its_debet_once(client, app, granted):
    post(client, declaratie("D1", DAG, "DN1", OKTOBER, _regel("R1", 10)))
    credit = _regel("C1", 10, vorig="R1", credit=True)
    root = antwoord(post(client, declaratie("D2", DAG, "DN2", OKTOBER, credit)))
    assert antwoord_codes(root) == ["8001"]
    assert bedragen(root) == (-60000, -60000)
    debet = rows(app, DeclaratieRegel, DeclaratieRegel.referentie == "R1")[0]
    assert debet.gecrediteerd
    # The credit freed October's hours: 15 may be declared again.
    root = antwoord(post(client, declaratie("D3", DAG, "DN3", OKTOBER, _regel("R2", 15))))
    assert antwoord_codes(root) == ["8001"]
    again = _regel("C2", 10, vorig="R1", credit=True)
    zonder = _regel("C3", 10, vorig="ONBEKEND", credit=True)
    root = antwoord(post(client, declaratie("D4", DAG, "DN4", OKTOBER, again, zonder)))
    assert afgewezen(root) == {"C2": ["9390"], "C3": ["8017"]}
    assert bedragen(root) == (-120000, 0)


def test_reused_referentienummer_gets_8021(client, app, granted):
    post(client, declaratie("D1", DAG, "DN1", OKTOBER, _regel("R1", 2)))
    root = antwoord(post(client, declaratie("D2", DAG, "DN2", OKTOBER, _regel("R1", 2))))
    assert afgewezen(root) == {"R1": ["8021"]}
    assert len(rows(app, DeclaratieRegel)) == 1


def test_reused_declaratienummer_rejects_the_declaratie_as_a_whole(client, app, granted):
    post(client, declaratie("D1", DAG, "DN1", OKTOBER, _regel("R1", 2)))
    root = antwoord(post(client, declaratie("D2", DAG, "DN1", OKTOBER, _regel("R2", 2))))
    assert header_codes(root) == ["0200"]
    assert antwoord_codes(root) == ["9333"]
    assert bedragen(root) == (12000, 0)
    assert afgewezen(root) == {}
    assert [r.referentie for r in rows(app, DeclaratieRegel)] == ["R1"]


def test_intra_message_failure_is_answered_with_0001_only(client, app, granted):
    kapot = Regel("R1", NR, D(2026, 10, 31), D(2026, 10, 1), 2)  # CS003
    root = antwoord(post(client, declaratie("D1", DAG, "DN1", OKTOBER, kapot)))
    assert header_codes(root) == ["0001"]
    assert _text(root, "j:Header/j:XsltVersie")
    assert root.find("{*}DeclaratieAntwoord") is None
    assert rows(app, DeclaratieRegel) == [] and rows(app, Declaratie) == []


def test_repost_gets_the_same_jw325_and_stores_nothing_twice(client, app, granted):
    body = declaratie("D1", DAG, "DN1", OKTOBER, _regel("R1", 2))
    first = post(client, body)
    again = post(client, body)
    assert again.content == first.content
    assert len(rows(app, DeclaratieRegel)) == 1
    assert len(rows(app, Outbox, Outbox.type == "JW325")) == 1
    other = declaratie("D1", DAG, "DN2", OKTOBER, _regel("R2", 2))
    root = antwoord(post(client, other))
    assert header_codes(root) == ["9056"]
    assert root.find("{*}DeclaratieAntwoord") is None
    assert len(rows(app, DeclaratieRegel)) == 1


def test_the_jw325_is_stored_as_our_message_answering_the_jw323(client, app, granted):
    post(client, declaratie("D1", DAG, "DN1", OKTOBER, _regel("R1", 2)))
    with app.state.services.sessionmaker() as session:
        jw323 = session.scalar(select(Bericht).where(Bericht.type == "JW323"))
        jw325 = session.scalar(select(Bericht).where(Bericht.type == "JW325"))
    assert jw323.uitkomst == "toegekend"
    assert jw325.beantwoordt_id == jw323.id and jw325.richting == "uit"


def test_care_in_a_month_skipped_after_the_last_declaratieperiode_gets_8214(client, app):
    # TR318: after a declaratie over August, one over October may not hold September care.
    toewijzing(app, 2010, D(2026, 8, 1), D(2027, 3, 31), omvang=(3, "04", "2"))
    augustus = (D(2026, 8, 1), D(2026, 8, 31))
    september = (D(2026, 9, 1), D(2026, 9, 30))
    post(client, declaratie("D0", DAG, "DN0", augustus, Regel("AUG", 2010, *augustus, 5)))
    body = declaratie(
        "D1",
        DAG,
        "DN1",
        OKTOBER,
        Regel("SEP", 2010, *september, 5),
        Regel("OKT", 2010, *OKTOBER, 5),
    )
    root = antwoord(post(client, body))
    assert afgewezen(root) == {"SEP": ["8214"]}
    assert [r.referentie for r in rows(app, DeclaratieRegel)] == ["AUG", "OKT"]
