"""Following one project or one module: follow and unfollow (idempotent), the keys other
features read in their own BatchGetItem, and a person's follows page by page.

As for a community, a follow is written only while the community keeps the visibility its
request read (and, private, only while the person is a member), so none slips in behind
`visibility_change`, which ends outsiders' follows when a community goes private."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import clock
from chalicelib.platform.dynamo.transactions import Conflicted, Transaction

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.dynamo.batch_get import Found, Key
    from chalicelib.platform.principal import Principal


def key(kind: str, target_id: str, user_id: str | None) -> Key | None:
    from chalicelib.communities.target_follow_tables import TargetFollow, target_of

    return (TargetFollow, target_of(kind, target_id), user_id) if user_id else None


def follows(found: Found, kind: str, target_id: str, user_id: str | None) -> bool:
    """Whether `found` (holding `key(...)`) says the person follows the target."""
    from chalicelib.communities.target_follow_tables import TargetFollow, target_of

    return bool(user_id) and found.get(TargetFollow, target_of(kind, target_id),
                                       user_id) is not None


def set_follow(kind: str, target_id: str, scope: Scope, principal: Principal,
               on: bool) -> None:
    """Follow (on) or unfollow the target that `scope` authorised (its BatchGetItem held
    `key(kind, target_id, user)`); nothing to do when it already is so."""
    from chalicelib.communities import community_tables
    from chalicelib.communities import target_follow_tables as store

    user_id = principal.user_id
    if follows(scope.found, kind, target_id, user_id) == on:
        return
    follow = store.new(kind, target_id, scope.community_id, user_id, clock.now())
    tx = Transaction()
    store.set_in(tx, follow, on)
    if on:
        member = None if principal.platform_admin else user_id
        community_tables.access_checks(tx, scope.community_id, scope.community.visibility,
                                       member)
    failed = tx.commit()
    if failed - {"follow"}:
        raise Conflicted()  # its visibility changed meanwhile: 503, nothing was written


def page(user_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]],
                                                                   str | None]:
    """One page of everything the person follows: their communities first (one Query of
    `follows.by_user`), then their projects and modules (one Query of `target_follows.by_user`),
    as `{kind, id, community_id}`; answers the page and the next cursor."""
    from chalicelib.communities.community_tables import Follow
    from chalicelib.communities.target_follow_tables import TargetFollow
    from chalicelib.platform.dynamo import cursors
    from chalicelib.platform.errors import ValidationFailed

    state = cursors.decode(cursor) or {}
    part = state.get("p", "c")
    if part not in ("c", "t"):
        raise ValidationFailed.field("cursor", "does not belong to this list")
    items: list[dict[str, Any]] = []
    if part == "c":
        shape = {"community_id": "S", "user_id": "S"}
        start = cursors.checked_key(state.get("k"), shape, {"user_id": user_id})
        result = Follow.by_user.query(user_id, limit=limit, last_evaluated_key=start)
        items = [{"kind": "community", "id": f.community_id, "community_id": f.community_id}
                 for f in result]
        if result.last_evaluated_key:
            return items, cursors.encode({"p": "c", "k": result.last_evaluated_key})
        state, limit = {}, limit - len(items)
        if limit <= 0:
            return items, cursors.encode({"p": "t"})
    shape = {"target": "S", "user_id": "S", "scope": "S"}
    start = cursors.checked_key(state.get("k"), shape, {"user_id": user_id})
    targets = TargetFollow.by_user.query(user_id, limit=limit, last_evaluated_key=start)
    items += [{"kind": f.kind, "id": f.target_id, "community_id": f.community_id}
              for f in targets]
    last = targets.last_evaluated_key
    return items, (cursors.encode({"p": "t", "k": last}) if last else None)


def follow_project(project_id: str, principal: Principal, on: bool) -> None:
    """PUT/DELETE /projects/{pid}/follow: 404 for a project the caller may not see."""
    from chalicelib.communities.scope import project_scope

    scope = project_scope(project_id, principal, "",
                          [key("project", project_id, principal.user_id)])
    set_follow("project", project_id, scope, principal, on)
