"""Loading what a request names and deciding whether the caller may see it.

Every object carries its `community_id`, so authorising costs one read of the object and
one BatchGetItem for the community and the caller's membership, to which a route adds what
else it needs in the same call (the module, the caller's marks, authors to show).
Outsiders of a private community get 404, exactly as for an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import Viewer, require_community
from chalicelib.platform import i18n
from chalicelib.platform.errors import NotFound

if TYPE_CHECKING:
    from chalicelib.communities.community_tables import Community
    from chalicelib.platform.dynamo.batch_get import Found, Key
    from chalicelib.platform.dynamo.transactions import Transaction
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


def load_project(project_id: str) -> Any:
    from chalicelib.communities.project_tables import Project

    try:
        return Project.get(project_id)
    except Project.DoesNotExist:
        raise NotFound("No such project.") from None


def project_scope(project_id: str, principal: Principal | None, accept_language: str,
                  extra: Iterable[Key | None] = ()) -> Scope:
    project = load_project(project_id)
    scope = authorise(project.community_id, principal, accept_language, extra, "project")
    scope.project = project
    return scope


@dataclass(frozen=True)
class AccessProof:
    """ConditionChecks that prove, inside a write's own transaction, that the caller may see
    the community (labels `community` and `membership`)."""

    community_id: str
    visibility: str
    member: str | None  # whose membership a private community needs (None: platform admin)

    def add_to(self, tx: Transaction) -> Transaction:
        from chalicelib.communities import community_tables

        community_tables.access_checks(tx, self.community_id, self.visibility, self.member)
        return tx


def access_attempts(community_id: str, hint: str | None,
                    principal: Principal) -> list[AccessProof]:
    """The ways of proving, inside a write, that the caller may see the community: it is
    public; or it is private and they are a member (platform admins need no membership).
    The stored hint decides which to try first, so a write usually needs no separate
    authorising read; a stale hint costs one more attempt."""
    public = AccessProof(community_id, "public", None)
    private = AccessProof(community_id, "private",
                          None if principal.platform_admin else principal.user_id)
    return [private, public] if hint == "private" else [public, private]


ACCESS_LABELS = {"community", "membership"}


def prove_admin(tx: Transaction, community_id: str, principal: Principal) -> None:
    """Inside a write: the caller administers the community (a ConditionCheck on their
    membership, label `membership`; platform admins administer every community). An admin
    may see their community whatever its visibility, so nothing else needs proving."""
    from chalicelib.communities import community_tables

    if not principal.platform_admin:
        community_tables.admin_check(tx, community_id, principal.user_id)


def prove_threshold(tx: Transaction, community_id: str, visibility: str,
                    principal: Principal, reached: bool | None, counted: int) -> None:
    """Inside a flag's transaction: the caller may see the community (as `AccessProof`), and
    `counted` flags do (`reached`) or do not reach its flag threshold (label `community`)."""
    from chalicelib.communities import community_tables

    member = None if principal.platform_admin else principal.user_id
    community_tables.threshold_checks(tx, community_id, visibility, member, reached, counted)


def get_community(community_id: str, *, consistent: bool = False) -> Any:
    """The community item (None when there is none)."""
    from chalicelib.communities import community_tables

    return community_tables.get(community_id, consistent=consistent)


# ---- keys for other features' batch reads --------------------------------------------------

def community_key(community_id: str | None) -> Key | None:
    from chalicelib.communities.community_tables import Community

    return (Community, community_id, None) if community_id else None


def project_key(project_id: str | None) -> Key | None:
    from chalicelib.communities.project_tables import Project

    return (Project, project_id, None) if project_id else None


def project_of(found: Found, project_id: str | None) -> Any:
    from chalicelib.communities.project_tables import Project

    return found.get(Project, project_id) if project_id else None


def membership_key(community_id: str | None, user_id: str | None) -> Key | None:
    from chalicelib.communities.community_tables import Membership

    return (Membership, community_id, user_id) if community_id and user_id else None


def community_of(found: Found, community_id: str | None) -> Any:
    from chalicelib.communities.community_tables import Community

    return found.get(Community, community_id) if community_id else None


def membership_of(found: Found, community_id: str | None, user_id: str | None) -> Any:
    from chalicelib.communities.community_tables import Membership

    return found.get(Membership, community_id, user_id) if community_id and user_id else None


def viewer_in(found: Found, community_id: str, principal: Principal | None) -> Viewer:
    """Who the caller is in a community whose membership `found` holds."""
    user_id = principal.user_id if principal else None
    membership = membership_of(found, community_id, user_id)
    return Viewer(user_id=user_id, platform_admin=bool(principal and principal.platform_admin),
                  role=membership.role if membership else None)
