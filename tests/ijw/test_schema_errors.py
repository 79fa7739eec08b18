"""Schema errors: listed up to a cap with a count of the rest, and never echoing a BSN."""

from __future__ import annotations

from app.ijw.bsn import mask_bsns
from app.ijw.parser import parse
from app.ijw.schemas import MAX_SCHEMA_ERRORS, default_registry
from tests.ijw.repeated import base

TEST_BSN = "999900006"
"""A test-range BSN that passes the 11-proef."""


def _report(data: bytes):
    parsed = parse(data)
    return default_registry().report(parsed.type, parsed.root)


def test_a_valid_message_reports_nothing() -> None:
    report = _report(base("JW315"))

    assert report.valid and report.errors == () and report.more == 0


def test_errors_past_the_cap_are_counted_not_listed() -> None:
    attributes = b" ".join(b'x%d="1"' % i for i in range(MAX_SCHEMA_ERRORS + 150))
    data = base("JW315").replace(b"<jw315:Geslacht>", b"<jw315:Geslacht " + attributes + b">")

    report = _report(data)

    assert len(report.errors) == MAX_SCHEMA_ERRORS
    assert report.total == MAX_SCHEMA_ERRORS + 150 and report.more == 150
    assert "x0" in report.errors[0].message


def test_a_bsn_typed_into_another_element_is_withheld() -> None:
    data = base("JW315").replace(b"<jw315:Geslacht>2<", f"<jw315:Geslacht>{TEST_BSN}<".encode())

    messages = " ".join(e.message for e in _report(data).errors)

    assert "Geslacht" in messages and "The value '(withheld)' is not an element" in messages
    assert TEST_BSN not in messages


def test_a_bsn_typed_into_a_date_is_withheld() -> None:
    data = base("JW315").replace(b"2012-05-17", TEST_BSN.encode())

    messages = " ".join(e.message for e in _report(data).errors)

    assert "Datum" in messages and TEST_BSN not in messages


def test_nine_digits_that_fail_the_11_proef_are_no_bsn_and_stay() -> None:
    data = base("JW315").replace(b"<jw315:Geslacht>2<", b"<jw315:Geslacht>123456789<")

    messages = " ".join(e.message for e in _report(data).errors)

    assert "The value '123456789' is not an element" in messages


def test_masking_leaves_other_numbers_alone() -> None:
    text = f"'{TEST_BSN}' at line 19, 1234567890 and 12345678 and x{TEST_BSN}y"

    assert mask_bsns(text) == "'(withheld)' at line 19, 1234567890 and 12345678 and x(withheld)y"
