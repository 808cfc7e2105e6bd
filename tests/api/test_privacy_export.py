"""The export (access and portability): everything the platform holds about the person, in
the documented schema, each section read through indexes keyed by the person."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.api.participation import DAY, iso, world
from tests.support import run_queues

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, (answer.status_code, answer.json)
    return answer.json


def _document(user_id: str) -> dict[str, Any]:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings
    from chalicelib.privacy.privacy_tables import get

    key = get(user_id, "export").export_key
    body = client("s3").get_object(Bucket=settings().bucket, Key=key)["Body"].read()
    return dict(json.loads(body))


def test_the_export_holds_everything_the_person_did(api, make_user):
    import jsonschema

    w = world(api, make_user)
    user_id, token = make_user("erin@example.org", name="Erin Export", pseudonym="erin")
    other_id, other = make_user()
    api.put(f"/communities/{w.community_id}/follow", token=token)
    _ok(api.post(f"/communities/{w.community_id}/join", {}, token=token))
    rectified = _ok(api.patch("/me", {"description": "Gardener"}, token=token))["updated_at"]
    _ok(api.put("/me/restrictions", {"analytics": True}, token=token))

    ideas, spot = w.module("ideas"), w.module("map")
    budget = w.module("budget", settings={"budget_total": 100})
    survey = w.module("questionnaire")
    q1 = _ok(api.post(f"/modules/{survey}/questions", {
        "prompt": "Which first?", "kind": "multiple_choice",
        "options": [{"en": "Park", "fr": "Parc"}, "Library", "Pool"]}, token=w.admin), 201)["id"]
    q2 = _ok(api.post(f"/modules/{survey}/questions", {"prompt": "Why?", "kind": "text"},
                      token=w.admin), 201)["id"]

    named = w.contribute(ideas, token, title="Trees", attachments=[
        {"name": "plan.pdf", "content_type": "application/pdf", "size": 10}])
    anonymous = w.contribute(ideas, token, title="Quiet", display="anonymous")
    placed = w.contribute(spot, token, title="Here", location={"lat": 1.5, "lon": 2.5})
    theirs = w.contribute(ideas, other, title="Fountain")
    idea = w.contribute(budget, other, title="Bench", cost=40)
    comment = _ok(api.post(f"/contributions/{theirs['id']}/comments", {"body": "Nice"},
                           token=token), 201)
    api.put(f"/contributions/{theirs['id']}/upvote", token=token)
    api.put(f"/contributions/{theirs['id']}/reactions/bulb", token=token)
    api.put(f"/contributions/{theirs['id']}/favorite", token=token)
    api.put(f"/contributions/{named['id']}/upvote", token=other)
    _ok(api.get(f"/contributions/{theirs['id']}", token=token))
    _ok(api.put(f"/modules/{budget}/ballot", {"contribution_ids": [idea["id"]]}, token=token))
    _ok(api.post(f"/modules/{survey}/responses", {"answers": {q1: ["Pool", "Park"],
                                                              q2: "Shade"}}, token=token), 201)

    assert _ok(api.post("/me/export", token=token), 202)["status"] == "pending"
    run_queues()
    document = _document(user_id)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))

    assert document["profile"]["description"] == "Gardener"
    assert rectified and document["profile"]["updated_at"] == rectified
    published = {c["id"]: c for c in document["contributions"]}
    assert set(published) == {named["id"], anonymous["id"], placed["id"]}
    assert published[anonymous["id"]]["display"] == "anonymous"  # the person's own: shown
    assert published[placed["id"]]["location"] == {"lat": 1.5, "lon": 2.5}
    assert published[named["id"]]["counts"]["upvotes"] == 1
    assert [a["name"] for a in published[named["id"]]["attachments"]] == ["plan.pdf"]
    assert [c["id"] for c in document["comments"]] == [comment["id"]]
    assert document["comments"][0]["contribution_id"] == theirs["id"]
    assert [v["contribution_id"] for v in document["votes"]] == [theirs["id"]]
    assert document["reactions"] == [{"contribution_id": theirs["id"], "reactions": ["bulb"]}]
    assert [f["contribution_id"] for f in document["favorites"]] == [theirs["id"]]
    opened = {s["contribution_id"] for s in document["seen"]["contributions"]}
    assert theirs["id"] in opened and named["id"] in opened  # one's own count as seen
    assert document["ballots"][0]["contribution_ids"] == [idea["id"]]
    answers = {a["question_id"]: a for a in document["questionnaire_answers"][0]["answers"]}
    assert answers[q1]["answer"] == [0, 2]
    assert answers[q1]["chosen"] == [{"en": "Park", "fr": "Parc"}, {"en": "Pool"}]
    assert answers[q1]["prompt"] == {"en": "Which first?"}
    assert answers[q2]["answer"] == "Shade" and answers[q2]["chosen"] is None
    assert document["follows"] == [{"community_id": w.community_id}]
    assert document["memberships"][0]["role"] == "member"
    consents = document["consents"]
    assert consents["terms_of_use"]["accepted_at"]
    assert consents["restrictions"]["analytics"]["objected"] is True
    assert consents["restrictions"]["digest"] == {"objected": False, "since": None}
    assert document["created"] == {"communities": [], "projects": [], "modules": [],
                                   "updates": [], "events": []}
    text = json.dumps(document)
    assert other_id not in text  # what others did to the person's content is counted only
    assert "@" not in text.replace("erin@example.org", "")  # no one else's address


def test_an_administrator_exports_what_they_set_up(api, make_user):
    w = world(api, make_user)
    update = _ok(api.post(f"/communities/{w.community_id}/updates",
                          {"title": "News", "body": "Hi"}, token=w.admin), 201)
    event = _ok(api.post(f"/communities/{w.community_id}/events", {
        "title": "Walk", "starts_at": iso(DAY), "ends_at": iso(DAY + 60)}, token=w.admin), 201)
    module_id = w.module("ideas")
    _ok(api.post("/me/export", token=w.admin), 202)
    run_queues()
    created = _document(w.admin_id)["created"]
    assert created["communities"] == [{"community_id": w.community_id}]
    assert created["projects"] == [{"project_id": w.project_id}]
    assert created["modules"] == [{"module_id": module_id}]
    assert created["updates"] == [{"community_id": w.community_id, "update_id": update["id"]}]
    assert created["events"] == [{"community_id": w.community_id, "event_id": event["id"]}]
