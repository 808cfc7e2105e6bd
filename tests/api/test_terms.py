"""Versioned terms of use: published by platform admins, read by anyone, accepted by each
person; until then participation writes answer 403 `terms_not_accepted` (reads work);
registration accepts the current version; every account is told through the queue."""

from __future__ import annotations

import pytest

from tests.api.participation import world
from tests.support import run_queues


def _publish(api, admin, text=None):
    answer = api.post("/terms", {"text": text or {"en": "<p>Be kind.</p>",
                                                  "fr": "<p>Soyez aimables.</p>"}},
                      token=admin)
    assert answer.status_code == 201, answer.json
    return answer.json


def test_admins_publish_versions_anyone_reads_the_current_one(api, make_user):
    _, admin = make_user(platform_admin=True)
    _, citizen = make_user()
    missing = api.get("/terms")
    assert missing.status_code == 404 and missing.json["code"] == "no_terms"
    refused = api.post("/terms", {"text": {"en": "Mine"}}, token=citizen)
    assert refused.status_code == 403
    first = _publish(api, admin, {"en": "<p>Rules</p><script>alert(1)</script>"})
    assert first["version"] == 1 and first["text"] == {"en": "<p>Rules</p>"}
    assert _publish(api, admin)["version"] == 2
    current = api.get("/terms").json
    assert current["version"] == 2 and current["text"]["fr"] == "<p>Soyez aimables.</p>"
    assert current["published_at"].endswith("Z")
    for body, field in (({"text": {}}, "text"), ({"text": {"xx": "Hi"}}, "text.xx"),
                        ({"text": {"en": "<b></b>"}}, "text.en"), ({}, "text")):
        bad = api.post("/terms", body, token=admin)
        assert bad.status_code == 400 and bad.json["errors"][0]["field"].startswith(field), (
            body, bad.json)


def test_two_publications_at_once_get_two_versions(api, make_user):
    from chalicelib.identity import terms
    from tests.api.test_races import principal, race

    admin_id, _ = make_user(platform_admin=True)
    texts = [{"en": f"Version text {n}"} for n in range(3)]
    results = race([lambda t=t: terms.publish(principal(admin_id, admin=True), t)
                    for t in texts])
    versions = sorted(r["version"] for r in results if isinstance(r, dict))
    assert versions == list(range(1, len(versions) + 1)) and len(versions) >= 1, results
    assert all(isinstance(r, dict) or type(r).__name__ in ("Conflict", "Conflicted")
               for r in results), results


def test_me_says_when_acceptance_is_pending_and_accepting_ends_it(api, make_user):
    _, admin = make_user(platform_admin=True)
    _, token = make_user()
    assert api.get("/me", token=token).json["terms"] == {
        "accepted_version": None, "current_version": None, "pending": False}
    _publish(api, admin)
    _publish(api, admin)
    assert api.get("/me", token=token).json["terms"] == {
        "accepted_version": None, "current_version": 2, "pending": True}
    stale = api.post("/me/terms/accept", {"version": 1}, token=token)
    assert stale.status_code == 409 and stale.json["code"] == "terms_outdated"
    future = api.post("/me/terms/accept", {"version": 3}, token=token)
    assert future.status_code == 409
    assert api.post("/me/terms/accept", {"version": 0}, token=token).status_code == 400
    assert api.post("/me/terms/accept", {"version": 2}, token=token).status_code == 204
    assert api.post("/me/terms/accept", {"version": 2}, token=token).status_code == 204
    assert api.get("/me", token=token).json["terms"] == {
        "accepted_version": 2, "current_version": 2, "pending": False}


def test_registration_accepts_the_current_version(api, make_user, sent_mail):
    from chalicelib.identity.user_tables import User
    from tests.api.identity_support import login, register_and_confirm

    _, admin = make_user(platform_admin=True)
    _publish(api, admin)
    user_id = register_and_confirm(api, "grace@example.org")
    stored = User.get(user_id)
    assert stored.terms_version == 1 and stored.terms_accepted_at
    token = login(api, "grace@example.org")["access_token"]
    assert api.get("/me", token=token).json["terms"]["pending"] is False
    export = __import__("chalicelib.identity.identity_personal_data",
                        fromlist=["consents"]).consents(user_id)
    assert export["terms_of_use"]["version"] == 1 and export["terms_of_use"]["accepted_at"]


@pytest.fixture
def pending_world(api, make_user):
    """A community with an ideas, a questionnaire and a budget module, a contribution and a
    comment, then new terms nobody accepted yet."""
    w = world(api, make_user)
    ideas = w.module("ideas")
    questionnaire = w.module("questionnaire")
    budget = w.module("budget", settings={"budget_total": 100, "min_choices": 1,
                                          "max_choices": 2})
    _, author = make_user(name="Alex Author")
    contribution = w.contribute(ideas, author, title="An idea")["id"]
    comment = api.post(f"/contributions/{contribution}/comments", {"body": "Hi"},
                       token=author).json["id"]
    _publish(api, w.admin)
    return {"w": w, "ideas": ideas, "questionnaire": questionnaire, "budget": budget,
            "author": author, "contribution": contribution, "comment": comment}


