"""Refusals of a posted body: each carries its HTTP status and problem type (RFC 9457)."""

from __future__ import annotations

from app.ijw import parser
from app.ijw.schemas import SchemaError
from app.problem import Problem


class Refusal(Problem):
    """A body the service does not process as a message; nothing but its record is stored."""


class UnsupportedMediaType(Refusal):
    """The body is not declared as XML."""

    status_code = 415
    slug = "unsupported-media-type"
    title = "Niet-ondersteund mediatype"


class TooLarge(Refusal):
    """The body exceeds the configured limit."""

    status_code = 413
    slug = "too-large"
    title = "Bericht te groot"


class NotWellFormed(Refusal):
    """The body is not well-formed XML."""

    slug = "not-well-formed"
    title = "Geen welgevormde XML"


class NotUtf8(Refusal):
    """The body is not UTF-8."""

    slug = "not-utf8"
    title = "Geen UTF-8"


class ForbiddenConstruct(Refusal):
    """The body holds a DOCTYPE or entity declaration."""

    slug = "forbidden-construct"
    title = "Verboden XML-constructie"


class UnknownMessage(Refusal):
    """Well-formed XML that is no iJw 3.2 message."""

    status_code = 422
    slug = "unknown-message-type"
    title = "Geen iJw 3.2-bericht"


class OtherRelease(Refusal):
    """An iJw message of another release."""

    status_code = 422
    slug = "other-release"
    title = "Andere iJw-release"


class NotReceived(Refusal):
    """An iJw message type a gemeente does not receive."""

    status_code = 422
    slug = "message-type-not-received"
    title = "Berichttype dat een gemeente niet ontvangt"


class GemeenteNotServed(Refusal):
    """A message for a gemeente this deployment does not serve."""

    status_code = 422
    slug = "gemeente-not-served"
    title = "Gemeente wordt hier niet bediend"


class AanbiederNotAllowed(Refusal):
    """An aanbieder's key posting a message of another aanbieder."""

    status_code = 403
    slug = "forbidden-afzender"
    title = "Bericht van een andere aanbieder"


class SchemaInvalid(Refusal):
    """A message that fails its XSD: a transport-level refusal, no retour is built."""

    status_code = 422
    slug = "schema-invalid"
    title = "Bericht voldoet niet aan zijn XSD"

    def __init__(
        self, message_type: str, errors: list[SchemaError], total: int | None = None
    ) -> None:
        total = len(errors) if total is None else total
        super().__init__(f"{message_type} fails its XSD with {total} error(s)")
        self.message_type = message_type
        self.errors = errors
        self.more = total - len(errors)

    def extensions(self) -> dict:
        """The first schema errors with their lines, and how many more there were."""
        return {
            "berichttype": self.message_type,
            "errors": [{"line": e.line, "message": e.message} for e in self.errors],
            "more_errors": self.more,
        }


class RetourConflict(Refusal):
    """A retour that reuses another retour's IdentificatieRetour with different content."""

    status_code = 409
    slug = "retour-identificatie-conflict"
    title = "IdentificatieRetour al gebruikt"


_FROM_PARSER: dict[type[parser.MessageError], type[Refusal]] = {
    parser.TooLarge: TooLarge,
    parser.NotXml: NotWellFormed,
    parser.NotUtf8: NotUtf8,
    parser.ForbiddenConstruct: ForbiddenConstruct,
    parser.NotIjwMessage: UnknownMessage,
    parser.OtherRelease: OtherRelease,
}


def refusal_for(error: parser.MessageError) -> Refusal:
    """The refusal that answers a parser error."""
    return _FROM_PARSER.get(type(error), Refusal)(error.detail)
