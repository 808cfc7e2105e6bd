"""Budget ballots and questionnaire responses: one per person per module, each written by a
conditional put in the same transaction as the tallies it changes."""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction


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


def ballot_put(tx: Transaction, label: str, ballot: Ballot, old_version: int | None) -> None:
    """The ballot, replacing version `old_version` (or the first one)."""
    tx.put(label, ballot, condition=(Ballot.version == old_version) if old_version
           else Ballot.user_id.does_not_exist())


def response_in(tx: Transaction, response: Response, tallies: dict[str, list[str]],
                now: float) -> None:
    """A person's only response, with its answers added to the questions' tallies, while the
    module is open. `tallies`: question id -> tally keys to add 1 to (every answered question
    is listed, text questions with no keys). Labels that can fail: `response` (answered
    already), `question` (one changed), `module` (closed)."""
    from chalicelib.modules.module_tables import Module, Question

    module_id = response.module_id
    tx.put("response", response, condition=Response.user_id.does_not_exist())
    for question_id, keys in tallies.items():
        actions = [Question.answered.add(1)] + [Question.tally[k].add(1) for k in keys]
        tx.update("question", Question(module_id, question_id), actions,
                  condition=Question.question_id.exists())
    tx.update("module", Module(module_id), [Module.response_count.add(1)],
              condition=(Module.closes_at > now) & (Module.opens_at <= now))
