from pathlib import Path

import pytest

from app.decisions.beslissing import Uitkomst
from app.decisions.ruleset import RuleSetError, load_rule_set, load_rule_sets

VALID = """\
name = "test"
title = "A test region"
gemeenten = ["0153", "0164"]

[referral]
verwijzer_types = ["02"]
valid_months = 12
expired = "X6"
reused = "X7"

[[rules]]
id = "X1"
product = "Behandeling"
categorieen = ["45"]
productcodes = ["45A01"]
verwijzer_types = ["02", "03"]
max_minutes = 6000
max_months = 12
exceeded = "X2"
"""


def write(folder: Path, text: str, name: str = "test.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_both_bundled_rule_sets_load():
    rule_sets = load_rule_sets()
    assert sorted(rule_set.name for rule_set in rule_sets) == ["ggz-specifiek-toekennen", "twente"]
    twente = rule_sets.rule_set_for("0153")
    assert twente is not None and twente.name == "twente"
    assert len(twente.gemeenten) == 14
    assert {rule.id for rule in twente.rules} == {"A1", "A4"}
    assert twente.referral is not None and twente.referral.expired == "A6"
    assert rule_sets.rule_set_for("0363") is None  # Amsterdam is in neither region


def test_twente_names_its_fourteen_gemeenten():
    rule_sets = load_rule_sets()
    codes = ("0141", "0147", "1774", "0153", "0158", "0163", "0164")
    codes += ("1735", "0168", "0173", "1742", "0183", "1700", "0189")
    assert all(rule_sets.rule_set_for(code).name == "twente" for code in codes)


def test_bundled_rule_sets_say_what_the_operator_still_sets():
    notes = [note for rule_set in load_rule_sets() for note in rule_set.unconfigured()]
    assert any("'Behandeling individueel' (rule A1) are not configured" in n for n in notes)
    assert any("'Vaktherapie' (rule A4) are not configured" in n for n in notes)
    assert any("'ggz-specifiek-toekennen': gemeenten is empty" in n for n in notes)


def test_region_b_limits():
    rule_set = next(rs for rs in load_rule_sets() if rs.name == "ggz-specifiek-toekennen")
    limits = {
        rule.id: (rule.productcodes, rule.max_minutes, rule.max_months) for rule in rule_set.rules
    }
    assert limits == {"B1": (("54001",), 4680, 12), "B2": (("54002", "54003"), 7020, 12)}
    assert rule_set.referral is None
    assert rule_set.default_outcome is Uitkomst.ONDERZOEK


def test_a_valid_operator_folder_loads(tmp_path):
    write(tmp_path, VALID)
    write(tmp_path, "not a rule set", name="README.md")
    rule_sets = load_rule_sets(tmp_path)
    assert len(rule_sets) == 1
    assert rule_sets.rule_set_for("0164").source == str(tmp_path / "test.toml")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('title = "A test region"', 'title = "x"\ncolour = "blue"', r"colour: unknown key"),
        (
            "max_minutes = 6000",
            "max_minuten = 6000",
            r"rules\[0\] \(X1\)\.max_minuten: unknown key",
        ),
        ("valid_months = 12", "valid_months = 12\nexpires = 1", r"referral\.expires: unknown key"),
        (
            "max_minutes = 6000",
            'max_minutes = "6000"',
            r"rules\[0\] \(X1\)\.max_minutes: .*valid integer",
        ),
        ("max_minutes = 6000", "max_minutes = 6000.0", r"max_minutes: .*valid integer"),
        ("max_minutes = 6000", "max_minutes = true", r"max_minutes: .*valid integer"),
        ('gemeenten = ["0153", "0164"]', "gemeenten = [153]", r"gemeenten\[0\]: .*valid string"),
        ('gemeenten = ["0153", "0164"]', 'gemeenten = "0153"', r"gemeenten: .*valid tuple"),
        ("max_minutes = 6000", "max_minutes = -1", r"max_minutes: .*greater than 0 \(got -1\)"),
        ("max_minutes = 6000", "max_minutes = 0", r"max_minutes: .*greater than 0"),
        ("max_months = 12", "max_months = -12", r"max_months: .*greater than 0"),
        ("valid_months = 12", "valid_months = 0", r"referral\.valid_months: .*greater than 0"),
        (
            'verwijzer_types = ["02", "03"]',
            'verwijzer_types = ["02", "07"]',
            r"rules\[0\] \(X1\)\.verwijzer_types\[1\]: '07' is not a COD327 Verwijzer type",
        ),
        (
            'verwijzer_types = ["02"]',
            'verwijzer_types = ["2"]',
            r"referral\.verwijzer_types\[0\]: '2' is not a COD327",
        ),
        (
            'verwijzer_types = ["02", "03"]',
            "verwijzer_types = []",
            r"rules\[0\] \(X1\)\.verwijzer_types: list at least one",
        ),
        ('categorieen = ["45"]', 'categorieen = ["39"]', r"categorieen\[0\]: '39' is not a JZ020"),
        ('categorieen = ["45"]', 'categorieen = ["56"]', r"'56' is not a JZ020 ProductCategorie"),
        (
            'productcodes = ["45A01"]',
            'productcodes = ["45A012"]',
            r"productcodes\[0\]: '45A012' is not a ProductCode",
        ),
        (
            'productcodes = ["45A01"]',
            'productcodes = ["45A01", "45A01"]',
            r"productcodes: '45A01' is listed twice",
        ),
        (
            'gemeenten = ["0153", "0164"]',
            'gemeenten = ["153"]',
            r"gemeenten\[0\]: '153' is not a 4-digit",
        ),
        ('gemeenten = ["0153", "0164"]', 'gemeenten = ["01530"]', r"'01530' is not a 4-digit"),
        (
            'gemeenten = ["0153", "0164"]',
            'gemeenten = ["9999"]',
            r"gemeenten\[0\]: 9999 is not in the CBS",
        ),
        (
            'gemeenten = ["0153", "0164"]',
            'gemeenten = ["0153", "0153"]',
            r"gemeenten: '0153' is listed twice",
        ),
        ('exceeded = "X2"\n', "", r"rules\[0\] \(X1\)\.exceeded: required key is missing"),
        ('title = "A test region"\n', "", r"title: required key is missing"),
        ('name = "test"', 'name = "Test Region"', r"name: 'Test Region' is not a rule set name"),
        (
            'title = "A test region"',
            'title = "x"\ndefault_outcome = "afwijzen"',
            r"default_outcome: .*'toekennen' or 'onderzoek'",
        ),
        (
            "max_minutes = 6000\nmax_months = 12\n",
            "",
            r"rules\[0\] \(X1\): set at least one of max_minutes",
        ),
        ('exceeded = "X2"', 'exceeded = "X1"', r"need ids other than the rule's X1"),
        ('id = "X1"', 'id = "X 1"', r"rules\[0\] \(X 1\)\.id: 'X 1' is not a rule id \([^;]*\)$"),
    ],
)
def test_a_bad_rule_set_stops_loading_naming_file_and_key(tmp_path, old, new, message):
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(RuleSetError, match=message) as raised:
        load_rule_sets(tmp_path)
    assert str(raised.value).startswith(f"{path}: ")
    assert isinstance(raised.value, ValueError)


