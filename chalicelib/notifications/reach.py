"""Whom a community's notifications may still reach: only those who may see the community
at the moment a notification is sent, listed or bundled into a digest, whatever they
followed before (a community made private reaches no outsider). The one exception is a
moderation decision about a person's own contribution: the statement of reasons is owed to
its author even after they left."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from chalicelib.notifications.notifications import Event, Recipient

OWED_TO_AUTHOR = ("moderation.outcome",)
Item = TypeVar("Item")


def _checked(kind: str, community_id: str | None) -> bool:
    return bool(community_id) and kind not in OWED_TO_AUTHOR


def seeing(event: Event, people: dict[str, Recipient]) -> dict[str, Recipient]:
    """Those of `people` who may see the event's community now: one BatchGetItem (the
    community and their memberships) when the event names a community."""
    from chalicelib.communities import audiences

    if not _checked(event.kind, event.community_id) or not people:
        return people
    assert event.community_id is not None
    admins = frozenset(u for u, p in people.items() if p.platform_admin)
    shown = audiences.who_may_see(event.community_id, list(people), platform_admins=admins)
    return {u: p for u, p in people.items() if u in shown}


def still_visible(user_id: str, items: Sequence[Item], *,
                  platform_admin: bool) -> list[Item]:
    """The stored notifications or digest entries (with `kind` and `community_id`) whose
    community the person may still see: one BatchGetItem when any names one."""
    from chalicelib.communities import audiences

    named = [_community(i) for i in items if _checked(_kind(i), _community(i))]
    if not named:
        return list(items)
    shown = audiences.visible_to(user_id, named, platform_admin=platform_admin)
    return [i for i in items
            if not _checked(_kind(i), _community(i)) or _community(i) in shown]


def _community(item: Any) -> str | None:
    return getattr(item, "community_id", None)


def _kind(item: Any) -> str:
    return str(getattr(item, "kind", ""))
