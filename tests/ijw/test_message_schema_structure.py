"""Our 14 iJw 3.2 message schemas must validate exactly like the published ones.

The project writes its own message schemas (JW301.xsd ... JW325.xsd, no copies of
../shared), so this test compares each of them with its published counterpart
semantically: every global type, including the anonymous types nested in it (the
BerichtCode/BerichtVersie/BerichtSubversie restrictions, the JW323 DeclaratieNummer
pattern), in the normal form of xsd_compare; the schema-wide settings; the import of
the base schema; and the appinfo block. Layout, comments and documentation may
differ; anything that changes a validation verdict may not. As a last check every
published sample must get the same verdict from our schema as from the published one.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tests.ijw.xsd_compare import (
    XS,
    appinfo,
    differences,
    normalized_types,
    schema_settings,
)

ROOT = Path(__file__).resolve().parents[2]
OURS = ROOT / "schemas" / "ijw-3.2"
SHARED = ROOT.parent / "shared" / "ijw-3.2"
PUBLISHED = SHARED / "xsd"
SAMPLES = SHARED / "samples"

NS_BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"

MESSAGES = (
    "JW301",
    "JW302",
    "JW305",
    "JW306",
    "JW307",
    "JW308",
    "JW315",
    "JW316",
    "JW317",
    "JW318",
    "JW319",
    "JW320",
    "JW323",
    "JW325",
)

# Message code -> BerichtCode, fixed per message by a pattern in the header.
BERICHT_CODES = {
    "JW301": "436",
    "JW302": "437",
    "JW305": "438",
    "JW306": "439",
    "JW307": "440",
    "JW308": "441",
    "JW315": "446",
    "JW316": "447",
    "JW317": "486",
    "JW318": "487",
    "JW319": "488",
    "JW320": "489",
    "JW323": "490",
    "JW325": "491",
}

APPINFO_KEYS = [
    "standaard",
    "bericht",
    "release",
    "BerichtXsdVersie",
    "BerichtXsdMinVersie",
    "BerichtXsdMaxVersie",
    "BasisschemaXsdVersie",
    "BasisschemaXsdMinVersie",
    "BasisschemaXsdMaxVersie",
]


def ours(code: str) -> Path:
    return OURS / f"{code}.xsd"


def message_namespace(code: str) -> str:
    return f"http://www.istandaarden.nl/ijw/3_2/{code.lower()}/schema"


@pytest.fixture(scope="module")
def published() -> Path:
    if not PUBLISHED.is_dir():
        pytest.skip(
            f"published iJw 3.2 schemas not found at {PUBLISHED} "
            "(the reference folder ../shared/ijw-3.2 is absent on this machine)"
        )
    return PUBLISHED


@pytest.fixture(scope="module")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(
            f"published iJw 3.2 samples not found at {SAMPLES} "
            "(the reference folder ../shared/ijw-3.2 is absent on this machine)"
        )
    return SAMPLES


# --- our schemas on their own -------------------------------------------------------


def test_we_have_exactly_the_fourteen_message_schemas() -> None:
    assert sorted(path.stem for path in OURS.glob("JW*.xsd")) == list(MESSAGES)


@pytest.mark.parametrize("code", MESSAGES)
def test_our_schema_compiles_with_our_basisschema(code: str) -> None:
    if not (OURS / "basisschema.xsd").is_file():
        pytest.skip("our schemas/ijw-3.2/basisschema.xsd does not exist yet")
    etree.XMLSchema(etree.parse(str(ours(code))))


@pytest.mark.parametrize("code", MESSAGES)
def test_our_schema_settings_and_import(code: str) -> None:
    settings = schema_settings(ours(code))
    assert settings.target_namespace == message_namespace(code)
    assert settings.element_form_default == "qualified"

    imports = etree.parse(str(ours(code))).getroot().findall(f"{{{XS}}}import")
    assert [(i.get("namespace"), i.get("schemaLocation")) for i in imports] == [
        (NS_BASIS, "basisschema.xsd")
    ]


@pytest.mark.parametrize("code", MESSAGES)
def test_our_appinfo_names_the_message_and_versions(code: str) -> None:
    values = appinfo(ours(code))
    assert list(values) == APPINFO_KEYS
    assert values["standaard"] == "ijw"
    assert values["bericht"] == code.lower()
    assert values["release"] == "3.2"
    assert values["BerichtXsdVersie"]  # app code reads XsdVersie from here


@pytest.mark.parametrize("code", MESSAGES)
def test_our_root_element_and_header_codes(code: str) -> None:
    root = etree.parse(str(ours(code))).getroot()
    bericht = root.find(f"{{{XS}}}element[@name='Bericht']")
    assert bericht is not None
    assert bericht.get("type") == f"{code.lower()}:Root"

    header = root.find(f"{{{XS}}}complexType[@name='Header']")

    def patterns(element_name: str) -> list[str]:
        element = header.find(f".//{{{XS}}}element[@name='{element_name}']")
        return [pattern.get("value") for pattern in element.iter(f"{{{XS}}}pattern")]

    assert patterns("BerichtCode") == [BERICHT_CODES[code]]
    assert patterns("BerichtVersie") == ["3"]
    assert patterns("BerichtSubversie") == ["2"]


@pytest.mark.parametrize("code", MESSAGES)
def test_our_schema_has_no_empty_annotations(code: str) -> None:
    tree = etree.parse(str(ours(code)))
    empty = [
        element.sourceline
        for element in tree.iter(
            f"{{{XS}}}annotation", f"{{{XS}}}documentation", f"{{{XS}}}appinfo"
        )
        if len(element) == 0 and not (element.text or "").strip()
    ]
    assert not empty, f"empty annotation elements on lines {empty}"


# --- comparison with the published schemas ------------------------------------------


def test_same_set_of_message_schemas_as_published(published: Path) -> None:
    theirs = sorted(path.stem for path in published.glob("JW*.xsd"))
    assert theirs == list(MESSAGES)


@pytest.mark.parametrize("code", MESSAGES)
def test_appinfo_matches_published(code: str, published: Path) -> None:
    assert list(appinfo(ours(code)).items()) == list(appinfo(published / f"{code}.xsd").items())


@pytest.mark.parametrize("code", MESSAGES)
def test_schema_settings_match_published(code: str, published: Path) -> None:
    assert schema_settings(ours(code)) == schema_settings(published / f"{code}.xsd")


@pytest.mark.parametrize("code", MESSAGES)
def test_every_global_and_anonymous_type_matches_published(code: str, published: Path) -> None:
    problems = differences(
        normalized_types(ours(code)), normalized_types(published / f"{code}.xsd")
    )
    assert not problems, f"{code}: {len(problems)} component(s) differ:\n\n" + "\n\n".join(problems)


@pytest.mark.parametrize("code", MESSAGES)
def test_no_documentation_text_carried_over(code: str, published: Path) -> None:
    def texts(path: Path) -> set[str]:
        tree = etree.parse(str(path))
        return {
            " ".join("".join(doc.itertext()).split()) for doc in tree.iter(f"{{{XS}}}documentation")
        }

    copied = {
        text for text in texts(ours(code)) & texts(published / f"{code}.xsd") if len(text) > 20
    }
    assert not copied, f"documentation copied from the published {code}.xsd: {sorted(copied)}"


def _verdict(schema_file: Path, document: Path) -> tuple[bool, list[str]]:
    schema = etree.XMLSchema(etree.parse(str(schema_file)))
    valid = schema.validate(etree.parse(str(document)))
    return valid, [f"{error.line}: {error.message}" for error in schema.error_log]


@pytest.mark.parametrize("code", MESSAGES)
def test_sample_gets_the_same_verdict_as_from_published(
    code: str, published: Path, samples: Path, tmp_path: Path
) -> None:
    # Our message schema next to the published base schema, so that only the
    # message schema itself is under test here.
    shutil.copy(ours(code), tmp_path / f"{code}.xsd")
    shutil.copy(published / "basisschema.xsd", tmp_path / "basisschema.xsd")
    sample = samples / f"{code}.xml"
    assert _verdict(tmp_path / f"{code}.xsd", sample) == _verdict(published / f"{code}.xsd", sample)


@pytest.mark.parametrize(("code", "valid"), [("JW315", False), ("JW317", True), ("JW318", False)])
def test_known_sample_defects_are_judged_as_documented(
    code: str, valid: bool, samples: Path
) -> None:
    if not (OURS / "basisschema.xsd").is_file():
        pytest.skip("our schemas/ijw-3.2/basisschema.xsd does not exist yet")
    assert _verdict(ours(code), samples / f"{code}.xml")[0] is valid


# --- the comparison itself must notice differences ----------------------------------


def _complex(tree: etree._ElementTree, name: str) -> etree._Element:
    return tree.getroot().find(f"{{{XS}}}complexType[@name='{name}']")


def _element(tree: etree._ElementTree, type_name: str, name: str) -> etree._Element:
    return _complex(tree, type_name).find(f".//{{{XS}}}element[@name='{name}']")


def _change_bericht_code(tree: etree._ElementTree) -> None:
    _element(tree, "Header", "BerichtCode").find(f".//{{{XS}}}pattern").set("value", "437")


def _change_bericht_subversie(tree: etree._ElementTree) -> None:
    _element(tree, "Header", "BerichtSubversie").find(f".//{{{XS}}}pattern").set("value", "1")


def _make_retourcodes_optional(tree: etree._ElementTree) -> None:
    _element(tree, "Verzoek", "RetourCodes").set("minOccurs", "0")


def _move_retourcodes_first(tree: etree._ElementTree) -> None:
    sequence = _complex(tree, "Client").find(f"{{{XS}}}sequence")
    retourcodes = _element(tree, "Client", "RetourCodes")
    sequence.remove(retourcodes)
    sequence.insert(0, retourcodes)


def _unbounded_to_one(tree: etree._ElementTree) -> None:
    _element(tree, "ToegewezenProducten", "ToegewezenProduct").attrib.pop("maxOccurs")


def _drop_local_pattern(tree: etree._ElementTree) -> None:
    pattern = _element(tree, "Declaratie", "DeclaratieNummer").find(f".//{{{XS}}}pattern")
    pattern.getparent().remove(pattern)


def _change_element_type(tree: etree._ElementTree) -> None:
    _element(tree, "Client", "Naam").set("type", "ijw:CDT_VolledigeNaam")


def _rename_element(tree: etree._ElementTree) -> None:
    _element(tree, "Header", "XsdVersieDeclaratie").set("name", "XsdVersieRetour")


@pytest.mark.parametrize(
    ("code", "mutate", "changed_type"),
    [
        ("JW301", _change_bericht_code, "Header"),
        ("JW301", _change_bericht_subversie, "Header"),
        ("JW318", _make_retourcodes_optional, "Verzoek"),
        ("JW318", _move_retourcodes_first, "Client"),
        ("JW301", _unbounded_to_one, "ToegewezenProducten"),
        ("JW323", _drop_local_pattern, "Declaratie"),
        ("JW305", _change_element_type, "Client"),
        ("JW325", _rename_element, "Header"),
    ],
)
def test_comparison_detects(
    code: str,
    mutate: Callable[[etree._ElementTree], None],
    changed_type: str,
    tmp_path: Path,
) -> None:
    tree = etree.parse(str(ours(code)))
    mutate(tree)
    mutated = tmp_path / f"{code}.xsd"
    tree.write(str(mutated), encoding="UTF-8", xml_declaration=True)

    problems = differences(normalized_types(mutated), normalized_types(ours(code)))
    assert len(problems) == 1
    assert problems[0].startswith(f"{changed_type} differs")
