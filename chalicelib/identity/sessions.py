"""Starting a session: an access token and a refresh token that is stored only as a hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chalicelib.identity import access_tokens as tokens
from chalicelib.identity.authentication import ABSOLUTE_TTL, IDLE_TTL
from chalicelib.platform import clock, ids

if TYPE_CHECKING:
    from chalicelib.identity.account_tables import SignIn


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    session_expires_at: float  # the session's end, whatever its use (a day after sign-in)
    token_type: str = "Bearer"


def hash_refresh(secret_part: str) -> str:
    return hashlib.sha256(secret_part.encode()).hexdigest()


def split_refresh(refresh_token: str) -> tuple[str, str] | None:
    """Refresh tokens are `<session id>.<secret>`: the id finds the session in one read."""
    session_id, _, secret_part = refresh_token.partition(".")
    if not session_id or not secret_part or not ids.is_id(session_id):
        return None
    return session_id, secret_part


def start(user_id: str, *, platform_admin: bool = False, locale: str | None = None,
          record_login: bool = False, refund: SignIn | None = None) -> TokenPair:
    """A new session. `record_login` also writes the person's last login, and `refund`
    takes back the sign-in attempt counted before the password was checked (same call)."""
    from chalicelib.identity import session_tables as sessions

    session_id = ids.new_id()
    secret_part = ids.token(32)
    now = clock.now()
    sessions.create(session_id=session_id, user_id=user_id,
                    refresh_hash=hash_refresh(secret_part), now=now,
                    idle_ttl=IDLE_TTL, absolute_ttl=ABSOLUTE_TTL,
                    platform_admin=platform_admin, locale=locale, record_login=record_login,
                    refund=refund)
    return pair(user_id, session_id, secret_part, platform_admin=platform_admin, locale=locale,
                ends_at=now + ABSOLUTE_TTL)


def pair(user_id: str, session_id: str, secret_part: str, *, platform_admin: bool,
         locale: str | None, ends_at: float) -> TokenPair:
    from chalicelib.platform.aws.secrets import secret

    return TokenPair(
        access_token=tokens.issue_access(user_id=user_id, session_id=session_id,
                                         key=secret("jwt_signing_key"),
                                         platform_admin=platform_admin, locale=locale),
        refresh_token=f"{session_id}.{secret_part}",
        expires_in=tokens.ACCESS_TTL,
        session_expires_at=ends_at,
    )
