"""Steps of the retention purge of one consultation (see `retention.CONSULTATION_STEPS`).

Each takes (module_id, cursor, limit), deletes one bounded batch read from an index or
partition keyed by the module, and answers the next cursor or None when done. Deleting is
idempotent: a batch run again finds its items gone, or deletes them again."""

from __future__ import annotations

import json
from typing import Any


def _encode(key: dict[str, Any] | None) -> str | None:
    return json.dumps(key) if key else None


def _decode(cursor: str | None) -> dict[str, Any] | None:
    return json.loads(cursor) if cursor else None


def _delete_page(model: Any, page: Any) -> str | None:
    key_names = [a.attr_name for a in (model._hash_key_attribute(),
                                       model._range_key_attribute()) if a is not None]
    with model.batch_write() as batch:
        for item in page:
            batch.delete(model(*(getattr(item, name) for name in key_names)))
    return _encode(page.last_evaluated_key)


def contributions(module_id: str, cursor: str | None, limit: int) -> str | None:
    """The module's contributions (hidden and deleted ones too) and their attachments."""
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform.aws import media
    from chalicelib.privacy.content_erasure import attachment_keys

    page = Contribution.by_module.query(module_id, limit=limit,
                                        last_evaluated_key=_decode(cursor))
    items = list(page)
    media.delete(attachment_keys(items))  # the index projects `attachments`
    with Contribution.batch_write() as batch:
        for item in items:
            batch.delete(Contribution(item.contribution_id))
    return _encode(page.last_evaluated_key)


def comments(module_id: str, cursor: str | None, limit: int) -> str | None:
    """Comments and thread heads."""
    from chalicelib.contributions.contribution_tables import Comment

    return _delete_page(Comment, Comment.by_module.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor)))


def marks(module_id: str, cursor: str | None, limit: int) -> str | None:
    """Everyone's upvotes, reactions, favourites and seen marks of its contributions, and
    their read counts of the module."""
    from chalicelib.contributions.mark_tables import Mark

    return _delete_page(Mark, Mark.by_module.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor)))


def ballots(module_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.modules.response_tables import Ballot

    return _delete_page(Ballot, Ballot.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor),
        attributes_to_get=["module_id", "user_id"]))


def responses(module_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.modules.response_tables import Response

    return _delete_page(Response, Response.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor),
        attributes_to_get=["module_id", "user_id"]))


def questions(module_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.modules.module_tables import Question

    return _delete_page(Question, Question.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor),
        attributes_to_get=["module_id", "question_id"]))


def module(module_id: str, project_id: str) -> None:
    """Last: the module itself, and one module fewer on its project's count."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.communities.project_tables import Project
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform.dynamo.transactions import connection, failed_at

    try:
        with TransactWrite(connection=connection()) as tx:
            tx.delete(Module(module_id), condition=Module.module_id.exists())
            tx.update(Project(project_id), actions=[Project.module_count.add(-1)],
                      condition=Project.project_id.exists())
    except TransactWriteError as err:
        failed = failed_at(err)
        if failed == [1]:
            Module(module_id).delete()  # the project is gone already
        elif not failed:
            raise
