"""Budget ballots and questionnaire responses: one per person per module, each written by a
conditional put in the same transaction as the tallies it changes."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name


class BallotsByUser(GlobalSecondaryIndex["Ballot"]):
    """A person's ballots (export and erasure of an account)."""

    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    module_id = UnicodeAttribute(range_key=True)


class Ballot(Model):
    class Meta(BaseMeta):
        table_name = table_name("ballots")

    personal = ("user_id", "choices", "created_at", "updated_at")

    module_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    community_id = UnicodeAttribute()
    choices = ListAttribute(of=UnicodeAttribute, default=list)
    total_cost = NumberAttribute(default=0)
    version = NumberAttribute(default=1)
    created_at = NumberAttribute()
    updated_at = NumberAttribute()
    by_user = BallotsByUser()


class ResponsesByUser(GlobalSecondaryIndex["Response"]):
    """A person's questionnaire responses (export and erasure of an account)."""

    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    module_id = UnicodeAttribute(range_key=True)


class Response(Model):
    class Meta(BaseMeta):
        table_name = table_name("responses")

    personal = ("user_id", "answers", "created_at")

    module_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    community_id = UnicodeAttribute()
    answers = MapAttribute(default=dict)  # question id -> answer
    created_at = NumberAttribute()
    by_user = ResponsesByUser()


TABLES: list[type[Model]] = [Ballot, Response]


class Retry(Exception):
    """The ballot (or response) changed meanwhile, or the transaction met another one."""


class ModuleClosed(Exception):
    pass


class ItemChanged(Exception):
    """An idea or question changed (hidden, deleted) between the read and the write."""


def replace_ballot(ballot: Ballot, old_version: int | None, removed: list[str],
                   added: list[str], now: float, checks: list[Any]) -> None:
    """Store `ballot` (replacing version `old_version`, or the first one) and move one vote
    from each removed idea to each added one, in one transaction, while the module is open."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform.dynamo.transactions import (
        add_checks,
        conflicted,
        connection,
        raise_failed_checks,
    )

    module_id = ballot.module_id
    try:
        with TransactWrite(connection=connection()) as tx:
            add_checks(tx, checks)
            tx.save(ballot, condition=(Ballot.version == old_version) if old_version
                    else Ballot.user_id.does_not_exist())
            for idea_id in removed:
                tx.update(Contribution(idea_id), actions=[Contribution.votes.add(-1)],
                          condition=Contribution.contribution_id.exists())
            for idea_id in added:
                tx.update(Contribution(idea_id), actions=[Contribution.votes.add(1)],
                          condition=Contribution.feed_module_id == module_id)
            tx.update(Module(module_id),
                      actions=[Module.ballot_count.add(0 if old_version else 1)],
                      condition=(Module.closes_at > now) & (Module.opens_at <= now))
    except TransactWriteError as err:
        if conflicted(err):
            raise Retry() from None
        failed = raise_failed_checks(err, checks)
        if 0 in failed:
            raise Retry() from None
        if failed and failed[-1] == len(removed) + len(added) + 1:
            raise ModuleClosed() from None
        if failed:
            raise ItemChanged() from None
        raise


class AlreadyDone(Exception):
    pass


def store_response(response: Response, tallies: dict[str, list[str]], now: float) -> None:
    """Store a person's only response and add its answers to the questions' tallies, in one
    transaction, while the module is open. `tallies`: question id -> tally keys to add 1 to
    (every answered question is listed, text questions with no keys)."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.modules.module_tables import Module, Question
    from chalicelib.platform.dynamo.transactions import conflicted, connection, failed_at

    module_id = response.module_id
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.save(response, condition=Response.user_id.does_not_exist())
            for question_id, keys in tallies.items():
                actions = [Question.answered.add(1)] + [Question.tally[k].add(1) for k in keys]
                tx.update(Question(module_id, question_id), actions=actions,
                          condition=Question.question_id.exists())
            tx.update(Module(module_id), actions=[Module.response_count.add(1)],
                      condition=(Module.closes_at > now) & (Module.opens_at <= now))
    except TransactWriteError as err:
        failed = failed_at(err)
        if 0 in failed:
            raise AlreadyDone() from None
        if conflicted(err):
            raise Retry() from None
        if failed and failed[-1] == len(tallies) + 1:
            raise ModuleClosed() from None
        if failed:
            raise ItemChanged() from None
        raise
