"""Participatory budgets in phases: proposals, review, voting, results, moved by admins;
each write a phase forbids is 422 `wrong_phase`; a budget without phases is as before."""

from __future__ import annotations

from tests.api.participation import world

SETTINGS = {"budget_total": 100, "min_choices": 1, "max_choices": 3}


def _phased(api, make_user):
    w = world(api, make_user)
    mid = w.module("budget", settings={**SETTINGS, "phase": "proposals"})
    _, proposer = make_user()
    ideas = [w.contribute(mid, proposer, title=f"Idea {n}", cost=40)["id"] for n in range(3)]
    return w, mid, ideas, proposer


def _move(api, w, mid, phase):
    return api.patch(f"/modules/{mid}", {"settings": {"phase": phase}}, token=w.admin)


def _answer(api, w, cid, status, **extra):
    return api.put(f"/contributions/{cid}/answer",
                   {"status": status, "text": {"en": "Checked."}, **extra}, token=w.admin)


def test_a_budget_runs_through_its_phases(api, make_user):
    w, mid, ideas, proposer = _phased(api, make_user)
    _, voter = make_user()
    assert api.get(f"/modules/{mid}").json["settings"]["phase"] == "proposals"
    early = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[0]]}, token=voter)
    assert early.status_code == 422 and early.json["code"] == "wrong_phase"
    assert _move(api, w, mid, "voting").json["code"] == "wrong_phase"  # one step at a time
    assert _move(api, w, mid, "review").status_code == 200
    late = api.post(f"/modules/{mid}/contributions",
                    {"title": "Late", "body": "x", "cost": 1}, token=proposer)
    assert late.status_code == 422 and late.json["code"] == "wrong_phase"
    assert _answer(api, w, ideas[0], "accepted", cost=70).status_code == 200
    assert _answer(api, w, ideas[1], "accepted").status_code == 200
    assert _answer(api, w, ideas[2], "rejected").status_code == 200
    assert _move(api, w, mid, "voting").status_code == 200
    refused = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[2]]}, token=voter)
    assert refused.status_code == 422 and refused.json["code"] == "wrong_phase"
    over = api.put(f"/modules/{mid}/ballot", {"contribution_ids": ideas[:2]}, token=voter)
    assert over.status_code == 422 and over.json["code"] == "over_budget"  # 70 + 40
    ballot = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[0]]}, token=voter)
    assert ballot.status_code == 200 and ballot.json["total_cost"] == 70
    frozen = _answer(api, w, ideas[0], "accepted", cost=10)
    assert frozen.status_code == 422 and frozen.json["code"] == "wrong_phase"
    assert _answer(api, w, ideas[1], "rejected").json["code"] == "wrong_phase"
    assert _answer(api, w, ideas[0], "accepted", text={"en": "Mended."}).status_code == 200
    assert not api.get(f"/modules/{mid}").json["results_public"]
    moved = _move(api, w, mid, "results")
    assert moved.status_code == 200 and moved.json["results_public"]
    results = api.get(f"/modules/{mid}/results").json
    assert results["ideas"][0] == {**results["ideas"][0], "id": ideas[0], "votes": 1}
    assert api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[0]]},
                   token=voter).json["code"] == "wrong_phase"
    assert _answer(api, w, ideas[0], "implemented").status_code == 200


def test_only_budgets_take_a_phase_and_phases_stay(api, make_user):
    w = world(api, make_user)
    body = {"type": "ideas", "title": "Ideas", "opens_at": "2026-01-01T00:00:00Z",
            "closes_at": "2027-01-01T00:00:00Z", "settings": {"phase": "voting"}}
    bad = api.post(f"/projects/{w.project_id}/modules", body, token=w.admin)
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "settings.phase"
    unphased = w.module("budget", settings=SETTINGS)
    assert _move(api, w, unphased, "voting").json["code"] == "wrong_phase"
    assert _move(api, w, unphased, "proposals").status_code == 200


def test_a_budget_without_phases_takes_ideas_and_ballots_together(api, make_user):
    w = world(api, make_user)
    mid = w.module("budget", settings=SETTINGS)
    _, person = make_user()
    idea = w.contribute(mid, person, title="Bench", cost=30)["id"]
    ballot = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [idea]}, token=person)
    assert ballot.status_code == 200 and ballot.json["total_cost"] == 30
    assert "phase" not in api.get(f"/modules/{mid}").json["settings"]
    with_votes = _answer(api, w, idea, "accepted", cost=50)
    assert with_votes.status_code == 409 and with_votes.json["code"] == "idea_has_votes"
    assert _move(api, w, mid, "proposals").json["code"] == "wrong_phase"  # ballots exist
