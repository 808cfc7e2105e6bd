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


class Mark(Model):
    class Meta(BaseMeta):
        table_name = table_name("marks")

    personal = ("user_id", "seen_at", "upvoted_at", "reactions", "favorite_at",
                "fav_user_id", "seen_count")

    user_id = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)  # c#<contribution id> | m#<module id>
    seen_at = NumberAttribute(null=True)
    upvoted_at = NumberAttribute(null=True)
    reactions = UnicodeSetAttribute(null=True)
    favorite_at = NumberAttribute(null=True)
    fav_user_id = UnicodeAttribute(null=True)
    seen_count = NumberAttribute(null=True)  # m# items: contributions of the module seen
    module_id = UnicodeAttribute(null=True)  # the module it is about (retention)
    favorites = Favorites()
    by_module = MarksByModule()


def contribution_key(contribution_id: str) -> str:
    return f"c#{contribution_id}"


def module_key(module_id: str) -> str:
    return f"m#{module_id}"


def contribution_id_of(key: str) -> str:
    return key.split("#", 1)[1]


TABLES: list[type[Model]] = [Mark]


def mark_seen(user_id: str, contribution_id: str, module_id: str, now: float) -> bool:
    """Mark a contribution seen, and count it on the person's module read state, once."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.platform.dynamo.transactions import connection, failed_at

    try:
        with TransactWrite(connection=connection()) as tx:
            tx.update(Mark(user_id, contribution_key(contribution_id)),
                      actions=[Mark.seen_at.set(now), Mark.module_id.set(module_id)],
                      condition=Mark.seen_at.does_not_exist())
            tx.update(Mark(user_id, module_key(module_id)),
                      actions=[Mark.seen_count.add(1), Mark.module_id.set(module_id)])
    except TransactWriteError as err:
        if failed_at(err) == [0]:
            return False  # seen already (a concurrent request marked it)
        raise
    return True


class NotVisible(Exception):
    """The contribution is hidden or deleted (or was, by the time of the write)."""


def _toggle(user_id: str, contribution_id: str, mark_actions: list[Any],
            mark_condition: Any, counter_actions: list[Any], on: bool,
            checks: list[Any]) -> bool:
    """One relation change and its counters, in one transaction with `checks` (the
    module is open, the caller may see the community). False when the relation already was
    in the asked state (idempotent PUT and DELETE, exact under races); CheckFailed or
    NotVisible otherwise."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform.dynamo.transactions import add_checks, connection, raise_failed_checks

    try:
        with TransactWrite(connection=connection()) as tx:
            add_checks(tx, checks)
            tx.update(Mark(user_id, contribution_key(contribution_id)),
                      actions=mark_actions, condition=mark_condition)
            tx.update(Contribution(contribution_id), actions=counter_actions,
                      condition=Contribution.feed_module_id.exists() if on
                      else Contribution.contribution_id.exists())
    except TransactWriteError as err:
        failed = raise_failed_checks(err, checks)
        if 1 in failed:
            raise NotVisible() from None
        if 0 in failed:
            return False
        raise
    return True


def _about(module_id: str | None) -> list[Any]:
    return [Mark.module_id.set(module_id)] if module_id else []


def set_upvote(user_id: str, contribution_id: str, on: bool, now: float,
               checks: list[Any], module_id: str | None = None) -> bool:
    from chalicelib.contributions.contribution_tables import Contribution

    delta = 1 if on else -1
    counters = [Contribution.upvote_count.add(delta), Contribution.engagement.add(delta)]
    if on:
        return _toggle(user_id, contribution_id, [Mark.upvoted_at.set(now), *_about(module_id)],
                       Mark.upvoted_at.does_not_exist(), counters, on, checks)
    return _toggle(user_id, contribution_id, [Mark.upvoted_at.remove()],
                   Mark.upvoted_at.exists(), counters, on, checks)


def set_reaction(user_id: str, contribution_id: str, name: str, on: bool,
                 checks: list[Any], module_id: str | None = None) -> bool:
    from chalicelib.contributions.contribution_tables import Contribution

    delta = 1 if on else -1
    counters = [Contribution.reactions[name].add(delta), Contribution.engagement.add(delta)]
    if on:
        return _toggle(user_id, contribution_id,
                       [Mark.reactions.add({name}), *_about(module_id)],
                       Mark.reactions.does_not_exist() | ~Mark.reactions.contains(name),
                       counters, on, checks)
    return _toggle(user_id, contribution_id, [Mark.reactions.delete({name})],
                   Mark.reactions.contains(name), counters, on, checks)


def set_favorite(user_id: str, contribution_id: str, on: bool, now: float,
                 module_id: str | None = None) -> None:
    """Saved contributions carry `fav_user_id`, the key of the sparse `favorites` index."""
    from pynamodb.exceptions import UpdateError

    mark = Mark(user_id, contribution_key(contribution_id))
    if on:
        try:
            mark.update(actions=[Mark.favorite_at.set(now), Mark.fav_user_id.set(user_id),
                                 *_about(module_id)],
                        condition=Mark.favorite_at.does_not_exist())
        except UpdateError as err:
            if err.cause_response_code != "ConditionalCheckFailedException":
                raise  # else saved already: keep the first time
    else:
        try:
            mark.update(actions=[Mark.favorite_at.remove(), Mark.fav_user_id.remove()],
                        condition=Mark.favorite_at.exists())
        except UpdateError as err:
            if err.cause_response_code != "ConditionalCheckFailedException":
                raise  # else not saved: nothing to undo


def favorites_page(user_id: str, limit: int,
                   start: dict[str, object] | None) -> tuple[list[str], dict[str, object] | None]:
    """One page of a person's saved contribution ids, newest first."""
    result = Mark.favorites.query(user_id, scan_index_forward=False, limit=limit,
                                  last_evaluated_key=start)
    ids = [contribution_id_of(m.key) for m in result]
    return ids, result.last_evaluated_key
