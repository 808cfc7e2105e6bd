"""Transactions: the connection PynamoDB's TransactWrite needs, and reading why DynamoDB
cancelled one (which item's condition failed, or a conflict with a concurrent transaction,
after which the caller may retry)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

TX_ITEMS = 100  # DynamoDB's limit of items in one transaction


@cache
def connection() -> Any:
    """One per process, like the models' own: making a botocore client is costly."""
    from pynamodb.connection import Connection

    from chalicelib.platform.config import settings

    return Connection(region=settings().region)


def in_transactions(values: list[str], per_transaction: int, add: Callable[[Any, str], None],
                    one: Callable[[str], Any]) -> None:
    """Write `values` `per_transaction` to a transaction (`add(tx, value)` puts one value's
    items in it). A transaction that is cancelled (a condition failed, or a concurrent
    writer) is redone one value at a time with `one(value)`, which handles its own."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    for start in range(0, len(values), per_transaction):
        chunk = values[start:start + per_transaction]
        try:
            with TransactWrite(connection=connection()) as tx:
                for value in chunk:
                    add(tx, value)
        except TransactWriteError:
            for value in chunk:
                one(value)


def failed_at(err: Any) -> list[int]:
    """Positions of the transaction's items whose condition failed."""
    reasons = getattr(err, "cancellation_reasons", None) or []
    return [i for i, r in enumerate(reasons)
            if r is not None and r.code == "ConditionalCheckFailed"]


def conflicted(err: Any) -> bool:
    reasons = getattr(err, "cancellation_reasons", None) or []
    return any(r is not None and r.code == "TransactionConflict" for r in reasons) or (
        getattr(err, "cause_response_code", "") == "TransactionConflictException")


@dataclass(frozen=True)
class Check:
    """A ConditionCheck item of a transaction, named so a failure can be told apart."""

    label: str
    model: Any
    hash_key: Any
    range_key: Any
    condition: Any


class CheckFailed(Exception):
    def __init__(self, labels: set[str]) -> None:
        super().__init__(", ".join(sorted(labels)))
        self.labels = labels


def add_checks(tx: Any, checks: list[Check]) -> None:
    """PynamoDB sends ConditionChecks first, then deletes, puts and updates: positions in
    the cancellation reasons follow that order."""
    for check in checks:
        tx.condition_check(check.model, check.hash_key, check.range_key,
                           condition=check.condition)


def raise_failed_checks(err: Any, checks: list[Check]) -> list[int]:
    """Raise CheckFailed if a check failed; else the failed positions of the other items,
    counted from the first item after the checks."""
    failed = failed_at(err)
    labels = {checks[i].label for i in failed if i < len(checks)}
    if labels:
        raise CheckFailed(labels)
    return [i - len(checks) for i in failed if i >= len(checks)]
