"""Retention: how long each kind of data is kept, and the purges that enforce it.

The purges run on a schedule (`privacy/retention_handlers.py`), each reading an index keyed
for it (never a scan) in bounded batches; whatever a run does not reach, the next run does.
Expiring items (tokens, throttles, sessions, exports, idempotency records) also carry a TTL
and are checked on read, since DynamoDB's TTL sweep may be days late.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from chalicelib.platform import clock

if TYPE_CHECKING:
    from chalicelib.platform.personal_data import PurgeStep

DAY = 24 * 3600
UNCONFIRMED_ACCOUNT_DAYS = 7


def consultation_years() -> int:
    return int(os.environ.get("AGORA_CONSULTATION_RETENTION_YEARS", "5"))


def consultation_cutoff(now: float) -> float:
    """Modules that closed before this moment are past retention."""
    return now - consultation_years() * 365.25 * DAY


def unconfirmed_cutoff(now: float) -> float:
    return now - UNCONFIRMED_ACCOUNT_DAYS * DAY


def consultation_steps() -> list[PurgeStep]:
    """What a consultation past retention loses, in order: contributions and everything on
    them, then what the module holds; the module itself goes last."""
    from chalicelib.contributions import contribution_personal_data as contributions
    from chalicelib.modules import consultation_retention as modules

    return [*contributions.PURGE, *modules.PURGE]


# Batches one daily run may do over all consultations: what it does not reach, the next
# run resumes from the progress saved on each module (a 15-minute Lambda does far more).
CONSULTATION_BATCHES_PER_RUN = 500
MODULES_PER_PAGE = 25


def run_all(batch: int = 200) -> dict[str, int]:
    results = {}
    for name, purge in (("unconfirmed_accounts", purge_unconfirmed_accounts),
                        ("consultations", purge_consultations)):
        results[name] = purge(batch)
    return results


def purge_unconfirmed_accounts(batch: int) -> int:
    """Accounts never confirmed within 7 days: the account and its claims go."""
    from chalicelib.identity import identity_personal_data

    return identity_personal_data.purge_unconfirmed(unconfirmed_cutoff(clock.now()), batch)


def purge_consultations(batch: int, budget: int | None = None) -> int:
    """Modules closed longer ago than the retention period, with everything in them, through
    the modules' `by_close` index (never a scan), at most `budget` batches of `batch` items
    per run. Each module's progress (step, cursor) is saved on it after every batch, so a
    run that stops resumes there. Answers how many modules it removed completely."""
    from chalicelib.modules import consultation_retention as modules

    steps = consultation_steps()
    left = CONSULTATION_BATCHES_PER_RUN if budget is None else budget
    cutoff = consultation_cutoff(clock.now())
    removed = 0
    start = None
    while left > 0:
        page, start = modules.past_retention(cutoff, MODULES_PER_PAGE, start)
        for entry in page:
            step, cursor = int(entry.purge_step or 0), entry.purge_cursor
            while step < len(steps) and left > 0:
                cursor = steps[step].run(entry.module_id, cursor, batch)
                left -= 1
                if cursor is None:
                    step += 1
                modules.save_progress(entry.module_id, step, cursor)
            if step < len(steps):
                return removed  # out of budget: the next run resumes here
            modules.delete_module(entry.module_id, entry.project_id)
            removed += 1
        if not start:
            break
    return removed
