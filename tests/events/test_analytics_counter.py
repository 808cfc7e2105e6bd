"""The analytics counter under concurrency: racing writes through the domain functions, and
racing deliveries of the same activities to the counter (SQS delivers at least once, to
several consumers at a time). Counters must come out exact: each action once, each person
once per day, module and community.

Moto does not lock; `atomic_requests` (tests/api/test_races.py) makes each request atomic,
as DynamoDB does, so only the code's own conditions keep the counts exact."""

from __future__ import annotations

from typing import Any

from tests.api.participation import world
from tests.api.test_races import atomic_requests, principal, race  # noqa: F401
from tests.support import run_queues


def counters(community_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(today's day item, the summary), unsuppressed, straight from storage (each one's
    shards added up)."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics import counting
    from chalicelib.platform import clock

    day = counting.day_of(clock.now())
    (item,) = store.days(community_id, day, day) or [{}]
    return item, store.summary(community_id)


def test_racing_writes_are_each_counted_once(api, make_user, atomic_requests):  # noqa: F811
    from chalicelib.communities import follows
    from chalicelib.contributions import contributions, reactions
    from chalicelib.contributions import upvotes as ideas
    from chalicelib.contributions.contribution_schemas import ContributionIn

    w = world(api, make_user)
    park = w.module("ideas")
    crowd = [make_user()[0] for _ in range(6)]
    body = ContributionIn.model_validate({"title": "Idea", "body": "Text"})
    made = race([lambda u=u: contributions.create(park, principal(u), body, "")
                 for u in crowd for _ in range(2)])
    assert all(isinstance(c, dict) for c in made), made
    target = made[0]["id"]
    calls = [lambda u=u: ideas.upvote(target, principal(u), True) for u in crowd] * 2
    calls += [lambda u=u: reactions.react(target, "heart", principal(u), True) for u in crowd]
    calls += [lambda u=u: follows.follow(w.community_id, principal(u), True)
              for u in crowd] * 2
    assert not [r for r in race(calls) if isinstance(r, Exception)]
    run_queues()
    day, summary = counters(w.community_id)
    assert (day["c|n"], day["c|n|p"]) == (12, 6)
    assert (day["c|u"], day["c|u|p"]) == (6, 6)     # a second upvote by one person: nothing
    assert (day["c|r"], day["c|r|p"]) == (6, 6)
    assert day["c|p"] == 6 and day[f"{park}|p"] == 6
    assert summary["participants"] == 6 and summary[f"mp|{park}"] == 6
    assert summary["followers"] == 6 and day["f"] == 6


def test_racing_deliveries_count_each_activity_and_person_once(api, make_user,
                                                               atomic_requests):  # noqa: F811
    from chalicelib.analytics import activity_counter
    from chalicelib.platform import activities as activity

    w = world(api, make_user)
    park = w.module("ideas")
    crowd = [make_user()[0] for _ in range(5)]
    messages = []
    for user_id in crowd:
        for kind in ("contribution", "comment", "upvote", "upvote", "reaction"):
            messages.append(activity.message(kind, community_id=w.community_id,
                                             module_id=park, user_id=user_id))
        messages.append(activity.message("follow", community_id=w.community_id,
                                         user_id=user_id))
    deliveries = [lambda m=m: activity_counter.count(m) for m in messages] * 3  # at least once
    results = race(deliveries)
    # A delivery that met too much contention raises: SQS would deliver it again.
    for message, result in zip(messages * 3, results, strict=True):
        if isinstance(result, Exception):
            assert activity_counter.count(message) in ("counted", "duplicate", "skipped")
    outcomes = [r for r in results if not isinstance(r, Exception)]
    assert outcomes.count("counted") <= len(messages)
    day, summary = counters(w.community_id)
    assert (day["c|n"], day["c|n|p"]) == (5, 5)
    assert (day["c|cm"], day["c|cm|p"]) == (5, 5)
    assert (day["c|u"], day["c|u|p"]) == (10, 5)   # two upvotes each: 10 actions, 5 people
    assert (day[f"{park}|u"], day[f"{park}|u|p"]) == (10, 5)
    assert day["c|p"] == 5 and day[f"{park}|p"] == 5
    assert summary["participants"] == 5 and summary[f"mp|{park}"] == 5
    assert summary["followers"] == 5
