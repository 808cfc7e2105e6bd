"""Loading what a request names and deciding whether the caller may see it.

Every object carries its `community_id`, so authorising costs one read of the object and
one BatchGetItem for the community and the caller's membership, to which a route adds what
else it needs in the same call (the module, the caller's marks, authors to show).
Outsiders of a private community get 404, exactly as for an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import Viewer, require_community
from chalicelib.platform import i18n
from chalicelib.platform.errors import NotFound

if TYPE_CHECKING:
    from chalicelib.communities.community_tables import Community
    from chalicelib.platform.dynamo.batch_get import Found, Key
    from chalicelib.platform.principal import Principal


@dataclass
class Scope:
    viewer: Viewer
    community: Community
    found: Found
    locale: str
    module: Any = None
    project: Any = None
    contribution: Any = None

    @property
    def community_id(self) -> str:
        return str(self.community.community_id)

    def text(self, texts: Any) -> tuple[str, str | None]:
        return i18n.pick(texts, self.locale, self.community.default_locale)

    def writing_locale(self) -> str:
        return self.locale


def answer_locale(community: Any, principal: Principal | None, accept_language: str) -> str:
    return i18n.choose(profile=principal.locale if principal else None,
                       accept_language=accept_language,
                       offered=list(community.languages or []) or [community.default_locale],
                       default=community.default_locale)


def authorise(community_id: str, principal: Principal | None, accept_language: str,
              extra: Iterable[Key | None] = (), what: str = "community") -> Scope:
    """The community (404 unless the caller may see it), the caller's role in it, and the
    `extra` items, in one BatchGetItem."""
    from chalicelib.communities.community_tables import Community, Membership
    from chalicelib.platform.dynamo.batch_get import get_many

    user_id = principal.user_id if principal else None
    keys: list[Key | None] = [(Community, community_id, None)]
    if user_id:
        keys.append((Membership, community_id, user_id))
    found = get_many([*keys, *extra])
    community = found.get(Community, community_id)
    membership = found.get(Membership, community_id, user_id) if user_id else None
    viewer = Viewer(user_id=user_id, platform_admin=bool(principal and principal.platform_admin),
                    role=membership.role if membership else None)
    require_community(community.visibility if community else None, viewer, what)
    assert community is not None
    return Scope(viewer=viewer, community=community, found=found,
                 locale=answer_locale(community, principal, accept_language))


def load_module(module_id: str) -> Any:
    from chalicelib.modules.module_tables import Module

    try:
        return Module.get(module_id)
    except Module.DoesNotExist:
        raise NotFound("No such module.") from None


def load_project(project_id: str) -> Any:
    from chalicelib.communities.project_tables import Project

    try:
        return Project.get(project_id)
    except Project.DoesNotExist:
        raise NotFound("No such project.") from None


def load_contribution(contribution_id: str) -> Any:
    from chalicelib.contributions import contribution_tables as contributions

    found = contributions.get(contribution_id)
    if found is None or found.deleted:
        raise NotFound("No such contribution.")
    return found


def module_scope(module_id: str, principal: Principal | None, accept_language: str,
                 extra: Iterable[Key | None] = ()) -> Scope:
    module = load_module(module_id)
    scope = authorise(module.community_id, principal, accept_language, extra, "module")
    scope.module = module
    return scope


def project_scope(project_id: str, principal: Principal | None, accept_language: str,
                  extra: Iterable[Key | None] = ()) -> Scope:
    project = load_project(project_id)
    scope = authorise(project.community_id, principal, accept_language, extra, "project")
    scope.project = project
    return scope


def contribution_scope(contribution_id: str, principal: Principal | None,
                       accept_language: str, extra: Iterable[Key | None] = (),
                       more: Callable[[Any], Iterable[Key | None]] | None = None) -> Scope:
    """The contribution, its module and community. Hidden contributions are 404 except to
    their author and the community's moderators. `more(contribution)` names further keys
    that depend on the contribution (read in the same BatchGetItem)."""
    from chalicelib.communities.visibility_rules import sees_item
    from chalicelib.modules.module_tables import Module

    contribution = load_contribution(contribution_id)
    scope = authorise(contribution.community_id, principal, accept_language,
                      [(Module, contribution.module_id, None), *extra,
                       *(more(contribution) if more else ())], "contribution")
    if not sees_item(hidden=bool(contribution.hidden), deleted=bool(contribution.deleted),
                     author_id=contribution.author_id, viewer=scope.viewer):
        raise NotFound("No such contribution.")
    scope.contribution = contribution
    scope.module = scope.found.get(Module, contribution.module_id)
    if scope.module is None:
        raise NotFound("No such contribution.")
    return scope


def access_attempts(community_id: str, hint: str | None,
                    principal: Principal) -> list[list[Any]]:
    """ConditionChecks that prove, inside a write's own transaction, that the caller may see
    the community: it is public; or it is private and they are a member (platform admins
    need no membership). The stored hint decides which to try first, so a write usually
    needs no separate authorising read; a stale hint costs one more attempt."""
    from chalicelib.communities.community_tables import Community, Membership
    from chalicelib.platform.dynamo.transactions import Check

    public = [Check("community", Community, community_id, None,
                    Community.visibility == "public")]
    private = [Check("community", Community, community_id, None,
                     Community.visibility == "private")]
    if not principal.platform_admin:
        private.append(Check("membership", Membership, community_id, principal.user_id,
                             Membership.user_id.exists()))
    return [private, public] if hint == "private" else [public, private]


def module_open_check(module_id: str, now: float) -> Any:
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform.dynamo.transactions import Check

    return Check("module", Module, module_id, None,
                 (Module.opens_at <= now) & (Module.closes_at > now))


ACCESS_LABELS = {"community", "membership"}
