"""Writes of memberships and follows, each in one transaction with the community's counters.

`change_role` keeps a community's last admin: demoting or removing an admin is conditional on
`admin_count > 1`, in the same transaction, so two admins removing each other at once cannot
leave the community without one.
"""

from __future__ import annotations

from typing import Any

from chalicelib.communities.community_tables import Community, Follow, Membership
from chalicelib.platform.dynamo.transactions import connection, failed_at


class LastAdmin(Exception):
    pass


class Changed(Exception):
    """The item was not in the state the caller read: someone changed it meanwhile."""


def create_community(community: Community, admin_id: str, now: float) -> None:
    from pynamodb.transactions import TransactWrite

    with TransactWrite(connection=connection()) as tx:
        tx.save(community, condition=Community.community_id.does_not_exist())
        tx.save(Membership(community.community_id, admin_id, role="admin", joined_at=now))


def change_role(community_id: str, user_id: str, old_role: str | None, new_role: str | None,
                *, joined_at: float, unfollow: bool = False) -> None:
    """Set (or, with `new_role=None`, remove) a membership that had `old_role`."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    admins = int(new_role == "admin") - int(old_role == "admin")
    members = int(new_role is not None) - int(old_role is not None)
    actions: list[Any] = [Community.member_count.add(members)]
    if admins:
        actions.append(Community.admin_count.add(admins))
    condition = Community.community_id.exists()
    if admins < 0:
        condition = condition & (Community.admin_count > 1)
    item_condition = (Membership.role == old_role) if old_role else \
        Membership.user_id.does_not_exist()
    try:
        with TransactWrite(connection=connection()) as tx:
            if new_role is None:
                tx.delete(Membership(community_id, user_id), condition=item_condition)
            else:
                tx.save(Membership(community_id, user_id, role=new_role, joined_at=joined_at),
                        condition=item_condition)
            if unfollow:
                tx.delete(Follow(community_id, user_id), condition=Follow.user_id.exists())
                actions.append(Community.follower_count.add(-1))
            tx.update(Community(community_id), actions=actions, condition=condition)
    except TransactWriteError as err:
        failed = failed_at(err)
        if failed and failed[-1] == (2 if unfollow else 1) and admins < 0:
            raise LastAdmin() from None
        if failed:
            raise Changed() from None
        raise


def set_follow(community_id: str, user_id: str, on: bool, now: float) -> bool:
    """Follow or unfollow; False when it already was so (a concurrent twin won)."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    try:
        with TransactWrite(connection=connection()) as tx:
            if on:
                tx.save(Follow(community_id, user_id, followed_at=now),
                        condition=Follow.user_id.does_not_exist())
            else:
                tx.delete(Follow(community_id, user_id), condition=Follow.user_id.exists())
            tx.update(Community(community_id),
                      actions=[Community.follower_count.add(1 if on else -1)],
                      condition=Community.community_id.exists())
    except TransactWriteError as err:
        if failed_at(err) == [0]:
            return False
        raise
    return True

