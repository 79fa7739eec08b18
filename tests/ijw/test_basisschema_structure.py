"""Our basisschema.xsd must validate exactly like the published iJw 3.2 base schema.

The project writes its own schemas (no copies of ../shared), so this test compares
the two semantically: every global type in normal form (see xsd_compare), the
schema-wide settings and the appinfo version values. Layout, comments and
documentation may differ; anything that changes a validation verdict may not.
"""

from __future__ import annotations

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
OURS = ROOT / "schemas" / "ijw-3.2" / "basisschema.xsd"
SHARED = ROOT.parent / "shared" / "ijw-3.2"
PUBLISHED = SHARED / "xsd" / "basisschema.xsd"

NS_BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"

EXPECTED_APPINFO = {
    "standaard": "ijw",
    "bericht": "basisschema",
    "release": "3.2",
    "BasisschemaXsdVersie": "0.1.0",
    "BasisschemaXsdMinVersie": "0.1.0",
    "BasisschemaXsdMaxVersie": "0.1.0",
}


@pytest.fixture(scope="module")
def published() -> Path:
    if not PUBLISHED.is_file():
        pytest.skip(
            f"published iJw 3.2 base schema not found at {PUBLISHED} "
            "(the reference folder ../shared/ijw-3.2 is absent on this machine)"
        )
    return PUBLISHED


# --- our schema on its own ----------------------------------------------------------


def test_our_basisschema_compiles() -> None:
    etree.XMLSchema(etree.parse(str(OURS)))


def test_our_appinfo_declares_release_and_versions() -> None:
    assert appinfo(OURS) == EXPECTED_APPINFO


def test_our_schema_settings() -> None:
    settings = schema_settings(OURS)
    assert settings.target_namespace == NS_BASIS
    assert settings.element_form_default == "qualified"


def test_our_schema_has_no_empty_annotations() -> None:
    tree = etree.parse(str(OURS))
    empty = [
        annotation.sourceline
        for annotation in tree.iter(f"{{{XS}}}annotation", f"{{{XS}}}documentation")
        if len(annotation) == 0 and not (annotation.text or "").strip()
    ]
    assert not empty, f"empty annotation/documentation elements on lines {empty}"


# --- comparison with the published schema -----------------------------------------


def test_appinfo_matches_published(published: Path) -> None:
    assert appinfo(OURS) == appinfo(published)


def test_schema_settings_match_published(published: Path) -> None:
    assert schema_settings(OURS) == schema_settings(published)


def test_same_global_type_names(published: Path) -> None:
    ours, theirs = set(normalized_types(OURS)), set(normalized_types(published))
    assert not theirs - ours, f"missing from our schema: {sorted(theirs - ours)}"
    assert not ours - theirs, f"not in the published schema: {sorted(ours - theirs)}"


def test_every_global_type_matches_published(published: Path) -> None:
    problems = differences(normalized_types(OURS), normalized_types(published))
    assert not problems, f"{len(problems)} type(s) differ:\n\n" + "\n\n".join(problems)


def test_no_documentation_text_carried_over(published: Path) -> None:
    def texts(path: Path) -> set[str]:
        tree = etree.parse(str(path))
        return {
            " ".join("".join(doc.itertext()).split()) for doc in tree.iter(f"{{{XS}}}documentation")
        }

    copied = {text for text in texts(OURS) & texts(published) if len(text) > 20}
    assert not copied, f"documentation copied from the published schema: {sorted(copied)}"


# --- the comparison itself must notice differences -----------------------------------


def _simple(tree: etree._ElementTree, name: str) -> etree._Element:
    return tree.getroot().find(f"{{{XS}}}simpleType[@name='{name}']")


def _complex(tree: etree._ElementTree, name: str) -> etree._Element:
    return tree.getroot().find(f"{{{XS}}}complexType[@name='{name}']")


def _change_facet(tree: etree._ElementTree) -> str:
    _simple(tree, "LDT_Naam").find(f".//{{{XS}}}maxLength").set("value", "201")
    return "LDT_Naam"


def _change_pattern(tree: etree._ElementTree) -> str:
    _simple(tree, "LDT_Datum").find(f".//{{{XS}}}pattern").set("value", "[^Z]*")
    return "LDT_Datum"


def _drop_enumeration(tree: etree._ElementTree) -> str:
    restriction = _simple(tree, "LDT_LandCode").find(f"{{{XS}}}restriction")
    restriction.remove(restriction.findall(f"{{{XS}}}enumeration")[-1])
    return "LDT_LandCode"


def _change_base(tree: etree._ElementTree) -> str:
    _simple(tree, "LDT_Bedrag").find(f"{{{XS}}}restriction").set("base", "xs:long")
    return "LDT_Bedrag"


def _make_optional(tree: etree._ElementTree) -> str:
    _complex(tree, "CDT_Omvang").find(f".//{{{XS}}}element").set("minOccurs", "0")
    return "CDT_Omvang"


def _swap_elements(tree: etree._ElementTree) -> str:
    sequence = _complex(tree, "CDT_GeslotenPeriode").find(f"{{{XS}}}sequence")
    first, second = list(sequence.iter(f"{{{XS}}}element"))
    first.set("name", "Einddatum")
    second.set("name", "Begindatum")
    return "CDT_GeslotenPeriode"


def _sequence_to_choice(tree: etree._ElementTree) -> str:
    _complex(tree, "CDT_Achternaam").find(f"{{{XS}}}sequence").tag = f"{{{XS}}}choice"
    return "CDT_Achternaam"


def _make_nillable(tree: etree._ElementTree) -> str:
    _complex(tree, "CDT_Huis").find(f".//{{{XS}}}element").set("nillable", "true")
    return "CDT_Huis"


def _change_element_type(tree: etree._ElementTree) -> str:
    element = _complex(tree, "CDT_Verwijzer").findall(f".//{{{XS}}}element")[-1]
    element.set("type", "ijw:LDT_Gemeente")
    return "CDT_Verwijzer"


@pytest.mark.parametrize(
    "mutate",
    [
        _change_facet,
        _change_pattern,
        _drop_enumeration,
        _change_base,
        _make_optional,
        _swap_elements,
        _sequence_to_choice,
        _make_nillable,
        _change_element_type,
    ],
)
def test_comparison_detects(mutate: Callable[[etree._ElementTree], str], tmp_path: Path) -> None:
    tree = etree.parse(str(OURS))
    changed_type = mutate(tree)
    mutated = tmp_path / "basisschema.xsd"
    tree.write(str(mutated), encoding="UTF-8", xml_declaration=True)

    problems = differences(normalized_types(mutated), normalized_types(OURS))
    assert len(problems) == 1
    assert problems[0].startswith(f"{changed_type} differs")


def test_comparison_ignores_prefixes_annotations_and_defaults(tmp_path: Path) -> None:
    text = OURS.read_text(encoding="utf-8")
    text = text.replace("xmlns:ijw=", "xmlns:basis=").replace("ijw:", "basis:")
    text = text.replace(
        '<xs:element name="Achternaam" type="basis:LDT_Naam"/>',
        '<xs:element name="Achternaam" type="basis:LDT_Naam" minOccurs="1" maxOccurs="1">'
        "<xs:annotation><xs:documentation>x</xs:documentation></xs:annotation>"
        "</xs:element>",
    )
    assert text.count('minOccurs="1" maxOccurs="1"') == 1
    rewritten = tmp_path / "basisschema.xsd"
    rewritten.write_text(text, encoding="utf-8")

    assert differences(normalized_types(rewritten), normalized_types(OURS)) == []
    assert appinfo(rewritten) == appinfo(OURS)
