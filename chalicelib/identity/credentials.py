"""Passwords in use: hashing with the configured cost and the server's pepper, checking, and a
person changing their own password (which ends their other sessions)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib.identity import email_rules as emails
from chalicelib.identity import password_hashing as passwords
from chalicelib.platform import clock
from chalicelib.platform.errors import ValidationFailed


def hash_new(password: str) -> str:
    from chalicelib.platform.aws.secrets import secret
    from chalicelib.platform.config import settings

    return passwords.hash_password(password, pepper=secret("password_pepper"),
                                   rounds=settings().bcrypt_rounds)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_new("no account has this password")


def verify(password: str, hashed: str | None) -> bool:
    """Checks against a dummy hash of the same cost when there is none, so that an unknown
    account or one without a password takes as long to refuse as a wrong password."""
    from chalicelib.platform.aws.secrets import secret

    if not hashed:
        passwords.verify_password(password, _dummy_hash(), pepper=secret("password_pepper"))
        return False
    return passwords.verify_password(password, hashed, pepper=secret("password_pepper"))


def count_attempt(email: str, now: float) -> Any:
    """Count a sign-in (or password confirmation) on the email's claim before the password
    is checked; None when nobody holds that address (`accounts.SignIn` otherwise)."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import throttling

    return accounts.count_sign_in(emails.unique_key(email),
                                  throttling.window_index(throttling.LOGIN_ACCOUNT, now))


def admit(attempt: Any, now: float, waits: list[tuple[int, str]] | None = None) -> None:
    """429 when the attempts counted before this one (or any of `waits`, other counters'
    refusals) reached their limit; the refused attempt is taken back, it guessed nothing."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import throttling

    waits = [*(waits or []), *throttling.reserved_wait(
        throttling.LOGIN_ACCOUNT, attempt.previous, attempt.current, now)]
    if waits:
        accounts.refund_sign_in(attempt)
        throttling.refuse(waits)


def password_confirmed(user: Any, password: str | None, now: float) -> bool:
    """A signed-in person proves who they are with their password (changing it, changing
    the email, deleting the account). The attempt is counted on their email's claim before
    it is checked, as a sign-in is: sign-ins and confirmations share one limit, concurrent
    guesses included, and past it the answer is 429. True when the password is right (the
    attempt is then taken back)."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import throttling

    attempt = count_attempt(user.email, now) if user.email else None
    if attempt is None:  # no email claim to count on: the account's failure counter
        failures = throttling.account_failures(user.user_id)
        throttling.check(failures, now)
        if password and verify(password, user.password_hash):
            return True
        failures.record(now)
        return False
    admit(attempt, now)
    if password and verify(password, user.password_hash):
        accounts.refund_sign_in(attempt)
        return True
    return False


def change_password(user_id: str, session_id: str, current: str, new: str) -> None:
    """The signed-in person sets a new password; every other session of theirs ends."""
    from chalicelib.identity import account_mail, profiles
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import password_rules as password_policy
    from chalicelib.identity import session_tables as sessions

    user = profiles.load(user_id)
    if not user.password_hash:
        raise ValidationFailed.field(
            "current_password", "this account has no password yet: ask for a reset link to "
                                "set one", code="no_password")
    now = clock.now()
    if not password_confirmed(user, current, now):
        raise ValidationFailed.field("current_password", "is not correct", code="wrong_password")
    password_policy.require_strong(new, (user.name, user.email, user.pseudonym),
                                   field="new_password")
    if not accounts.set_password(user_id, hash_new(new), now=now):
        raise ValidationFailed("This account can no longer change its password.")
    sessions.revoke_all(user_id, keep=session_id)
    if user.email:
        account_mail.send("account_password_changed", user.email, user.locale,
                          person=user.name or "",
                          reset_link=account_mail.link(account_mail.FORGOT_PATH))
