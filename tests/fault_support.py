"""Fault injection at the one point every AWS call passes through (botocore's
`BaseClient._make_api_call`, which PynamoDB uses too): count the calls of an operation,
stop the process at the n-th (`Killed`, which no `except Exception` catches, as a real stop),
or make it fail with an AWS error code; then deliver everything still owed, as SQS and the
outbox's sweeper would, until nothing is left."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest.mock import patch


class Killed(BaseException):
    """The process stopped at this AWS call (nothing after it ran)."""


@contextmanager
def faults(at: int | None = None, *, error: str | None = None,
           only: Callable[[str], bool] | None = None) -> Iterator[list[str]]:
    """Yield the list of calls made ("dynamodb.TransactWriteItems"). The `at`-th call (1-based,
    counting only the calls `only` accepts) raises `Killed`, or a ClientError of code `error`
    (then every such call fails, as an outage does)."""
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError

    real = BaseClient._make_api_call
    seen: list[str] = []

    def call(self: Any, operation: str, params: dict[str, Any]) -> Any:
        name = f"{self.meta.service_model.service_name}.{operation}"
        if only is None or only(name):
            seen.append(name)
            if error is not None and (at is None or len(seen) >= at):
                raise ClientError({"Error": {"Code": error, "Message": "injected"}}, operation)
            if at is not None and error is None and len(seen) == at:
                raise Killed(name)
        return real(self, operation, params)

    with patch.object(BaseClient, "_make_api_call", call):
        yield seen


def count_calls(operation: Callable[[], Any]) -> int:
    with faults() as seen:
        operation()
    return len(seen)


def stop_at_each_call(setup: Callable[[int], Any], operation: Callable[[Any], Any],
                      check: Callable[[Any, int, bool], None], *, every: int = 1,
                      limit: int = 400) -> int:
    """For cut = 1, 1 + every, ...: `ctx = setup(cut)`, run `operation(ctx)` stopped at its
    cut-th AWS call, then `check(ctx, cut, stopped)`; until a run is not stopped (the cut is
    past its last call; caches make later runs shorter than the first). Answers the number
    of runs that were stopped."""
    for stopped_runs, cut in enumerate(range(1, limit, every)):
        ctx = setup(cut)
        stopped = False
        try:
            with faults(at=cut):
                operation(ctx)
        except Killed:
            stopped = True
        check(ctx, cut, stopped)
        if not stopped:
            return stopped_runs
    raise AssertionError(f"more than {limit} calls")


def until_quiet(rounds: int = 12) -> None:
    """Deliver every queued message, then let the outbox's sweeper send what is still owed
    (the clock moved past its longest wait), until neither has anything left."""
    from chalicelib.platform import clock
    from chalicelib.platform.dynamo import outbox, outbox_sweeper
    from tests.support import run_queues

    for _ in range(rounds):
        handled = run_queues()
        clock.advance(outbox.RETRY_AFTER[-1] + outbox.GRACE + 1)
        if not handled and not outbox_sweeper.sweep()["sent"]:
            return
    raise AssertionError("the platform never became quiet")


def pending_outbox() -> list[Any]:
    from chalicelib.platform.dynamo.outbox import OutboxMessage

    return list(OutboxMessage.scan())
