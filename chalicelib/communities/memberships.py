"""Who belongs to a community and who follows it: joining (with the access code for a
private one), members and their roles as the admins set them, follows, and a person's list
of followed communities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.communities.access_code_rules import code_matches
from chalicelib.communities.visibility_rules import ROLES, administers, require_admin
from chalicelib.platform import activities as activity
from chalicelib.platform import clock
from chalicelib.platform.dynamo.transactions import Transaction
from chalicelib.platform.errors import Conflict, NotFound, ValidationFailed

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal


def admin_delta(old_role: str | None, new_role: str | None) -> int:
    return int(new_role == "admin") - int(old_role == "admin")


def join(community_id: str, principal: Principal, access_code: str | None) -> dict[str, Any]:
    """Become a member: of a public community freely, of a private one with its code."""
    from chalicelib.communities import membership_tables as memberships
    from chalicelib.communities.community_tables import Community, Membership
    from chalicelib.platform.aws.secrets import secret
    from chalicelib.platform.dynamo.batch_get import get_many

    found = get_many([(Community, community_id, None),
                      (Membership, community_id, principal.user_id)])
    community = found.get(Community, community_id)
    membership = found.get(Membership, community_id, principal.user_id)
    if community is None:
        raise NotFound("No such community.")
    if membership is not None:
        return {"community_id": community_id, "role": membership.role}
    if community.visibility != "public" and not code_matches(
            access_code or "", community.access_code_hash, secret("access_code_key")):
        raise NotFound("No such community, or the access code is not valid.")
    try:
        memberships.change_role(community_id, principal.user_id, None, "member",
                                joined_at=clock.now())
    except memberships.Changed:  # a concurrent join won
        current = get_many([(Membership, community_id, principal.user_id)]).get(
            Membership, community_id, principal.user_id)
        return {"community_id": community_id, "role": current.role if current else "member"}
    return {"community_id": community_id, "role": "member"}


def set_member(community_id: str, user_id: str, role: str, principal: Principal) -> None:
    """Admins add a person with a role, or change their role (204, idempotent)."""
    from chalicelib.communities.community_tables import Membership
    from chalicelib.identity import accounts

    if role not in ROLES:
        raise ValidationFailed.field("role", f"must be one of {', '.join(ROLES)}")
    from chalicelib.communities.scope import authorise

    scope = authorise(community_id, principal, "",
                      [(Membership, community_id, user_id), accounts.key(user_id)])
    require_admin(scope.viewer)
    target = accounts.of(scope.found, user_id)
    if target is None or target.status in ("deleting", "deleted"):
        raise NotFound("No such person.")
    current = scope.found.get(Membership, community_id, user_id)
    old_role = current.role if current else None
    if old_role == role:
        return
    _change_membership(community_id, user_id, old_role, role,
                       joined_at=current.joined_at if current else clock.now())


def remove_member(community_id: str, user_id: str, principal: Principal) -> None:
    """Admins remove anyone; anyone may leave. Leaving a private community also ends the
    follow. The last admin cannot go (409 `last_admin`)."""
    from chalicelib.communities.community_tables import Follow, Membership
    from chalicelib.communities.scope import authorise
    from chalicelib.platform.errors import Forbidden

    scope = authorise(community_id, principal, "",
                      [(Membership, community_id, user_id), (Follow, community_id, user_id)])
    if user_id != principal.user_id and not administers(scope.viewer):
        raise Forbidden("Only the community's administrators may do this.", code="not_admin")
    current = scope.found.get(Membership, community_id, user_id)
    if current is None:
        return
    follows = scope.found.get(Follow, community_id, user_id) is not None
    unfollow = follows and scope.community.visibility == "private"
    also = Transaction()
    if unfollow:
        activity.record_in(also, "unfollow", community_id=community_id, user_id=user_id)
    _change_membership(community_id, user_id, current.role, None, joined_at=current.joined_at,
                       unfollow=unfollow, also=also)
    if scope.community.visibility == "private":
        from chalicelib.communities import visibility_change

        visibility_change.end_target_follows_of(community_id, user_id)


def _change_membership(community_id: str, user_id: str, old_role: str | None,
                       new_role: str | None, *, joined_at: float,
                       unfollow: bool = False, also: Transaction | None = None) -> None:
    from chalicelib.communities import membership_tables as memberships

    try:
        memberships.change_role(community_id, user_id, old_role, new_role,
                                joined_at=joined_at, unfollow=unfollow, also=also)
    except memberships.LastAdmin:
        raise Conflict("A community keeps at least one administrator.",
                       code="last_admin") from None
    except memberships.Changed:
        raise Conflict("The membership changed meanwhile; try again.",
                       code="membership_changed") from None
