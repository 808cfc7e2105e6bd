"""Citizen reactions: a fixed set of emoji names; each person gives each reaction at most
once per contribution (counted atomically, like upvotes). Favourites: saved contributions,
listed newest first in `GET /me/favorites`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import clock
from chalicelib.platform.errors import ValidationFailed

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal

NAMES = ("thumbs_up", "heart", "clap", "bulb", "thinking", "sad")


def check_name(name: str) -> str:
    if name not in NAMES:
        raise ValidationFailed.field("reaction", f"must be one of {', '.join(NAMES)}")
    return name


def react(contribution_id: str, name: str, principal: Principal, on: bool) -> None:
    from chalicelib.contributions import contribution_tables, mark_tables
    from chalicelib.contributions.upvotes import relation_write
    from chalicelib.platform import activities as activity
    from chalicelib.platform import notices

    check_name(name)

    def add(tx: Any, c: Any) -> None:
        mark_tables.reaction_in(tx, principal.user_id, contribution_id, name, on,
                                module_id=c.module_id)
        contribution_tables.count_relation(tx, "contribution", contribution_id, "reactions",
                                           1 if on else -1, reaction=name)
        if not on:
            return
        activity.record_in(tx, "reaction", community_id=c.community_id,
                           module_id=c.module_id, user_id=principal.user_id,
                           key=f"reaction:{contribution_id}:{principal.user_id}:{name}")
        notices.publish_in(tx, kind="contribution.reaction", category="interactions",
                           audience={"user_ids": [c.author_id]}, community_id=c.community_id,
                           subject={"type": "contribution", "id": contribution_id},
                           actor_id=principal.user_id,
                           data={"title": notices.plain_map(c.title), "reaction": name,
                                 "url": notices.url(f"/contributions/{contribution_id}")})

    relation_write(contribution_id, principal, add)


def favorite(contribution_id: str, principal: Principal, on: bool) -> None:
    """Save or unsave (any visible contribution, open module or not)."""
    from chalicelib.contributions import content_access
    from chalicelib.contributions import mark_tables as marks

    module_id = None
    if on:
        scope = content_access.contribution_scope(contribution_id, principal, "")
        module_id = scope.contribution.module_id
    marks.set_favorite(principal.user_id, contribution_id, on, clock.now(), module_id=module_id)


def favorites(principal: Principal, accept_language: str, limit: int,
              cursor: str | None) -> dict[str, Any]:
    """The caller's saved contributions that they may still see, newest saved first. One
    Query, one BatchGetItem for the contributions, one for their communities, the caller's
    memberships and the authors."""
    from chalicelib.communities import scope as scope_api
    from chalicelib.communities.scope import Scope, answer_locale
    from chalicelib.communities.visibility_rules import Viewer, sees_community, sees_item
    from chalicelib.contributions import mark_tables as marks
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.contributions.contributions import present
    from chalicelib.identity import accounts
    from chalicelib.platform.dynamo import cursors
    from chalicelib.platform.dynamo.batch_get import get_many

    user_id = principal.user_id
    shape = {"user_id": "S", "key": "S", "fav_user_id": "S", "favorite_at": "N"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, {"fav_user_id": user_id})
    ids, last = marks.favorites_page(user_id, limit, start)
    found = get_many([(Contribution, i, None) for i in ids])
    items = [c for c in (found.get(Contribution, i) for i in ids) if c is not None]
    community_ids = sorted({c.community_id for c in items})
    more = get_many([scope_api.community_key(cid) for cid in community_ids]
                    + [scope_api.membership_key(cid, user_id) for cid in community_ids]
                    + accounts.author_keys(items))
    out = []
    for c in items:
        community = scope_api.community_of(more, c.community_id)
        if community is None:
            continue
        membership = scope_api.membership_of(more, c.community_id, user_id)
        viewer = Viewer(user_id=user_id, platform_admin=principal.platform_admin,
                        role=membership.role if membership else None)
        if not sees_community(community.visibility, viewer) or not sees_item(
                hidden=bool(c.hidden), deleted=bool(c.deleted), author_id=c.author_id,
                viewer=viewer):
            continue
        scope = Scope(viewer=viewer, community=community, found=more,
                      locale=answer_locale(community, principal, accept_language))
        out.append(present(c, scope, more))
    return {"items": out, "next_cursor": cursors.encode({"k": last}) if last else None}
