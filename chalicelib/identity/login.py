"""Signing in, refreshing and signing out.

Login: one UpdateItem (the attempt, counted on the email's claim before the password is
checked, which names the owner), one BatchGetItem (the account and the client address's
failure counters), one TransactWriteItems (the session, the last login and the attempt taken
back); past the account's limit its owner is emailed an unlock link (`sign_in_unlock`).
Refresh: one GetItem (the session), one GetItem (the account: still allowed, current
role and locale), one conditional UpdateItem that rotates the refresh hash. A refresh token
presented after it was rotated away revokes its session: whoever holds a copy (the thief or
the owner) is signed out.
"""

from __future__ import annotations

import hmac

from chalicelib.identity import email_rules as emails
from chalicelib.identity.authentication import IDLE_TTL, session_end
from chalicelib.identity.sessions import TokenPair, hash_refresh, split_refresh
from chalicelib.identity.sign_in_rules import GONE, refusal
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import TooManyRequests, Unauthorized


def login(email: str, password: str, *, source_ip: str = "unknown",
          unlock_token: str | None = None) -> TokenPair:
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import credentials, sessions, sign_in_unlock, throttling

    if unlock_token is not None:
        return sign_in_unlock.login(email, password, unlock_token, source_ip=source_ip)
    address = emails.validated(email)
    now = clock.now()
    attempt = credentials.count_attempt(address, now)
    # An address nobody holds has no password to guess: its failures are counted after the
    # check, as the client address's are, so that it is refused exactly like a real one.
    failures = throttling.login_failures(address, source_ip, account=attempt is None)
    user, counts = accounts.login_lookup(attempt.owner if attempt else None,
                                         failures.keys(now), now=now)
    if attempt is not None:
        try:
            credentials.admit(attempt, now, failures.waits(counts, now))
        except TooManyRequests:
            if throttling.reserved_wait(throttling.LOGIN_ACCOUNT, attempt.previous,
                                        attempt.current, now):
                sign_in_unlock.offer(user, now)  # the owner gets a way in
            raise
    else:
        failures.check(counts, now)
    usable = user is not None and user.status not in GONE
    if not credentials.verify(password, user.password_hash if usable and user else None):
        failures.record(now)
        raise Unauthorized("The email or password is not correct.", code="invalid_credentials")
    assert user is not None and attempt is not None
    refused = refusal(user, now)
    if refused:
        accounts.refund_sign_in(attempt)  # the password was right
        raise refused
    try:
        return sessions.start(user.user_id, platform_admin=bool(user.platform_admin),
                              locale=user.locale, record_login=True, refund=attempt)
    except LookupError:  # the account (or its email) went away between the read and the write
        raise Unauthorized("The email or password is not correct.",
                           code="invalid_credentials") from None


def _invalid() -> Unauthorized:
    return Unauthorized("The refresh token is not valid.", code="invalid_token")


def refresh(refresh_token: str) -> TokenPair:
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import session_tables as stored
    from chalicelib.identity import sessions
    from chalicelib.platform.log import logger

    parts = split_refresh(refresh_token)
    if parts is None:
        raise _invalid()
    session_id, secret_part = parts
    session = stored.get(session_id, consistent=True)
    if session is None:
        raise _invalid()
    now = clock.now()
    ends_at = session_end(session)
    if session.revoked or not session.is_live(now) or ends_at <= now:
        raise Unauthorized("This session has ended. Sign in again.", code="session_ended")
    presented = hash_refresh(secret_part)
    if not hmac.compare_digest(presented, session.refresh_hash):
        if stored.used_before(session, presented):
            stored.revoke(session_id)
            logger.warning("refresh token reused: session revoked",
                           extra={"session_id": session_id})
            raise Unauthorized("This refresh token was already used; the session has ended.",
                               code="refresh_reused")
        raise _invalid()
    if stored.family_full(session):  # every token of the family stays recognisable
        stored.revoke(session_id)
        raise Unauthorized("This session has ended. Sign in again.", code="session_ended")
    user = accounts.get(session.user_id)
    if user is None or refusal(user, now) is not None:
        stored.revoke(session_id)
        raise Unauthorized("This session has ended. Sign in again.", code="session_ended")
    new_secret = ids.token(32)
    if not stored.rotate(session, old_hash=presented, new_hash=hash_refresh(new_secret),
                         now=now, idle_ttl=IDLE_TTL, platform_admin=bool(user.platform_admin),
                         locale=user.locale, ends_at=ends_at):
        # Someone rotated this very token a moment ago: it was used twice.
        stored.revoke(session_id)
        logger.warning("refresh token raced: session revoked", extra={"session_id": session_id})
        raise Unauthorized("This refresh token was already used; the session has ended.",
                           code="refresh_reused")
    return sessions.pair(user.user_id, session_id, new_secret,
                         platform_admin=bool(user.platform_admin), locale=user.locale,
                         ends_at=ends_at)


def logout(refresh_token: str) -> None:
    """End the session the refresh token belongs to (idempotent; unknown tokens do nothing)."""
    from chalicelib.identity import session_tables as stored

    parts = split_refresh(refresh_token)
    if parts is None:
        return
    session_id, secret_part = parts
    session = stored.get(session_id, consistent=True)
    if session is None or session.revoked:
        return
    presented = hash_refresh(secret_part)
    if hmac.compare_digest(presented, session.refresh_hash) or stored.used_before(session,
                                                                                  presented):
        stored.revoke(session_id)
