"""Errors that carry their HTTP status and problem type (RFC 9457); one renderer shows them."""

from __future__ import annotations


class Problem(Exception):
    """A request the service refuses, with a specific problem type and a readable detail."""

    status_code = 400
    slug = "bad-request"
    title = "Ongeldig verzoek"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def type(self) -> str:
        """The problem type URI."""
        return f"/problems/{self.slug}"

    def extensions(self) -> dict:
        """Extra members of the problem document."""
        return {}


class Refusal(Problem):
    """A posted body not handled as a message: only its record is stored, no retour is built."""

    @property
    def kind(self) -> str:
        """The word `ijw validate` prints before the detail: the problem type's slug by default."""
        return self.slug


class GemeenteNietBediend(Problem):
    """A gemeente this deployment does not serve: nothing of it is found here."""

    status_code = 404
    slug = "gemeente-not-served"
    title = "Gemeente wordt hier niet bediend"

    def __init__(self, gemeente: str) -> None:
        super().__init__(f"gemeente {gemeente} wordt door deze installatie niet bediend")
