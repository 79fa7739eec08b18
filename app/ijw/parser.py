"""Hardened parsing of incoming XML into an identified iJw message."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from lxml import etree

from app.ijw.bsn import mask_bsns
from app.ijw.catalogue import BY_NAMESPACE, RELEASE, MessageType, release_of

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
"""The standard's transport limit of 25 MB (OP192), read as mebibytes."""

# A DOCTYPE (and with it any ENTITY declaration) can only stand in the prolog: after the XML
# declaration, between comments, PIs and white space, before the root element. Refusing it
# there, before libxml2 sees it, keeps entity tricks (XXE, billion laughs) away entirely; the
# anchored match stops at the root element, so it costs nothing on the body.
_DOCTYPE_IN_PROLOG = re.compile(
    rb"^(?:\xef\xbb\xbf)?+(?:<\?xml[^>]*\?>)?+(?:\s+|<!--.*?-->|<\?.*?\?>)*+<!DOCTYPE",
    re.DOTALL,
)
_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']"""
)


class MessageError(Exception):
    """A message that cannot be handled at all: the caller gets a transport-level refusal."""

    kind = "invalid-message"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class TooLarge(MessageError):
    """The body exceeds the size limit."""

    kind = "too-large"


class NotXml(MessageError):
    """The body is not well-formed XML."""

    kind = "not-xml"


class NotUtf8(MessageError):
    """The body is not UTF-8 encoded."""

    kind = "not-utf8"


class ForbiddenConstruct(MessageError):
    """The XML uses a construct we refuse: DOCTYPE or entity declarations."""

    kind = "forbidden-construct"


class NotIjwMessage(MessageError):
    """Well-formed XML, but not an iJw message we know."""

    kind = "not-ijw"


class OtherRelease(MessageError):
    """An iJw message of a release other than 3.2."""

    kind = "other-release"


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """A well-formed, identified iJw 3.2 message."""

    type: MessageType
    root: etree._Element


def _hardened_parser() -> etree.XMLParser:
    # Comments and processing instructions carry no data in iJw; dropping them leaves only
    # elements as children, which lets the views read fixed-shape classes by position.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


_PARSERS = threading.local()
"""lxml parsers must not be shared between threads; each thread gets its own."""


def _parser() -> etree.XMLParser:
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = _hardened_parser()
    return parser


def parse(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedMessage:
    """Parse raw bytes into an identified iJw 3.2 message, refusing anything unsafe or unknown."""
    if len(data) > max_bytes:
        raise TooLarge(f"message is {len(data)} bytes; the limit is {max_bytes} bytes")
    if _DOCTYPE_IN_PROLOG.match(data):
        raise ForbiddenConstruct("DOCTYPE and ENTITY declarations are not allowed in iJw messages")
    declared = _DECLARED_ENCODING.match(data)
    if declared and declared.group(1).decode("ascii", "replace").lower() not in ("utf-8", "utf8"):
        raise NotUtf8(
            f"message declares encoding {declared.group(1).decode('ascii', 'replace')!r}; "
            "iJw messages must be UTF-8"
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        # libxml2 quotes names from the body: a BSN typed into one would be echoed.
        reason = mask_bsns(str(exc))
        if "encoding" in reason.lower() or "utf-8" in reason.lower():
            raise NotUtf8(f"message is not valid UTF-8: {reason}") from None
        raise NotXml(f"not well-formed XML: {reason}") from None
    return ParsedMessage(identify(root), root)


def identify(root: etree._Element) -> MessageType:
    """Tell which iJw 3.2 message the root element starts, or raise why it is none."""
    tag = root.tag
    namespace, _, localname = tag[1:].partition("}") if tag[0] == "{" else ("", "", tag)
    message_type = BY_NAMESPACE.get(namespace)
    if message_type is not None and localname == "Bericht":
        return message_type
    release = release_of(namespace)
    if release is not None and release[0] != RELEASE:
        raise OtherRelease(
            f"this is an iJw {release[0]} message ({release[1].upper()}); "
            f"only release {RELEASE} is supported"
        )
    raise NotIjwMessage(f"root element {{{namespace}}}{localname} is not an iJw {RELEASE} message")
