"""The official answer's write (`answers` decides it): the answer, its status and the key
of the status index, replacing the answer read."""

from __future__ import annotations

from typing import Any

from chalicelib.contributions.contribution_tables import (
    Contribution,
    answered_as_read,
    status_key,
)
from chalicelib.platform.dynamo.transactions import Transaction, conditionally


def answer_in(tx: Transaction, c: Contribution, answer: dict[str, Any], status: str,
              signer_id: str | None, *, unvoted: bool) -> None:
    """The official answer, replacing the one read (label `contribution`: it changed
    meanwhile, the contribution was deleted or, with `unvoted`, it has rolled-up votes: the
    caller checks the live counters)."""
    actions = [Contribution.answer.set(answer), Contribution.answer_status.set(status),
               Contribution.answer_version.set(int(c.answer_version or 0) + 1),
               Contribution.answer_signer_id.set(signer_id) if signer_id
               else Contribution.answer_signer_id.remove()]
    if c.visible:
        actions.append(Contribution.status_key.set(status_key(c.module_id, status)))
    condition = ((Contribution.deleted == False)  # noqa: E712
                 & (Contribution.hidden == bool(c.hidden)) & answered_as_read(c))
    if unvoted:
        condition = condition & ((Contribution.votes == 0) | Contribution.votes.does_not_exist())
    tx.update("contribution", Contribution(c.contribution_id), actions, condition=condition)


def unsign(contribution_id: str, signer_id: str) -> bool:
    """The answer stays, without its signer (erasure of their account). False when it is
    no longer theirs (answered again meanwhile, or gone): idempotent."""
    return conditionally(lambda: Contribution(contribution_id).update(
        actions=[Contribution.answer_signer_id.remove(),
                 Contribution.answer["signed_by"].remove()],
        condition=Contribution.answer_signer_id == signer_id))
