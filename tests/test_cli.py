import json
from pathlib import Path

import pytest

from app.cli import main
from tests.ijw.repeated import message

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
VOT = ROOT / "tests" / "cases" / "vot-accepted" / "input.xml"
CS003 = ROOT / "tests" / "cases" / "vot-cs003" / "input.xml"


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_examples_are_valid_and_exit_zero(capsys):
    status, out, _ = run(capsys, "validate", str(EXAMPLES))
    assert status == 0
    assert "jw315-verzoek-om-toewijzing.xml: JW315 valid" in out


def test_rule_violation_in_json_lines(capsys):
    status, out, _ = run(capsys, "validate", "--format", "json", str(VOT), str(CS003))
    assert status == 1
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["valid"] is True and first["rules"] == [] and first["message_type"] == "JW315"
    assert set(second) == {
        "file",
        "message_type",
        "xsd_valid",
        "xsd_errors",
        "xsd_errors_more",
        "rules",
        "rules_truncated",
        "valid",
    }
    assert second["xsd_errors_more"] == 0 and second["rules_truncated"] is False
    assert second["xsd_valid"] is True and second["valid"] is False
    # One finding, listed at both dates it compares, as rules.xsl names it.
    product = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]"
    assert second["rules"] == [
        {
            "code": "CS003",
            "retourcode": "0001",
            "location": f"{product}/{datum}",
            "message": second["rules"][0]["message"],
        }
        for datum in ("ToewijzingIngangsdatum", "ToewijzingEinddatum")
    ]


def test_schema_errors_carry_lines_and_withhold_the_bsn(capsys, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(VOT.read_bytes().replace(b"999900018", b"99990001x"))
    status, out, _ = run(capsys, "validate", "--format", "json", str(bad))
    assert status == 1
    report = json.loads(out)
    assert report["xsd_valid"] is False and report["rules"] == []
    assert report["xsd_errors"][0]["line"] == 19
    assert "99990001" not in out


def test_text_format_lists_schema_errors(capsys, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(VOT.read_bytes().replace(b"2027-05-31", b"2027-02-30"))
    status, out, _ = run(capsys, "validate", str(bad))
    assert status == 1
    assert "JW315 INVALID" in out
    assert "schema, line 39: Element 'ToewijzingEinddatum': '2027-02-30' is not a valid" in out


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"not xml", "not-xml"),
        (
            b'<x:Bericht xmlns:x="http://www.istandaarden.nl/ijw/3_1/jw315/schema"/>',
            "other-release",
        ),
        (b"<!DOCTYPE x><x/>", "forbidden-construct"),
    ],
)
def test_files_that_are_no_ijw_message_are_invalid_with_a_reason(capsys, tmp_path, body, kind):
    path = tmp_path / "m.xml"
    path.write_bytes(body)
    status, out, _ = run(capsys, "validate", "--format", "json", str(path))
    assert status == 1
    report = json.loads(out)
    assert report["message_type"] is None and report["valid"] is False
    assert report["error"].startswith(kind)


def test_missing_file_is_a_usage_error(capsys, tmp_path):
    status, out, err = run(capsys, "validate", str(tmp_path / "nope.xml"))
    assert status == 2
    assert out == ""
    assert "no such file or folder" in err


def test_empty_folder_is_a_usage_error(capsys, tmp_path):
    status, _, err = run(capsys, "validate", str(tmp_path))
    assert status == 2
    assert "holds no .xml files" in err


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--format", "yaml", str(VOT)])
    assert exc.value.code == 2


def test_deadlines_scan_marks_past_signals_overdue_once(capsys, monkeypatch, database_url):
    from datetime import UTC, date, datetime

    from sqlalchemy import select

    from app.deadlines.repository import open_signaal, status_van
    from app.persistence.database import make_engine, make_sessionmaker
    from app.persistence.models import Signaal

    monkeypatch.setenv("IJW_DATABASE_URL", database_url)
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    now = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    with sessions.begin() as session:
        for subject, due in ((1, date(2026, 11, 30)), (2, date(2026, 12, 1))):
            open_signaal(
                session,
                "start_zorg",
                "toewijzing",
                subject,
                gemeente="0153",
                aanbieder="87654321",
                due=due,
                now=now,
            )
    first = run(capsys, "deadlines", "scan", "--today", "2026-12-01")
    again = run(capsys, "deadlines", "scan", "--today", "2026-12-01")
    assert first[0] == again[0] == 0
    assert json.loads(first[1]) == {"today": "2026-12-01", "overdue": 1, "heropend": 0}
    assert json.loads(again[1]) == {"today": "2026-12-01", "overdue": 0, "heropend": 0}
    with sessions() as session:
        status = status_van(Signaal.status, Signaal.due_date)
        statuses = session.execute(select(Signaal.onderwerp_id, status)).all()
    engine.dispose()
    assert sorted(statuses) == [(1, "overdue"), (2, "open")]


