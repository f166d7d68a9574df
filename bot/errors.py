"""Errors a person can fix: they carry a catalog key, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """Something the person asked cannot be done; the message says what to do."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotAllowed(UserError):
    """The person lacks the right (not a coordinator, not the author)."""


class NotFound(UserError):
    """The object does not exist in this workspace (or never did)."""


class FormInvalid(Exception):
    """A form submission with field errors: ``errors`` maps field id to catalog key."""

    def __init__(self, errors: dict[str, tuple[str, dict[str, object]]]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors
