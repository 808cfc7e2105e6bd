"""What telling an official answer's upvoters costs: the pipeline grows linearly with them,
in pages and messages of bounded size, like a community's followers."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from tests.answer_support import publish_answer, seed_upvoted
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


def _cost(counted, upvoters: int) -> tuple[dict[str, int], Counter[str]]:
    from chalicelib.platform.aws import queues

    for name in (queues.NOTIFY, queues.DELIVER):
        queues.queue_url(name)
    community_id, _ = seed_community(0)
    contribution_id, _ = seed_upvoted(community_id, upvoters)
    publish_answer(community_id, contribution_id)
    calls: Counter[str] = Counter()
    handled = run_pipeline(calls)
    return counted.figures(calls), handled


def test_an_answers_fan_out_grows_linearly_with_upvoters(counted):
    costs = [_cost(counted, n) for n in (100, 200, 300)]
    figures = [c for c, _ in costs]
    for service in ("dynamodb", "sqs", "ses"):
        steps = [b[service] - a[service] for a, b in itertools.pairwise(figures)]
        assert steps[0] == steps[1], (service, figures)
    assert [f["ses"] for f in figures] == [100, 200, 300]
    assert figures[1]["dynamodb"] - figures[0]["dynamodb"] <= 110
    assert [h["deliver"] for _, h in costs] == [2, 4, 6]
    # One page of upvoters, then one (empty) page each of the followers of the community,
    # the project and the module (the `following` audience's phases).
    assert all(h["notify"] == 4 for _, h in costs)


def test_pages_of_upvoters_are_bounded(counted):
    from chalicelib.contributions import answer_audience

    community_id, _ = seed_community(0)
    contribution_id, people = seed_upvoted(community_id, 30)
    seen: list[str] = []
    state: dict = {}
    pages = 0
    while state is not None:
        ids, state = answer_audience.page(contribution_id, None, state, limit=7)
        assert len(ids) <= 7
        seen += ids
        pages += 1
    # 5 pages of upvoters, then one (empty) page per followers' phase: community, project, module
    assert sorted(seen) == sorted(people) and pages <= 30 // 7 + 1 + 3
