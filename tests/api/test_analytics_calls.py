"""The DynamoDB calls of `GET /communities/{cid}/analytics` (bench/scenarios/analytics.py):
at most 4 (the session check included), the same for 100 and 10,000 contributions; and of
the counter for one activity (2, whatever the size)."""

from __future__ import annotations

from tests.api.test_contributions_calls import _count_from_now_on


def test_analytics_reads_a_bounded_number_of_items(client):
    from bench.run import Context
    from bench.scenarios import analytics
    from tests.conftest import Api

    _count_from_now_on()
    ctx = Context(Api(client))
    analytics.run(ctx)
    small, big = ctx.operations["analytics.get@100"], ctx.operations["analytics.get@10000"]
    assert 1 <= small["dynamodb"] <= 4, small
    assert big == small
    assert small["s3"] == small["sqs"] == small["ses"] == 0
    # The counter: one activity of a person new to the community, with demographic answers,
    # costs one BatchGetItem and one transaction, whatever the community's size.
    first, other = ctx.operations["analytics.count@100"], ctx.operations["analytics.count@10000"]
    assert first == other and first["dynamodb"] == 2, first
