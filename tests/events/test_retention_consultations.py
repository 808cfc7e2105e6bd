"""Retention of consultation data: a module and everything in it go once it closed longer ago
than the retention period (5 years by default), through the modules' `by_close` index, in
bounded batches that resume across runs. Time is moved forward, never slept."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.participation import DAY, world
from tests.support import every_stored_value

YEAR = 365.25 * DAY


@pytest.fixture
def no_scan(monkeypatch):
    """A purge that scans a table fails the test."""
    from pynamodb.connection.base import Connection

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a retention purge scanned a table")

    monkeypatch.setattr(Connection, "scan", refuse)


def _arrive(client: Any, key: str, data: bytes, content_type: str) -> None:
    from chalicelib.platform.aws import media

    media.put(key, data, content_type)
    body = json.dumps({"Records": [{"eventName": "ObjectCreated:Post",
                                    "s3": {"bucket": {"name": "b"}, "object": {"key": key}}}]})
    event = client.events.generate_sqs_event(message_bodies=[body], queue_name="uploads")
    assert client.lambda_.invoke("check_uploads", event).payload == {"batchItemFailures": []}


def _consultation(client: Any, api: Any, w: Any, people: list[str], *,
                  closes: float) -> dict[str, Any]:
    """Modules of every kind closing in `closes` seconds, with everything people can do in
    them. Answers the ids of what was made."""
    ideas = w.module("ideas", closes=closes)
    budget = w.module("budget", closes=closes, settings={"budget_total": 100})
    survey = w.module("questionnaire", closes=closes)
    question = api.post(f"/modules/{survey}/questions", {
        "prompt": "Which?", "kind": "single_choice", "options": ["A", "B"]},
        token=w.admin).json["id"]
    made: dict[str, Any] = {"modules": [ideas, budget, survey], "question": question,
                            "contributions": [], "comments": [], "attachments": []}
    for n, token in enumerate(people):
        c = w.contribute(ideas, token, title=f"Idea {n}", attachments=[
            {"name": "a.pdf", "content_type": "application/pdf", "size": 20}])
        _arrive(client, c["uploads"][0]["key"], b"%PDF-1.7 some plan", "application/pdf")
        made["attachments"].append(c["uploads"][0]["key"])
        idea = w.contribute(budget, token, title=f"Bench {n}", cost=10)
        made["contributions"] += [c["id"], idea["id"]]
        comment = api.post(f"/contributions/{c['id']}/comments", {"body": "Yes"}, token=token)
        made["comments"].append(comment.json["id"])
    for token in people:
        for c in made["contributions"][::2]:
            api.put(f"/contributions/{c}/upvote", token=token)
            api.put(f"/contributions/{c}/reactions/heart", token=token)
            api.put(f"/contributions/{c}/favorite", token=token)
            api.get(f"/contributions/{c}", token=token)
        assert api.put(f"/modules/{budget}/ballot", {
            "contribution_ids": [made["contributions"][1]]}, token=token).status_code == 200
        assert api.post(f"/modules/{survey}/responses", {"answers": {question: "A"}},
                        token=token).status_code == 201
    return made


def _purge(client: Any) -> dict[str, int]:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={}, resources=[])
    return dict(client.lambda_.invoke("retention_purge", event).payload)


def _ids(made: dict[str, Any]) -> list[str]:
    return [*made["modules"], made["question"], *made["contributions"], *made["comments"],
            *made["attachments"]]


def test_a_consultation_goes_five_years_after_it_closes(client, api, make_user, no_scan):
    from chalicelib.communities.project_tables import Project
    from chalicelib.platform import clock

    w = world(api, make_user)
    people = [make_user()[1] for _ in range(3)]
    old = _consultation(client, api, w, people, closes=2 * DAY)
    # Open for years, but closing two years later: counted from the close, it stays.
    later = _consultation(client, api, w, people, closes=2 * YEAR)
    assert Project.get(w.project_id).module_count == 6

    clock.advance(5 * YEAR)  # not yet five years after the first close
    assert _purge(client)["consultations"] == 0
    assert all(i in every_stored_value() for i in _ids(old))

    clock.advance(3 * DAY)
    assert _purge(client)["consultations"] == 3
    text = every_stored_value()
    assert [i for i in _ids(old) if i in text] == []
    assert all(i in text for i in _ids(later))
    assert Project.get(w.project_id).module_count == 3
    token = make_user()[1]
    assert api.get(f"/modules/{old['modules'][0]}", token=token).status_code == 404
    assert api.get(f"/modules/{later['modules'][0]}", token=token).status_code == 200
    assert _purge(client)["consultations"] == 0  # nothing left to do

    clock.advance(2 * YEAR)
    assert _purge(client)["consultations"] == 3
    assert [i for i in _ids(later) if i in every_stored_value()] == []


def test_a_large_purge_resumes_across_runs(client, api, make_user, monkeypatch, no_scan):
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform import clock
    from chalicelib.privacy import retention

    monkeypatch.setattr(retention, "CONSULTATION_BATCHES_PER_RUN", 3)
    monkeypatch.setattr(retention, "MODULES_PER_PAGE", 1)
    w = world(api, make_user)
    people = [make_user()[1] for _ in range(4)]
    made = _consultation(client, api, w, people, closes=DAY)
    clock.advance(5 * YEAR + 2 * DAY)
    removed, runs = 0, 0
    while removed < 3:
        calls = _count_batches(monkeypatch)
        removed += retention.purge_consultations(batch=2)
        runs += 1
        assert calls["n"] <= 3  # each run stops at its budget of batches
        assert runs < 40
        if removed < 3:
            left = [Module.get(m) for m in made["modules"] if Module.count(m)]
            assert any(m.purge_step is not None for m in left)  # progress is saved
    assert runs > 3  # it took several runs, each resuming where the last stopped
    assert [i for i in _ids(made) if i in every_stored_value()] == []


def _count_batches(monkeypatch: Any) -> dict[str, int]:
    from dataclasses import replace

    from chalicelib.privacy import retention

    calls = {"n": 0}
    real = retention.consultation_steps

    def counted(step: Any) -> Any:
        def run(*args: Any) -> Any:
            calls["n"] += 1
            return step.run(*args)
        return replace(step, run=run)

    monkeypatch.setattr(retention, "consultation_steps", lambda: [counted(s) for s in real()])
    return calls


def test_the_period_is_configurable(client, api, make_user, monkeypatch, no_scan):
    from chalicelib.platform import clock

    monkeypatch.setenv("AGORA_CONSULTATION_RETENTION_YEARS", "1")
    w = world(api, make_user)
    made = _consultation(client, api, w, [make_user()[1]], closes=DAY)
    clock.advance(YEAR)
    assert _purge(client)["consultations"] == 0
    clock.advance(2 * DAY)
    assert _purge(client)["consultations"] == 3
    assert [i for i in _ids(made) if i in every_stored_value()] == []
