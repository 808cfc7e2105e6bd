"""Following one module, and everything a person follows (`GET /me/follows`: communities,
projects and modules), listed here because only this feature may read modules' titles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import i18n

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal


def follow(module_id: str, principal: Principal, on: bool) -> None:
    """PUT/DELETE /modules/{mid}/follow: 404 for a module the caller may not see."""
    from chalicelib.communities import target_follows
    from chalicelib.modules.module_access import module_scope

    scope = module_scope(module_id, principal, "",
                         [target_follows.key("module", module_id, principal.user_id)])
    target_follows.set_follow("module", module_id, scope, principal, on)


def listing(principal: Principal, accept_language: str, limit: int,
            cursor: str | None) -> dict[str, Any]:
    """One page of what the person follows and may still see, `{kind, id, title,
    community_id}`: one or two Queries and one BatchGetItem (the communities, the person's
    memberships, the projects and the modules named)."""
    from chalicelib.communities import target_follows
    from chalicelib.communities.scope import (
        answer_locale,
        community_key,
        community_of,
        membership_key,
        project_key,
        project_of,
        viewer_in,
    )
    from chalicelib.communities.visibility_rules import sees_community
    from chalicelib.modules import module_access
    from chalicelib.platform.dynamo.batch_get import get_many

    user_id = principal.user_id
    rows, next_cursor = target_follows.page(user_id, limit, cursor)
    keys: list[Any] = []
    for row in rows:
        keys += [community_key(row["community_id"]), membership_key(row["community_id"], user_id)]
        if row["kind"] == "project":
            keys.append(project_key(row["id"]))
        elif row["kind"] == "module":
            keys.append(module_access.key(row["id"]))
    found = get_many(keys)
    items = []
    for row in rows:
        community = community_of(found, row["community_id"])
        if community is None or not sees_community(
                community.visibility, viewer_in(found, row["community_id"], principal)):
            continue
        target = {"community": community, "project": project_of(found, row["id"]),
                  "module": module_access.of(found, row["id"])}[row["kind"]]
        if target is None:
            continue  # gone since: nothing to show
        texts = target.name if row["kind"] == "community" else target.title
        locale = answer_locale(community, principal, accept_language)
        items.append({**row, "title": i18n.pick(texts, locale, community.default_locale)[0]})
    return {"items": items, "next_cursor": next_cursor}
