"""Budgets' live vote counts (docs/scale.md, "The ballot"): a ballot writes counters of its
own, the `roll_up_votes` schedule moves them into the ideas and the module, so the feeds and
the results show votes a minute late at most while voting and exactly once voting is over,
before any roll-up ran; a roll-up run again, or racing another, changes nothing."""

from __future__ import annotations

from typing import Any

from tests.api.participation import world
from tests.support import roll_up_votes


def _budget(api: Any, make_user: Any, **settings: Any) -> tuple[Any, str, list[str]]:
    w = world(api, make_user)
    mid = w.module("budget", settings={"budget_total": 100, "min_choices": 1,
                                       "max_choices": 3, "results": "after_close",
                                       **settings})
    _, proposer = make_user()
    ideas = [w.contribute(mid, proposer, title=f"Idea {k}", cost=10)["id"] for k in range(4)]
    return w, mid, ideas


def _vote(api: Any, mid: str, token: str, ids: list[str]) -> None:
    answer = api.put(f"/modules/{mid}/ballot", {"contribution_ids": ids}, token=token)
    assert answer.status_code == 200, answer.json


def _stored_votes(ideas: list[str]) -> dict[str, int]:
    from chalicelib.contributions.contribution_tables import Contribution

    return {i: int(Contribution.get(i).votes or 0) for i in ideas}


def _results(api: Any, mid: str, token: str | None) -> dict[str, Any]:
    answer = api.get(f"/modules/{mid}/results", token=token)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_votes_show_after_the_roll_up_and_a_second_run_writes_nothing(api, make_user):
    w, mid, ideas = _budget(api, make_user)
    tokens = [make_user()[1] for _ in range(3)]
    _vote(api, mid, tokens[0], [ideas[0], ideas[1]])
    _vote(api, mid, tokens[1], [ideas[1]])
    _vote(api, mid, tokens[2], [ideas[2]])
    _vote(api, mid, tokens[0], [ideas[1], ideas[3]])  # replaced: idea 0 loses, 3 gains
    assert _stored_votes(ideas) == dict.fromkeys(ideas, 0)  # not yet rolled up
    assert api.get(f"/modules/{mid}", token=w.admin).json["counts"]["ballots"] == 3  # live
    done = roll_up_votes()
    assert done["moved"] == 4  # ideas 1, 2, 3 and the module's ballot count
    expected = {ideas[0]: 0, ideas[1]: 2, ideas[2]: 1, ideas[3]: 1}
    assert _stored_votes(ideas) == expected
    feed = api.get(f"/modules/{mid}/contributions?sort=latest", token=w.admin).json
    assert {c["id"]: c["counts"]["votes"] for c in feed["items"]} == expected
    results = _results(api, mid, w.admin)
    assert {i["id"]: i["votes"] for i in results["ideas"]} == expected
    assert results["ballots"] == 3
    again = roll_up_votes()
    assert again["moved"] == 0 and _stored_votes(ideas) == expected


def test_results_right_after_the_close_are_exact_before_any_roll_up(api, make_user):
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform import clock

    _w, mid, ideas = _budget(api, make_user)
    _, voter = make_user()
    _, other = make_user()
    _vote(api, mid, voter, [ideas[0]])
    roll_up_votes()
    _vote(api, mid, other, [ideas[0], ideas[2]])
    _vote(api, mid, voter, [ideas[2]])
    clock.advance(31 * 24 * 3600)  # past closes_at: no roll-up ran since the last ballots
    assert _stored_votes(ideas)[ideas[0]] == 1
    results = _results(api, mid, None)  # the public, once closed (`after_close`)
    assert {i["id"]: i["votes"] for i in results["ideas"]} == {
        ideas[0]: 1, ideas[1]: 0, ideas[2]: 2, ideas[3]: 0}
    assert results["ideas"][0]["id"] == ideas[2] and results["ballots"] == 2
    module = Module.get(mid)
    assert module.tally is None and module.tally_sealed is not None  # final
    assert roll_up_votes()["modules"] == 0  # no longer due


def test_an_admin_close_seals_the_counts_against_a_late_ballot(api, make_user, monkeypatch):
    """A ballot that read the module open, and takes its clock from before the close, is
    refused once the roll-up sealed the counts."""
    from chalicelib.contributions import vote_rollup
    from chalicelib.modules import module_access

    w, mid, ideas = _budget(api, make_user)
    _, voter = make_user()
    _vote(api, mid, voter, [ideas[0]])
    real = module_access.put_ballot

    def close_first(*args: Any, **kwargs: Any) -> Any:
        assert api.post(f"/modules/{mid}/close", {}, token=w.admin).status_code == 200
        vote_rollup.ensure_final(module_access.get(mid))  # sealed and final
        return real(*args, **kwargs)

    _, late = make_user()
    monkeypatch.setattr(module_access, "put_ballot", close_first)
    answer = api.put(f"/modules/{mid}/ballot", {"contribution_ids": [ideas[1]]}, token=late)
    assert answer.status_code == 422 and answer.json["code"] == "module_closed"
    monkeypatch.setattr(module_access, "put_ballot", real)
    results = _results(api, mid, late)
    assert {i["id"]: i["votes"] for i in results["ideas"]}[ideas[1]] == 0
    assert results["ballots"] == 1


