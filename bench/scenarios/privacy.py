"""Privacy: every worker call that erases a person who published N items (contributions,
each with its thread head, seen mark and upvote, and as many comments), and every worker
call that builds the export of a person with 1,000 contributions. The erasure grows linearly
in N, in messages of at most `erasure.BATCH` items; the export stays within one run."""

from __future__ import annotations

from collections import Counter
from typing import Any


def run(ctx: Any) -> None:
    from tests.privacy_support import erase, export, figures, seed_author, warm_queue_urls

    warm_queue_urls()
    for items in (100, 1000):
        user_id = seed_author(items)
        calls: Counter[str] = Counter()
        erase(user_id, calls)
        ctx.operations[f"erase.person@{items}"] = figures(calls)

    user_id = seed_author(1000)
    calls = Counter()
    export(user_id, calls)
    ctx.operations["export.person@1000"] = figures(calls)
