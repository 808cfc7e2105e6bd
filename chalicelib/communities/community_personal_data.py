"""What communities hold about a person, as erasure steps and export sections: follows and
memberships end (with the communities' counts), what they set up as an administrator loses
their id (its content is the community's), their demographic answers go."""

from __future__ import annotations

from typing import Any

from chalicelib.communities.announcement_tables import Event, Update
from chalicelib.communities.community_tables import Community, Follow, Membership
from chalicelib.communities.demographic_tables import DemographicAnswers
from chalicelib.communities.project_tables import Project
from chalicelib.communities.target_follow_tables import TargetFollow
from chalicelib.platform import clock
from chalicelib.platform.dynamo.index_pages import created_items, forget_creator
from chalicelib.platform.dynamo.index_pages import decode as _decode
from chalicelib.platform.dynamo.index_pages import encode as _encode
from chalicelib.platform.dynamo.transactions import Transaction
from chalicelib.platform.personal_data import ErasureStep, ExportSection

CREATED = (Community, Project, Update, Event)  # items that record who set them up


def _iso(ts: float | None) -> str | None:
    return clock.iso(ts) if ts else None


# ---- erasure -------------------------------------------------------------------------------

def follows(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Each follow ends with the community's follower count, in one transaction."""
    page = Follow.by_user.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    for item in page:
        _end_relation(Follow(item.community_id, item.user_id), Follow.user_id.exists(),
                      Community(item.community_id), [Community.follower_count.add(-1)])
    return _encode(page.last_evaluated_key)


def target_follows(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Each follow of a project or a module goes (a retried page finds it gone: nothing)."""
    page = TargetFollow.by_user.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    with TargetFollow.batch_write() as batch:
        for item in page:
            batch.delete(TargetFollow(item.target, item.user_id))
    return _encode(page.last_evaluated_key)


def memberships(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Each membership ends with the community's member (and admin) counts. A community
    whose only admin leaves this way keeps no admin; platform administrators still manage
    it."""
    page = Membership.by_user.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    for item in page:
        counts = [Community.member_count.add(-1)]
        if item.role == "admin":
            counts.append(Community.admin_count.add(-1))
        _end_relation(Membership(item.community_id, item.user_id),
                      Membership.role == item.role, Community(item.community_id), counts)
    return _encode(page.last_evaluated_key)


def _end_relation(relation: Any, condition: Any, community: Any, counts: list[Any]) -> None:
    """Delete `relation` and change its community's counts at once. Gone already: nothing
    to do (a retried batch). The community gone: the relation alone goes."""
    failed = (Transaction()
              .delete("relation", relation, condition=condition)
              .update("community", community, counts,
                      condition=Community.community_id.exists())
              .commit())
    if failed == {"community"}:
        relation.delete()


def created(user_id: str, cursor: str | None, limit: int) -> str | None:
    return forget_creator(CREATED, user_id, cursor, limit)


def demographic_answers(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.communities.demographic_tables import erase_user

    return erase_user(user_id, cursor, limit)


ERASURE = [
    ErasureStep("follows", "relations", follows, covers=(Follow,)),
    ErasureStep("target_follows", "relations", target_follows, covers=(TargetFollow,)),
    ErasureStep("memberships", "relations", memberships, covers=(Membership,)),
    ErasureStep("created", "content", created, covers=CREATED),
    ErasureStep("demographics", "content", demographic_answers, covers=(DemographicAnswers,)),
]


# ---- export --------------------------------------------------------------------------------

def follow_list(user_id: str) -> list[dict[str, Any]]:
    return [{"community_id": f.community_id} for f in Follow.by_user.query(user_id)]


def target_follow_list(user_id: str) -> list[dict[str, Any]]:
    return [{"kind": f.kind, "id": f.target_id, "community_id": f.community_id,
             "followed_at": _iso(f.followed_at)} for f in TargetFollow.by_user.query(user_id)]


def membership_list(user_id: str) -> list[dict[str, Any]]:
    return [{"community_id": m.community_id, "role": m.role, "joined_at": _iso(m.joined_at)}
            for m in Membership.by_user.query(user_id)]


def demographic_list(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.communities.demographics import export_section

    return export_section(user_id)


EXPORT = [
    ExportSection("follows", follow_list),
    ExportSection("target_follows", target_follow_list),
    ExportSection("memberships", membership_list),
    ExportSection("created", lambda user_id: created_items(CREATED, user_id)),
    ExportSection("demographics", demographic_list),
]
