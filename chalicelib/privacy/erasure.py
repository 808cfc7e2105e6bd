"""Account deletion: the person's content stays, anonymised; their personal data goes.

`request_deletion` stops the person at once (status `deleting`, every session ended) and
queues the erasure. The erasure then runs as a chain of queue messages, one bounded batch of
one step per message, so a person with 10,000 contributions never needs one long run. The
job's progress (step, cursor, version) is saved after each batch: a run that stops half-way
resumes where it stopped, every step is idempotent, and a message whose version is stale
(a duplicate delivery) does nothing.

Each feature declares its steps beside its tables (`<feature>_personal_data.py`); `steps`
assembles them. The last steps delete the account's uniqueness claims and its record.
"""

from __future__ import annotations

from typing import Any

from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Conflict, Forbidden, ValidationFailed
from chalicelib.platform.personal_data import ErasureStep, assemble

BATCH = 100
FRESH_LOGIN = 10 * 60  # an SSO-only account proves itself by a sign-in this recent

def steps() -> list[ErasureStep]:
    """Every feature's erasure steps, features in their order, phase by phase: the person is
    stopped, their relations end, their content is anonymised (their id still known), their
    records go, the account last (`platform.personal_data`)."""
    from chalicelib.analytics import analytics_personal_data as analytics
    from chalicelib.communities import community_personal_data as communities
    from chalicelib.contributions import contribution_personal_data as contributions
    from chalicelib.identity import identity_personal_data as identity
    from chalicelib.moderation import moderation_personal_data as moderation
    from chalicelib.modules import module_personal_data as modules
    from chalicelib.notifications import notification_personal_data as notifications
    from chalicelib.privacy import privacy_personal_data as privacy

    return assemble([identity.ERASURE, communities.ERASURE, notifications.ERASURE,
                     modules.ERASURE, contributions.ERASURE, moderation.ERASURE,
                     analytics.ERASURE, privacy.ERASURE])


def request_deletion(user_id: str, session_id: str, *, password: str | None) -> None:
    """Check the person's proof, stop them at once and queue the erasure. Idempotent."""
    from chalicelib.identity import account_deletion, accounts, credentials

    user = accounts.get(user_id)
    if user is None:
        raise Conflict("The account is already being deleted.", code="deletion_pending")
    if user.status == "deleting":
        account_deletion.resume(user_id)  # a retry: make sure the erasure is under way
        return
    if user.password_hash:
        if not password:
            raise ValidationFailed.field("password", "Type your password to confirm.")
        if not credentials.password_confirmed(user, password, clock.now()):
            raise Forbidden("The password is not right.", code="wrong_password")
    else:
        session = accounts.session(session_id)
        if session is None or clock.now() - session.created_at > FRESH_LOGIN:
            raise Forbidden("Sign in again with your provider, then delete your account.",
                            code="fresh_login_required")
    if not account_deletion.begin(user):
        raise Conflict("The account is already being deleted.", code="deletion_pending")


def advance(message: dict[str, Any]) -> bool:
    """Run one batch of the current step. Answers True when the erasure is complete."""
    from chalicelib.platform.aws import queues
    from chalicelib.platform.dynamo.transactions import Transaction, conditionally
    from chalicelib.privacy.privacy_tables import PrivacyJob, get

    user_id = str(message["user_id"])
    job = get(user_id, "erasure")
    if message.get("version") is None:  # start, or resume where the job stands
        job = job or start(user_id)
        if job is None:
            return True  # the account is not being deleted (or is gone already)
    elif job is None:
        return True  # already complete: a redelivery
    elif int(message["version"]) != job.version:
        return False  # a stale duplicate: the chain goes on from the newer message
    chain = steps()
    if job.step >= len(chain):
        job.delete()
        return True
    next_cursor = chain[job.step].run(user_id, job.cursor, BATCH)
    step = job.step + (1 if next_cursor is None else 0)
    if step >= len(chain):
        return conditionally(lambda: job.delete(condition=PrivacyJob.version == job.version))
    actions = [PrivacyJob.version.add(1)]
    if next_cursor is None:
        actions += [PrivacyJob.step.add(1), PrivacyJob.cursor.remove()]
    else:
        actions.append(PrivacyJob.cursor.set(next_cursor))
    # The progress and the next batch's message in one transaction (the outbox): a crash
    # between them cannot stall the chain.
    (Transaction()
     .update("job", PrivacyJob(user_id, "erasure"), actions,
             condition=PrivacyJob.version == job.version)
     .publish(queues.ERASURE, {"user_id": user_id, "version": job.version + 1})
     .commit())  # a failed condition: another delivery advanced it first
    return False


def start(user_id: str) -> Any:
    """The job of an account marked `deleting` (created once, whoever asks first)."""
    from chalicelib.identity import accounts
    from chalicelib.platform.dynamo.transactions import conditionally
    from chalicelib.privacy.privacy_tables import PrivacyJob, get

    user = accounts.get(user_id)
    if user is None or user.status != "deleting":
        return None
    job = PrivacyJob(user_id, "erasure", job_id=ids.new_id(), status="running",
                     requested_at=clock.now())
    if conditionally(lambda: job.save(condition=PrivacyJob.user_id.does_not_exist())):
        return job
    return get(user_id, "erasure")
