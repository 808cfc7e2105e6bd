"""The DynamoDB calls of an official answer and of a ballot in a budget's voting phase
(bench/scenarios/answers.py): writes, at most 3 each, the session check included."""

from __future__ import annotations


def test_answer_and_phased_ballot_calls_are_bounded(client):
    from bench.run import Context
    from bench.scenarios import answers
    from tests.api.test_contributions_calls import _count_from_now_on
    from tests.conftest import Api

    _count_from_now_on()
    ctx = Context(Api(client))
    answers.run(ctx, upvoters=120)
    figures = ctx.operations
    for name in ("contribution.answer", "budget.ballot@phases"):
        assert 1 <= figures[name]["dynamodb"] <= 3, (name, figures[name])
    fanout = figures["answer.fanout@120"]
    assert fanout["ses"] == 120 and fanout["dynamodb"] <= 2 * 120
