"""Hardened parsing of incoming XML into an identified iJw message."""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from lxml import etree

from app.ijw.bsn import mask_bsns
from app.ijw.catalogue import BY_NAMESPACE, RELEASE, MessageType, release_of
from app.ijw.tree import Element
from app.problem import Refusal

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
"""The standard's transport limit of 25 MB (OP192), read as mebibytes."""
UTF8_CHUNK = 1 << 20
"""Bytes decoded at a time when checking that a body is UTF-8."""

# A DOCTYPE (and with it any ENTITY declaration) can only stand in the prolog: after the XML
# declaration, between comments, PIs and white space, before the root element. Refusing it
# there, before libxml2 sees it, keeps entity tricks (XXE, billion laughs) away entirely; the
# anchored match stops at the root element, so it costs nothing on the body. The parsed tree is
# checked once more (`_refuse_dtd`), so the refusal does not rest on this pattern alone.
_DOCTYPE_IN_PROLOG = re.compile(
    rb"^(?:\xef\xbb\xbf)?+(?:<\?xml[^>]*\?>)?+(?:\s+|<!--.*?-->|<\?.*?\?>)*+<!DOCTYPE",
    re.DOTALL,
)
_DECLARED_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']"""
)
# Longest first: a UTF-32 LE mark begins with the UTF-16 LE one.
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "UTF-32 BE"),
    (b"\xff\xfe", "UTF-16 LE"),
    (b"\xfe\xff", "UTF-16 BE"),
)
_BOM_STARTS = frozenset(bom[:1] for bom, _ in _OTHER_BOMS)
"""The first bytes of those marks: a body starting otherwise has none of them."""
_NUL = 0
_AMPERSAND = ord("&")
_EXCLAMATION = ord("!")
"""Bytes sought as ints: `int in bytes` is a plain memchr, a one-byte `bytes` needle is not."""
_UTF8_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'
"""The usual XML declaration: a body starting with it declares UTF-8 (no pattern needed)."""


class TooLarge(Refusal):
    """The body exceeds the size limit: the parser's, or the configured one while it is read."""

    status_code = 413
    slug = "too-large"
    title = "Bericht te groot"


class NotWellFormed(Refusal):
    """The body is not well-formed XML."""

    slug = "not-well-formed"
    title = "Geen welgevormde XML"
    kind = "not-xml"


class NotUtf8(Refusal):
    """The body is not UTF-8 encoded."""

    slug = "not-utf8"
    title = "Geen UTF-8"


class ForbiddenConstruct(Refusal):
    """The XML uses a construct we refuse: DOCTYPE or entity declarations."""

    slug = "forbidden-construct"
    title = "Verboden XML-constructie"


class NotIjwMessage(Refusal):
    """Well-formed XML, but not an iJw message we know."""

    status_code = 422
    slug = "unknown-message-type"
    title = "Geen iJw 3.2-bericht"
    kind = "not-ijw"


class OtherRelease(Refusal):
    """An iJw message of a release other than 3.2."""

    status_code = 422
    slug = "other-release"
    title = "Andere iJw-release"


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """A well-formed, identified iJw 3.2 message."""

    type: MessageType
    root: Element


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
    return ParsedMessage(*parse_identified(data, max_bytes))


def parse_identified(
    data: bytes, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[MessageType, Element]:
    """`parse` as a plain pair: for the hot path, where a frozen dataclass costs a setattr each."""
    if len(data) > max_bytes:
        raise TooLarge(f"message is {len(data)} bytes; the limit is {max_bytes} bytes")
    _require_utf8(data)
    # A DOCTYPE is written `<!DOCTYPE` (in UTF-8, checked above): a body without a `!` has none.
    declarations = _EXCLAMATION in data
    if declarations and _DOCTYPE_IN_PROLOG.match(data):
        raise ForbiddenConstruct("DOCTYPE and ENTITY declarations are not allowed in iJw messages")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        # libxml2 quotes names from the body: a BSN typed into one would be echoed.
        raise NotWellFormed(f"not well-formed XML: {mask_bsns(str(exc))}") from None
    # An entity reference is written with `&`: a body without one holds no Entity node.
    if declarations or _AMPERSAND in data:
        _refuse_dtd(root, declarations, _AMPERSAND in data)
    return identify(root), root


def _require_utf8(data: bytes) -> None:
    """Refuse a body that is not UTF-8 before libxml2 guesses another encoding from it."""
    if data[:1] in _BOM_STARTS:
        for bom, encoding in _OTHER_BOMS:
            if data.startswith(bom):
                raise NotUtf8(
                    f"message starts with the byte order mark of {encoding}; "
                    "iJw messages must be UTF-8"
                )
    # UTF-16 and UTF-32 without a mark show as NUL bytes; NUL is no XML character in any encoding.
    if _NUL in data:
        raise NotUtf8("message holds NUL bytes (UTF-16 or UTF-32?); iJw messages must be UTF-8")
    if not data.startswith(_UTF8_DECLARATION):
        declared = _DECLARED_ENCODING.match(data)
        if declared and declared.group(1).decode("ascii", "replace").lower() not in (
            "utf-8",
            "utf8",
        ):
            raise NotUtf8(
                f"message declares encoding {declared.group(1).decode('ascii', 'replace')!r}; "
                "iJw messages must be UTF-8"
            )
    if not data.isascii():
        _decode_in_chunks(data)


def _decode_in_chunks(data: bytes) -> None:
    """Raise NotUtf8 unless `data` is UTF-8, decoding a chunk at a time.

    Decoding the whole body at once would hold a second copy of it, up to four times its size.
    """
    if data.isascii():  # ASCII is UTF-8, and this scan decodes nothing
        return
    view = memoryview(data)
    start = 0
    while True:
        chunk = view[start : start + UTF8_CHUNK]
        final = start + UTF8_CHUNK >= len(data)
        try:
            # A sequence cut off by the chunk's end is left unconsumed, to begin the next chunk.
            _text, consumed = codecs.utf_8_decode(chunk, "strict", final)
        except UnicodeDecodeError as exc:
            raise NotUtf8(
                f"message is not valid UTF-8 at byte {start + exc.start} ({exc.reason}); "
                "iJw messages must be UTF-8"
            ) from None
        if final:
            return
        start += consumed


def _refuse_dtd(root: Element, declarations: bool = True, references: bool = True) -> None:
    """Refuse a parsed document that carries a DTD or an entity reference, whatever let it in.

    `declarations`: the body may declare a DTD (it has a `!`); else none is sought.
    `references`: the body may hold an entity reference (it has an `&`); else none is sought.
    """
    if declarations:
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
            raise ForbiddenConstruct(
                "DOCTYPE and ENTITY declarations are not allowed in iJw messages"
            )
    if references and next(root.iter(etree.Entity), None) is not None:
        raise ForbiddenConstruct("entity references are not allowed in iJw messages")


_BY_ROOT_TAG = {f"{{{namespace}}}Bericht": found for namespace, found in BY_NAMESPACE.items()}
"""Each iJw 3.2 message type by its root element's qualified tag."""


def identify(root: Element) -> MessageType:
    """Tell which iJw 3.2 message the root element starts, or raise why it is none."""
    tag = root.tag
    found = _BY_ROOT_TAG.get(tag)
    if found is not None:
        return found
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
