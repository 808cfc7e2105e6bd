"""Nothing counted twice or lost when a ballot or a roll-up stops at any AWS call
(tests/fault_support.py): a ballot stopped and cast again counts once; a roll-up stopped
anywhere and run again leaves the ideas' votes and the module's ballot count exact, with
nothing left in the live counters."""

from __future__ import annotations

from typing import Any

from tests.api.participation import world
from tests.fault_support import stop_at_each_call
from tests.support import roll_up_votes

SETTINGS = {"budget_total": 100, "min_choices": 1, "max_choices": 3, "results": "public"}


def _stored(ids: list[str]) -> list[int]:
    from chalicelib.contributions.contribution_tables import Contribution

    return [int(Contribution.get(i).votes or 0) for i in ids]


def _live(ids: list[str], module_id: str) -> list[int]:
    """What the counters still hold (nothing, once rolled up)."""
    from chalicelib.modules import tally_tables

    keys = [k for i in ids for k in tally_tables.vote_keys(i)]
    keys += tally_tables.ballot_keys(module_id)
    return [n for n in tally_tables.counts(tally_tables.read(keys), keys).values() if n]


def test_a_ballot_stopped_at_any_call_and_cast_again_counts_once(api, make_user):
    from chalicelib.modules.module_tables import Module

    w = world(api, make_user)
    mid = w.module("budget", settings=SETTINGS)
    _, proposer = make_user()
    ideas = [w.contribute(mid, proposer, title=f"Idea {k}", cost=10)["id"] for k in range(2)]
    voters: list[str] = []

    def setup(n: int) -> str:
        return make_user(name=f"Voter {n}")[1]

    def vote(token: str) -> Any:
        return api.put(f"/modules/{mid}/ballot", {"contribution_ids": ideas}, token=token)

    def check(token: str, cut: int, stopped: bool) -> None:
        if stopped:
            again = vote(token)  # PUT: the person just tries again
            assert again.status_code == 200, (cut, again.json)
        voters.append(token)
        roll_up_votes()
        assert _stored(ideas) == [len(voters)] * 2, f"cut at call {cut}"
        assert int(Module.get(mid).ballot_count) == len(voters), f"cut at call {cut}"

    assert stop_at_each_call(setup, vote, check) >= 2


def test_a_roll_up_stopped_at_any_call_and_run_again_is_exact(api, make_user):
    from chalicelib.contributions import vote_rollup
    from chalicelib.modules import module_access

    w = world(api, make_user)
    _, proposer = make_user()
    voters = [make_user()[1] for _ in range(3)]

    def setup(n: int) -> tuple[str, list[str], Any]:
        mid = w.module("budget", settings=SETTINGS)
        ideas = [w.contribute(mid, proposer, title=f"Idea {n}.{k}", cost=10)["id"]
                 for k in range(3)]
        for token, chosen in zip(voters, ([0, 1], [1], [1, 2]), strict=True):
            answer = api.put(f"/modules/{mid}/ballot",
                             {"contribution_ids": [ideas[k] for k in chosen]}, token=token)
            assert answer.status_code == 200, answer.json
        return mid, ideas, module_access.get(mid)

    def roll(ctx: tuple[str, list[str], Any]) -> Any:
        return vote_rollup.roll_up(ctx[2])

    def check(ctx: tuple[str, list[str], Any], cut: int, stopped: bool) -> None:
        mid, ideas, _ = ctx
        vote_rollup.roll_up(module_access.get(mid))  # the next minute's run
        assert _stored(ideas) == [1, 3, 1], f"cut at call {cut}"
        assert int(module_access.get(mid).ballot_count) == 3, f"cut at call {cut}"
        assert _live(ideas, mid) == [], f"cut at call {cut}"

    assert stop_at_each_call(setup, roll, check) >= 5
