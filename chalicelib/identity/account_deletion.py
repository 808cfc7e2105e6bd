"""The start of an account's deletion: the person is stopped at once (status `deleting`,
every session ended) and the erasure is queued. The erasure itself (privacy) runs from the
queue; it creates its own job on the first message, so a repeated start is harmless.

Both the person (`DELETE /me`) and the moderation ladder's last rung start it here."""

from __future__ import annotations

from typing import Any

DELETABLE = ("active", "suspended", "pending")


def begin(user: Any) -> bool:
    """Stop the person and queue the erasure. False when it had begun already (the erasure
    is then queued again, so a retry makes sure it is under way)."""
    from chalicelib.identity import account_tables, session_tables

    if not account_tables.mark_deleting(user.user_id, DELETABLE):
        resume(user.user_id)
        return False
    session_tables.revoke_all(user.user_id)
    resume(user.user_id)
    return True


def resume(user_id: str) -> None:
    """Queue the erasure's start-or-resume message (the erasure picks its job up where it
    stands)."""
    from chalicelib.platform.aws import queues

    queues.publish(queues.ERASURE, {"user_id": user_id, "version": None})