SECOND_RULE = """
[[rules]]
id = "X3"
product = "Andere behandeling"
productcodes = ["45A01"]
verwijzer_types = ["03"]
max_minutes = 100
exceeded = "X4"
"""


def test_two_rules_matching_the_same_product_stop_loading(tmp_path):
    path = write(tmp_path, VALID + SECOND_RULE)
    with pytest.raises(RuleSetError, match=r"rules X1 and X3 both match the same product code"):
        load_rule_set(path)


def test_rules_for_other_referrers_or_categories_may_share_a_code(tmp_path):
    path = write(tmp_path, VALID + SECOND_RULE.replace('"03"', '"05"'))
    assert [rule.id for rule in load_rule_set(path).rules] == ["X1", "X3"]
    path = write(
        tmp_path, VALID + SECOND_RULE.replace("productcodes", 'categorieen = ["43"]\nproductcodes')
    )
    assert len(load_rule_set(path).rules) == 2


def test_a_rule_id_used_twice_stops_loading(tmp_path):
    path = write(tmp_path, VALID + SECOND_RULE.replace('"X3"', '"X1"').replace('"03"', '"05"'))
    with pytest.raises(RuleSetError, match=r"id 'X1' is used by more than one rule"):
        load_rule_set(path)


def test_a_gemeente_in_two_rule_sets_stops_loading(tmp_path):
    write(tmp_path, VALID, name="a.toml")
    other = VALID.replace('name = "test"', 'name = "other"').replace('"0164"', '"0141"')
    write(tmp_path, other, name="b.toml")
    with pytest.raises(
        RuleSetError, match=r"b\.toml: gemeenten: 0153 is already in rule set 'test' \(.*a\.toml\)"
    ):
        load_rule_sets(tmp_path)


