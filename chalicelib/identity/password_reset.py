"""Forgotten passwords: a single-use link valid for one hour; setting the new password ends
every session of the account. A request for an address without an account also sends an
email (saying so), so that the answer and its cost do not tell whether an account exists."""

from __future__ import annotations

from chalicelib.identity import email_rules as emails
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import ValidationFailed

RESET_TTL = 3600
CAN_RESET = ("active", "pending", "suspended")


def forgot(email: str, *, source_ip: str = "unknown", locale: str = "en") -> None:
    from chalicelib.identity import account_mail, throttling
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime

    address = emails.validated(email)
    now = clock.now()
    throttling.consume(throttling.RESET_ADDRESS, source_ip, now)
    throttling.consume(throttling.RESET_EMAIL, address, now)
    owner = accounts.owner_of(emails.unique_key(address))
    user = accounts.get(owner) if owner else None
    if user is None or user.status not in CAN_RESET:
        account_mail.send("account_reset_unknown", address, locale,
                          register_link=account_mail.link(account_mail.REGISTER_PATH))
        return
    secret = ids.token()
    onetime.issue(onetime.RESET, secret, now=now, ttl=RESET_TTL, user_id=user.user_id)
    account_mail.send("account_reset", address, user.locale or locale,
                      person=account_mail.greeting_name(user),
                      link=account_mail.link(account_mail.RESET_PATH, token=secret),
                      minutes=RESET_TTL // 60)


def _bad_token() -> ValidationFailed:
    return ValidationFailed.field("token", "is not valid, has expired or was already used",
                                  code="invalid_token")


def reset(token: str, password: str) -> str:
    """Set the new password and end every session. Returns the account id."""
    from chalicelib.identity import (
        account_tables as accounts,
    )
    from chalicelib.identity import credentials
    from chalicelib.identity import (
        onetime_tables as onetime,
    )
    from chalicelib.identity import password_rules as password_policy
    from chalicelib.identity import (
        session_tables as sessions,
    )

    now = clock.now()
    # Read first: a refused password must not burn the link.
    item = onetime.peek(onetime.RESET, token, now=now)
    user = accounts.get(item.user_id) if item and item.user_id else None
    if item is None or user is None or user.status not in CAN_RESET:
        raise _bad_token()
    if user.password_changed_at is not None and item.created_at < user.password_changed_at:
        raise _bad_token()  # the password changed since this link was sent
    password_policy.require_strong(password, (user.name, user.email, user.pseudonym))
    if onetime.consume(onetime.RESET, token, now=now) is None:
        raise _bad_token()
    if not accounts.set_password(user.user_id, credentials.hash_new(password), now=now,
                                 confirm_email=user.status == "pending"):
        raise _bad_token()
    sessions.revoke_all(user.user_id)
    return user.user_id
