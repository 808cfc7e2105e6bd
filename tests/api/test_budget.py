"""Participatory budgets: ballots validated and replaced atomically, tallies."""

from __future__ import annotations

from tests.api.participation import world
from tests.support import roll_up_votes


def _budget(api, make_user, **settings):
    w = world(api, make_user)
    mid = w.module("budget", settings={"budget_total": 100, "min_choices": 1,
                                       "max_choices": 3, "results": "public", **settings})
    _, proposer = make_user()
    ideas = {cost: w.contribute(mid, proposer, title=f"Costs {cost}", cost=cost)["id"]
             for cost in (10, 20, 30, 60, 90)}
    return w, mid, ideas


def test_invalid_ballots_are_422_with_the_reason(api, make_user):
    w, mid, ideas = _budget(api, make_user)
    _, voter = make_user()
    for ids, code in (([], "too_few_choices"),
                      ([ideas[10], ideas[20], ideas[30], ideas[60]], "too_many_choices"),
                      ([ideas[60], ideas[90]], "over_budget")):
        answer = api.put(f"/modules/{mid}/ballot", {"contribution_ids": ids}, token=voter)
        assert answer.status_code == 422 and answer.json["code"] == code, (ids, answer.json)
    other = w.module("ideas")
    stranger = w.contribute(other, voter, title="Elsewhere")["id"]
    answer = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [stranger]}, token=voter)
    assert answer.status_code == 400
    assert answer.json["errors"][0]["field"] == "contribution_ids.0"
    answer = api.put(f"/modules/{mid}/ballot",
                     {"contribution_ids": [ideas[10], ideas[10]]}, token=voter)
    assert answer.status_code == 400
    assert api.get(f"/modules/{mid}/ballot", token=voter).json["contribution_ids"] == []


def test_replacing_a_ballot_moves_the_tallies(api, make_user):
    _w, mid, ideas = _budget(api, make_user)
    _, alice = make_user()
    _, bob = make_user()
    answer = api.put(f"/modules/{mid}/ballot",
                     {"contribution_ids": [ideas[10], ideas[20], ideas[60]]}, token=alice)
    assert answer.status_code == 200, answer.json
    assert answer.json["total_cost"] == 90 and answer.json["version"] == 1
    api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[10]]}, token=bob)
    answer = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[30], ideas[10]]},
                     token=alice)
    assert answer.json["version"] == 2 and answer.json["total_cost"] == 40
    roll_up_votes()  # while voting, the counts show a minute late at most
    results = api.get(f"/modules/{mid}/results").json
    votes = {i["id"]: i["votes"] for i in results["ideas"]}
    assert votes == {ideas[10]: 2, ideas[30]: 1, ideas[20]: 0, ideas[60]: 0, ideas[90]: 0}
    assert results["ideas"][0]["id"] == ideas[10] and results["ballots"] == 2
    mine = api.get(f"/modules/{mid}/ballot", token=alice).json
    assert mine["contribution_ids"] == [ideas[30], ideas[10]]
    assert api.get(f"/modules/{mid}", token=alice).json["viewer"]["voted"] is True
    from chalicelib.contributions.contribution_tables import Contribution

    assert int(Contribution.get(ideas[10]).votes) == 2


def test_ballots_stop_when_the_module_closes_and_costs_freeze_with_votes(api, make_user):
    from chalicelib.platform import clock

    w, mid, ideas = _budget(api, make_user)
    _, voter = make_user()
    api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[10]]}, token=voter)
    answer = api.patch(f"/contributions/{ideas[10]}", {"cost": 5}, token=w.admin)
    assert answer.status_code == 409 and answer.json["code"] == "idea_has_votes"
    assert api.patch(f"/contributions/{ideas[20]}", {"cost": 25},
                     token=w.admin).status_code == 200
    clock.advance(31 * 24 * 3600)
    _, late = make_user()
    answer = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[20]]}, token=late)
    assert answer.status_code == 422 and answer.json["code"] == "module_closed"


def test_ballots_belong_to_budget_modules(api, make_user):
    w = world(api, make_user)
    mid = w.module("ideas")
    _, voter = make_user()
    answer = api.put(f"/modules/{mid}/ballot", {"contribution_ids": []}, token=voter)
    assert answer.status_code == 422 and answer.json["code"] == "wrong_module_type"
