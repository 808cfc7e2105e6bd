"""Following a community: follow and unfollow (a person's follows are listed by
`modules.module_follows.listing`, with those of projects and modules).

A follow is written only while the community keeps the visibility its request read (and,
private, only for a member): it cannot slip in behind `visibility_change`, which ends
outsiders' follows when a community goes private."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
