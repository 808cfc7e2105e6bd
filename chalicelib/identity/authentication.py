"""Authentication of a request: a valid access token naming a live session."""

from __future__ import annotations

from typing import Any

from chalicelib.identity import access_tokens as tokens
from chalicelib.platform import clock
from chalicelib.platform.errors import Unauthorized
from chalicelib.platform.principal import Principal

# The terms: "session duration: 1 day". A session ends 24 hours after its sign-in however it
# is used (refreshes never extend it); without use it would end as late, the idle limit.
IDLE_TTL = 24 * 3600
ABSOLUTE_TTL = 24 * 3600
VISIT_EVERY = 3600  # `last_visit_at` is written at most once an hour per session


def authenticate(token: str, participating: bool = False) -> Principal:
    """The caller's session; for a participation write (`participating`) also the account
    and the current terms of use, in the same consistent BatchGetItem (one call, as the
    session alone): 403 `terms_not_accepted` while a newer version waits."""
    from chalicelib.identity import session_tables as sessions
    from chalicelib.platform.aws.secrets import secret

    claims = tokens.decode_access(token, key=secret("jwt_signing_key"))
    # A strongly consistent read: a session ended a moment ago must refuse this token now.
    if participating:
        session, user, current = _with_terms(claims["sid"], claims["sub"])
    else:
        session = sessions.get(claims["sid"], consistent=True, attributes=sessions.CHECKED)
    now = clock.now()
    if (session is None or session.revoked or session.user_id != claims["sub"]
            or not session.is_live(now) or session_end(session) <= now):
        raise Unauthorized("This session has ended. Sign in again.", code="session_ended")
    if due_for_visit(session.visit_at, now):
        _record_visit(session.session_id, session.user_id, session.visit_at, now)
    if participating:
        from chalicelib.identity import terms

        terms.require_accepted(user, current)
    return Principal(user_id=session.user_id, session_id=session.session_id,
                     platform_admin=bool(session.platform_admin),
                     locale=claims.get("loc") or session.locale)


def _with_terms(session_id: str, user_id: str) -> tuple[Any, Any, Any]:
    from chalicelib.identity import terms_tables
    from chalicelib.identity.terms_tables import CURRENT, Terms
    from chalicelib.identity.user_tables import Session, User
    from chalicelib.platform.dynamo.batch_get import get_many

    found = get_many([(Session, session_id, None), (User, user_id, None),
                      terms_tables.current_key()])
    return (found.get(Session, session_id), found.get(User, user_id),
            found.get(Terms, CURRENT))


def session_end(session: Any) -> float:
    """When a session ends at the latest: its stored end, and never later than a day after
    its sign-in (sessions started when they could last longer end as the newer ones do)."""
    return min(float(session.absolute_expires_at), float(session.created_at) + ABSOLUTE_TTL)


def due_for_visit(last: float | None, now: float) -> bool:
    return last is None or now - last >= VISIT_EVERY


def _record_visit(session_id: str, user_id: str, previous: float | None, now: float) -> None:
    """Best effort: a lost race or a busy table must not fail the request itself."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.platform.log import logger

    if accounts.record_visit(session_id, user_id, previous=previous, now=now) is None:
        logger.warning("last visit not recorded", extra={"session_id": session_id})
