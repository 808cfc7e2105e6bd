"""Who hears of a community, page by page, for the notification pipeline: its followers,
and the people holding a role in it (moderators and admins)."""

from __future__ import annotations


def followers(community_id: str, *, limit: int,
              after: str | None = None) -> tuple[list[str], str | None]:
    """(one page of follower ids, the id to continue after, or None at the end)."""
    from chalicelib.communities import community_tables

    return community_tables.follower_page(community_id, limit=limit, after=after)


def holding(community_id: str, role: str, *, limit: int,
            after: str | None = None) -> tuple[list[str], str | None]:
    """(one page of the ids of people with `role`, the id to continue after, or None)."""
    from chalicelib.communities import community_tables

    return community_tables.role_page(community_id, role, limit=limit, after=after)


def who_may_see(community_id: str, user_ids: list[str], *,
                platform_admins: frozenset[str] = frozenset()) -> set[str]:
    """Those of `user_ids` who may see the community now (its visibility as stored at this
    moment, whatever they followed before): everyone for a public community, members and
    platform admins for a private one, nobody for a community that is gone. One
    BatchGetItem (the community and the memberships) per 99 people."""
    from chalicelib.communities.community_tables import Community, Membership
    from chalicelib.communities.visibility_rules import Viewer, sees_community
    from chalicelib.platform.dynamo.batch_get import get_many

    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        return set()
    found = get_many([(Community, community_id, None),
                      *[(Membership, community_id, u) for u in wanted]])
    community = found.get(Community, community_id)
    if community is None:
        return set()
    seeing = set()
    for user_id in wanted:
        membership = found.get(Membership, community_id, user_id)
        viewer = Viewer(user_id=user_id, platform_admin=user_id in platform_admins,
                        role=membership.role if membership else None)
        if sees_community(community.visibility, viewer):
            seeing.add(user_id)
    return seeing


def visible_to(user_id: str, community_ids: list[str], *, platform_admin: bool) -> set[str]:
    """Those of `community_ids` the person may see now: one BatchGetItem (the communities and
    the person's memberships in them)."""
    from chalicelib.communities.community_tables import Community, Membership
    from chalicelib.communities.visibility_rules import Viewer, sees_community
    from chalicelib.platform.dynamo.batch_get import get_many

    wanted = list(dict.fromkeys(c for c in community_ids if c))
    if not wanted:
        return set()
    found = get_many([(Community, c, None) for c in wanted]
                     + [(Membership, c, user_id) for c in wanted])
    out = set()
    for community_id in wanted:
        community = found.get(Community, community_id)
        membership = found.get(Membership, community_id, user_id)
        viewer = Viewer(user_id=user_id, platform_admin=platform_admin,
                        role=membership.role if membership else None)
        if community is not None and sees_community(community.visibility, viewer):
            out.add(community_id)
    return out
