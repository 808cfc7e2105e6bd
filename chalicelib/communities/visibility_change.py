"""Making a community private: whoever may no longer see it stops following it.

The visibility is written first; a follow racing the change is refused by its own
transaction (it is conditional on the visibility its request read), so the walk below, a
consistent read of the follower partition, sees every follow that can still exist. The
notification pipeline checks the visibility again when it sends, whatever happens here.
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
            return ended
