"""What privacy itself holds about a person (their jobs and export files), and the
platform's idempotency records that name them: erased with the records, before the
account."""

from __future__ import annotations

from chalicelib.platform.dynamo.idempotency import IdempotencyRecord, erase_owned
from chalicelib.platform.personal_data import ErasureStep
from chalicelib.privacy.privacy_tables import PrivacyJob


def export_files(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.platform.aws import media

    return media.delete_prefixes([f"exports/{user_id}/"], cursor, limit)


def other_privacy_jobs(user_id: str, cursor: str | None, limit: int) -> str | None:
    """An export in progress or ready: delete its record (its file went with the files)."""
    PrivacyJob(user_id, "export").delete()
    return None


ERASURE = [
    ErasureStep("idempotency", "records", erase_owned, covers=(IdempotencyRecord,)),
    ErasureStep("export_files", "records", export_files),
    ErasureStep("privacy_jobs", "records", other_privacy_jobs, covers=(PrivacyJob,)),
]
