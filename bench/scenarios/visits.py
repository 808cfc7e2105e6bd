"""Audience statistics (`POST /visits`): `visit.record`, the API call (target: no DynamoDB
call, one SQS message), and `visit.count@10`, the analytics handler's calls for a batch of
10 views of a module, its contributions, its project and its community (one BatchGetItem of
the pages, one of their communities, ONE transaction for the batch's claims and day
counters)."""

from __future__ import annotations

import json
from typing import Any

BATCH = 10


def _place(api: Any, admin: str) -> dict[str, str]:
    from chalicelib.platform import clock

    community = api.post("/communities", {"name": "Visited"}, token=admin).json
    project = api.post(f"/communities/{community['id']}/projects", {"title": "Bench"},
                       token=admin).json
    module = api.post(f"/projects/{project['id']}/modules", {
        "type": "ideas", "title": "Seen", "opens_at": clock.iso(clock.now() - 60),
        "closes_at": clock.iso(clock.now() + 86400)}, token=admin).json
    idea = api.post(f"/modules/{module['id']}/contributions", {"title": "An idea",
                                                               "body": "b"}, token=admin).json
    return {"community": community["id"], "project": project["id"], "module": module["id"],
            "contribution": idea["id"]}


def batch_event(pages: dict[str, str], n: int = BATCH) -> dict[str, Any]:
    """An SQS event of `n` views, as the API would have queued them."""
    from chalicelib.analytics.visit_rules import Visit
    from chalicelib.platform import clock, ids

    kinds = list(pages)
    records = []
    for k in range(n):
        page = kinds[k % len(kinds)]
        visit = Visit(id=ids.new_id(), page=page, target=pages[page], at=clock.now(),
                      language=("en", "fr")[k % 2], country=("FR", "BE")[k % 2],
                      browser=("Firefox", "Chrome")[k % 2])
        records.append({"messageId": f"m{k}", "receiptHandle": f"r{k}",
                        "body": json.dumps(visit.as_message()), "attributes": {},
                        "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                        "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:analytics",
                        "awsRegion": "eu-west-1"})
    return {"Records": records}


def run(ctx: Any) -> None:
    import app as app_module
    from chalicelib.platform.aws import queues
    from tests.notify_support import delete, receive
    from tests.support import create_user

    api = ctx.api
    _, admin = create_user(platform_admin=True, name="Bench Admin")
    pages = _place(api, admin)
    while waiting := receive(queues.ANALYTICS):  # the setup's own activities: not measured
        delete(queues.ANALYTICS, waiting)
    queues.queue_url(queues.ANALYTICS)  # a warm Lambda knows the queue's URL already
    answer = ctx.measure("visit.record", lambda: api.post(
        "/visits", {"page": "module", "id": pages["module"], "locale": "fr"},
        headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 "
                               "Firefox/120.0", "CloudFront-Viewer-Country": "FR"}))
    assert answer.status_code == 204, answer.json
    handler = app_module.app.handler_map["count_activity"]
    ctx.measure(f"visit.count@{BATCH}", lambda: handler(batch_event(pages), None))
