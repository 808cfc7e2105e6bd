"""How an author is shown: by name, by pseudonym or as "Anonymous", as they chose for that
contribution or comment; as "Deleted participant" once the account is gone. The author's id
is never shown: answers carry only `{display_name}` (and `is_author` for the author)."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.errors import ValidationFailed
from chalicelib.platform.sanitise import escaped

ANONYMOUS = "Anonymous"
DELETED = "Deleted participant"
CHOICES = ("name", "pseudonym", "anonymous")
GONE = ("deleting", "deleted")


def display_name(choice: str, user: Any | None) -> str:
    """`user` is the author's account (None when it no longer exists). Plain text, escaped
    as every answer's text is (docs/text-fields.md): names stored before markup was refused
    come out inert."""
    return escaped(_shown(choice, user))


def _shown(choice: str, user: Any | None) -> str:
    if choice == "anonymous":
        return ANONYMOUS
    if user is None or getattr(user, "status", None) in GONE:
        return DELETED
    name = getattr(user, "name", None)
    pseudonym = getattr(user, "pseudonym", None)
    if choice == "pseudonym":
        return pseudonym or ANONYMOUS  # never fall back to the real name
    return name or pseudonym or ANONYMOUS


def needs_lookup(choice: str) -> bool:
    """Anonymous authors are never looked up: nothing about them is shown."""
    return choice != "anonymous"


def display_choice(requested: str | None, user: Any) -> str:
    """The author's choice for this item: as asked, else their profile's default."""
    choice = requested or getattr(user, "display", None) or "name"
    if choice not in CHOICES:
        choice = "name"
    if choice == "pseudonym" and not getattr(user, "pseudonym", None):
        raise ValidationFailed.field("display", "your profile has no pseudonym")
    if choice == "name" and not getattr(user, "name", None):
        raise ValidationFailed.field("display", "your profile has no name")
    return choice
