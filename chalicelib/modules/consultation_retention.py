"""A consultation past its retention period is purged with everything in it (privacy's
daily purge drives it): the modules that closed long enough ago come from the `by_close`
index (never a scan); each module's progress (step, cursor) is kept on it, so a run that
stops resumes there; the module itself goes last.

A purge step takes (module_id, cursor, limit), deletes one bounded batch read from an index
or partition keyed by the module, and answers the next cursor or None when done. Deleting is
idempotent: a batch run again finds its items gone, or deletes them again."""

from __future__ import annotations

from typing import Any

from chalicelib.modules.module_tables import RETENTION_SCOPE, Module, Question
from chalicelib.modules.vote_tables import Ballot, Response
from chalicelib.platform.dynamo.index_pages import decode as _decode
from chalicelib.platform.dynamo.index_pages import delete_keys_page
from chalicelib.platform.personal_data import PurgeStep


def ballots(module_id: str, cursor: str | None, limit: int) -> str | None:
    """Ballots, then (with the last page) the live ballot-count shards (its ideas' go with
    the ideas)."""
    from chalicelib.modules import tally_tables

    following = delete_keys_page(Ballot, Ballot.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor),
        attributes_to_get=["module_id", "user_id"]))
    if following is None:
        tally_tables.delete(tally_tables.ballot_keys(module_id))
    return following


def responses(module_id: str, cursor: str | None, limit: int) -> str | None:
    return delete_keys_page(Response, Response.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor),
        attributes_to_get=["module_id", "user_id"]))


def questions(module_id: str, cursor: str | None, limit: int) -> str | None:
    return delete_keys_page(Question, Question.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor),
        attributes_to_get=["module_id", "question_id"]))


PURGE = [PurgeStep("ballots", ballots), PurgeStep("responses", responses),
         PurgeStep("questions", questions)]


def past_retention(cutoff: float, limit: int,
                   start: dict[str, Any] | None) -> tuple[list[Any], dict[str, Any] | None]:
    """One page of the modules that closed before `cutoff`, and where the next starts."""
    page = Module.by_close.query(RETENTION_SCOPE, Module.closes_at < cutoff, limit=limit,
                                 last_evaluated_key=start)
    return list(page), page.last_evaluated_key


def save_progress(module_id: str, step: int, cursor: str | None) -> None:
    """Where the module's purge stands (nothing when the module is gone: a run that
    overlapped this one purged it)."""
    from chalicelib.platform.dynamo.transactions import conditionally

    actions = [Module.purge_step.set(step),
               Module.purge_cursor.set(cursor) if cursor else Module.purge_cursor.remove()]
    conditionally(lambda: Module(module_id).update(actions=actions,
                                                   condition=Module.module_id.exists()))


def delete_module(module_id: str, project_id: str) -> None:
    """Last: the module itself, and one module fewer on its project's count."""
    from chalicelib.communities import projects
    from chalicelib.platform.dynamo.transactions import Transaction

    tx = Transaction().delete("module", Module(module_id), condition=Module.module_id.exists())
    projects.count_module(tx, project_id, -1)
    if tx.commit() == {"project"}:
        Module(module_id).delete()  # the project is gone already
