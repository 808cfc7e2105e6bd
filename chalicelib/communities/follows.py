"""Following a community: follow and unfollow, and the caller's follows.

A follow is written only while the community keeps the visibility its request read (and,
private, only for a member): it cannot slip in behind `visibility_change`, which ends
outsiders' follows when a community goes private."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import activities as activity
from chalicelib.platform import clock
from chalicelib.platform.dynamo.transactions import Conflicted, Transaction

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal

def follow(community_id: str, principal: Principal, on: bool) -> None:
    """Follow (news, updates, events, new modules) or unfollow; idempotent."""
    from chalicelib.communities import membership_tables as memberships
    from chalicelib.communities.community_tables import Follow
    from chalicelib.communities.scope import authorise

    for attempt in (1, 2):
        scope = authorise(community_id, principal, "",
                          [(Follow, community_id, principal.user_id)])
        exists = scope.found.get(Follow, community_id, principal.user_id) is not None
        if exists == on:
            return
        now = clock.now()
        member = None if principal.platform_admin else principal.user_id
        also = Transaction()  # the count for analytics, promised with the follow
        activity.record_in(also, "follow" if on else "unfollow", community_id=community_id,
                           user_id=principal.user_id, at=now)
        try:
            memberships.set_follow(community_id, principal.user_id, on, now,
                                   visibility=scope.community.visibility, member=member,
                                   also=also)
            return
        except memberships.Changed:  # its visibility changed meanwhile: authorise again
            if attempt == 2:
                raise Conflicted() from None  # 503 with Retry-After: nothing was written


def follows(principal: Principal, accept_language: str, limit: int,
            cursor: str | None) -> dict[str, Any]:
    """Communities the caller follows (and may still see): one Query, one BatchGetItem."""
    from chalicelib.communities.communities import present
    from chalicelib.communities.community_tables import Community, Follow, Membership
    from chalicelib.communities.scope import answer_locale
    from chalicelib.communities.visibility_rules import Viewer, sees_community
    from chalicelib.platform.dynamo import cursors
    from chalicelib.platform.dynamo.batch_get import get_many

    user_id = principal.user_id
    shape = {"community_id": "S", "user_id": "S"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, {"user_id": user_id})
    result = Follow.by_user.query(user_id, limit=limit, last_evaluated_key=start)
    community_ids = [f.community_id for f in result]
    last = result.last_evaluated_key
    found = get_many([(Community, cid, None) for cid in community_ids]
                     + [(Membership, cid, user_id) for cid in community_ids])
    items = []
    for cid in community_ids:
        community = found.get(Community, cid)
        membership = found.get(Membership, cid, user_id)
        role = membership.role if membership else None
        viewer = Viewer(user_id=user_id, platform_admin=principal.platform_admin, role=role)
        if community is None or not sees_community(community.visibility, viewer):
            continue
        items.append(present(community, answer_locale(community, principal, accept_language),
                             role=role, following=True,
                             admin=principal.platform_admin or role == "admin"))
    return {"items": items, "next_cursor": cursors.encode({"k": last}) if last else None}