def test_two_rule_sets_with_one_name_stop_loading(tmp_path):
    write(tmp_path, VALID, name="a.toml")
    write(tmp_path, VALID.replace('["0153", "0164"]', '["0141"]'), name="b.toml")
    with pytest.raises(RuleSetError, match=r"b\.toml: name 'test' is already used by .*a\.toml"):
        load_rule_sets(tmp_path)


def test_not_toml_stops_loading(tmp_path):
    path = write(tmp_path, VALID + "\n[[rules]\n")
    with pytest.raises(RuleSetError, match=rf"^{path}: not valid TOML"):
        load_rule_sets(tmp_path)


def test_not_utf8_stops_loading(tmp_path):
    path = tmp_path / "test.toml"
    path.write_bytes(VALID.replace("A test region", "Gemeente \xe9\xe9n").encode("latin-1"))
    with pytest.raises(RuleSetError, match="not UTF-8"):
        load_rule_sets(tmp_path)


def test_every_problem_in_a_file_is_named(tmp_path):
    write(tmp_path, VALID.replace("max_minutes = 6000", "max_minutes = -1").replace('"03"', '"07"'))
    with pytest.raises(RuleSetError) as raised:
        load_rule_sets(tmp_path)
    assert "max_minutes" in str(raised.value) and "'07'" in str(raised.value)


def test_a_folder_without_rule_sets_stops_loading(tmp_path):
    with pytest.raises(RuleSetError, match=r"holds no \*\.toml rule set files"):
        load_rule_sets(tmp_path)
    with pytest.raises(RuleSetError, match=r"not a folder"):
        load_rule_sets(tmp_path / "missing")


def test_an_empty_product_code_list_is_accepted_for_the_operator_to_fill(tmp_path):
    path = write(tmp_path, VALID.replace('productcodes = ["45A01"]', "productcodes = []"))
    rule_set = load_rule_set(path)
    assert rule_set.rules[0].productcodes == ()
    assert rule_set.unconfigured() == (
        "rule set 'test': product codes for 'Behandeling' (rule X1) are not configured",
    )


def test_the_bundled_regions_keep_their_own_deadlines():
    sets = {rule_set.name: rule_set.termijnen for rule_set in load_rule_sets()}
    twente, ggz = sets["twente"], sets["ggz-specifiek-toekennen"]
    assert (twente.verlenging_vanaf_weken, twente.verlenging_uiterlijk_weken) == (12, 8)
    assert (twente.evaluatie_maanden, twente.evaluatie_na_looptijd_maanden) == (6, 12)
    assert twente.contactmoment_maanden is None and not twente.inkorten_na_stop
    assert (ggz.contactmoment_maanden, ggz.inkorten_na_stop) == (3, True)
    assert ggz.verlenging_vanaf_weken is None


@pytest.mark.parametrize(
    ("termijnen", "message"),
    [
        ("verlenging_vanaf_weken = 12", r"termijnen: set both verlenging_vanaf_weken"),
        (
            "verlenging_vanaf_weken = 8\nverlenging_uiterlijk_weken = 12",
            r"termijnen: the extension window opens",
        ),
        ("evaluatie_na_looptijd_maanden = 12", r"termijnen: evaluatie_na_looptijd_maanden needs"),
        ("contactmoment_maanden = 0", r"termijnen\.contactmoment_maanden: .*greater than 0"),
        ("inkorten_na_stop = 1", r"termijnen\.inkorten_na_stop: .*valid boolean"),
        ("contactmomenten = 3", r"termijnen\.contactmomenten: unknown key"),
    ],
)
def test_impossible_deadlines_stop_loading(tmp_path, termijnen, message):
    write(tmp_path, VALID + f"\n[termijnen]\n{termijnen}\n")
    with pytest.raises(RuleSetError, match=message):
        load_rule_sets(tmp_path)
