"""The DynamoDB calls of the participation operations (bench/scenarios/participation.py),
against modules of 100 and 10,000 contributions: reads at most 4, writes at most 3 (the
session check included), and a module's size never changes a figure."""

from __future__ import annotations

READS = ["feed.page@100", "feed.page@10000", "feed.latest@100", "feed.latest@10000",
         "contribution.get@100", "map.bbox@10000"]
WRITES = ["contribution.upvote", "contribution.react", "budget.ballot"]


def _count_from_now_on() -> None:
    """Clients made before the hook was installed would not be counted: make new ones."""
    from bench import counting
    from chalicelib import tables as registry
    from chalicelib.platform.aws import clients as aws

    counting.install()
    aws.reset_clients()
    for model in registry.all_models():
        model._connection = None


def test_participation_calls_are_bounded_and_do_not_grow(client):
    from bench.run import Context
    from bench.scenarios import participation
    from tests.conftest import Api

    _count_from_now_on()
    ctx = Context(Api(client))
    participation.run(ctx)
    figures = ctx.operations
    for name in READS:
        assert 1 <= figures[name]["dynamodb"] <= 4, (name, figures[name])
    for name in WRITES:
        assert 1 <= figures[name]["dynamodb"] <= 3, (name, figures[name])
    for kind in ("feed.page", "feed.latest"):
        assert figures[f"{kind}@10000"] == figures[f"{kind}@100"], kind
    assert figures["map.bbox@10000"]["dynamodb"] <= figures["feed.page@100"]["dynamodb"]
    assert figures["preview.contribution"]["dynamodb"] == 2  # the item, then its community
    for name in ("comment.edit", "comment.delete", "members.list"):
        assert 1 <= figures[name]["dynamodb"] <= 4, (name, figures[name])
    assert figures["terms.accept"]["dynamodb"] <= 2, figures["terms.accept"]
