"""Follows of one project or one module (a community's own follows are `community_tables.Follow`).

`target_follows`, keyed for the two ways it is read:
- `target` (`p#<project id>` or `m#<module id>`) and `user_id`: "who follows this project
  (module)" is one partition, paged by user id for the fan-out; "does U follow T" a GetItem;
- `by_user` (`user_id`, `scope` = `<community id>#<target>`): "what does U follow" (`GET
  /me/follows`, export, erasure), and, by `begins_with`, U's follows inside one community
  (a member removed from a private community);
- `by_community` (`community_id`, `user_id`, keys only): every target follow of a community
  (a community made private ends its outsiders' ones).
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction

KINDS = {"project": "p", "module": "m"}


def target_of(kind: str, target_id: str) -> str:
    return f"{KINDS[kind]}#{target_id}"


class TargetFollowsByUser(GlobalSecondaryIndex["TargetFollow"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    scope = UnicodeAttribute(range_key=True)


class TargetFollowsByCommunity(GlobalSecondaryIndex["TargetFollow"]):
    class Meta:
        index_name = "by_community"
        projection = KeysOnlyProjection()

    community_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)


class TargetFollow(Model):
    """A person follows a project or a module (its news, openings, answers and results)."""

    class Meta(BaseMeta):
        table_name = table_name("target_follows")

    personal = ("user_id", "followed_at", "scope")

    target = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()          # project | module
    target_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    scope = UnicodeAttribute()         # <community id>#<target>: the by_user index's range
    followed_at = NumberAttribute()
    by_user = TargetFollowsByUser()
    by_community = TargetFollowsByCommunity()


TABLES: list[type[Model]] = [TargetFollow]


def new(kind: str, target_id: str, community_id: str, user_id: str,
        now: float) -> TargetFollow:
    target = target_of(kind, target_id)
    return TargetFollow(target, user_id, kind=kind, target_id=target_id,
                        community_id=community_id, scope=f"{community_id}#{target}",
                        followed_at=now)


def set_in(tx: Transaction, follow: TargetFollow, on: bool) -> None:
    """The follow's put (on condition it is absent) or delete (on condition it exists),
    labelled `follow`: a concurrent twin makes the transaction fail on that label only."""
    if on:
        tx.put("follow", follow, condition=TargetFollow.user_id.does_not_exist())
    else:
        tx.delete("follow", TargetFollow(follow.target, follow.user_id),
                  condition=TargetFollow.user_id.exists())


def follower_page(target: str, *, limit: int, after: str | None = None,
                  consistent: bool = False) -> tuple[list[str], str | None]:
    """One page of the ids of a target's followers, and where the next page starts."""
    start = {"target": {"S": target}, "user_id": {"S": after}} if after else None
    result = TargetFollow.query(target, limit=limit, last_evaluated_key=start,
                                attributes_to_get=["user_id"], consistent_read=consistent)
    ids = [f.user_id for f in result]
    last = result.last_evaluated_key
    return ids, (last["user_id"]["S"] if last else None)


def of_user_in(user_id: str, community_id: str) -> list[TargetFollow]:
    """A person's follows inside one community (at most its projects and modules)."""
    return list(TargetFollow.by_user.query(
        user_id, TargetFollow.scope.startswith(f"{community_id}#")))


def community_page(community_id: str, *, limit: int,
                   last: dict | None = None) -> tuple[list[TargetFollow], dict | None]:
    """One page of a community's target follows (keys), and where the next page starts."""
    result = TargetFollow.by_community.query(community_id, limit=limit,
                                             last_evaluated_key=last)
    items = list(result)
    return items, result.last_evaluated_key


def delete_all(follows: list[TargetFollow]) -> int:
    """Delete these follows (BatchWriteItem, 25 a call); answers how many were asked."""
    with TargetFollow.batch_write() as batch:
        for follow in follows:
            batch.delete(TargetFollow(follow.target, follow.user_id))
    return len(follows)
