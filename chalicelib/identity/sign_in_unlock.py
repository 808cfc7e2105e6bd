"""Letting the owner in while guessers have their account locked (issue 13 item 9).

Ten wrong passwords in 15 minutes pause sign-ins with the account's password, whoever tries:
no burst of guesses gets further. So that a stranger cannot lock the owner out this way, the
account's (confirmed) address is emailed an unlock link when a sign-in is refused by the pause
(at most once per UTC day and account). Signing in with the link's token and the right
password skips the account's limit, not the client address's (50 failures in 15 minutes).
The token is worth nothing without the password, and its holder owns the mailbox, who could
set a new password anyway; it works once (a successful sign-in spends it) and lasts a day.
"""

from __future__ import annotations

from typing import Any

from chalicelib.identity import email_rules as emails
from chalicelib.identity.sessions import TokenPair
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Unauthorized, ValidationFailed

UNLOCK_TTL = 24 * 3600


def offer(user: Any, now: float) -> None:
    """The account's limit refused a sign-in: email its owner a link (once per UTC day)."""
    from chalicelib.identity import account_mail, throttling
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity import throttle_tables as throttles

    if user is None or user.status != "active" or not user.email:
        return
    rule = throttling.UNLOCK_MAIL
    index = throttling.window_index(rule, now)
    sent = throttles.add(throttling.window_key(rule, throttling.subject(user.user_id), index),
                         expires_at=(index + 1) * rule.window + throttling.MINUTE)
    if sent > rule.limit:
        return
    secret = ids.token()
    onetime.issue(onetime.UNLOCK, secret, now=now, ttl=UNLOCK_TTL, user_id=user.user_id)
    account_mail.send("account_unlock", user.email, user.locale,
                      person=account_mail.greeting_name(user),
                      link=account_mail.link(account_mail.LOGIN_PATH, unlock=secret),
                      reset_link=account_mail.link(account_mail.FORGOT_PATH),
                      hours=UNLOCK_TTL // 3600)


def _bad_link() -> ValidationFailed:
    return ValidationFailed.field("unlock_token", "is not valid, has expired or was already "
                                  "used", code="invalid_token")


def login(email: str, password: str, token: str, *, source_ip: str = "unknown") -> TokenPair:
    """Sign in with an unlock link's token: the client address's limit applies, the
    account's does not."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import credentials, sessions, throttling
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity import sign_in_rules as signin

    address = emails.validated(email)
    now = clock.now()
    item = onetime.peek(onetime.UNLOCK, token, now=now)
    if item is None or not item.user_id:
        raise _bad_link()
    failures = throttling.login_failures(address, source_ip, account=False)
    user, counts = accounts.login_lookup(item.user_id, failures.keys(now), now=now)
    failures.check(counts, now)
    if user is None or user.email != address:
        raise _bad_link()  # the link of another account
    usable = user.status not in signin.GONE
    if not credentials.verify(password, user.password_hash if usable else None):
        failures.record(now)
        raise Unauthorized("The email or password is not correct.", code="invalid_credentials")
    refused = signin.refusal(user, now)
    if refused:
        raise refused
    if onetime.consume(onetime.UNLOCK, token, now=now) is None:
        raise _bad_link()
    try:
        return sessions.start(user.user_id, platform_admin=bool(user.platform_admin),
                              locale=user.locale, record_login=True)
    except LookupError:
        raise Unauthorized("The email or password is not correct.",
                           code="invalid_credentials") from None
