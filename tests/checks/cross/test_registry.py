"""The registry of cross-message rules: every BO/EXT code of §5, named and documented."""

from __future__ import annotations

from app.checks import cross
from app.checks.cross import header

EXPECTED = {
    ("TR056", "9056"): {"JW315", "JW317", "JW305", "JW307"},
    ("TR135", "8848"): {"JW315", "JW317", "JW305", "JW307"},
    ("TR378", "S300"): {"JW315", "JW317", "JW305", "JW307"},
    ("TR381", "S329"): {"JW315", "JW317", "JW305", "JW307"},
    ("TR347", "9347"): {"JW315", "JW317"},
    ("TR374", "9374"): {"JW315", "JW317"},
    ("TR304", "8187"): {"JW317"},
    ("TR349", "9349"): {"JW317"},
    ("TR350", "9350"): {"JW317"},
    ("TR351", "9351"): {"JW317"},
    ("TR357", "9357"): {"JW317"},
    ("TR373", "9373"): {"JW317"},
    ("TR411", "9411"): {"JW317"},
    ("TR412", "9412"): {"JW317"},
    ("TR375", "9375"): {"JW317"},
    ("TR361", "9361"): {"JW317"},
    ("TR019", "9019"): {"JW305", "JW307"},
    ("TR063", "9063"): {"JW305", "JW307"},
    ("TR074", "9074"): {"JW305", "JW307"},
    ("TR071", "9071"): {"JW305"},
    ("TR326", "9326"): {"JW305"},
    ("TR382", "9069"): {"JW307"},
    ("TR413", "9413"): {"JW307"},
    ("TR414", "9414"): {"JW307"},
    ("TR415", "9415"): {"JW307"},
}


def test_every_code_of_the_spec_is_registered_for_its_types():
    registered: dict[tuple[str, str], set[str]] = {}
    for rule in cross.RULES:
        registered.setdefault((rule.code, rule.retourcode), set()).update(rule.applies_to)
    assert registered == EXPECTED


def test_rules_are_named_and_documented():
    for rule in cross.RULES:
        assert rule.check.__name__.startswith(rule.code.lower())
        assert rule.check.__doc__.startswith(f"{rule.code}:")
        assert f"retourcode {rule.retourcode}" in rule.check.__doc__
        assert "\n" not in rule.check.__doc__


def test_header_rules_come_first():
    assert cross.RULES[: len(header.RULES)] == cross.HEADER_RULES == header.RULES
    assert {r.retourcode for r in cross.HEADER_RULES} == {"9056", "8848", "S300"}


def test_rules_for_keeps_registry_order():
    body = cross.rules_for("JW307", body=True)
    assert [r.retourcode for r in body] == [
        "9019",
        "9069",
        "9063",
        "9074",
        "9413",
        "9414",
        "9415",
        "S329",
    ]
