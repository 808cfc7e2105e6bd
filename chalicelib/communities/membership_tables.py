"""Writes of memberships and follows, each in one transaction with the community's counters.

`change_role` keeps a community's last admin: demoting or removing an admin is conditional on
`admin_count > 1`, in the same transaction, so two admins removing each other at once cannot
leave the community without one.
"""

from __future__ import annotations

from typing import Any

from chalicelib.communities.community_tables import Community, Follow, Membership
from chalicelib.platform.dynamo.transactions import Transaction


class LastAdmin(Exception):
    pass


class Changed(Exception):
    """The item was not in the state the caller read: someone changed it meanwhile."""


def create_community(community: Community, admin_id: str, now: float) -> None:
    (Transaction()
     .put("community", community, condition=Community.community_id.does_not_exist())
     .put("membership", Membership(community.community_id, admin_id, role="admin",
                                   joined_at=now))
     .commit())


def change_role(community_id: str, user_id: str, old_role: str | None, new_role: str | None,
                *, joined_at: float, unfollow: bool = False,
                also: Transaction | None = None) -> None:
    """Set (or, with `new_role=None`, remove) a membership that had `old_role`, with the
    items of `also` (what the change promises: its outbox messages) in the transaction."""
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
    tx = Transaction()
    if new_role is None:
        tx.delete("membership", Membership(community_id, user_id), condition=item_condition)
    else:
        tx.put("membership", Membership(community_id, user_id, role=new_role,
                                        joined_at=joined_at), condition=item_condition)
    if unfollow:
        tx.delete("follow", Follow(community_id, user_id), condition=Follow.user_id.exists())
        actions.append(Community.follower_count.add(-1))
    tx.update("community", Community(community_id), actions, condition=condition)
    if also is not None:
        tx.extend(also)
    failed = tx.commit()
    if "community" in failed and admins < 0:
        raise LastAdmin()
    if failed:
        raise Changed()


def set_follow(community_id: str, user_id: str, on: bool, now: float,
               also: Transaction | None = None) -> bool:
    """Follow or unfollow, with the items of `also` (its outbox messages); False when it
    already was so (a concurrent twin won)."""
    tx = Transaction() if also is None else also
    if on:
        tx.put("follow", Follow(community_id, user_id, followed_at=now),
               condition=Follow.user_id.does_not_exist())
    else:
        tx.delete("follow", Follow(community_id, user_id), condition=Follow.user_id.exists())
    tx.update("community", Community(community_id),
              [Community.follower_count.add(1 if on else -1)],
              condition=Community.community_id.exists())
    failed = tx.commit()
    if failed == {"follow"}:
        return False
    if failed:
        raise Changed()
    return True

