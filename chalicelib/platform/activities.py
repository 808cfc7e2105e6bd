"""What participation tells analytics: one message on the `analytics` queue per write that
counts (a contribution, comment, upvote, reaction, questionnaire response, budget ballot,
follow or unfollow; a change of a module or of one's demographic answers). The API only
enqueues: the counter (`chalicelib.analytics.activity_counter`) keeps the aggregates.

`record_in(tx, ...)` adds the activity to the transaction of the write that counts (the
outbox): the message is recorded with the write or not at all, and delivered even if the
process stops right after. Each message names the activity (`id`): the counter counts an id
once, so a redelivered message counts once, and so does an upvote withdrawn and given again
(its id is the person and the contribution).
"""

from __future__ import annotations

from typing import Any

from chalicelib.platform import clock, ids

MEASURES = {  # activity kind -> the measure it counts (short names keep day items small)
    "contribution": "n",
    "comment": "cm",
    "upvote": "u",
    "reaction": "r",
    "response": "rs",
    "ballot": "b",
}
FOLLOWS = ("follow", "unfollow")
OTHER = ("demographics", "module", "answer")  # answer: an official answer's status moved
KINDS = (*MEASURES, *FOLLOWS, *OTHER)


def message(kind: str, *, community_id: str, user_id: str | None = None,
            module_id: str | None = None, key: str | None = None,
            at: float | None = None, **data: Any) -> dict[str, Any]:
    if kind not in KINDS:
        raise ValueError(f"unknown activity {kind}")
    return {"kind": kind, "id": key or ids.new_id(), "community_id": community_id,
            "module_id": module_id, "user_id": user_id,
            "at": clock.now() if at is None else at, **data}


def record_in(tx: Any, kind: str, **fields: Any) -> dict[str, Any]:
    """Add one activity for the counter to `tx` (a `Transaction`)."""
    from chalicelib.platform.aws import queues

    body = message(kind, **fields)
    tx.publish(queues.ANALYTICS, body)
    return body
