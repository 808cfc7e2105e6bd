"""Notifications: publishing an update to 10,000 followers (the API side: flat), and every
worker call that delivers it (fan-out and sender handlers, summed over their messages)."""

from __future__ import annotations

from collections import Counter
from typing import Any

FOLLOWERS = 10_000


def run(ctx: Any) -> None:
    from bench import counting
    from chalicelib.platform.aws import queues
    from tests.notify_support import make_member, run_pipeline, seed_community
    from tests.support import create_user

    community_id, _ = seed_community(FOLLOWERS)
    admin_id, admin = create_user(name="Bench Admin")
    make_member(community_id, admin_id, "admin")
    for name in (queues.NOTIFY, queues.DELIVER):
        queues.queue_url(name)  # a warm Lambda knows the queue URLs already

    def publish() -> None:
        answer = ctx.api.post(f"/communities/{community_id}/updates", token=admin,
                              body={"title": "Spring cleanup",
                                    "body": "<p>Saturday, 10am, by the river.</p>"})
        assert answer.status_code == 201, answer.json

    ctx.measure(f"notify.publish@{FOLLOWERS}", publish)

    calls: Counter[str] = Counter()
    with ctx.charged(f"notify.fanout@{FOLLOWERS}"):  # the driver's receives are SQS's
        handled = run_pipeline(calls)  # only the handlers' own calls are counted
    ctx.fanout = {"followers": FOLLOWERS, "messages": dict(handled)}
    ctx.operations[f"notify.fanout@{FOLLOWERS}"] = counting.figures(calls)
