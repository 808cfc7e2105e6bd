"""Losing sight of a community ends follows: made private, its outsiders stop following it,
its projects and its modules; a member removed from a private community stops following its
projects and modules (their follow of the community itself ends with the membership).

The visibility is written first; a follow racing the change is refused by its own
transaction (it is conditional on the visibility its request read), so the walk below, a
consistent read of the follower partition, sees every follow that can still exist. The
notification pipeline checks the visibility again when it sends, whatever happens here.
Project and module follows are walked through the `by_community` index (GSIs are read
eventually consistent: a follow written an instant before the change may be missed here;
the pipeline's check at sending still keeps its notices from the outsider).
"""

from __future__ import annotations

PAGE = 500  # followers read per Query; their memberships take ceil(PAGE / 100) BatchGets


def end_outsider_follows(community_id: str) -> int:
    """End the follows of everyone who is not a member (any role); answer how many ended.
    Per page of followers: one Query, the memberships in BatchGetItems, one transaction per
    99 outsiders."""
    from chalicelib.communities import community_tables, membership_tables
    from chalicelib.communities.community_tables import Membership
    from chalicelib.platform.dynamo.batch_get import get_many

    ended = 0
    after: str | None = None
    while True:
        followers, after = community_tables.follower_page(community_id, limit=PAGE,
                                                           after=after, consistent=True)
        if followers:
            found = get_many([(Membership, community_id, u) for u in followers])
            outsiders = [u for u in followers
                         if found.get(Membership, community_id, u) is None]
            ended += membership_tables.end_follows(community_id, outsiders)
        if after is None:
            end_outsider_target_follows(community_id)
            return ended


def end_outsider_target_follows(community_id: str) -> int:
    """End the project and module follows of everyone who is not a member: per page of
    the `by_community` index, one Query, the memberships in BatchGetItems, BatchWriteItem
    deletes. Answers how many ended."""
    from chalicelib.communities import target_follow_tables as targets
    from chalicelib.communities.community_tables import Membership
    from chalicelib.platform.dynamo.batch_get import get_many

    ended = 0
    last: dict | None = None
    while True:
        follows, last = targets.community_page(community_id, limit=PAGE, last=last)
        if follows:
            found = get_many([(Membership, community_id, f.user_id) for f in follows])
            ended += targets.delete_all([f for f in follows if found.get(
                Membership, community_id, f.user_id) is None])
        if last is None:
            return ended


def end_target_follows_of(community_id: str, user_id: str) -> int:
    """A member removed from a private community: their project and module follows there
    end (one Query of their `by_user` partition, BatchWriteItem deletes). A follow racing
    the removal is refused by its own membership check."""
    from chalicelib.communities import target_follow_tables as targets

    return targets.delete_all(targets.of_user_in(user_id, community_id))
