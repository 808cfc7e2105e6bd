"""Restriction of and objection to processing (GDPR art. 18 and 21), recorded with a date.
A person who objects to analytics is left out of statistics; to digests, out of digests."""

from __future__ import annotations

from typing import Any

from chalicelib.platform import clock

KINDS = ("analytics", "digest", "profiling")


def current(user_id: str) -> dict[str, Any]:
    from chalicelib.identity.user_tables import User

    stored = User.get(user_id).restrictions
    data = stored.as_dict() if stored else {}
    answer: dict[str, Any] = {k: bool(data.get(k, False)) for k in KINDS}
    answer["updated_at"] = clock.iso(data["updated_at"]) if data.get("updated_at") else None
    return answer


def set_restrictions(user_id: str, choices: dict[str, bool]) -> dict[str, Any]:
    from chalicelib.identity.user_tables import User

    now = clock.now()
    data: dict[str, Any] = {k: bool(choices.get(k, False)) for k in KINDS}
    data["updated_at"] = now
    for kind in KINDS:  # when each choice was made: the record the regulation asks for
        data[f"{kind}_since"] = now if data[kind] else None
    data = {k: v for k, v in data.items() if v is not None}
    User(user_id).update(actions=[User.restrictions.set(data)],
                         condition=User.user_id.exists())
    return current(user_id)


def objects_to(user: Any, kind: str) -> bool:
    """For readers that already hold the User item (analytics, digests)."""
    stored = getattr(user, "restrictions", None)
    return bool(stored and stored.as_dict().get(kind))


def objects_since(restrictions: dict[str, Any] | None) -> float | None:
    """When the person objected to analytics (None: they do not object)."""
    data = restrictions or {}
    if not data.get("analytics"):
        return None
    return float(data.get("analytics_since") or data.get("updated_at") or 0)