WRITES = [
    ("POST", "/modules/{ideas}/contributions", {"body": "An idea"}),
    ("PATCH", "/contributions/{contribution}", {"body": "Edited"}),
    ("POST", "/contributions/{contribution}/attachments", {"attachments": []}),
    ("POST", "/contributions/{contribution}/comments", {"body": "A comment"}),
    ("PATCH", "/comments/{comment}", {"body": "Edited"}),
    ("PUT", "/contributions/{contribution}/upvote", None),
    ("PUT", "/contributions/{contribution}/reactions/heart", None),
    ("PUT", "/contributions/{contribution}/favorite", None),
    ("POST", "/contributions/{contribution}/flags", {"reason": "spam"}),
    ("POST", "/comments/{comment}/flags", {"reason": "spam"}),
    ("POST", "/modules/{questionnaire}/responses", {"answers": {}}),
    ("PUT", "/modules/{budget}/ballot", {"contribution_ids": []}),
    ("PUT", "/communities/{community}/follow", None),
    ("PUT", "/projects/{project}/follow", None),
    ("PUT", "/modules/{ideas}/follow", None),
    ("POST", "/communities/{community}/join", {}),
]


def test_every_participation_write_waits_for_acceptance(api, pending_world):
    p = pending_world
    token = p["author"]
    urls = [(m, path.format(community=p["w"].community_id, project=p["w"].project_id, **p), b)
            for m, path, b in WRITES]
    for method, url, body in urls:
        answer = api.call(method, url, body, token=token)
        assert answer.status_code == 403, (method, url, answer.json)
        assert answer.json["code"] == "terms_not_accepted", (method, url, answer.json)
    # reads still work, and taking back (unfollow, deleting one's comment) too
    assert api.get(f"/contributions/{p['contribution']}", token=token).status_code == 200
    assert api.get(f"/communities/{p['w'].community_id}", token=token).status_code == 200
    assert api.get("/me", token=token).json["terms"]["pending"] is True
    assert api.delete(f"/communities/{p['w'].community_id}/follow",
                      token=token).status_code == 204
    assert api.post("/me/terms/accept", {"version": 1}, token=token).status_code == 204
    for method, url, body in urls:
        answer = api.call(method, url, body, token=token)
        code = (answer.json or {}).get("code")
        assert answer.status_code < 500 and code != "terms_not_accepted", (method, url, code)


def test_the_check_costs_no_extra_call(api, pending_world):
    """The session, the account and the current terms are one BatchGetItem: an upvote
    makes as many DynamoDB calls with the check as the session alone did."""
    from bench import counting
    from chalicelib import tables as registry
    from chalicelib.platform.aws import clients as aws

    counting.install()
    aws.reset_clients()
    for model in registry.all_models():
        model._connection = None
    p = pending_world
    assert api.post("/me/terms/accept", {"version": 1}, token=p["author"]).status_code == 204
    with counting.counting() as calls:
        answer = api.put(f"/contributions/{p['contribution']}/upvote", token=p["author"])
    assert answer.status_code == 204 and calls["dynamodb"] <= 3, calls
    with counting.counting() as calls:
        assert api.get("/me", token=p["author"]).status_code == 200
    assert calls["dynamodb"] <= 3, calls  # session, the profile with the current terms, visit


def test_every_account_is_told_in_bounded_pages(api, make_user, sent_mail, monkeypatch):
    from chalicelib.identity.user_tables import User
    from chalicelib.notifications import delivery
    from chalicelib.notifications.notification_tables import Notification

    monkeypatch.setattr(delivery, "FANOUT_PAGE", 2)
    admin_id, admin = make_user(platform_admin=True)
    people = [make_user(f"p{n}@people.test")[0] for n in range(4)]
    suspended = make_user("suspended@people.test")[0]
    User(suspended).update(actions=[User.status.set("suspended")])
    _publish(api, admin)
    run_queues()
    for user_id in [admin_id, *people, suspended]:
        told = [n for n in Notification.query(user_id) if n.kind == "terms.published"]
        assert len(told) == 1, user_id
    subjects = [m["Subject"] for m in sent_mail()]
    assert subjects.count("New terms of use: please read and accept them") == 6
    run_queues()  # nothing more: each person once
    assert len([m for m in sent_mail() if "terms" in m["Subject"]]) == 6


def test_the_acceptance_is_exported_and_erased_with_the_account(api, make_user):
    from chalicelib.identity import identity_personal_data as personal
    from chalicelib.identity.user_tables import User
    from tests.api.identity_support import STRONG

    _, admin = make_user(platform_admin=True)
    _publish(api, admin)
    user_id, token = make_user("leaving@people.test", password=STRONG)
    assert api.post("/me/terms/accept", {"version": 1}, token=token).status_code == 204
    accepted = personal.consents(user_id)["terms_of_use"]
    assert accepted["version"] == 1 and accepted["accepted_at"]
    assert api.delete("/me", {"password": STRONG}, token=token).status_code == 202
    run_queues()
    with pytest.raises(User.DoesNotExist):
        User.get(user_id)
