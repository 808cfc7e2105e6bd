"""The analytics counter's shards (docs/scale.md): a community's activities spread over the
shards of its day items, summary and module summaries; the dashboard adds every shard up,
the items written before the shards (the community's own partition) included, applies the
suppression to the sums, and still costs 4 DynamoDB calls for its default range."""

from __future__ import annotations

from typing import Any

from tests.api.participation import DAY, world
from tests.api.test_analytics import figures, today
from tests.support import run_queues


def _ids_over_every_shard(n: int) -> list[str]:
    """`n` activity ids spread evenly over the day shards, each in its own summary shard."""
    from chalicelib.analytics import analytics_tables as store

    chosen: list[str] = []
    days: list[int] = []
    shards: set[int] = set()
    candidate = 0
    while len(chosen) < n:
        key = f"activity-{candidate}"
        day_shard, shard = store.shards_of(key)
        if shard not in shards and days.count(day_shard) < -(-n // store.DAY_SHARDS):
            chosen.append(key)
            days.append(day_shard)
            shards.add(shard)
        candidate += 1
    return chosen


def _count(w: Any, module_id: str, user_id: str, key: str, at: float | None = None) -> None:
    from chalicelib.analytics import activity_counter
    from chalicelib.platform import activities

    message = activities.message("contribution", community_id=w.community_id,
                                 module_id=module_id, user_id=user_id, key=key, at=at)
    assert activity_counter.count(message) == "counted"


def _raw(partition: str, key: str) -> dict[str, Any]:
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate
    from chalicelib.platform.dynamo.batch_get import get_many

    return store.plain(get_many([(Aggregate, partition, key)]).raw(Aggregate, partition, key))


def test_counts_spread_over_the_shards_and_the_dashboard_adds_them_up(api, make_user):
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics import counting
    from chalicelib.platform import clock

    w = world(api, make_user)
    park = w.module("ideas", title="Park")
    run_queues()
    crowd = [make_user()[0] for _ in range(6)]
    for user_id, key in zip(crowd, _ids_over_every_shard(6), strict=True):
        _count(w, park, user_id, key)
    day = store.day_key(counting.day_of(clock.now()))
    pieces = [_raw(store.day_partition(w.community_id, n), day)
              for n in range(store.DAY_SHARDS)]
    # Every day shard holds a part, each from fewer than k (5) people...
    assert [p.get("c|n|p") for p in pieces] == [2, 2, 2]
    summaries = [_raw(store.summary_partition(w.community_id, n), store.SUMMARY)
                 for n in range(1, store.SHARDS + 1)]
    assert sum(1 for s in summaries if s.get("participants") == 1) == 6
    assert not _raw(w.community_id, store.SUMMARY).get("participants")  # shard 0: rare writes
    # ...and the dashboard shows the sums, exact, suppressed (or not) as sums.
    answer = figures(api, w)
    assert today(answer)["contributions"] == 6 and today(answer)["participants"] == 6
    assert answer["totals"]["participants"] == 6
    (module,) = answer["modules"]
    assert module["participants"] == 6 and module["title"] == "Park"
    module_view = figures(api, w, module=park)
    assert module_view["totals"]["participants"] == 6
    assert today(module_view)["contributions"] == 6
    # The helpers tools and tests read add the shards up the same way.
    (item,) = store.days(w.community_id, day[2:], day[2:])
    assert (item["c|n"], item["c|n|p"], item[f"{park}|p"]) == (6, 6, 6)
    assert store.summary(w.community_id, store.module_key(park))["participants"] == 6


def test_what_was_counted_before_the_shards_still_counts(api, make_user):
    """Items of the community's own partition (where everything was counted before the
    shards) are shard 0: added to the rest, nothing lost."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics import counting
    from chalicelib.analytics.analytics_tables import Aggregate, Change
    from chalicelib.platform import clock

    w = world(api, make_user)
    park = w.module("ideas", title="Park", opens=-3 * DAY)
    run_queues()
    yesterday = counting.day_of(clock.now() - DAY)
    before = Change(Aggregate, w.community_id, store.day_key(yesterday))
    for name in ("c|n", "c|n|p", "c|p", f"{park}|n", f"{park}|n|p", f"{park}|p"):
        before.add(name, 5)
    summary = Change(Aggregate, w.community_id, store.SUMMARY).add("participants", 5)
    summary.add(f"mp|{park}", 5)
    module_summary = Change(Aggregate, w.community_id, store.module_key(park))
    store.write([before, summary, module_summary.add("participants", 5)])
    crowd = [make_user()[0] for _ in range(3)]
    for user_id, key in zip(crowd, _ids_over_every_shard(3), strict=True):
        _count(w, park, user_id, key)
    answer = figures(api, w)
    assert [d["contributions"] for d in answer["days"][-2:]] == [5, None]  # 3 people: hidden
    assert answer["totals"]["participants"] == 8
    assert answer["modules"][0]["participants"] == 8
    assert answer["period"]["contributions"] is None  # a hidden day hides the total
    assert figures(api, w, module=park)["totals"]["participants"] == 8


def test_the_dashboard_reads_every_shard_in_four_calls(api, make_user):
    from bench import counting
    from chalicelib import tables as registry
    from chalicelib.platform.aws import clients as aws

    counting.install()
    aws.reset_clients()
    for model in registry.all_models():
        model._connection = None
    w = world(api, make_user)
    park = w.module("ideas")
    for user_id, key in zip([make_user()[0] for _ in range(6)], _ids_over_every_shard(6),
                            strict=True):
        _count(w, park, user_id, key)
    figures(api, w)  # a warm Lambda
    for params, calls in (({}, 4), ({"module": park}, 4),
                          # 60 days: 120 keys of day shards, a second BatchGetItem
                          ({"from": "2000-01-01", "to": "2000-02-29"}, 5)):
        with counting.counting() as counter:
            answer = figures(api, w, **params)
        assert counter["dynamodb"] == calls, (params, counter)
    assert answer["days"][0]["date"] == "2000-01-01"
