"""Data portability and access: one JSON document of everything the platform holds about a
person (schema: docs/export-schema.json), built in the background, stored in S3 for 7 days,
and sent as a presigned link.

Each feature declares its sections beside its tables (`<feature>_personal_data.py`): each
takes the user id and answers JSON-ready data (a dict or a list)."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.platform import clock, ids
from chalicelib.platform.errors import NotFound, TooManyRequests
from chalicelib.platform.personal_data import EXPORT_TTL, ExportSection, merge_sections

REQUEST_COOLDOWN = 10 * 60
SCHEMA_VERSION = "1.0"

def sections() -> list[ExportSection]:
    """Every feature's export sections, features in their order."""
    from chalicelib.analytics import analytics_personal_data as analytics
    from chalicelib.communities import community_personal_data as communities
    from chalicelib.contributions import contribution_personal_data as contributions
    from chalicelib.identity import identity_personal_data as identity
    from chalicelib.moderation import moderation_personal_data as moderation
    from chalicelib.modules import module_personal_data as modules
    from chalicelib.notifications import notification_personal_data as notifications

    return [*identity.EXPORT, *communities.EXPORT, *notifications.EXPORT, *modules.EXPORT,
            *contributions.EXPORT, *moderation.EXPORT, *analytics.EXPORT]


def request_export(user_id: str) -> str:
    """Queue a new export (at most one every 10 minutes). Answers the job id."""
    from chalicelib.identity import accounts
    from chalicelib.platform.aws import queues
    from chalicelib.platform.dynamo.transactions import Transaction
    from chalicelib.privacy.privacy_tables import PrivacyJob, get

    now = clock.now()
    current = get(user_id, "export")
    if current is not None and current.status in ("pending", "running") \
            and now - current.requested_at < REQUEST_COOLDOWN:
        return current.job_id
    if current is not None and now - current.requested_at < REQUEST_COOLDOWN:
        raise TooManyRequests(int(REQUEST_COOLDOWN - (now - current.requested_at)),
                              "An export was made a moment ago.")
    user = accounts.get(user_id)
    if user is None:
        raise NotFound("No such account.")
    job = PrivacyJob(user_id, "export", job_id=ids.new_id(), status="pending",
                     requested_at=now, email=user.email, locale=user.locale)
    condition = PrivacyJob.user_id.does_not_exist()
    if current is not None:
        condition = PrivacyJob.job_id == current.job_id
    # The job and its build message in one transaction (the outbox): no queue outage or
    # crash can leave a pending job that nothing builds.
    if (Transaction().put("job", job, condition=condition)
            .publish(queues.EXPORTS, {"user_id": user_id, "job_id": job.job_id}).commit()):
        return get(user_id, "export").job_id  # type: ignore[union-attr]  # a racing request
    return job.job_id


def build_document(user_id: str) -> dict[str, Any]:
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION,
                                "generated_at": clock.iso(), "user_id": user_id}
    document.update(merge_sections(sections(), user_id))
    return document


def build(message: dict[str, Any]) -> None:
    """The queue handler's work, idempotent: the document is built once (a ready job is left
    as it is) and its email sent once, even when two deliveries race or the mail service
    refused a first time (the redelivery then sends it)."""
    from datetime import UTC, datetime

    from chalicelib.platform.aws import media
    from chalicelib.privacy.privacy_tables import PrivacyJob, get

    user_id, job_id = str(message["user_id"]), str(message["job_id"])
    job = get(user_id, "export")
    if job is None or job.job_id != job_id:
        return
    if job.status != "ready":
        key = f"exports/{user_id}/{job_id}.json"
        document = build_document(user_id)
        media.put(key, json.dumps(document, default=str).encode(), "application/json")
        now = clock.now()
        expires = now + EXPORT_TTL
        job.update(actions=[
            PrivacyJob.status.set("ready"), PrivacyJob.export_key.set(key),
            PrivacyJob.finished_at.set(now), PrivacyJob.ready_expires_at.set(expires),
            PrivacyJob.expires_at.set(datetime.fromtimestamp(expires, tz=UTC))],
            condition=PrivacyJob.job_id == job_id)
    if job.email:
        _email_once(job)


def _email_once(job: Any) -> None:
    """The "your export is ready" email, claimed first (one of two racing deliveries sends
    it) and released when sending fails (the redelivery tries again)."""
    from chalicelib.platform import mail_templates as templates
    from chalicelib.platform.aws import mail, media
    from chalicelib.platform.dynamo import idempotency

    key = f"export-mail:{job.job_id}"
    if not idempotency.claim(key, now=clock.now(), owner=job.user_id):
        return
    try:
        expires = float(job.ready_expires_at)
        url = media.download_url(str(job.export_key), max(1, int(expires - clock.now())))
        subject, text, html = templates.render("account_export_ready", job.locale or "en",
                                               url=url, expires_at=clock.iso(expires))
        mail.send(mail.Mail(to=job.email, subject=subject, text=text, html=html,
                            category="account"))
    except Exception:
        idempotency.release(key)
        raise


def status(user_id: str) -> dict[str, Any]:
    from chalicelib.platform.aws import media
    from chalicelib.privacy.privacy_tables import get

    job = get(user_id, "export")
    now = clock.now()
    if job is None or not job.is_live(now) or (
            job.ready_expires_at is not None and job.ready_expires_at <= now):
        return {"status": "none"}
    answer: dict[str, Any] = {"status": job.status, "requested_at": clock.iso(job.requested_at)}
    if job.status == "ready" and job.export_key and job.ready_expires_at:
        answer["download_url"] = media.download_url(job.export_key,
                                                    int(job.ready_expires_at - now))
        answer["expires_at"] = clock.iso(job.ready_expires_at)
    return answer
