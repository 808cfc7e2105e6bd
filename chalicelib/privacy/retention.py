"""Retention: how long each kind of data is kept, and the purges that enforce it.

The purges run on a schedule (`privacy/retention_handlers.py`), each reading an index keyed
for it (never a scan) in bounded batches; whatever a run does not reach, the next run does.
Expiring items (tokens, throttles, sessions, exports, idempotency records) also carry a TTL
and are checked on read, since DynamoDB's TTL sweep may be days late.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable

from chalicelib.platform import clock

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
    ("unconfirmed_accounts", "chalicelib.privacy.retention:purge_unconfirmed_accounts"),
    ("consultations", "chalicelib.privacy.retention:purge_consultations"),
]

# What a consultation past retention loses, in order, as "module:function" taking
# (module_id, cursor, limit) and answering the next cursor or None; the module itself goes
# last (`retention_steps.module`). Areas that keep data per module append their step.
CONSULTATION_STEPS: list[tuple[str, str]] = [
    ("contributions", "chalicelib.privacy.consultation_retention:contributions"),
    ("comments", "chalicelib.privacy.consultation_retention:comments"),
    ("marks", "chalicelib.privacy.consultation_retention:marks"),
    ("ballots", "chalicelib.privacy.consultation_retention:ballots"),
    ("responses", "chalicelib.privacy.consultation_retention:responses"),
    ("questions", "chalicelib.privacy.consultation_retention:questions"),
]
# Batches one daily run may do over all consultations: what it does not reach, the next
# run resumes from the progress saved on each module (a 15-minute Lambda does far more).
CONSULTATION_BATCHES_PER_RUN = 500
MODULES_PER_PAGE = 25


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

    from chalicelib.identity import email_rules as emails
    from chalicelib.identity.user_tables import Unique, User

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


def purge_consultations(batch: int, budget: int | None = None) -> int:
    """Modules closed longer ago than the retention period, with everything in them, through
    the modules' `by_close` index (never a scan), at most `budget` batches of `batch` items
    per run. Each module's progress (step, cursor) is saved on it after every batch, so a
    run that stops resumes there. Answers how many modules it removed completely."""
    from chalicelib.modules.module_tables import RETENTION_SCOPE, Module
    from chalicelib.privacy.consultation_retention import module as delete_module
    from chalicelib.privacy.erasure import step_function

    left = CONSULTATION_BATCHES_PER_RUN if budget is None else budget
    cutoff = consultation_cutoff(clock.now())
    removed = 0
    start = None
    while left > 0:
        page = Module.by_close.query(RETENTION_SCOPE, Module.closes_at < cutoff,
                                     limit=MODULES_PER_PAGE, last_evaluated_key=start)
        for entry in page:
            step, cursor = int(entry.purge_step or 0), entry.purge_cursor
            while step < len(CONSULTATION_STEPS) and left > 0:
                _, ref = CONSULTATION_STEPS[step]
                cursor = step_function(ref)(entry.module_id, cursor, batch)
                left -= 1
                if cursor is None:
                    step += 1
                _save_progress(entry.module_id, step, cursor)
            if step < len(CONSULTATION_STEPS):
                return removed  # out of budget: the next run resumes here
            delete_module(entry.module_id, entry.project_id)
            removed += 1
        start = page.last_evaluated_key
        if not start:
            break
    return removed


def _save_progress(module_id: str, step: int, cursor: str | None) -> None:
    from pynamodb.exceptions import UpdateError

    from chalicelib.modules.module_tables import Module

    actions = [Module.purge_step.set(step),
               Module.purge_cursor.set(cursor) if cursor else Module.purge_cursor.remove()]
    try:
        Module(module_id).update(actions=actions, condition=Module.module_id.exists())
    except UpdateError as err:
        if err.cause_response_code != "ConditionalCheckFailedException":
            raise  # else the module is gone (purged by a run that overlapped this one)
