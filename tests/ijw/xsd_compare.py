"""Normalise an XSD into a form that captures what it validates, not how it is written.

Two schemas that normalise to the same data give every instance document the same
verdict, as far as their own components go. The normal form ignores what has no
effect on validation: annotations (documentation and appinfo), comments, layout,
attribute order, namespace prefixes, `id` attributes, foreign attributes and
`xs:import` / `xs:include` declarations. It makes implicit defaults explicit
(`minOccurs`/`maxOccurs` = 1, `nillable`/`abstract`/`mixed` = false, the `form` of
local elements and attributes taken from `elementFormDefault`/`attributeFormDefault`)
and resolves QName-valued attributes (`type`, `base`, `ref`, ...) to Clark notation
(`{namespace}local`), so `ijw:LDT_Naam` and `b:LDT_Naam` compare equal when both
prefixes stand for the same namespace.

The order of children is kept: it matters for particles (sequence order) and is
kept for facets and enumerations too, so a reordered code list also counts as a
difference.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import NamedTuple

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"

# Attributes whose value is a QName (or a list of QNames) in XSD 1.0.
_QNAME_ATTRIBUTES = frozenset({"type", "base", "ref", "itemType", "substitutionGroup", "refer"})
_QNAME_LIST_ATTRIBUTES = frozenset({"memberTypes"})

# Attributes that carry no validation meaning.
_IGNORED_ATTRIBUTES = frozenset({"id"})

# Particles: local ones default to exactly one occurrence.
_PARTICLES = frozenset({"element", "sequence", "choice", "all", "any", "group"})

_FACETS = frozenset(
    {
        "length",
        "minLength",
        "maxLength",
        "pattern",
        "enumeration",
        "whiteSpace",
        "maxInclusive",
        "maxExclusive",
        "minInclusive",
        "minExclusive",
        "totalDigits",
        "fractionDigits",
    }
)
# Facets whose `value` is a non-negative integer; the other facets (except pattern
# and enumeration, which are taken verbatim) get their surrounding whitespace stripped.
_INTEGER_FACETS = frozenset({"length", "minLength", "maxLength", "totalDigits", "fractionDigits"})

# Implicit attribute values per XSD element, made explicit.
_DEFAULTS: dict[str, dict[str, str]] = {
    "element": {"nillable": "false", "abstract": "false"},
    "complexType": {"mixed": "false", "abstract": "false"},
    "any": {"namespace": "##any", "processContents": "strict"},
    "anyAttribute": {"namespace": "##any", "processContents": "strict"},
}
_BOOLEAN_ATTRIBUTES = frozenset({"nillable", "abstract", "mixed"})

# Symbol spaces of global components other than types, used as key prefixes.
_GLOBAL_PREFIX = {
    "element": "element:",
    "attribute": "attribute:",
    "group": "group:",
    "attributeGroup": "attributeGroup:",
    "notation": "notation:",
}


class Node(NamedTuple):
    """One XSD construct: its local name, its attributes (sorted) and its children."""

    kind: str
    attributes: tuple[tuple[str, str], ...]
    children: tuple[Node, ...]


class SchemaSettings(NamedTuple):
    """The schema-wide settings that influence validation."""

    target_namespace: str | None
    element_form_default: str
    attribute_form_default: str
    block_default: str
    final_default: str


def _parse(path: Path | str) -> etree._ElementTree:
    parser = etree.XMLParser(
        remove_comments=True, remove_pis=True, no_network=True, resolve_entities=False
    )
    return etree.parse(str(path), parser)


def _local(element: etree._Element) -> str | None:
    """The local name of an XSD element, or None for anything outside the XSD namespace."""
    if not isinstance(element.tag, str):
        return None
    qname = etree.QName(element)
    return qname.localname if qname.namespace == XS else None


def _resolve(element: etree._Element, value: str) -> str:
    prefix, _, local = value.strip().rpartition(":")
    namespace = element.nsmap.get(prefix or None)
    if prefix and namespace is None:
        raise ValueError(f"line {element.sourceline}: undeclared prefix in {value!r}")
    return f"{{{namespace}}}{local}" if namespace else local


def _boolean(value: str) -> str:
    value = value.strip()
    return {"1": "true", "0": "false"}.get(value, value)


def _attributes(
    element: etree._Element, kind: str, settings: SchemaSettings, is_global: bool
) -> tuple[tuple[str, str], ...]:
    result: dict[str, str] = dict(_DEFAULTS.get(kind, {}))
    if kind in _PARTICLES and not is_global:
        result.update(minOccurs="1", maxOccurs="1")
    if kind == "element" and not is_global and element.get("ref") is None:
        result["form"] = settings.element_form_default
    if kind == "attribute" and not is_global:
        result["use"] = "optional"
        if element.get("ref") is None:
            result["form"] = settings.attribute_form_default

    for name, raw in element.attrib.items():
        if name.startswith("{") or name in _IGNORED_ATTRIBUTES:
            continue  # foreign (namespaced) attributes do not affect validation
        if name in _QNAME_ATTRIBUTES:
            value = _resolve(element, raw)
        elif name in _QNAME_LIST_ATTRIBUTES:
            value = " ".join(_resolve(element, item) for item in raw.split())
        elif kind in _FACETS and name == "value":
            if kind in ("pattern", "enumeration"):
                value = raw
            elif kind in _INTEGER_FACETS:
                value = str(int(raw))
            else:
                value = raw.strip()
        elif (kind in _FACETS and name == "fixed") or name in _BOOLEAN_ATTRIBUTES:
            value = _boolean(raw)
        elif name in ("minOccurs", "maxOccurs"):
            value = raw.strip()
            value = value if value == "unbounded" else str(int(value))
        elif name in ("fixed", "default"):
            value = raw  # value constraints are compared verbatim
        else:
            value = " ".join(raw.split())
        result[name] = value
    return tuple(sorted(result.items()))


def _node(element: etree._Element, settings: SchemaSettings, is_global: bool = False) -> Node:
    kind = _local(element)
    if kind is None:
        raise ValueError(f"line {element.sourceline}: unexpected element {element.tag!r}")
    children = tuple(
        _node(child, settings)
        for child in element
        if _local(child) is not None and _local(child) != "annotation"
    )
    return Node(kind, _attributes(element, kind, settings, is_global), children)


def schema_settings(path: Path | str) -> SchemaSettings:
    """The targetNamespace and the schema-wide defaults of a schema file."""
    root = _parse(path).getroot()
    return _settings(root)


def _settings(root: etree._Element) -> SchemaSettings:
    return SchemaSettings(
        target_namespace=root.get("targetNamespace"),
        element_form_default=root.get("elementFormDefault", "unqualified").strip(),
        attribute_form_default=root.get("attributeFormDefault", "unqualified").strip(),
        block_default=" ".join(sorted(root.get("blockDefault", "").split())),
        final_default=" ".join(sorted(root.get("finalDefault", "").split())),
    )


def normalized_types(path: Path | str) -> dict[str, Node]:
    """Every global component of a schema file in normal form, keyed by name.

    Named simple and complex types are keyed by their bare name (`LDT_Naam`);
    other global components by symbol space and name (`element:Bericht`,
    `attribute:...`, `group:...`, `attributeGroup:...`). Anonymous types nested in
    elements are part of the enclosing component's tree. Imports, includes,
    redefines and annotations are left out.
    """
    root = _parse(path).getroot()
    settings = _settings(root)
    result: dict[str, Node] = {}
    for child in root:
        kind = _local(child)
        if kind in (None, "annotation", "import", "include", "redefine", "override"):
            continue
        name = child.get("name")
        if name is None:
            raise ValueError(f"{path}:{child.sourceline}: global {kind} without a name")
        key = name if kind in ("simpleType", "complexType") else _GLOBAL_PREFIX[kind] + name
        if key in result:
            raise ValueError(f"{path}: {key} is declared twice")
        result[key] = _node(child, settings, is_global=True)
    return result


def appinfo(path: Path | str) -> dict[str, str]:
    """The schema-level `xs:appinfo` entries, local name to (stripped) text."""
    root = _parse(path).getroot()
    values: dict[str, str] = {}
    for entry in root.iterfind(f"{{{XS}}}annotation/{{{XS}}}appinfo/*"):
        values[etree.QName(entry).localname] = (entry.text or "").strip()
    return values


def render(node: Node, indent: int = 0) -> str:
    """A readable multi-line rendering of a normalised node, for failure messages."""
    attributes = " ".join(f"{name}={value!r}" for name, value in node.attributes)
    line = " " * indent + (f"{node.kind} {attributes}" if attributes else node.kind)
    return "\n".join([line, *(render(child, indent + 2) for child in node.children)])


def differences(ours: dict[str, Node], theirs: dict[str, Node]) -> list[str]:
    """Human-readable differences between two normalised schemas; empty when equal."""
    problems: list[str] = []
    for key in sorted(theirs.keys() - ours.keys()):
        problems.append(f"{key}: missing from our schema")
    for key in sorted(ours.keys() - theirs.keys()):
        problems.append(f"{key}: not in the published schema")
    for key in sorted(ours.keys() & theirs.keys()):
        if ours[key] != theirs[key]:
            diff = difflib.unified_diff(
                render(theirs[key]).splitlines(),
                render(ours[key]).splitlines(),
                fromfile=f"published {key}",
                tofile=f"ours {key}",
                lineterm="",
            )
            problems.append(f"{key} differs:\n" + "\n".join(diff))
    return problems
