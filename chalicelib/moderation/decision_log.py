"""The moderation log of a community: every decision, newest first, with who decided, when,
what and why (the terms' decision log). Moderators only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import require_moderator
from chalicelib.platform import clock

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal


def log(community_id: str, principal: Principal, accept_language: str, limit: int,
        cursor: str | None) -> dict[str, Any]:
    """Every decision, newest first: who, when, what, why."""
    from chalicelib.communities.scope import authorise
    from chalicelib.identity import accounts
    from chalicelib.identity import author_rules as authors
    from chalicelib.moderation import moderation_tables as store
    from chalicelib.platform.dynamo import cursors
    from chalicelib.platform.dynamo.batch_get import get_many

    scope = authorise(community_id, principal, accept_language)
    require_moderator(scope.viewer)
    shape = {"community_id": "S", "entry_id": "S"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, {"community_id": community_id})
    entries, last = store.log_page(community_id, limit, start)
    found = get_many([accounts.key(e.moderator_id) for e in entries if e.moderator_id])
    items = []
    for e in entries:
        user = accounts.of(found, e.moderator_id) if e.moderator_id else None
        items.append({
            "id": e.entry_id, "at": clock.iso(float(e.at)) if e.at else None,
            "item_id": e.item_id, "kind": e.kind,
            "case_number": int(e.seq), "action": e.action, "reason": e.reason,
            "rule": e.rule, "appeal": bool(e.appeal),
            "moderator": {"id": e.moderator_id,
                          "display_name": authors.display_name("name", user)},
        })
    return {"items": items, "next_cursor": cursors.encode({"k": last}) if last else None}
