"""The DynamoDB calls of moderation (bench/scenarios/moderation.py): a flag is a write of at
most 3 calls with the session check, whether it opens a case and hides the item or feeds an
open case; the queue page is a read of at most 4."""

from __future__ import annotations

from tests.api.test_contributions_calls import _count_from_now_on


def test_flagging_costs_at_most_three_dynamodb_calls(client):
    from bench.run import Context
    from bench.scenarios import moderation
    from tests.conftest import Api

    _count_from_now_on()
    ctx = Context(Api(client))
    moderation.run(ctx)
    figures = ctx.operations
    for name in ("contribution.flag", "comment.flag", "contribution.flag@threshold3"):
        assert 1 <= figures[name]["dynamodb"] <= 3, (name, figures[name])
        assert figures[name]["s3"] == 0 and figures[name]["ses"] == 0
    assert figures["contribution.flag"]["sqs"] == 1  # the moderators' notice, queued
    assert figures["contribution.flag@threshold3"]["sqs"] == 0  # no new case
    assert 1 <= figures["moderation.queue@20"]["dynamodb"] <= 4, figures["moderation.queue@20"]
