"""What other features may know and do of an account, without its tables: the keys to read
people in a shared BatchGetItem, their display names, whether they may participate, their
contact details for mail, and the status changes moderation applies (suspension).

A reader adds `key(user_id)` to the keys of its own batch read and takes the account back
with `of(found, user_id)`; the account it gets is read-only to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalicelib.identity import author_rules
from chalicelib.platform.errors import Forbidden

if TYPE_CHECKING:
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.dynamo.batch_get import Found, Key
    from chalicelib.platform.dynamo.transactions import Transaction

BLOCKED = ("suspended", "deleting", "deleted")
GONE = ("deleting", "deleted")


def key(user_id: str | None) -> Key | None:
    """The account's key for `platform.dynamo.batch_get.get_many` (None for nobody)."""
    from chalicelib.identity.user_tables import User

    return (User, user_id, None) if user_id else None


def of(found: Found, user_id: str | None) -> User | None:
    from chalicelib.identity.user_tables import User

    return found.get(User, user_id) if user_id else None


def get(user_id: str) -> User | None:
    from chalicelib.identity import account_tables

    return account_tables.get(user_id)


def session(session_id: str) -> Any:
    """The sign-in `session_id` names (None when there is none)."""
    from chalicelib.identity import session_tables

    return session_tables.get(session_id)


def many(user_ids: list[str], fields: list[str]) -> dict[str, User]:
    """Accounts by id (one BatchGetItem per 100), with only `fields` read."""
    from chalicelib.identity.user_tables import User

    wanted = list(dict.fromkeys(u for u in user_ids if u))
    if not wanted:
        return {}
    return {u.user_id: u for u in User.batch_get(wanted, attributes_to_get=["user_id", *fields])}


def require_participant(user: Any) -> None:
    """403 unless the account may take part (not suspended, not being deleted)."""
    if user is None or getattr(user, "status", "active") in BLOCKED:
        raise Forbidden("This account cannot participate.", code="account_blocked")


def is_gone(user: Any) -> bool:
    return user is None or getattr(user, "status", None) in GONE


def require_live(tx: Transaction, user_id: str, label: str = "account") -> None:
    """Inside a caller's transaction: the account exists and is not being deleted."""
    from chalicelib.identity import account_tables

    account_tables.live_check(tx, label, user_id, GONE)


# ---- authors -------------------------------------------------------------------------------

def author_keys(items: list[Any]) -> list[Key | None]:
    """Keys of the accounts needed to show these items' authors (none for anonymous
    items): every item has `author_id` and `display`."""
    return [key(i.author_id) for i in items if author_rules.needs_lookup(i.display)]


def author_of(item: Any, found: Found) -> dict[str, str]:
    user = of(found, item.author_id) if author_rules.needs_lookup(item.display) else None
    return {"display_name": author_rules.display_name(item.display, user)}


def shown_name(user: Any | None) -> str:
    """A person as other members see them: by their profile's display choice (name,
    pseudonym or "Anonymous"), "Deleted participant" once gone; never their email."""
    choice = getattr(user, "display", None) or "name"
    return author_rules.display_name(choice if choice in author_rules.CHOICES else "name", user)


# ---- every account, page by page (platform-wide notices: new terms of use) -------------

TOLD = ("active", "suspended")  # accounts that exist and may sign in (suspended ones too)


def account_page(page: dict[str, Any], limit: int) -> tuple[list[str], dict[str, Any] | None]:
    """One bounded page of every account's id, and the state of the next page (None at the
    end): the `by_status` index's partitions of `TOLD`, one after the other. `page` comes
    from a queue message: a malformed one raises ValueError."""
    from chalicelib.identity import account_tables

    status = page.get("status", TOLD[0])
    start = page.get("after")
    if status not in TOLD or not (start is None or isinstance(start, dict)):
        raise ValueError("page names a status and the key to continue after")
    ids, last = account_tables.account_page(status, start, limit)
    if last:
        return ids, {"status": status, "after": last}
    following = TOLD.index(status) + 1
    return ids, ({"status": TOLD[following]} if following < len(TOLD) else None)


# ---- suspension (moderation's strike ladder) -----------------------------------------------

def suspension_end(user_id: str, until: float) -> float | None:
    """When a suspension until `until` would end (a longer running one stays), or None when
    the account is neither active nor suspended."""
    from chalicelib.identity import account_tables

    user = account_tables.get(user_id)
    if user is None or user.status not in ("active", "suspended"):
        return None
    current = float(user.suspended_until or 0) if user.status == "suspended" else 0.0
    return max(until, current)


def suspend(user_id: str, until: float) -> float | None:
    """Suspend an active (or suspended) account until `until` (a longer running suspension
    stays), and end its sessions. Answers the end of the suspension, or None when the
    account is gone."""
    from chalicelib.identity import account_tables, session_tables

    end = suspension_end(user_id, until)
    if end is None or not account_tables.set_suspended(user_id, end):
        return None
    session_tables.revoke_all(user_id)
    return end


def lift_ended_suspensions(is_over: Callable[[str | None, float | None], bool],
                           limit: int = 100) -> int:
    """Accounts whose suspension `is_over(status, until)` become active again (sign-in
    already works once it ends; participation and email need the status back). Reads the
    suspended accounts page by page, each page with one BatchGetItem."""
    from chalicelib.identity import account_tables

    lifted = 0
    for page in account_tables.suspended_pages(limit):
        for user in page:
            until = float(user.suspended_until) if user.suspended_until else None
            if is_over(user.status, until):
                lifted += account_tables.lift_suspension(user.user_id, user.suspended_until)
    return lifted


def email_mark(email: str) -> str:
    """What `email_rejected` holds for an address: a hash, never the address again."""
    import hashlib

    return hashlib.sha256(email.encode()).hexdigest()[:24]


def reachable(user: Any) -> bool:
    """Whether mail may go to the account's address (not refused for good before)."""
    email = getattr(user, "email", None)
    return bool(email) and getattr(user, "email_rejected", None) != email_mark(email)


def mark_rejected(user_id: str, email: str) -> None:
    """The mail service refused this address for good: stop mailing it until it changes."""
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.dynamo.transactions import conditionally

    conditionally(lambda: User(user_id).update(
        actions=[User.email_rejected.set(email_mark(email))],
        condition=User.email == email))
