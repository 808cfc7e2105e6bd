"""Communities, their members (with roles) and their followers.

Shared by participation, moderation, notifications and analytics: a community's members and
followers are each one partition, so "everyone who follows X" is a paginated Query, and "what
does this person follow" is a Query on the `by_user` index.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction


class CommunitiesByVisibility(GlobalSecondaryIndex["Community"]):
    """Public communities, newest first (the public list and open data read it)."""

    class Meta:
        index_name = "by_visibility"
        projection = AllProjection()

    visibility = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class CommunitiesByCreator(GlobalSecondaryIndex["Community"]):
    """What a person set up (export and erasure of their account; sparse)."""

    class Meta:
        index_name = "by_creator"
        projection = KeysOnlyProjection()

    created_by = UnicodeAttribute(hash_key=True)


class Community(Model):
    class Meta(BaseMeta):
        table_name = table_name("communities")

    personal = ("created_by",)

    community_id = UnicodeAttribute(hash_key=True)
    name = MapAttribute(default=dict)            # locale -> text
    description = MapAttribute(default=dict)     # locale -> text
    default_locale = UnicodeAttribute(default="en")
    languages = ListAttribute(of=UnicodeAttribute, default=lambda: ["en"])
    visibility = UnicodeAttribute(default="public")  # public | private
    access_code_hash = UnicodeAttribute(null=True)
    flag_threshold = NumberAttribute(default=1)
    logo_key = UnicodeAttribute(null=True)
    cover_key = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    updated_at = NumberAttribute(null=True)
    archived = BooleanAttribute(default=False)
    settings = MapAttribute(null=True)
    # Counters kept with atomic ADD in the same transaction as the relation they count.
    admin_count = NumberAttribute(default=0)
    member_count = NumberAttribute(default=0)
    follower_count = NumberAttribute(default=0)
    by_visibility = CommunitiesByVisibility()
    by_creator = CommunitiesByCreator()


class ByUser(GlobalSecondaryIndex["Membership"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    community_id = UnicodeAttribute(range_key=True)


class MembershipsByRole(GlobalSecondaryIndex["Membership"]):
    """A community's members of one role: "its moderators" is a Query, not a filter over
    every member (notifications and moderation read it)."""

    class Meta:
        index_name = "by_role"
        projection = KeysOnlyProjection()

    community_id = UnicodeAttribute(hash_key=True)
    role = UnicodeAttribute(range_key=True)


class Membership(Model):
    """A person's role in a community: member, moderator or admin."""

    class Meta(BaseMeta):
        table_name = table_name("memberships")

    personal = ("user_id", "joined_at")

    community_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    role = UnicodeAttribute(default="member")  # member | moderator | admin
    joined_at = NumberAttribute()
    by_user = ByUser()
    by_role = MembershipsByRole()


class FollowsByUser(GlobalSecondaryIndex["Follow"]):
    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    community_id = UnicodeAttribute(range_key=True)


class Follow(Model):
    """A person follows a community (news, updates, events, new consultations)."""

    class Meta(BaseMeta):
        table_name = table_name("follows")

    personal = ("user_id", "followed_at")

    community_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    followed_at = NumberAttribute()
    by_user = FollowsByUser()


def get(community_id: str, *, consistent: bool = False) -> Community | None:
    try:
        return Community.get(community_id, consistent_read=consistent)
    except Community.DoesNotExist:
        return None


def follower_page(community_id: str, *, limit: int = 500, after: str | None = None,
                  consistent: bool = False) -> tuple[list[str], str | None]:
    """One page of follower ids (for fan-out), and where the next page starts."""
    start = {"community_id": {"S": community_id}, "user_id": {"S": after}} if after else None
    result = Follow.query(community_id, limit=limit, last_evaluated_key=start,
                          attributes_to_get=["user_id"], consistent_read=consistent)
    ids = [f.user_id for f in result]
    last = result.last_evaluated_key
    return ids, (last["user_id"]["S"] if last else None)


def role_page(community_id: str, role: str, *, limit: int = 500,
              after: str | None = None) -> tuple[list[str], str | None]:
    """One page of the ids of a community's members with `role` (moderator, admin)."""
    start = ({"community_id": {"S": community_id}, "role": {"S": role},
              "user_id": {"S": after}} if after else None)
    result = Membership.by_role.query(community_id, Membership.role == role, limit=limit,
                                      last_evaluated_key=start)
    ids = [m.user_id for m in result]
    last = result.last_evaluated_key
    return ids, (last["user_id"]["S"] if last else None)


def role_of(community_id: str, user_id: str) -> str | None:
    try:
        return Membership.get(community_id, user_id).role
    except Membership.DoesNotExist:
        return None


TABLES: list[type[Model]] = [Community, Membership, Follow]


def access_checks(tx: Transaction, community_id: str, visibility: str,
                  member: str | None) -> None:
    """The community has `visibility`; and, given `member`, they belong to it."""
    tx.check("community", Community, community_id,
             condition=Community.visibility == visibility)
    if member is not None and visibility == "private":
        tx.check("membership", Membership, community_id, member,
                 condition=Membership.user_id.exists())


def admin_check(tx: Transaction, community_id: str, user_id: str) -> None:
    """They are an admin of the community (label `membership`)."""
    tx.check("membership", Membership, community_id, user_id,
             condition=Membership.role == "admin")


def threshold_checks(tx: Transaction, community_id: str, visibility: str, member: str | None,
                     reached: bool | None, counted: int) -> None:
    """`access_checks`, and that `counted` flags do (`reached`) or do not reach the
    community's flag threshold (None: either way)."""
    condition = Community.visibility == visibility
    if reached is True:
        condition = condition & ((Community.flag_threshold <= counted)
                                 | Community.flag_threshold.does_not_exist())
    elif reached is False:
        condition = condition & (Community.flag_threshold > counted)
    tx.check("community", Community, community_id, condition=condition)
    if member is not None and visibility == "private":
        tx.check("membership", Membership, community_id, member,
                 condition=Membership.user_id.exists())


def set_image(community_id: str, attribute: str, key: str) -> bool:
    """Point the logo or the cover at `key` (False: no such community)."""
    from chalicelib.platform.dynamo.transactions import conditionally

    column = {"logo_key": Community.logo_key, "cover_key": Community.cover_key}[attribute]
    return conditionally(lambda: Community(community_id).update(
        actions=[column.set(key)], condition=Community.community_id.exists()))
