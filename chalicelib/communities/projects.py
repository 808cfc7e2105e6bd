"""Projects: what a community consults on; each holds modules. Admins create and edit them;
whoever may see the community may see its projects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import administers, require_admin
from chalicelib.platform import clock, i18n, ids, sanitise
from chalicelib.platform.dynamo.attribute_values import as_dict

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.dynamo.transactions import Transaction
    from chalicelib.platform.principal import Principal


def present(project: Any, scope: Scope) -> dict[str, Any]:
    title, used = scope.text(project.title)
    description, _ = i18n.pick(project.description, used or scope.locale,
                               scope.community.default_locale)
    out: dict[str, Any] = {
        "id": project.project_id,
        "community_id": project.community_id,
        "title": title,
        "description": description,
        "locale": used,
        "module_count": int(project.module_count or 0),
        "created_at": clock.iso(project.created_at),
        "updated_at": clock.iso(project.updated_at) if project.updated_at else None,
    }
    if administers(scope.viewer):
        out["translations"] = {"title": as_dict(project.title),
                               "description": as_dict(project.description)}
    return out


def create(community_id: str, principal: Principal, body: Any,
           accept_language: str) -> dict[str, Any]:
    from chalicelib.communities.project_tables import Project
    from chalicelib.communities.scope import authorise

    scope = authorise(community_id, principal, accept_language)
    require_admin(scope.viewer)
    locale = scope.writing_locale()
    project = Project(
        ids.new_id(), community_id=community_id,
        title=i18n.as_map(body.title, field="title", locale=locale,
                          clean=sanitise.plain_cleaner(200)),
        description=i18n.as_map(body.description, field="description", locale=locale,
                                clean=sanitise.rich_cleaner()),
        created_by=principal.user_id, created_at=clock.now(), module_count=0)
    project.save(condition=Project.project_id.does_not_exist())
    return present(project, scope)


def get(project_id: str, principal: Principal | None, accept_language: str) -> dict[str, Any]:
    from chalicelib.communities import target_follows
    from chalicelib.communities.scope import project_scope

    user_id = principal.user_id if principal else None
    # Whether the caller follows it: one more key in the scope's own BatchGetItem.
    scope = project_scope(project_id, principal, accept_language,
                          [target_follows.key("project", project_id, user_id)])
    out = present(scope.project, scope)
    if user_id:
        out["viewer"] = {"following": target_follows.follows(scope.found, "project",
                                                             project_id, user_id)}
    return out


def listing(community_id: str, principal: Principal | None, accept_language: str, limit: int,
            cursor: str | None) -> dict[str, Any]:
    from chalicelib.communities.project_tables import Project
    from chalicelib.communities.scope import authorise
    from chalicelib.platform.dynamo import cursors

    scope = authorise(community_id, principal, accept_language)
    shape = {"project_id": "S", "community_id": "S", "created_at": "N"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, {"community_id": community_id})
    result = Project.by_community.query(community_id, scan_index_forward=False, limit=limit,
                                        last_evaluated_key=start)
    items = [present(p, scope) for p in result]
    last = result.last_evaluated_key
    return {"items": items, "next_cursor": cursors.encode({"k": last}) if last else None}


def patch(project_id: str, principal: Principal, body: Any,
          accept_language: str) -> dict[str, Any]:
    from chalicelib.communities.project_tables import Project
    from chalicelib.communities.scope import project_scope

    scope = project_scope(project_id, principal, accept_language)
    require_admin(scope.viewer)
    project = scope.project
    locale = scope.writing_locale()
    actions: list[Any] = []
    if body.title is not None:
        title = as_dict(project.title)
        title.update(i18n.as_map(body.title, field="title", locale=locale,
                                 clean=sanitise.plain_cleaner(200)))
        project.title = title
        actions.append(Project.title.set(title))
    if body.description is not None:
        description = as_dict(project.description)
        description.update(i18n.as_map(body.description, field="description", locale=locale,
                                       clean=sanitise.rich_cleaner()))
        project.description = description
        actions.append(Project.description.set(description))
    if actions:
        project.updated_at = clock.now()
        actions.append(Project.updated_at.set(project.updated_at))
        Project(project_id).update(actions=actions, condition=Project.project_id.exists())
    return present(project, scope)


def count_module(tx: Transaction, project_id: str, delta: int = 1) -> None:
    """Inside a module's transaction: its project counts it (label `project`)."""
    from chalicelib.communities import project_tables

    project_tables.count_module(tx, "project", project_id, delta)
