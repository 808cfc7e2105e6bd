"""Upvotes: one per person per contribution, counted atomically (the person's mark and the
contribution's counter change in one transaction, conditional on the mark, so concurrent
upvotes by one person count once). Like reactions, upvotes are taken while the module is
open; hidden contributions take none (404). The author is notified (interactions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalicelib.platform import clock
from chalicelib.platform.errors import NotFound, Unprocessable

if TYPE_CHECKING:
    from chalicelib.platform.dynamo.transactions import Transaction
    from chalicelib.platform.principal import Principal


def relation_write(contribution_id: str, principal: Principal,
                   add: Callable[[Transaction, Any], None]) -> tuple[Any, bool]:
    """Upvotes and reactions in two DynamoDB calls: the contribution (GetItem), then one
    transaction whose ConditionChecks prove the module is open and the caller may see the
    community; `add(tx, contribution)` puts the relation's items in it (labels `mark`,
    the relation already was so, and `contribution`, not visible). Returns (contribution,
    whether anything changed)."""
    from chalicelib.communities.scope import ACCESS_LABELS, access_attempts
    from chalicelib.contributions import content_access
    from chalicelib.modules import module_access
    from chalicelib.platform.dynamo.transactions import Transaction

    c = content_access.load(contribution_id)
    if not c.visible:
        raise NotFound("No such contribution.")
    now = clock.now()
    for access in access_attempts(c.community_id, c.community_visibility, principal):
        tx = access.add_to(Transaction())
        module_access.require_open(tx, c.module_id, now)
        add(tx, c)
        failed = tx.commit()
        if failed & ACCESS_LABELS:
            continue
        if "module" in failed:
            raise Unprocessable("This module is not open for participation.",
                                code="module_closed")
        if "contribution" in failed:
            raise NotFound("No such contribution.")
        return c, not failed
    raise NotFound("No such contribution.")


def _upvote_items(user_id: str, contribution_id: str, on: bool,
                  now: float) -> Callable[[Transaction, Any], None]:
    from chalicelib.contributions import contribution_tables, mark_tables
    from chalicelib.platform import activities as activity
    from chalicelib.platform import notices

    def add(tx: Transaction, c: Any) -> None:
        mark_tables.upvote_in(tx, user_id, contribution_id, on, now, module_id=c.module_id)
        contribution_tables.count_relation(tx, "contribution", contribution_id, "upvotes",
                                           1 if on else -1)
        if not on:
            return
        # One count per person and contribution: withdrawn and given again counts once.
        activity.record_in(tx, "upvote", community_id=c.community_id, module_id=c.module_id,
                           user_id=user_id, at=now, key=f"upvote:{contribution_id}:{user_id}")
        notices.publish_in(tx, kind="contribution.upvote", category="interactions",
                           audience={"user_ids": [c.author_id]}, community_id=c.community_id,
                           subject={"type": "contribution", "id": contribution_id},
                           actor_id=user_id,
                           data={"title": notices.plain_map(c.title),
                                 "url": notices.url(f"/contributions/{contribution_id}")})
    return add


def upvote(contribution_id: str, principal: Principal, on: bool) -> None:
    now = clock.now()
    relation_write(contribution_id, principal,
                   _upvote_items(principal.user_id, contribution_id, on, now))
