"""What modules hold about a person, as erasure steps and export sections: budget ballots
and questionnaire responses go (the tallies they fed stay: they record the consultation,
not the person), and the modules they set up as an administrator lose their id."""

from __future__ import annotations

from typing import Any

from chalicelib.modules.module_tables import Module, Question
from chalicelib.modules.vote_tables import Ballot, Response
from chalicelib.platform import clock
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.dynamo.index_pages import (
    batch_in_order,
    created_items,
    delete_page,
    every_entry,
    forget_creator,
)
from chalicelib.platform.personal_data import ErasureStep, ExportSection


def _iso(ts: float | None) -> str | None:
    return clock.iso(ts) if ts else None


# ---- erasure -------------------------------------------------------------------------------

def ballots(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Budget ballots: the ideas' vote tallies and the module's ballot count stay."""
    return delete_page(lambda **kw: Ballot.by_user.query(user_id, **kw), Ballot, cursor, limit)


def responses(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Questionnaire responses: the questions' tallies and the response count stay."""
    return delete_page(lambda **kw: Response.by_user.query(user_id, **kw), Response, cursor,
                       limit)


def created(user_id: str, cursor: str | None, limit: int) -> str | None:
    return forget_creator((Module,), user_id, cursor, limit)


ERASURE = [
    ErasureStep("ballots", "content", ballots, covers=(Ballot,)),
    ErasureStep("responses", "content", responses, covers=(Response,)),
    ErasureStep("created_modules", "content", created, covers=(Module,)),
]


# ---- export --------------------------------------------------------------------------------

def ballot_list(user_id: str) -> list[dict[str, Any]]:
    keys = [(b.module_id, b.user_id) for b in every_entry(Ballot.by_user, user_id)]
    return [{"module_id": b.module_id, "community_id": b.community_id,
             "contribution_ids": list(b.choices or []), "total_cost": int(b.total_cost or 0),
             "created_at": _iso(b.created_at), "updated_at": _iso(b.updated_at)}
            for b in batch_in_order(Ballot, keys)]


def questionnaire_answers(user_id: str) -> list[dict[str, Any]]:
    """Each response with its questions' prompts and the options chosen, so the answers
    read on their own (one more BatchGetItem for the questions)."""
    keys = [(r.module_id, r.user_id) for r in every_entry(Response.by_user, user_id)]
    found = batch_in_order(Response, keys)
    question_keys = [(r.module_id, q) for r in found for q in as_dict(r.answers)]
    questions = {(q.module_id, q.question_id): q for q in batch_in_order(Question, question_keys)}
    out = []
    for r in found:
        answers = []
        for question_id, answer in sorted(as_dict(r.answers).items()):
            question = questions.get((r.module_id, question_id))
            answers.append({"question_id": question_id,
                            "prompt": as_dict(question.prompt) if question else {},
                            "kind": question.kind if question else None,
                            "answer": answer, "chosen": _chosen(question, answer)})
        out.append({"module_id": r.module_id, "community_id": r.community_id,
                    "created_at": _iso(r.created_at), "answers": answers})
    return out


def _chosen(question: Any, answer: Any) -> list[dict[str, str]] | None:
    """The texts of the options an answer names (choice questions only)."""
    if question is None or question.kind not in ("single_choice", "multiple_choice"):
        return None
    options = [as_dict(o) for o in question.options or []]
    indexes = answer if isinstance(answer, list) else [answer]
    return [options[int(i)] for i in indexes if 0 <= int(i) < len(options)]


EXPORT = [
    ExportSection("ballots", ballot_list),
    ExportSection("questionnaire_answers", questionnaire_answers),
    ExportSection("created", lambda user_id: created_items((Module,), user_id)),
]
