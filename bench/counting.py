"""Counting AWS calls with botocore event hooks: every client any library makes (boto3's,
PynamoDB's) gets a `before-call` hook that counts calls per service, and DynamoDB's calls
the hooks of bench.capacity that charge them in request units."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import botocore.session

from bench import capacity

SERVICES = {"dynamodb": "dynamodb", "s3": "s3", "sqs": "sqs", "ses": "ses", "email": "ses"}
calls: Counter[str] = Counter()
_installed = False


def _count(model: Any = None, **_: Any) -> None:
    service = model.service_model.endpoint_prefix if model is not None else "unknown"
    calls[SERVICES.get(service, service)] += 1


def install() -> None:
    """Hook every botocore client created from now on."""
    global _installed
    if _installed:
        return
    original = botocore.session.Session.create_client

    def create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = original(self, *args, **kwargs)
        client.meta.events.register("before-call.*.*", _count)
        client.meta.events.register("before-call.dynamodb.*", capacity.before_call)
        client.meta.events.register("after-call.dynamodb.*", capacity.after_call)
        return client

    botocore.session.Session.create_client = create_client  # type: ignore[method-assign]
    _installed = True


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Counts of the calls made inside the block, per service."""
    before = Counter(calls)
    result: Counter[str] = Counter()
    yield result
    for service, count in calls.items():
        diff = count - before.get(service, 0)
        if diff:
            result[service] = diff


def figures(counter: Counter[str]) -> dict[str, int]:
    return {s: int(counter.get(s, 0)) for s in ("dynamodb", "s3", "sqs", "ses")}
