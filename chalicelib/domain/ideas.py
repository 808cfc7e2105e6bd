"""Upvotes: one per person per contribution, counted atomically (the person's mark and the
contribution's counter change in one transaction, conditional on the mark, so concurrent
upvotes by one person count once). Like reactions, upvotes are taken while the module is
open; the author is notified (interactions)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.domain import clock
from chalicelib.domain.errors import NotFound, Unprocessable

if TYPE_CHECKING:
    from chalicelib.domain.principal import Principal
    from chalicelib.domain.scope import Scope


def relation_scope(contribution_id: str, principal: Principal) -> Scope:
    """The contribution (visible), its module (open) and community: GetItem + BatchGet."""
    from chalicelib.domain import modules
    from chalicelib.domain.scope import contribution_scope

    scope = contribution_scope(contribution_id, principal, "")
    if not scope.contribution.visible:
        raise Unprocessable("This contribution is hidden.", code="contribution_hidden")
    modules.require_open(scope.module, clock.now())
    return scope


def changed_or_gone(change: Any) -> bool:
    from chalicelib.storage.marks import NotVisible

    try:
        return bool(change())
    except NotVisible:
        raise NotFound("No such contribution.") from None


def upvote(contribution_id: str, principal: Principal, on: bool) -> None:
    from chalicelib.domain import notices
    from chalicelib.storage import marks

    scope = relation_scope(contribution_id, principal)
    c = scope.contribution
    changed = changed_or_gone(
        lambda: marks.set_upvote(principal.user_id, contribution_id, on, clock.now()))
    if changed and on:
        notices.publish(kind="contribution.upvote", category="interactions",
                        audience={"user_ids": [c.author_id]}, community_id=c.community_id,
                        subject={"type": "contribution", "id": contribution_id},
                        actor_id=principal.user_id,
                        data={"title": notices.plain_map(c.title),
                              "url": notices.url(f"/contributions/{contribution_id}")})
