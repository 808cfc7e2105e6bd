"""Who may sign in once their credentials are right: not an unconfirmed, suspended or
deleted account. Pure: login, the unlock link and SSO ask it."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.errors import Forbidden

GONE = ("deleting", "deleted")


def refusal(user: Any, now: float) -> Forbidden | None:
    """Why an account whose credentials are right may still not sign in."""
    if user.status == "pending":
        return Forbidden("Confirm your email address first: follow the link we sent you.",
                         code="email_unconfirmed")
    if user.status == "suspended" and (user.suspended_until is None
                                       or user.suspended_until > now):
        return Forbidden("This account is suspended.", code="account_suspended")
    if user.status in GONE:
        return Forbidden("This account no longer exists.", code="account_gone")
    return None
