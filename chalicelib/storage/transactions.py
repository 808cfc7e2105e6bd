"""Transactions: the connection PynamoDB's TransactWrite needs, and reading why DynamoDB
cancelled one (which item's condition failed, or a conflict with a concurrent transaction,
after which the caller may retry)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def connection() -> Any:
    """One per process, like the models' own: making a botocore client is costly."""
    from pynamodb.connection import Connection

    from chalicelib.config import settings

    return Connection(region=settings().region)


def failed_at(err: Any) -> list[int]:
    """Positions of the transaction's items whose condition failed."""
    reasons = getattr(err, "cancellation_reasons", None) or []
    return [i for i, r in enumerate(reasons)
            if r is not None and r.code == "ConditionalCheckFailed"]


def conflicted(err: Any) -> bool:
    reasons = getattr(err, "cancellation_reasons", None) or []
    return any(r is not None and r.code == "TransactionConflict" for r in reasons) or (
        getattr(err, "cause_response_code", "") == "TransactionConflictException")
