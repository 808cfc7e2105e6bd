"""Issue 18 item 5: audience statistics without tracking. `POST /visits` answers 204 to
anyone, sets nothing and makes no DynamoDB call; the analytics queue adds a batch of views
to per-day counters in one transaction, once however often it is delivered; the dashboard
shows them suppressed like every figure; and no stored item holds an IP address, a
User-Agent, a user id or a session id."""

from __future__ import annotations

import json
from typing import Any

import jwt

from bench.scenarios.visits import batch_event
from tests.api.participation import world
from tests.fault_support import faults
from tests.support import run_queues

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0.0.0 Safari/537.36")
IP = "203.0.113.77"


def _visit(api: Any, page: str, id_: str, *, token: str | None = None, ua: str = FIREFOX,
           country: str | None = "FR", locale: str | None = "fr") -> Any:
    headers = {"User-Agent": ua, "X-Forwarded-For": IP}
    if country:
        headers["CloudFront-Viewer-Country"] = country
    body = {"page": page, "id": id_, **({"locale": locale} if locale else {})}
    return api.post("/visits", body, token=token or "", headers=headers)


def _place(api: Any, make_user: Any, visibility: str = "public") -> tuple[Any, str, str]:
    w = world(api, make_user, visibility=visibility)
    mid = w.module("ideas", title="Benches")
    idea = w.contribute(mid, w.admin, title="More benches")
    run_queues()
    return w, mid, idea["id"]


def _analytics(api: Any, w: Any, **params: str) -> dict[str, Any]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    answer = api.get(f"/communities/{w.community_id}/analytics?{query}", token=w.admin)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_a_visit_answers_204_sets_nothing_and_makes_no_database_call(api, make_user):
    _, mid, _ = _place(api, make_user)
    _, token = make_user("seen@people.test")
    from chalicelib.platform.aws import queues

    queues.queue_url(queues.ANALYTICS)
    for who in (None, token):
        with faults() as calls:
            answer = _visit(api, "module", mid, token=who)
        assert answer.status_code == 204
        assert not any(k.lower() == "set-cookie" for k in answer.headers)
        assert [c for c in calls if c.startswith("dynamodb.")] == []
        assert calls == ["sqs.SendMessage"]
    bad = api.post("/visits", {"page": "user", "id": mid})
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "page"
    assert api.post("/visits", {"page": "module", "id": "../x"}).status_code == 400


def test_views_are_counted_per_day_module_language_country_and_browser(api, make_user):
    w, mid, idea = _place(api, make_user)
    for n in range(6):
        _visit(api, "module", mid, ua=(FIREFOX, CHROME)[n % 2])
    for _ in range(6):
        _visit(api, "contribution", idea, locale="en", country=None)
    for page, id_ in (("community", w.community_id), ("project", w.project_id)) * 3:
        _visit(api, page, id_, locale="de")
    _visit(api, "module", "NOSUCHMODULE")
    run_queues()
    visits = _analytics(api, w)["visits"]
    today = visits["days"][-1]
    assert today["views"] == 18
    assert today["modules"] == [{"key": mid, "views": 12}]
    assert visits["period"] == 18
    assert visits["modules"] == [{"id": mid, "title": "Benches", "views": 12}]
    assert sorted((c["key"], c["views"]) for c in visits["by_language"]) == [
        ("de", 6), ("en", 6), ("fr", 6)]
    assert {c["key"]: c["views"] for c in visits["by_country"]} == {"FR": 12, "unknown": 6}
    browsers = {c["key"]: c["views"] for c in visits["by_browser"]}
    # Chrome's 3 views are hidden, and Firefox's with them (else 18 - 15 gives them away).
    assert browsers == {"Firefox": None, "Chrome": None}
    assert _analytics(api, w, module=mid)["visits"]["days"][-1]["views"] == 12
    csv = api.client.http.request(
        "GET", f"/communities/{w.community_id}/analytics?format=csv",
        headers={"Authorization": f"Bearer {w.admin}"}).body.decode()
    assert "visits,,,,by_country,FR,views,12," in csv


def test_few_views_are_suppressed(api, make_user):
    w, mid, _ = _place(api, make_user)
    for _ in range(3):
        _visit(api, "module", mid)
    run_queues()
    visits = _analytics(api, w)["visits"]
    assert visits["days"][-1]["views"] is None and visits["period"] is None
    assert all(c["views"] is None for c in visits["by_country"])


def test_a_private_community_counts_nothing(api, make_user):
    w, mid, _ = _place(api, make_user, visibility="private")
    for _ in range(6):
        _visit(api, "module", mid)
    run_queues()
    assert _analytics(api, w)["visits"]["period"] == 0


def test_a_batch_is_one_transaction_and_a_redelivery_counts_nothing(api, make_user):
    import app as app_module

    w, mid, idea = _place(api, make_user)
    handler = app_module.app.handler_map["count_activity"]
    event = batch_event({"community": w.community_id, "project": w.project_id,
                         "module": mid, "contribution": idea})
    with faults() as calls:
        assert handler(event, None) == {"batchItemFailures": []}
    assert calls.count("dynamodb.TransactWriteItems") == 1
    assert calls.count("dynamodb.BatchGetItem") == 2
    handler(event, None)  # delivered again
    half = {"Records": event["Records"][:5]}
    handler(half, None)
    assert _analytics(api, w)["visits"]["period"] == 10


def _snapshot() -> dict[str, str]:
    from chalicelib.platform.aws.clients import client

    dynamodb = client("dynamodb")
    items = {}
    for name in dynamodb.list_tables()["TableNames"]:
        for page in dynamodb.get_paginator("scan").paginate(TableName=name):
            for item in page["Items"]:
                text = json.dumps(item, sort_keys=True)
                items[f"{name}:{text}"] = text
    return items


def test_no_stored_item_holds_an_ip_a_user_agent_a_user_id_or_a_session_id(api, make_user):
    w, mid, idea = _place(api, make_user)
    user_id, token = make_user("watcher@people.test")
    session_id = jwt.decode(token, options={"verify_signature": False})["sid"]
    before = _snapshot()
    for page, id_ in (("module", mid), ("contribution", idea), ("community", w.community_id),
                      ("project", w.project_id)):
        for _ in range(3):
            assert _visit(api, page, id_, token=token).status_code == 204
    from tests.notify_support import receive

    queued = [m["Body"] for m in receive("analytics")]
    run_queues()
    new = [text for key, text in _snapshot().items() if key not in before]
    assert new, "the views were counted somewhere"
    for text in [*new, *queued]:
        for secret in (IP, FIREFOX, "Gecko", user_id, session_id):
            assert secret not in text, (secret, text)
