"""Authentication of a request: a valid access token naming a live session."""

from __future__ import annotations

from chalicelib.domain import clock, tokens
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.principal import Principal

IDLE_TTL = 24 * 3600  # the terms: a session lasts at most a day without activity
ABSOLUTE_TTL = 30 * 24 * 3600


def authenticate(token: str) -> Principal:
    from chalicelib.services.secrets import secret
    from chalicelib.storage import sessions

    claims = tokens.decode_access(token, key=secret("jwt_signing_key"))
    session = sessions.get(claims["sid"])
    if (session is None or session.revoked or session.user_id != claims["sub"]
            or not session.is_live(clock.now())
            or session.absolute_expires_at <= clock.now()):
        raise Unauthorized("This session has ended. Sign in again.", code="session_ended")
    return Principal(user_id=session.user_id, session_id=session.session_id,
                     platform_admin=bool(session.platform_admin),
                     locale=claims.get("loc") or session.locale)
