"""Privacy jobs: one erasure and one export per person at a time, with their progress, so a
job that stops half-way resumes where it stopped."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, TTLMixin, table_name


class PrivacyJob(Model, TTLMixin):
    class Meta(BaseMeta):
        table_name = table_name("privacy_jobs")

    personal = ("user_id", "email", "locale", "export_key")

    user_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(range_key=True)      # erasure | export
    job_id = UnicodeAttribute()
    status = UnicodeAttribute(default="pending")  # pending | running | ready | failed
    step = NumberAttribute(default=0)
    cursor = UnicodeAttribute(null=True)
    version = NumberAttribute(default=0)
    requested_at = NumberAttribute()
    finished_at = NumberAttribute(null=True)
    export_key = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)   # where to send the link (erased with the job)
    locale = UnicodeAttribute(null=True)
    ready_expires_at = NumberAttribute(null=True)


def get(user_id: str, kind: str) -> PrivacyJob | None:
    try:
        return PrivacyJob.get(user_id, kind)
    except PrivacyJob.DoesNotExist:
        return None


TABLES: list[type[Model]] = [PrivacyJob]