def test_deadlines_scan_fills_in_the_deadlines_of_older_toewijzingen(
    capsys, monkeypatch, database_url
):
    from datetime import UTC, date, datetime

    from sqlalchemy import select

    from app.deadlines.repository import status_van
    from app.ijw.views import Omvang, Product
    from app.persistence.database import make_engine, make_sessionmaker
    from app.persistence.models import Signaal
    from app.toewijzingen import repository

    monkeypatch.setenv("IJW_DATABASE_URL", database_url)
    monkeypatch.setenv("IJW_GEMEENTEN", "0344")
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    with sessions.begin() as session:  # stored before deadlines were kept: no signals
        repository.create_toewijzing(
            session,
            gemeente="0344",
            nummer=7,
            aanbieder="87654321",
            bsn="999900018",
            product=Product("45", "45A48"),
            ingangsdatum=date(2026, 11, 2),
            einddatum=date(2027, 5, 31),
            omvang=Omvang(90, "01", "2"),
            toegewezen_at=datetime(2026, 10, 30, 9, 0, tzinfo=UTC),
        )
    first = run(capsys, "deadlines", "scan", "--aanvullen", "--today", "2026-12-01")
    again = run(capsys, "deadlines", "scan", "--aanvullen", "--today", "2026-12-01")
    with sessions() as session:
        status = status_van(Signaal.status, Signaal.due_date)
        signals = session.execute(select(Signaal.soort, Signaal.due_date, status)).all()
    engine.dispose()
    # Owed 5 working days after Monday 2 November: Monday 9 November, so overdue by now.
    assert json.loads(first[1]) == {
        "today": "2026-12-01",
        "overdue": 1,
        "heropend": 0,
        "aangevuld": 1,
    }
    assert json.loads(again[1]) == {
        "today": "2026-12-01",
        "overdue": 0,
        "heropend": 0,
        "aangevuld": 0,
    }
    assert signals == [("start_zorg", date(2026, 11, 9), "overdue")]


def test_validate_lists_100_schema_errors_and_counts_the_rest(capsys, tmp_path):
    attributes = b" ".join(b'onbekend%d="1"' % i for i in range(250))
    bad = tmp_path / "bad.xml"
    bad.write_bytes(
        VOT.read_bytes().replace(b"<jw315:Geslacht>", b"<jw315:Geslacht " + attributes + b">")
    )

    status, out, _ = run(capsys, "validate", "--format", "json", str(bad))
    report = json.loads(out)
    assert status == 1
    assert len(report["xsd_errors"]) == 100 and report["xsd_errors_more"] == 150

    status, out, _ = run(capsys, "validate", str(bad))
    assert out.count("schema, line") == 100
    assert out.rstrip().endswith("schema: 150 more error(s) not listed")


def test_validate_withholds_a_bsn_typed_into_another_element(capsys, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(VOT.read_bytes().replace(b"<jw315:Geslacht>2<", b"<jw315:Geslacht>999999990<"))

    status, out, _ = run(capsys, "validate", str(bad))

    assert status == 1 and "Geslacht" in out
    assert "999999990" not in out and "(withheld)" in out


def test_validate_stops_listing_rules_at_the_cap_and_says_so(capsys, tmp_path):
    many = tmp_path / "many.xml"
    many.write_bytes(message("JW315", 100))

    status, out, _ = run(capsys, "validate", "--format", "json", str(many))
    report = json.loads(out)
    assert status == 1
    assert len(report["rules"]) == 1000 and report["rules_truncated"] is True

    status, out, _ = run(capsys, "validate", str(many))
    assert out.rstrip().endswith("rules: stopped after 1000 violations; there are more")
