"""Notifications: publishing an update to 10,000 followers (the API side: flat), and every
worker call that delivers it (fan-out and sender handlers, summed over their messages)."""

from __future__ import annotations

from collections import Counter
from typing import Any

FOLLOWERS = 10_000


def run(ctx: Any) -> None:
    from bench import counting
    from chalicelib.domain import notifications
    from chalicelib.services import queues
    from tests.notify_support import run_pipeline, seed_community

    community_id, _ = seed_community(FOLLOWERS)
    for name in (queues.NOTIFY, queues.DELIVER):
        queues.queue_url(name)  # a warm Lambda knows the queue URLs already

    ctx.measure(f"notify.publish@{FOLLOWERS}", lambda: notifications.publish(
        "community.update", "followed", {"followers_of": community_id},
        community_id=community_id, subject={"type": "update", "id": "bench"},
        data={"title": {"en": "Spring cleanup"}, "url": "/communities/bench/updates"}))

    calls: Counter[str] = Counter()
    run_pipeline(calls)  # only the handlers' own calls are counted, not the driver's receives
    ctx.operations[f"notify.fanout@{FOLLOWERS}"] = counting.figures(calls)
