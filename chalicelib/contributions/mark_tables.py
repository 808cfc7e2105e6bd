"""What one person did to one contribution (seen, upvoted, reacted, saved) and how many
contributions of a module they have seen, in one partition per person.

One item per (person, contribution) holds every relation, so showing a contribution reads
the caller's relations to it with one key, and each relation is set by a conditional update
(`upvoted_at` must not exist yet, the reaction must not be in the set yet) in the same
transaction as the counter it changes: two concurrent upvotes by one person count once.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction, conditionally


class Favorites(GlobalSecondaryIndex["Mark"]):
    """A person's saved contributions, newest first (sparse: only saved ones carry it)."""

    class Meta:
        index_name = "favorites"
        projection = KeysOnlyProjection()

    fav_user_id = UnicodeAttribute(hash_key=True)
    favorite_at = NumberAttribute(range_key=True)


class MarksByModule(GlobalSecondaryIndex["Mark"]):
    """Every mark about a module's contributions, and the module's read counts (the
    retention purge of a consultation reads it)."""

    class Meta:
        index_name = "by_module"
        projection = KeysOnlyProjection()

    module_id = UnicodeAttribute(hash_key=True)


class Upvoters(GlobalSecondaryIndex["Mark"]):
    """Who upvotes a contribution, by id (sparse: `upvote_of` is the contribution's id
    while the upvote stands). The audience of an official answer reads it page by page."""

    class Meta:
        index_name = "upvoters"
        projection = KeysOnlyProjection()

    upvote_of = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)


class Mark(Model):
    class Meta(BaseMeta):
        table_name = table_name("marks")

    personal = ("user_id", "seen_at", "upvoted_at", "reactions", "favorite_at",
                "fav_user_id", "seen_count", "upvote_of")

    user_id = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)  # c#<contribution id> | m#<module id>
    seen_at = NumberAttribute(null=True)
    upvoted_at = NumberAttribute(null=True)
    reactions = UnicodeSetAttribute(null=True)
    favorite_at = NumberAttribute(null=True)
    fav_user_id = UnicodeAttribute(null=True)
    seen_count = NumberAttribute(null=True)  # m# items: contributions of the module seen
    module_id = UnicodeAttribute(null=True)  # the module it is about (retention)
    upvote_of = UnicodeAttribute(null=True)  # the contribution, while upvoted (`upvoters`)
    favorites = Favorites()
    by_module = MarksByModule()
    upvoters = Upvoters()


def contribution_key(contribution_id: str) -> str:
    return f"c#{contribution_id}"


def module_key(module_id: str) -> str:
    return f"m#{module_id}"


def contribution_id_of(key: str) -> str:
    return key.split("#", 1)[1]


TABLES: list[type[Model]] = [Mark]


def seen_in(tx: Transaction, user_id: str, contribution_id: str, module_id: str, now: float,
            *, first: bool = True) -> None:
    """Mark a contribution seen and count it on the person's module read state (label
    `seen`: with `first`, only if it was not seen before)."""
    tx.update("seen", Mark(user_id, contribution_key(contribution_id)),
              [Mark.seen_at.set(now), Mark.module_id.set(module_id)],
              condition=Mark.seen_at.does_not_exist() if first else None)
    tx.update("seen_count", Mark(user_id, module_key(module_id)),
              [Mark.seen_count.add(1), Mark.module_id.set(module_id)])


def mark_seen(user_id: str, contribution_id: str, module_id: str, now: float) -> bool:
    """Mark a contribution seen, once: False when it was seen already (a concurrent request
    marked it)."""
    tx = Transaction()
    seen_in(tx, user_id, contribution_id, module_id, now)
    return not tx.commit()


def _about(module_id: str | None) -> list[Any]:
    return [Mark.module_id.set(module_id)] if module_id else []


def upvote_in(tx: Transaction, user_id: str, contribution_id: str, on: bool, now: float,
              module_id: str | None = None) -> None:
    """The person's upvote given or withdrawn (label `mark`: it already was so)."""
    mark = Mark(user_id, contribution_key(contribution_id))
    if on:
        tx.update("mark", mark, [Mark.upvoted_at.set(now), Mark.upvote_of.set(contribution_id),
                                 *_about(module_id)],
                  condition=Mark.upvoted_at.does_not_exist())
    else:
        tx.update("mark", mark, [Mark.upvoted_at.remove(), Mark.upvote_of.remove()],
                  condition=Mark.upvoted_at.exists())


def reaction_in(tx: Transaction, user_id: str, contribution_id: str, name: str, on: bool,
                module_id: str | None = None) -> None:
    """The person's reaction given or withdrawn (label `mark`: it already was so)."""
    mark = Mark(user_id, contribution_key(contribution_id))
    if on:
        tx.update("mark", mark, [Mark.reactions.add({name}), *_about(module_id)],
                  condition=Mark.reactions.does_not_exist() | ~Mark.reactions.contains(name))
    else:
        tx.update("mark", mark, [Mark.reactions.delete({name})],
                  condition=Mark.reactions.contains(name))


def set_favorite(user_id: str, contribution_id: str, on: bool, now: float,
                 module_id: str | None = None) -> None:
    """Saved contributions carry `fav_user_id`, the key of the sparse `favorites` index.
    Idempotent: saving again keeps the first time; unsaving what is not saved is nothing."""
    mark = Mark(user_id, contribution_key(contribution_id))
    if on:
        conditionally(lambda: mark.update(
            actions=[Mark.favorite_at.set(now), Mark.fav_user_id.set(user_id),
                     *_about(module_id)],
            condition=Mark.favorite_at.does_not_exist()))
    else:
        conditionally(lambda: mark.update(
            actions=[Mark.favorite_at.remove(), Mark.fav_user_id.remove()],
            condition=Mark.favorite_at.exists()))


def favorites_page(user_id: str, limit: int,
                   start: dict[str, object] | None) -> tuple[list[str], dict[str, object] | None]:
    """One page of a person's saved contribution ids, newest first."""
    result = Mark.favorites.query(user_id, scan_index_forward=False, limit=limit,
                                  last_evaluated_key=start)
    ids = [contribution_id_of(m.key) for m in result]
    return ids, result.last_evaluated_key


def upvoter_page(contribution_id: str, *, limit: int,
                 after: str | None = None) -> tuple[list[str], str | None]:
    """(one page of the ids of the people upvoting a contribution, in id order; the id to
    continue after, or None at the end): one Query of the sparse `upvoters` index."""
    start = ({"upvote_of": {"S": contribution_id}, "user_id": {"S": after},
              "key": {"S": contribution_key(contribution_id)}} if after else None)
    result = Mark.upvoters.query(contribution_id, limit=limit, last_evaluated_key=start)
    ids = [m.user_id for m in result]
    last = result.last_evaluated_key
    return ids, (ids[-1] if last and ids else None)


def upvoted_among(contribution_id: str, user_ids: list[str]) -> set[str]:
    """Those of `user_ids` who upvote the contribution (BatchGetItem, 100 keys a call)."""
    from chalicelib.platform.dynamo.batch_get import get_many

    key = contribution_key(contribution_id)
    found = get_many([(Mark, u, key) for u in dict.fromkeys(user_ids)])
    return {u for u in user_ids
            if getattr(found.get(Mark, u, key), "upvoted_at", None) is not None}
