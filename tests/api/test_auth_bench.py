"""The identity bench scenario under call counting: login, refresh and GET /me each make at
most three DynamoDB calls (../shared/BENCH.md)."""

from __future__ import annotations

import pytest


@pytest.fixture
def counted(aws):
    """Hook every AWS client, including those PynamoDB cached before this test."""
    from bench import counting
    from chalicelib.platform.aws.clients import reset_clients
    from chalicelib.tables import all_models

    counting.install()
    reset_clients()
    for model in all_models():
        model._connection = None


def test_identity_operations_stay_within_three_dynamodb_calls(counted, api):
    from bench import counting
    from bench.scenarios import identity

    class Context:
        def __init__(self) -> None:
            self.api = api
            self.operations: dict[str, dict[str, int]] = {}

        def measure(self, name, fn):
            with counting.counting() as calls:
                result = fn()
            self.operations[name] = counting.figures(calls)
            return result

    ctx = Context()
    identity.run(ctx)
    ops = ctx.operations
    assert set(ops) == {"auth.register", "auth.login", "auth.refresh", "me.get"}
    for name in ("auth.login", "auth.refresh", "me.get"):
        assert 1 <= ops[name]["dynamodb"] <= 3, (name, ops[name])
        assert ops[name]["s3"] == ops[name]["sqs"] == ops[name]["ses"] == 0
    assert ops["auth.login"]["dynamodb"] == 3   # attempt on the claim, batch get, session tx
    assert ops["me.get"]["dynamodb"] == 2       # session, account
    assert ops["auth.register"]["ses"] == 1
    assert ops["auth.register"]["dynamodb"] <= 4  # two throttle counters, one transaction
