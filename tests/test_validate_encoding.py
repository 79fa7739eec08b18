"""`ijw validate` refuses what POST /berichten refuses: other encodings than UTF-8, any DTD."""

import json
from pathlib import Path

import pytest

from app.cli import main

VOT = Path(__file__).resolve().parent / "cases" / "vot-accepted" / "input.xml"
TEXT = VOT.read_text(encoding="utf-8")
XXE = '<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n'


def _with_prolog(declaration: str, *, use_entity: bool = False) -> str:
    text = TEXT.replace("?>\n", "?>\n" + declaration, 1)
    return text.replace(">Jansen<", ">&ext;<", 1) if use_entity else text


def _report(capsys, tmp_path, body: bytes) -> tuple[int, dict]:
    path = tmp_path / "m.xml"
    path.write_bytes(body)
    status = main(["validate", "--format", "json", str(path)])
    out, _ = capsys.readouterr()
    return status, json.loads(out)


CASES = {
    **{
        f"{encoding}": (TEXT.encode(encoding), "not-utf8")
        for encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")
    },
    "utf-16-doctype-unused": (_with_prolog(XXE).encode("utf-16"), "not-utf8"),
    "utf-16-le-doctype-used": (_with_prolog(XXE, use_entity=True).encode("utf-16-le"), "not-utf8"),
    "utf-16-declared": (TEXT.replace('"UTF-8"', '"UTF-16"').encode(), "not-utf8"),
    "internal-entity": (
        _with_prolog('<!DOCTYPE x [<!ENTITY ext "J">]>\n', use_entity=True).encode(),
        "forbidden-construct",
    ),
    "external-entity": (_with_prolog(XXE, use_entity=True).encode(), "forbidden-construct"),
    "parameter-entity": (
        _with_prolog('<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n').encode(),
        "forbidden-construct",
    ),
}


@pytest.mark.parametrize(("body", "kind"), CASES.values(), ids=CASES.keys())
def test_other_encodings_and_dtds_are_invalid_with_their_reason(capsys, tmp_path, body, kind):
    status, report = _report(capsys, tmp_path, body)
    assert status == 1
    assert report["message_type"] is None and report["valid"] is False
    assert report["error"].startswith(kind)
    assert "root:" not in report["error"]


def test_a_utf8_byte_order_mark_is_valid(capsys, tmp_path):
    status, report = _report(capsys, tmp_path, b"\xef\xbb\xbf" + TEXT.encode())
    assert status == 0
    assert report["valid"] is True and report["message_type"] == "JW315"
