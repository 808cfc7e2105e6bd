"""How an author is shown: by name, by pseudonym or as "Anonymous", as they chose for that
contribution or comment; as "Deleted participant" once the account is gone. The author's id
is never shown: answers carry only `{display_name}` (and `is_author` for the author)."""

from __future__ import annotations

from typing import Any

ANONYMOUS = "Anonymous"
DELETED = "Deleted participant"
CHOICES = ("name", "pseudonym", "anonymous")
GONE = ("deleting", "deleted")


def display_name(choice: str, user: Any | None) -> str:
    """`user` is the author's account (None when it no longer exists)."""
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
