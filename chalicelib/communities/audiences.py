"""Who hears of a community, page by page, for the notification pipeline: its followers,
the followers of one of its projects or modules (`following`), and the people holding a role
in it (moderators and admins)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

PHASES = ("c", "p", "m")  # the community's followers, then the project's, then the module's


def followers(community_id: str, *, limit: int,
              after: str | None = None) -> tuple[list[str], str | None]:
    """(one page of follower ids, the id to continue after, or None at the end)."""
    from chalicelib.communities import community_tables

    return community_tables.follower_page(community_id, limit=limit, after=after)


def following_page(community_id: str, project_id: str | None = None,
                   module_id: str | None = None, *, limit: int,
                   page: dict[str, Any] | None = None
                   ) -> tuple[list[str], dict[str, Any] | None]:
    """One page of everyone following the module, its project or its community, each
    person once across all pages; answers the page and the state of the next one (None at
    the end). The pages walk the community's follower partition, then the project's, then
    the module's, in user-id order; a follower of the project (module) who also follows the
    community (or the project) is left out of the later phase: one BatchGetItem of their
    follows in the earlier partitions per page. A page is a pure function of `page` and of
    the follows stored, so a redelivered fan-out message yields the same page (the
    pipeline's per-person claims catch anyone who followed or unfollowed in between).
    Raises ValueError for a page state this function did not make."""
    from chalicelib.communities import community_tables
    from chalicelib.communities import target_follow_tables as targets
    from chalicelib.communities.community_tables import Follow
    from chalicelib.communities.target_follow_tables import TargetFollow, target_of
    from chalicelib.platform.dynamo.batch_get import get_many

    state = page or {}
    phase, after = state.get("phase", "c"), state.get("after")
    if phase not in PHASES or (after is not None and not isinstance(after, str)):
        raise ValueError("page must be {phase: c, p or m, after: an id}")
    partitions = {"c": community_id, "p": project_id and target_of("project", project_id),
                  "m": module_id and target_of("module", module_id)}
    while partitions[phase] is None:  # no project (module) named: that phase is empty
        if phase == PHASES[-1]:
            return [], None
        phase, after = PHASES[PHASES.index(phase) + 1], None
    if phase == "c":
        ids, last = community_tables.follower_page(community_id, limit=limit, after=after)
    else:
        ids, last = targets.follower_page(str(partitions[phase]), limit=limit, after=after)
    if phase != "c" and ids:
        earlier = [(Follow, community_id, u) for u in ids]
        if phase == "m" and partitions["p"]:
            earlier += [(TargetFollow, partitions["p"], u) for u in ids]
        found = get_many(earlier)
        ids = [u for u in ids if found.get(Follow, community_id, u) is None
               and not (phase == "m" and partitions["p"]
                        and found.get(TargetFollow, partitions["p"], u) is not None)]
    if last is not None:
        return ids, {"phase": phase, "after": last}
    rest = [p for p in PHASES[PHASES.index(phase) + 1:] if partitions[p] is not None]
    return ids, ({"phase": rest[0]} if rest else None)


def following(community_id: str, project_id: str | None = None,
              module_id: str | None = None, *, limit: int = 500) -> Iterator[str]:
    """Everyone following the module, its project or its community, once (the pages of
    `following_page`, one after the other). The notification pipeline reads one page per
    message instead (audience `following`, see `platform.notices.followers`)."""
    page: dict[str, Any] | None = {}
    while page is not None:
        ids, page = following_page(community_id, project_id, module_id, limit=limit,
                                   page=page)
        yield from ids


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
