"""The bench's page-view figures (bench/scenarios/visits.py): the API call makes no DynamoDB
call and sends one message; the counter takes a batch of 10 views in one transaction."""

from __future__ import annotations


def test_a_visit_costs_no_database_call_and_a_batch_one_transaction(client):
    from bench import counting
    from bench.run import Context
    from bench.scenarios import visits
    from chalicelib import tables as registry
    from chalicelib.platform.aws import clients as aws
    from tests.conftest import Api

    counting.install()
    aws.reset_clients()
    for model in registry.all_models():
        model._connection = None
    ctx = Context(Api(client))
    visits.run(ctx)
    assert ctx.operations["visit.record"] == {"dynamodb": 0, "s3": 0, "sqs": 1, "ses": 0}
    assert ctx.operations["visit.count@10"]["dynamodb"] == 3
