"""What notifying followers costs: publishing does not grow with the audience at all; the
pipeline behind it grows linearly, in messages of bounded size."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from tests.notify_support import run_pipeline, seed_community


@pytest.fixture
def counted(app):
    """AWS calls counted from here on (clients made afresh so the hooks see them)."""
    from bench import counting
    from chalicelib.platform.aws import clients as aws
    from chalicelib.tables import all_models

    counting.install()
    aws.reset_clients()
    for model in all_models():
        model._connection = None
    return counting


def _publish(community_id: str) -> str:
    from chalicelib.notifications import notifications

    return notifications.publish("community.update", "followed",
                                 {"followers_of": community_id}, community_id=community_id,
                                 data={"title": {"en": "News"}, "url": "/c"})


def _publish_cost(counted, followers: int) -> dict[str, int]:
    from chalicelib.platform.aws import queues

    community_id, _ = seed_community(followers)
    queues.queue_url(queues.NOTIFY)  # a warm Lambda knows the URL already
    with counted.counting() as calls:
        _publish(community_id)
    return counted.figures(calls)


def test_publishing_does_not_grow_with_followers(counted):
    small = _publish_cost(counted, 100)
    large = _publish_cost(counted, 2000)
    assert small == large
    assert small["dynamodb"] <= 3 and small["sqs"] == 1 and small["ses"] == 0


def _fanout_cost(counted, followers: int) -> tuple[dict[str, int], Counter[str]]:
    from chalicelib.platform.aws import queues

    for name in (queues.NOTIFY, queues.DELIVER):
        queues.queue_url(name)  # warm Lambdas know the URLs already
    community_id, _ = seed_community(followers)
    _publish(community_id)
    calls: Counter[str] = Counter()
    handled = run_pipeline(calls)
    return counted.figures(calls), handled


def test_fan_out_grows_linearly_with_followers(counted):
    costs = [_fanout_cost(counted, n) for n in (100, 200, 300)]
    figures = [c for c, _ in costs]
    for service in ("dynamodb", "sqs", "ses"):
        steps = [b[service] - a[service] for a, b in itertools.pairwise(figures)]
        assert steps[0] == steps[1], (service, figures)   # a straight line
    assert [f["ses"] for f in figures] == [100, 200, 300]
    # Per 100 followers: two delivery messages of 50, each two BatchGets, 50 claims and two
    # BatchWrites: at most 1.1 DynamoDB calls a follower.
    assert figures[1]["dynamodb"] - figures[0]["dynamodb"] <= 110
    assert [h["deliver"] for _, h in costs] == [2, 4, 6]
    assert all(h["notify"] == 1 for _, h in costs)
