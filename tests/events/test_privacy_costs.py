"""What erasing and exporting a person costs (bench/scenarios/privacy.py): the erasure grows
linearly with what the person published, in messages of bounded size; the export of a person
with 1,000 contributions is one message with a few dozen calls (pages and BatchGetItem)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.privacy_support import erase, export, figures, seed_author, warm_queue_urls


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
    warm_queue_urls()
    return counting


def _erase_cost(items: int) -> tuple[dict[str, int], int, list[int]]:
    calls: Counter[str] = Counter()
    user_id = seed_author(items)
    messages, per_message = erase(user_id, calls)
    from tests.support import every_stored_value

    assert user_id not in every_stored_value()
    return figures(calls), messages, per_message


def test_erasure_grows_linearly_in_messages_of_bounded_size(counted, monkeypatch):
    from chalicelib.privacy import erasure

    monkeypatch.setattr(erasure, "BATCH", 20)  # the shape of BATCH = 100, at a test's size
    runs = [_erase_cost(n) for n in (20, 40, 80)]
    dynamodb = [f["dynamodb"] for f, _, _ in runs]
    messages = [m for _, m, _ in runs]
    # A straight line: doubling what was published doubles the growth.
    assert dynamodb[2] - dynamodb[1] == 2 * (dynamodb[1] - dynamodb[0]), dynamodb
    assert messages[2] - messages[1] == 2 * (messages[1] - messages[0]), messages
    # Per item published (a contribution, its head, mark and a comment): under one
    # call, since contributions and comments are forgotten a transaction per page.
    assert (dynamodb[1] - dynamodb[0]) / 20 <= 1, dynamodb
    # No message does more than one batch of one step: a few reads, a transaction or a
    # batch write or two, and the job's own progress, whatever the batch's size.
    assert max(max(p) for _, _, p in runs) <= 8, [p for _, _, p in runs]
    assert all(f["s3"] == runs[0][0]["s3"] for f, _, _ in runs)  # the person's prefixes


def test_an_export_of_a_thousand_contributions_is_one_run_of_few_calls(counted):
    calls: Counter[str] = Counter()
    messages, per_message = export(seed_author(1000, comments=0), calls)
    assert messages == 1
    # Pages of keys and BatchGetItem of 100 keys: a few dozen calls for 1,000 contributions
    # (with their marks), where one read per item would be thousands.
    assert per_message[0] <= 50, per_message
    assert calls["s3"] == 1 and calls["ses"] == 1
