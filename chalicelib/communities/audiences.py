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
