"""The start of an account's deletion: the person is stopped at once (status `deleting`,
every session ended) and the erasure is promised in the same transaction (the outbox), so
that no crash or queue outage can leave a person stopped but never erased. The erasure
itself (privacy) runs from the queue; it creates its own job on the first message, so a
repeated start is harmless.

Both the person (`DELETE /me`) and the moderation ladder's last rung start it here."""

from __future__ import annotations

from typing import Any

DELETABLE = ("active", "suspended", "pending")


def begin(user: Any) -> bool:
    """Stop the person and queue the erasure, in one transaction. False when it had begun
    already (the erasure is then queued again, so a retry makes sure it is under way)."""
    from chalicelib.identity import account_tables, session_tables
    from chalicelib.platform.aws import queues
    from chalicelib.platform.dynamo.transactions import Transaction

    tx = Transaction()
    account_tables.mark_deleting_in(tx, user.user_id, DELETABLE)
    tx.publish(queues.ERASURE, start_message(user.user_id))
    if tx.commit():
        resume(user.user_id)
        return False
    session_tables.revoke_all(user.user_id)
    return True


def start_message(user_id: str) -> dict[str, Any]:
    """The erasure's start-or-resume message (the erasure picks its job up where it stands)."""
    return {"user_id": user_id, "version": None}


def resume(user_id: str) -> None:
    """Queue the start-or-resume message again, through the outbox."""
    from chalicelib.platform.aws import queues
    from chalicelib.platform.dynamo.transactions import Transaction

    Transaction().publish(queues.ERASURE, start_message(user_id)).commit()
