"""Account deletion: the person's content stays, anonymised; their personal data goes.

`request_deletion` stops the person at once (status `deleting`, every session ended) and
queues the erasure. The erasure then runs as a chain of queue messages, one bounded batch of
one step per message, so a person with 10,000 contributions never needs one long run. The
job's progress (step, cursor, version) is saved after each batch: a run that stops half-way
resumes where it stopped, every step is idempotent, and a message whose version is stale
(a duplicate delivery) does nothing.

Each area contributes its steps to `STEPS` as "module:function" references taking
`(user_id, cursor, limit)` and answering the next cursor, or None when the step is done.
The last steps delete the account record, its uniqueness claims and the job itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Conflict, Forbidden, ValidationFailed

BATCH = 100
FRESH_LOGIN = 10 * 60  # an SSO-only account proves itself by a sign-in this recent

StepFn = Callable[[str, str | None, int], str | None]

# Order matters: content first (it is anonymised with the id still known), the account last.
STEPS: list[tuple[str, str]] = [
    ("sessions", "chalicelib.privacy.account_erasure:sessions"),
    ("onetime", "chalicelib.identity.onetime_tables:erase_user"),
    ("follows", "chalicelib.privacy.account_erasure:follows"),
    ("memberships", "chalicelib.privacy.account_erasure:memberships"),
    ("contributions", "chalicelib.privacy.content_erasure:contributions"),
    ("comments", "chalicelib.privacy.content_erasure:comments"),
    ("marks", "chalicelib.privacy.content_erasure:marks"),
    ("ballots", "chalicelib.privacy.content_erasure:ballots"),
    ("responses", "chalicelib.privacy.content_erasure:responses"),
    ("created", "chalicelib.privacy.content_erasure:created"),
    ("moderation_flags", "chalicelib.moderation.moderation_tables:erase_flags"),
    ("moderation_cases", "chalicelib.moderation.moderation_tables:forget_case_author"),
    ("moderation_log", "chalicelib.moderation.moderation_tables:forget_moderator"),
    ("moderation_standing", "chalicelib.moderation.moderation_tables:erase_standing"),
    ("demographics", "chalicelib.communities.demographic_tables:erase_user"),
    ("analytics_marks", "chalicelib.analytics.counting:erase_person"),
    ("notifications", "chalicelib.notifications.notification_tables:erase_notifications"),
    ("notification_digest", "chalicelib.notifications.notification_tables:erase_digest_entries"),
    ("notification_settings", "chalicelib.notifications.notification_tables:erase_settings"),
    ("idempotency", "chalicelib.platform.dynamo.idempotency:erase_owned"),
    ("media", "chalicelib.privacy.account_erasure:media"),
    ("privacy_jobs", "chalicelib.privacy.account_erasure:other_privacy_jobs"),
    ("uniques", "chalicelib.privacy.account_erasure:uniques"),
    ("account", "chalicelib.privacy.account_erasure:account"),
]


def step_function(ref: str) -> StepFn:
    module, _, name = ref.partition(":")
    fn: StepFn = getattr(importlib.import_module(module), name)
    return fn


def request_deletion(user_id: str, session_id: str, *, password: str | None) -> None:
    """Check the person's proof, stop them at once and queue the erasure. Idempotent."""
    from chalicelib.identity import credentials
    from chalicelib.identity import session_tables as sessions
    from chalicelib.identity.user_tables import User

    user = User.get(user_id)
    if user.status == "deleting":
        _enqueue(user_id)  # a retry: make sure the erasure is under way
        return
    if user.password_hash:
        if not password:
            raise ValidationFailed.field("password", "Type your password to confirm.")
        if not credentials.password_confirmed(user, password, clock.now()):
            raise Forbidden("The password is not right.", code="wrong_password")
    else:
        session = sessions.get(session_id)
        if session is None or clock.now() - session.created_at > FRESH_LOGIN:
            raise Forbidden("Sign in again with your provider, then delete your account.",
                            code="fresh_login_required")
    if not _begin(user):
        raise Conflict("The account is already being deleted.", code="deletion_pending")


def _begin(user: Any) -> bool:
    """Stop the person at once (status `deleting`, every session ended) and queue the
    erasure, in one transaction with the job. False when it had begun already."""
    from pynamodb.connection import Connection
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.identity import session_tables as sessions
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.aws import queues
    from chalicelib.platform.config import settings
    from chalicelib.privacy.privacy_tables import PrivacyJob

    user_id = user.user_id
    now = clock.now()
    job = PrivacyJob(user_id, "erasure", job_id=ids.new_id(), status="running",
                     requested_at=now)
    try:
        with TransactWrite(connection=Connection(region=settings().region)) as tx:
            tx.update(user, actions=[User.status.set("deleting")],
                      condition=User.status.is_in("active", "suspended", "pending"))
            tx.save(job, condition=PrivacyJob.user_id.does_not_exist())
    except TransactWriteError:
        return False
    sessions.revoke_all(user_id)
    queues.publish(queues.ERASURE, {"user_id": user_id, "version": 0})
    return True


def start_for_moderation(user_id: str) -> bool:
    """The moderation ladder's last rung: the same erasure as `request_deletion`, without a
    password. Idempotent: True only for the call that started it; a repeat makes sure the
    erasure is under way."""
    from chalicelib.identity.user_tables import User

    try:
        user = User.get(user_id, consistent_read=True)
    except User.DoesNotExist:
        return False
    if user.status == "deleting":
        _enqueue(user_id)
        return False
    if user.status == "deleted":
        return False
    if _begin(user):
        return True
    _enqueue(user_id)
    return False


def _enqueue(user_id: str) -> None:
    from chalicelib.platform.aws import queues
    from chalicelib.privacy.privacy_tables import get

    job = get(user_id, "erasure")
    if job is not None:
        queues.publish(queues.ERASURE, {"user_id": user_id, "version": job.version})


def advance(message: dict[str, Any]) -> bool:
    """Run one batch of the current step. Answers True when the erasure is complete."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.platform.aws import queues
    from chalicelib.privacy.privacy_tables import PrivacyJob, get

    user_id = str(message["user_id"])
    job = get(user_id, "erasure")
    if job is None:
        return True  # already complete: a redelivery
    if int(message.get("version", 0)) != job.version:
        return False  # a stale duplicate: the chain goes on from the newer message
    if job.step >= len(STEPS):
        job.delete()
        return True
    _, ref = STEPS[job.step]
    next_cursor = step_function(ref)(user_id, job.cursor, BATCH)
    actions = [PrivacyJob.version.add(1)]
    if next_cursor is None:
        actions += [PrivacyJob.step.add(1), PrivacyJob.cursor.remove()]
    else:
        actions.append(PrivacyJob.cursor.set(next_cursor))
    try:
        job.update(actions=actions, condition=PrivacyJob.version == job.version)
    except UpdateError:
        return False  # another delivery advanced it first
    if job.step >= len(STEPS):
        job.delete()
        return True
    queues.publish(queues.ERASURE, {"user_id": user_id, "version": job.version})
    return False
