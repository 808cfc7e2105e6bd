"""Session storage."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chalicelib.identity.user_tables import Session
from chalicelib.platform.dynamo.transactions import Transaction, conditionally

if TYPE_CHECKING:
    from chalicelib.identity.account_tables import SignIn


# Every refresh token a session ever had is remembered (as the first 96 bits of its hash),
# so that presenting any of them again ends the session, however long ago it was rotated.
# The family is bounded: after MAX_ROTATIONS refreshes (far more than a day of steady use,
# one per 15-minute access token, needs) the session ends and its person signs in again.
MAX_ROTATIONS = 300
USED_HASH_CHARS = 24
# What authenticating a request reads: not the list of used hashes.
CHECKED = ["session_id", "user_id", "revoked", "expires_at", "absolute_expires_at",
           "created_at", "platform_admin", "locale", "visit_at"]


def get(session_id: str, *, consistent: bool = False,
        attributes: list[str] | None = None) -> Session | None:
    try:
        return Session.get(session_id, consistent_read=consistent,
                           attributes_to_get=attributes)
    except Session.DoesNotExist:
        return None


def used_before(session: Session, presented_hash: str) -> bool:
    """Was `presented_hash` this session's refresh hash once (rotated away since)?"""
    used = session.used_hashes or []
    return presented_hash[:USED_HASH_CHARS] in used or presented_hash in used


def family_full(session: Session) -> bool:
    return len(session.used_hashes or []) >= MAX_ROTATIONS


def expiry(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def create(*, session_id: str, user_id: str, refresh_hash: str, now: float, idle_ttl: int,
           absolute_ttl: int, platform_admin: bool = False, locale: str | None = None,
           record_login: bool = False, refund: SignIn | None = None) -> Session:
    """Start a session. With `record_login`, the person's `last_login_at` and `last_visit_at`
    are written in the same call (one transaction), and the account must still exist; the
    sign-in attempt `refund` (counted before the password was checked) is taken back in it."""
    session = Session(
        session_id, user_id=user_id, refresh_hash=refresh_hash, created_at=now,
        last_refresh_at=now, absolute_expires_at=now + absolute_ttl,
        expires_at=expiry(min(now + idle_ttl, now + absolute_ttl)),
        platform_admin=platform_admin, locale=locale, visit_at=now,
    )
    if not record_login:
        session.save(condition=Session.session_id.does_not_exist())
        return session
    from chalicelib.identity.user_tables import Unique, User

    tx = (Transaction()
          .put("session", session, Session.session_id.does_not_exist())
          .update("user", User(user_id), [User.last_login_at.set(now),
                                          User.last_visit_at.set(now)],
                  User.user_id.exists()))
    if refund is not None:
        tx.update("sign_in", Unique(refund.claim), refund.refund_actions(),
                  Unique.user_id == user_id)
    failed = tx.commit()
    if failed:
        raise LookupError(f"cannot start a session: {sorted(failed)} condition failed")
    return session


def rotate(session: Session, *, old_hash: str, new_hash: str, now: float, idle_ttl: int,
           platform_admin: bool, locale: str | None, ends_at: float) -> bool:
    """Swap the refresh hash if it is still `old_hash` (False: someone else rotated first),
    slide the idle expiry (never past `ends_at`), and remember the old hash to recognise
    its reuse for the rest of the session's life."""
    used = [*(session.used_hashes or []), old_hash[:USED_HASH_CHARS]]
    actions = [
        Session.refresh_hash.set(new_hash), Session.used_hashes.set(used),
        Session.last_refresh_at.set(now), Session.platform_admin.set(platform_admin),
        Session.expires_at.set(expiry(min(now + idle_ttl, ends_at))),
        Session.locale.set(locale) if locale else Session.locale.remove(),
    ]
    return conditionally(lambda: Session(session.session_id).update(actions=actions, condition=(
        (Session.refresh_hash == old_hash) & (Session.revoked == False))))  # noqa: E712


def revoke(session_id: str) -> bool:
    return conditionally(lambda: Session(session_id).update(
        actions=[Session.revoked.set(True)], condition=Session.session_id.exists()))


def session_ids_of(user_id: str) -> list[str]:
    return [s.session_id for s in Session.by_user.query(user_id)]


def revoke_all(user_id: str, *, keep: str | None = None) -> int:
    """End every session of a person (logout everywhere, password change, deletion), but
    `keep` (the session that changed the password)."""
    count = 0
    for session_id in session_ids_of(user_id):
        if session_id == keep:
            continue
        count += revoke(session_id)
    return count
