"""Writes of memberships and follows, each in one transaction with the community's counters.

`change_role` keeps a community's last admin: demoting or removing an admin is conditional on
`admin_count > 1`, in the same transaction, so two admins removing each other at once cannot
leave the community without one.
"""

from __future__ import annotations

from typing import Any

from chalicelib.communities.community_tables import Community, Follow, Membership
from chalicelib.platform.dynamo.transactions import Conflicted, Transaction


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


def set_follow(community_id: str, user_id: str, on: bool, now: float, *,
               visibility: str | None = None, member: str | None = None,
               also: Transaction | None = None) -> bool:
    """Follow or unfollow, with the items of `also` (its outbox messages); False when it
    already was so (a concurrent twin won).

    A follow given `visibility` (as the caller read it) is written only if the community
    still has it, and, for a private one, only while `member` belongs to it: a follow cannot
    slip in while the community is being made private (raises Changed)."""
    tx = Transaction() if also is None else also
    condition = Community.community_id.exists()
    if on:
        tx.put("follow", Follow(community_id, user_id, followed_at=now),
               condition=Follow.user_id.does_not_exist())
        if visibility is not None:
            condition = condition & (Community.visibility == visibility)
        if visibility == "private" and member is not None:
            tx.check("membership", Membership, community_id, member,
                     condition=Membership.user_id.exists())
    else:
        tx.delete("follow", Follow(community_id, user_id), condition=Follow.user_id.exists())
    tx.update("community", Community(community_id),
              [Community.follower_count.add(1 if on else -1)], condition=condition)
    failed = tx.commit()
    if failed == {"follow"}:
        return False
    if failed:
        raise Changed()
    return True



def end_follows(community_id: str, user_ids: list[str]) -> int:
    """End these people's follows, up to 99 in a transaction with the counter; a transaction
    that meets a follow already gone (its owner unfollowed meanwhile) is redone one by one.
    Answers how many follows this call ended."""
    ended = 0
    for start in range(0, len(user_ids), 99):
        chunk = user_ids[start:start + 99]
        tx = Transaction()
        for user_id in chunk:
            tx.delete("follow", Follow(community_id, user_id),
                      condition=Follow.user_id.exists())
        tx.update("community", Community(community_id),
                  [Community.follower_count.add(-len(chunk))])
        try:
            failed = tx.commit()
        except Conflicted:
            failed = {"conflict"}
        if not failed:
            ended += len(chunk)
            continue
        for user_id in chunk:
            try:
                ended += int(set_follow(community_id, user_id, False, 0.0))
            except (Changed, Conflicted):
                continue  # gone meanwhile, or busy: the fan-out's own check still holds
    return ended


MEMBER_SHAPE = {"community_id": "S", "user_id": "S"}
ROLE_SHAPE = {"community_id": "S", "role": "S", "user_id": "S"}


def member_page(community_id: str, role: str | None, limit: int,
                start: dict[str, Any] | None) -> tuple[list[str], dict[str, Any] | None]:
    """One page of a community's member ids (by id), or of those with `role` through the
    `by_role` index, so that a filtered page is as full as an unfiltered one; and the
    LastEvaluatedKey of the page (`MEMBER_SHAPE` or `ROLE_SHAPE`)."""
    if role is None:
        result = Membership.query(community_id, limit=limit, last_evaluated_key=start,
                                  attributes_to_get=["community_id", "user_id"])
    else:
        result = Membership.by_role.query(community_id, Membership.role == role, limit=limit,
                                          last_evaluated_key=start)
    ids = [m.user_id for m in result]
    return ids, result.last_evaluated_key
