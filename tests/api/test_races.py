"""Concurrent writes leave exact counts: upvotes, reactions, responses, ballots, follows and
roles, each raced on threads against moto.

Real DynamoDB applies each request (a conditional write, a transaction) atomically; moto's
in-process backend does not lock, so `atomic_requests` serialises whole requests (never
several requests of one operation). Code that read, then wrote in a second request without
a condition would still race here, and these tests would catch it.

Chalice's test client keeps the current request on the app, so threads call the domain
functions the routes call, as the signed-in people themselves.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from tests.api.participation import world
from tests.support import roll_up_votes


@pytest.fixture
def atomic_requests(monkeypatch):
    from moto.core.botocore_stubber import BotocoreStubber

    lock = threading.RLock()
    original = BotocoreStubber.process_request

    def one_at_a_time(self, request):
        with lock:
            return original(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", one_at_a_time)


def principal(user_id: str, admin: bool = False) -> Any:
    from chalicelib.platform.principal import Principal

    return Principal(user_id=user_id, session_id="race", platform_admin=admin)


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls on threads released together; results (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(n: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[n] = call()
        except Exception as exc:  # collected and asserted by the test
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_upvotes_and_reactions_count_exactly(api, make_user, atomic_requests):
    from chalicelib.contributions import reactions
    from chalicelib.contributions import upvotes as ideas
    from chalicelib.contributions.contribution_tables import Contribution

    w = world(api, make_user)
    mid = w.module("ideas")
    _, author = make_user()
    cid = w.contribute(mid, author, title="Race me")["id"]
    people = [make_user()[0] for _ in range(6)]
    twice = people[0]
    calls = [lambda u=u: ideas.upvote(cid, principal(u), True) for u in people]
    calls += [lambda: ideas.upvote(cid, principal(twice), True)] * 3
    calls += [lambda u=u: reactions.react(cid, "heart", principal(u), True) for u in people]
    calls += [lambda: reactions.react(cid, "heart", principal(twice), True)] * 3
    assert not [r for r in race(calls) if isinstance(r, Exception)]
    stored = Contribution.get(cid)
    assert int(stored.upvote_count) == 6
    assert stored.reactions.as_dict() == {"heart": 6}
    assert int(stored.engagement) == 12
    # Withdrawals race too.
    calls = [lambda: ideas.upvote(cid, principal(twice), False)] * 4
    assert not [r for r in race(calls) if isinstance(r, Exception)]
    assert int(Contribution.get(cid).upvote_count) == 5


def test_one_response_per_person_under_a_race(api, make_user, atomic_requests):
    from chalicelib.modules import questionnaires as questionnaire
    from chalicelib.modules.module_schemas import ResponseIn
    from chalicelib.platform.errors import Conflict

    w = world(api, make_user)
    mid = w.module("questionnaire")
    qid = api.post(f"/modules/{mid}/questions", {
        "prompt": "Pick", "kind": "single_choice", "options": ["a", "b"]},
        token=w.admin).json["id"]
    eager = make_user()[0]
    others = [make_user()[0] for _ in range(5)]
    body = ResponseIn.model_validate({"answers": {qid: "a"}})
    calls = [lambda: questionnaire.respond(mid, principal(eager), body, "")] * 4
    calls += [lambda u=u: questionnaire.respond(mid, principal(u), body, "") for u in others]
    results = race(calls)
    eager_results = results[:4]
    assert sum(isinstance(r, dict) for r in eager_results) == 1
    assert all(isinstance(r, Conflict) for r in eager_results if not isinstance(r, dict))
    assert all(isinstance(r, dict) for r in results[4:])
    tallies = api.get(f"/modules/{mid}/results", token=w.admin).json
    assert tallies["responses"] == 6
    assert tallies["questions"][0]["options"][0] == {"option": "a", "count": 6}


def test_concurrent_ballots_leave_tallies_equal_to_the_ballots(api, make_user,
                                                                 atomic_requests):
    from chalicelib.contributions import ballots as budget
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.modules.vote_tables import Ballot

    w = world(api, make_user)
    mid = w.module("budget", settings={"budget_total": 100, "max_choices": 3})
    _, proposer = make_user()
    ideas = [w.contribute(mid, proposer, title=f"Idea {k}", cost=10)["id"] for k in range(5)]
    voters = [make_user()[0] for _ in range(4)]
    changer = voters[0]
    choices = [ideas[0:3], ideas[2:5], [ideas[1]], [ideas[4], ideas[0]]]
    calls = [lambda u=u: budget.put_ballot(mid, principal(u), ideas[:2]) for u in voters]
    calls += [lambda c=c: budget.put_ballot(mid, principal(changer), c) for c in choices]
    results = race(calls)
    failures = [r for r in results if isinstance(r, Exception)]
    assert all(getattr(f, "status", None) == 409 for f in failures), failures
    ballots = list(Ballot.query(mid))
    assert len(ballots) == 4
    expected = Counter(i for b in ballots for i in b.choices)
    assert api.get(f"/modules/{mid}", token=w.admin).json["counts"]["ballots"] == 4
    roll_up_votes()  # the live counts, into the ideas
    for idea in ideas:
        assert int(Contribution.get(idea).votes or 0) == expected.get(idea, 0), idea
    assert api.get(f"/modules/{mid}", token=w.admin).json["counts"]["ballots"] == 4


def test_concurrent_follows_and_joins_count_exactly(api, make_user, atomic_requests):
    from chalicelib.communities import follows, memberships

    w = world(api, make_user)
    cid = w.community_id
    people = [make_user()[0] for _ in range(5)]
    calls = [lambda u=u: follows.follow(cid, principal(u), True) for u in people] * 2
    calls += [lambda u=u: memberships.join(cid, principal(u), None) for u in people] * 2
    assert not [r for r in race(calls) if isinstance(r, Exception)]
    community = api.get(f"/communities/{cid}").json
    assert community["follower_count"] == 5 and community["member_count"] == 6


def test_two_admins_removing_each_other_leave_one(api, make_user, atomic_requests):
    from chalicelib.communities import memberships
    from chalicelib.communities.community_tables import Community, Membership

    w = world(api, make_user)
    cid = w.community_id
    second = make_user()[0]
    api.put(f"/communities/{cid}/members/{second}", {"role": "admin"}, token=w.admin)
    results = race([
        lambda: memberships.remove_member(cid, second, principal(w.admin_id)),
        lambda: memberships.remove_member(cid, w.admin_id, principal(second)),
    ])
    admins = [m for m in Membership.query(cid) if m.role == "admin"]
    assert len(admins) == 1 and int(Community.get(cid).admin_count) == 1
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and refused[0].status in (403, 409)
