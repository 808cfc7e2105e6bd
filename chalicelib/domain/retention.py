"""Retention: how long each kind of data is kept, and the purges that enforce it.

The purges run on a schedule (`chalicelib/events/retention.py`), each reading an index keyed
for it (never a scan) in bounded batches; whatever a run does not reach, the next run does.
Expiring items (tokens, throttles, sessions, exports, idempotency records) also carry a TTL
and are checked on read, since DynamoDB's TTL sweep may be days late.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable

from chalicelib.domain import clock

DAY = 24 * 3600
UNCONFIRMED_ACCOUNT_DAYS = 7


def consultation_years() -> int:
    return int(os.environ.get("AGORA_CONSULTATION_RETENTION_YEARS", "5"))


def consultation_cutoff(now: float) -> float:
    """Modules that closed before this moment are past retention."""
    return now - consultation_years() * 365.25 * DAY


def unconfirmed_cutoff(now: float) -> float:
    return now - UNCONFIRMED_ACCOUNT_DAYS * DAY


# Each purge takes a batch size and answers how many items it removed.
PURGES: list[tuple[str, str]] = [
    ("unconfirmed_accounts", "chalicelib.domain.retention:purge_unconfirmed_accounts"),
]


def run_all(batch: int = 200) -> dict[str, int]:
    results = {}
    for name, ref in PURGES:
        module, _, fn = ref.partition(":")
        purge: Callable[[int], int] = getattr(importlib.import_module(module), fn)
        results[name] = purge(batch)
    return results


def purge_unconfirmed_accounts(batch: int) -> int:
    """Accounts never confirmed within 7 days: the account and its claims go."""
    from pynamodb.exceptions import DeleteError

    from chalicelib.domain import emails
    from chalicelib.storage.users import Unique, User

    cutoff = unconfirmed_cutoff(clock.now())
    keys = [k.user_id for k in User.by_status.query("pending", User.created_at < cutoff,
                                                     limit=batch)]
    removed = 0
    for user in User.batch_get(keys):
        if user.status != "pending":
            continue
        claims = [emails.unique_key(user.email)] if user.email else []
        if user.pseudonym:
            claims.append(f"pseudonym#{user.pseudonym.casefold()}")
        for claim in claims:
            # A claim someone else holds now stays: the condition refuses to delete it.
            with contextlib.suppress(DeleteError):
                Unique(claim).delete(condition=Unique.user_id == user.user_id)
        with contextlib.suppress(DeleteError):
            user.delete(condition=User.status == "pending")
            removed += 1
    return removed
