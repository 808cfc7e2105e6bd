"""Demographic questions a community asks (optional, for anonymised statistics only) and
each person's answers, keyed by person and community.

The answers are personal data: they are read only by the person and by the analytics
counter (which turns them into suppressed aggregates), exported with the person's data and
erased with the account (one partition per person)."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction


class DemographicQuestions(Model):
    """A community's questions: `[{"id", "prompt": {locale: text}, "options": [{locale:
    text}]}]`. An option is named by its position, so options are only ever appended."""

    class Meta(BaseMeta):
        table_name = table_name("demographic_questions")

    personal = ()

    community_id = UnicodeAttribute(hash_key=True)
    questions = ListAttribute(of=MapAttribute, default=list)
    version = NumberAttribute(default=0)
    updated_at = NumberAttribute(null=True)


class DemographicAnswers(Model):
    """One person's answers in one community: question id -> option index (as text) or
    "skipped". `version` grows with every change (the analytics counter checks it)."""

    class Meta(BaseMeta):
        table_name = table_name("demographic_answers")

    personal = ("user_id", "answers", "updated_at")

    user_id = UnicodeAttribute(hash_key=True)
    community_id = UnicodeAttribute(range_key=True)
    answers = MapAttribute(default=dict)
    version = NumberAttribute(default=1)
    updated_at = NumberAttribute()


TABLES: list[type[Model]] = [DemographicQuestions, DemographicAnswers]


def put_answers_in(tx: Transaction, user_id: str, community_id: str, answers: dict[str, str],
                   now: float) -> None:
    """Store the person's answers; the version grows atomically (label `answers`)."""
    tx.update("answers", DemographicAnswers(user_id, community_id),
              [DemographicAnswers.answers.set(answers), DemographicAnswers.updated_at.set(now),
               DemographicAnswers.version.add(1)])


def delete_answers_in(tx: Transaction, user_id: str, community_id: str) -> None:
    """Withdraw them (label `answers` fails when there were none)."""
    tx.delete("answers", DemographicAnswers(user_id, community_id),
              condition=DemographicAnswers.user_id.exists())


def version_check(tx: Transaction, label: str, user_id: str, community_id: str,
                  version: int | None) -> None:
    tx.check(label, DemographicAnswers, user_id, community_id,
             condition=DemographicAnswers.user_id.does_not_exist() if version is None
             else DemographicAnswers.version == version)


def answers_of(user_id: str) -> list[DemographicAnswers]:
    """Every community's answers of one person (export)."""
    return list(DemographicAnswers.query(user_id))


def erase_user(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Erasure step: delete one page of the person's answers."""
    import json

    page = DemographicAnswers.query(user_id, limit=limit,
                                    last_evaluated_key=json.loads(cursor) if cursor else None)
    with DemographicAnswers.batch_write() as batch:
        for item in page:
            batch.delete(DemographicAnswers(item.user_id, item.community_id))
    return json.dumps(page.last_evaluated_key) if page.last_evaluated_key else None


def as_plain(item: Any) -> dict[str, str]:
    from chalicelib.platform.dynamo.attribute_values import as_dict

    return {str(k): str(v) for k, v in as_dict(getattr(item, "answers", None)).items()}
