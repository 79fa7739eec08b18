"""Refusals of a posted body beyond the parser's own (`app.ijw.parser`): one `Refusal` tree."""

from __future__ import annotations

from app.ijw.schemas import SchemaError
from app.problem import Refusal


class UnsupportedMediaType(Refusal):
    """The body is not declared as XML."""

    status_code = 415
    slug = "unsupported-media-type"
    title = "Niet-ondersteund mediatype"


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
