"""Races of budget phases and answers: each write must check the phase (and the idea's
cost) inside its own transaction. Each test makes the other write land between the use
case's reads and its transaction (by wrapping the step that builds the transaction), the
interleaving a thread race would hit only sometimes; with the check done on the read
alone, every one of these tests fails."""

from __future__ import annotations

from typing import Any

from tests.api.participation import world

SETTINGS = {"budget_total": 100, "min_choices": 1, "max_choices": 3}


def principal(user_id: str) -> Any:
    from chalicelib.platform.principal import Principal

    return Principal(user_id=user_id, session_id="race", platform_admin=True)


def _budget(api, make_user, phase=None):
    w = world(api, make_user)
    settings = {**SETTINGS, **({"phase": phase} if phase else {})}
    mid = w.module("budget", settings=settings)
    _, proposer = make_user()
    idea = w.contribute(mid, proposer, title="Bench", cost=30)["id"]
    return w, mid, idea


def _move(w, mid, phase):
    from chalicelib.modules import modules
    from chalicelib.modules.module_schemas import ModulePatch

    modules.patch(mid, principal(w.admin_id), ModulePatch(settings={"phase": phase}), "en")


def _answer_body(**fields):
    from chalicelib.contributions.contribution_schemas import AnswerIn

    return AnswerIn(**{"status": "accepted", "text": {"en": "Yes"}, **fields})


def _before(monkeypatch, module, name, first):
    """Run `first()` just before `module.name` builds its part of the transaction."""
    original = getattr(module, name)

    def wrapped(*args, **kwargs):
        first()
        monkeypatch.setattr(module, name, original)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapped)


def test_a_ballot_read_in_voting_is_refused_once_results_began(api, make_user, monkeypatch):
    from chalicelib.modules import module_access

    w, mid, idea = _budget(api, make_user, phase="proposals")
    _move(w, mid, "review")
    api.put(f"/contributions/{idea}/answer", {"status": "accepted", "text": "Yes"},
            token=w.admin)
    _move(w, mid, "voting")
    _, voter = make_user()
    _before(monkeypatch, module_access, "put_ballot", lambda: _move(w, mid, "results"))
    late = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [idea]}, token=voter)
    assert late.status_code == 422 and late.json["code"] == "wrong_phase", late.json
    module = api.get(f"/modules/{mid}", token=w.admin).json
    assert module["counts"]["ballots"] == 0
    assert api.get(f"/modules/{mid}/results").json["ideas"][0]["votes"] == 0


def test_an_idea_read_in_proposals_is_refused_once_review_began(api, make_user, monkeypatch):
    from chalicelib.modules import module_access

    w, mid, _idea = _budget(api, make_user, phase="proposals")
    _, proposer = make_user()
    _before(monkeypatch, module_access, "count_contribution", lambda: _move(w, mid, "review"))
    late = api.post(f"/modules/{mid}/contributions", {"title": "Late", "body": "x", "cost": 5},
                    token=proposer)
    assert late.status_code == 422 and late.json["code"] == "wrong_phase", late.json
    assert api.get(f"/modules/{mid}").json["counts"]["contributions"] == 1


def test_a_cost_revised_in_review_is_refused_once_voting_began(api, make_user, monkeypatch):
    from chalicelib.contributions import answer_tables

    w, mid, idea = _budget(api, make_user, phase="proposals")
    _move(w, mid, "review")
    api.put(f"/contributions/{idea}/answer", {"status": "accepted", "text": "Yes"},
            token=w.admin)
    _before(monkeypatch, answer_tables, "answer_in", lambda: _move(w, mid, "voting"))
    late = api.put(f"/contributions/{idea}/answer",
                   {"status": "accepted", "text": "Yes", "cost": 99}, token=w.admin)
    assert late.status_code == 422 and late.json["code"] == "wrong_phase", late.json
    assert api.get(f"/contributions/{idea}").json["answer"].get("cost") is None


def test_a_cost_revision_loses_to_a_ballot_holding_the_idea(api, make_user, monkeypatch):
    from chalicelib.contributions import answer_tables, ballots

    w, mid, idea = _budget(api, make_user)
    voter_id, voter = make_user()

    def vote():
        ballots.put_ballot(mid, principal(voter_id), [idea])

    _before(monkeypatch, answer_tables, "answer_in", vote)
    late = api.put(f"/contributions/{idea}/answer",
                   {"status": "accepted", "text": "Yes", "cost": 99}, token=w.admin)
    assert late.status_code == 409 and late.json["code"] == "idea_has_votes", late.json
    assert api.get(f"/modules/{mid}/ballot", token=voter).json["total_cost"] == 30


def test_a_ballot_loses_to_a_cost_revised_after_it_read_the_idea(api, make_user, monkeypatch):
    from chalicelib.contributions import answers
    from chalicelib.modules import module_access

    w, mid, idea = _budget(api, make_user)
    _, voter = make_user()

    def revise():
        answers.answer(idea, principal(w.admin_id), _answer_body(cost=99), "en")

    _before(monkeypatch, module_access, "put_ballot", revise)
    late = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [idea]}, token=voter)
    assert late.status_code == 409, late.json  # a ballot of 30 for an idea now costing 99
    assert api.get(f"/modules/{mid}/ballot", token=voter).json["contribution_ids"] == []
