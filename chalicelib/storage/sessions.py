"""Session storage."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import UpdateError

from chalicelib.storage.users import Session


def get(session_id: str) -> Session | None:
    try:
        return Session.get(session_id)
    except Session.DoesNotExist:
        return None


def expiry(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def create(*, session_id: str, user_id: str, refresh_hash: str, now: float, idle_ttl: int,
           absolute_ttl: int, platform_admin: bool = False, locale: str | None = None) -> Session:
    session = Session(
        session_id, user_id=user_id, refresh_hash=refresh_hash, created_at=now,
        last_refresh_at=now, absolute_expires_at=now + absolute_ttl,
        expires_at=expiry(min(now + idle_ttl, now + absolute_ttl)),
        platform_admin=platform_admin, locale=locale,
    )
    session.save(condition=Session.session_id.does_not_exist())
    return session


def session_ids_of(user_id: str) -> list[str]:
    return [s.session_id for s in Session.by_user.query(user_id)]


def revoke_all(user_id: str) -> int:
    """End every session of a person (logout everywhere, password change, deletion)."""
    count = 0
    for session_id in session_ids_of(user_id):
        try:
            Session(session_id).update(actions=[Session.revoked.set(True)],
                                       condition=Session.session_id.exists())
            count += 1
        except UpdateError:
            pass
    return count