def test_a_reopened_budget_counts_again(api, make_user):
    from chalicelib.platform import clock

    w, mid, ideas = _budget(api, make_user)
    _, voter = make_user()
    _vote(api, mid, voter, [ideas[0]])
    assert api.post(f"/modules/{mid}/close", {}, token=w.admin).status_code == 200
    assert _results(api, mid, voter)["ballots"] == 1  # final
    until = clock.iso(clock.now() + 3600)
    reopened = api.post(f"/modules/{mid}/open", {"closes_at": until}, token=w.admin)
    assert reopened.status_code == 200, reopened.json
    _, second = make_user()
    _vote(api, mid, second, [ideas[0], ideas[1]])
    clock.advance(2 * 3600)
    results = _results(api, mid, None)
    assert {i["id"]: i["votes"] for i in results["ideas"]}[ideas[0]] == 2
    assert results["ballots"] == 2


def test_a_roll_up_racing_another_moves_each_vote_once(api, make_user, monkeypatch):
    """Two runs that read the same ideas: the second's moves condition on the votes it read,
    which the first changed, so it writes nothing; the next run finds nothing left."""
    from chalicelib.contributions import vote_rollup
    from chalicelib.modules import module_access

    _w, mid, ideas = _budget(api, make_user)
    for _ in range(2):
        _vote(api, mid, make_user()[1], [ideas[0], ideas[1]])
    module = module_access.get(mid)
    stale = vote_rollup._ideas(mid)
    assert vote_rollup.roll_up(module)[0] == 3
    monkeypatch.setattr(vote_rollup, "_ideas", lambda module_id: stale)
    _vote(api, mid, make_user()[1], [ideas[0]])
    assert vote_rollup.roll_up(module_access.get(mid))[0] == 1  # only the module's count
    monkeypatch.undo()
    assert _stored_votes(ideas)[ideas[0]] == 2  # the third ballot is still live
    roll_up_votes()
    assert _stored_votes(ideas) == {ideas[0]: 3, ideas[1]: 2, ideas[2]: 0, ideas[3]: 0}


def test_rules_and_costs_stay_frozen_by_live_ballots_before_any_roll_up(api, make_user):
    w, mid, ideas = _budget(api, make_user)
    _, voter = make_user()
    _vote(api, mid, voter, [ideas[0]])
    rules = api.patch(f"/modules/{mid}", {"settings": {"budget_total": 200}}, token=w.admin)
    assert rules.status_code == 409 and rules.json["code"] == "ballots_exist"
    cost = api.patch(f"/contributions/{ideas[0]}", {"cost": 5}, token=w.admin)
    assert cost.status_code == 409 and cost.json["code"] == "idea_has_votes"
    _vote(api, mid, voter, [ideas[1]])  # idea 0 holds no vote any more: live 0, stored 0
    roll_up_votes()
    assert api.patch(f"/contributions/{ideas[0]}", {"cost": 5},
                     token=w.admin).status_code == 200
    _vote(api, mid, voter, [ideas[0], ideas[1]])
    assert api.get(f"/modules/{mid}/ballot", token=voter).json["total_cost"] == 15


def test_an_erased_voter_leaves_the_counts_as_they_were(api, make_user):
    """Erasure deletes the ballot; the counts it fed stay (they record the consultation,
    not the person), before and after the roll-up."""
    from chalicelib.modules.vote_tables import Ballot
    from tests.privacy_support import erase

    w, mid, ideas = _budget(api, make_user)
    voter_id, voter = make_user()
    _, other = make_user()
    _vote(api, mid, voter, [ideas[0], ideas[1]])
    _vote(api, mid, other, [ideas[1]])
    erase(voter_id)
    assert [b.user_id for b in Ballot.query(mid)] != [] and all(
        b.user_id != voter_id for b in Ballot.query(mid))
    roll_up_votes()
    assert _stored_votes(ideas)[ideas[1]] == 2 and _stored_votes(ideas)[ideas[0]] == 1
    assert api.get(f"/modules/{mid}", token=w.admin).json["counts"]["ballots"] == 2
