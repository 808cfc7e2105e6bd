"""A community's members for its admins: display name (as other members see it, never an
email), role and join date, paginated, optionally of one role.

One Query (the table, or the `by_role` index for `?role=`), one BatchGetItem for the page's
memberships and accounts, after the authorising read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import clock

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal


def members(community_id: str, principal: Principal, role: str | None, limit: int,
            cursor: str | None) -> dict[str, Any]:
    from chalicelib.communities import membership_tables as tables
    from chalicelib.communities.community_tables import Membership
    from chalicelib.communities.scope import authorise
    from chalicelib.communities.visibility_rules import require_admin
    from chalicelib.identity import accounts
    from chalicelib.platform.dynamo import cursors
    from chalicelib.platform.dynamo.batch_get import get_many

    scope = authorise(community_id, principal, "")  # outsiders of a private one: 404
    require_admin(scope.viewer)
    shape = tables.MEMBER_SHAPE if role is None else tables.ROLE_SHAPE
    fixed = {"community_id": community_id} | ({"role": role} if role else {})
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, fixed)
    user_ids, last = tables.member_page(community_id, role, limit, start)
    found = get_many([(Membership, community_id, u) for u in user_ids]
                     + [accounts.key(u) for u in user_ids])
    items = []
    for user_id in user_ids:
        membership = found.get(Membership, community_id, user_id)
        if membership is None:  # left between the index page and the read
            continue
        items.append({"uid": user_id, "role": membership.role,
                      "display_name": accounts.shown_name(accounts.of(found, user_id)),
                      "joined_at": clock.iso(membership.joined_at)})
    return {"items": items, "next_cursor": cursors.encode({"k": last}) if last else None}
