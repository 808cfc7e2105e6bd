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
    from chalicelib.platform.principal import Principal


def relation_write(contribution_id: str, principal: Principal,
                   write: Callable[[list[Any], Any], bool]) -> tuple[Any, bool]:
    """Upvotes and reactions in two DynamoDB calls: the contribution (GetItem), then one
    transaction whose ConditionChecks prove the module is open and the caller may see the
    community. `write` gets the checks and the contribution. Returns (contribution, whether
    anything changed)."""
    from chalicelib.communities.scope import (
        ACCESS_LABELS,
        access_attempts,
        load_contribution,
        module_open_check,
    )
    from chalicelib.contributions.mark_tables import NotVisible
    from chalicelib.platform.dynamo.transactions import CheckFailed

    c = load_contribution(contribution_id)
    if not c.visible:
        raise NotFound("No such contribution.")
    opened = module_open_check(c.module_id, clock.now())
    for access in access_attempts(c.community_id, c.community_visibility, principal):
        try:
            return c, write([opened, *access], c)
        except CheckFailed as failed:
            if failed.labels & ACCESS_LABELS:
                continue
            raise Unprocessable("This module is not open for participation.",
                                code="module_closed") from None
        except NotVisible:
            raise NotFound("No such contribution.") from None
    raise NotFound("No such contribution.")


def upvote(contribution_id: str, principal: Principal, on: bool) -> None:
    from chalicelib.contributions import mark_tables as marks
    from chalicelib.platform import activities as activity
    from chalicelib.platform import notices

    now = clock.now()
    c, changed = relation_write(
        contribution_id, principal,
        lambda checks, c: marks.set_upvote(principal.user_id, contribution_id, on, now, checks,
                                           module_id=c.module_id))
    if changed and on:
        # One count per person and contribution: withdrawn and given again counts once.
        activity.record("upvote", community_id=c.community_id, module_id=c.module_id,
                        user_id=principal.user_id, at=now,
                        key=f"upvote:{contribution_id}:{principal.user_id}")
        notices.publish(kind="contribution.upvote", category="interactions",
                        audience={"user_ids": [c.author_id]}, community_id=c.community_id,
                        subject={"type": "contribution", "id": contribution_id},
                        actor_id=principal.user_id,
                        data={"title": notices.plain_map(c.title),
                              "url": notices.url(f"/contributions/{contribution_id}")})
