"""Export sections for the account's own data."""

from __future__ import annotations

from typing import Any

from chalicelib.platform import clock


def _iso(ts: float | None) -> str | None:
    return clock.iso(ts) if ts else None


def profile(user_id: str) -> dict[str, Any]:
    from chalicelib.identity.user_tables import User

    user = User.get(user_id)
    return {
        "email": user.email, "name": user.name, "pseudonym": user.pseudonym,
        "display": user.display, "description": user.description,
        "interests": list(user.interests or []), "locale": user.locale,
        "status": user.status, "created_at": _iso(user.created_at),
        "confirmed_at": _iso(user.confirmed_at), "last_login_at": _iso(user.last_login_at),
        "last_visit_at": _iso(user.last_visit_at), "updated_at": _iso(user.updated_at),
        "password_changed_at": _iso(user.password_changed_at),
        "pending_email": user.pending_email, "avatar_key": user.avatar_key,
        "cover_key": user.cover_key,
        "sso_providers": sorted((user.sso.as_dict() if user.sso else {}).keys()),
        "restrictions": user.restrictions.as_dict() if user.restrictions else {},
    }


def sessions(user_id: str) -> list[dict[str, Any]]:
    """Session history: when each sign-in started and was last refreshed."""
    from chalicelib.identity.user_tables import Session

    ids = [s.session_id for s in Session.by_user.query(user_id)]
    if not ids:
        return []
    now = clock.now()
    return [{"started_at": _iso(s.created_at), "last_refresh_at": _iso(s.last_refresh_at),
             "ended": bool(s.revoked) or not s.is_live(now) or s.absolute_expires_at <= now}
            for s in Session.batch_get(ids)]


def follows(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.communities.community_tables import Follow

    return [{"community_id": f.community_id} for f in Follow.by_user.query(user_id)]


def memberships(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.communities.community_tables import Membership

    return [{"community_id": m.community_id, "role": m.role, "joined_at": _iso(m.joined_at)}
            for m in Membership.by_user.query(user_id)]


def notifications(user_id: str) -> dict[str, Any]:
    """Notification settings and the in-app notifications still kept (180 days)."""
    from chalicelib.notifications import notification_tables as store

    settings = store.get_settings(user_id)
    items = store.Notification.query(user_id)
    return {
        "settings": settings.choices() if settings else {},
        "items": [{"id": n.notification_id, "created_at": _iso(n.created_at),
                   "read": bool(n.read), "data": n.data.as_dict() if n.data else {}}
                  for n in items],
    }
