"""One JSON line per message, with type, sender, outcome and duration, and never a BSN."""

from __future__ import annotations

import json
from datetime import date

from tests.api.berichten import BSN, Aangevraagd, Regie, start, vot
from tests.api.flow import XML


def test_one_json_line_per_message_without_bsn(capsys, client):
    capsys.readouterr()
    client.post(
        "/berichten",
        content=vot("V1", date(2026, 11, 16), Aangevraagd("R1", date(2026, 12, 1))),
        headers=XML,
    )
    client.post(
        "/berichten",
        content=start("S1", date(2026, 11, 16), Regie(77, date(2026, 11, 2))),
        headers=XML,
    )
    bad_bsn = vot("V2", date(2026, 11, 16), Aangevraagd("R2", date(2026, 12, 1)), bsn="99990001X")
    client.post("/berichten", content=bad_bsn, headers=XML)
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if '"ijw.berichten"' in line]
    assert [(x["berichttype"], x["uitkomst"]) for x in lines] == [
        ("JW315", "geaccepteerd"),
        ("JW305", "afgekeurd"),
        ("JW315", "schema-invalid"),
    ]
    assert lines[0]["afzender"] == "87654321"
    assert lines[1]["retourcodes"] == ["9019"]
    assert all(isinstance(x["duration_ms"], float) for x in lines)
    assert BSN not in err
    assert "99990001" not in err
