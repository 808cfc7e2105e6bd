"""The one way to write to DynamoDB atomically: a `Transaction` of labelled items.

A use case adds checks, puts, updates and deletes, each under a label it chooses ("module",
"ballot", "idea"), and commits. `commit()` writes every item or none, and answers the
labels whose condition failed (empty when everything was written), so the caller decides
from names, never from positions:

    tx = Transaction()
    tx.put("ballot", ballot, condition=...)
    tx.update("module", Module(module_id), [Module.ballot_count.add(1)],
              condition=Module.closes_at > now)
    failed = tx.commit()
    if "module" in failed: ...

A transaction that meets a concurrent one raises `Conflicted` (nothing was written: retry);
throttling and other errors raise as they are. Items are sent in the order they were
added. A single conditional write outside a transaction reports the same way through
`conditionally` (False when its condition failed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

TX_ITEMS = 100  # DynamoDB's limit of items in one transaction
CONDITION_FAILED = "ConditionalCheckFailed"


class Conflicted(Exception):
    """The transaction met a concurrent one and nothing was written: try again. Answered
    503 with Retry-After if it reaches the HTTP layer (see `platform.http.routing`)."""

    cause_response_code = "TransactionConflictException"


@dataclass
class Transaction:
    """Labelled items of one TransactWriteItems call."""

    items: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    messages: list[Any] = field(default_factory=list)  # outbox items, sent once written

    def check(self, label: str, model: Any, hash_key: Any, range_key: Any = None, *,
              condition: Any) -> Transaction:
        kwargs = model.get_operation_kwargs_from_class(hash_key, range_key=range_key,
                                                       condition=condition)
        return self._add(label, "ConditionCheck", kwargs)

    def put(self, label: str, item: Any, condition: Any = None) -> Transaction:
        return self._add(label, "Put", item.get_save_kwargs_from_instance(condition=condition))

    def update(self, label: str, item: Any, actions: list[Any],
               condition: Any = None) -> Transaction:
        kwargs = item.get_update_kwargs_from_instance(actions=actions, condition=condition)
        return self._add(label, "Update", kwargs)

    def delete(self, label: str, item: Any, condition: Any = None) -> Transaction:
        return self._add(label, "Delete",
                         item.get_delete_kwargs_from_instance(condition=condition))

    def raw(self, label: str, item: dict[str, Any]) -> Transaction:
        """A low-level item (`{"Update": {...}}`), for writes whose attribute names are data
        (the analytics counters)."""
        self.items.append((label, item))
        return self

    def publish(self, queue: str, body: dict[str, Any], *, delay: int = 0) -> Transaction:
        """Promise a queue message with this transaction (the outbox,
        `platform.dynamo.outbox`): it is recorded if and only if the transaction is
        written, sent once it is, and sent again by the sweeper until it is consumed."""
        from chalicelib.platform.dynamo import outbox

        message = outbox.new(queue, body, delay=delay)
        self.messages.append(message)
        return self.put(f"outbox:{queue}", message)

    def extend(self, other: Transaction) -> Transaction:
        self.items.extend(other.items)
        self.messages.extend(other.messages)
        return self

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.items]

    def __len__(self) -> int:
        return len(self.items)

    def _add(self, label: str, kind: str, kwargs: dict[str, Any]) -> Transaction:
        body = {k: v for k, v in kwargs.items() if k not in ("ReturnValues",)}
        self.items.append((label, {kind: body}))
        return self

    def commit(self) -> set[str]:
        """Write every item or none: the labels whose condition failed (empty when written).
        Raises Conflicted when a concurrent transaction got in the way."""
        from botocore.exceptions import ClientError

        from chalicelib.platform.aws.clients import client

        if not self.items:
            return set()
        try:
            client("dynamodb").transact_write_items(
                TransactItems=[item for _, item in self.items])
        except ClientError as err:
            code = err.response.get("Error", {}).get("Code")
            if code == "TransactionConflictException":
                raise Conflicted() from None
            if code != "TransactionCanceledException":
                raise
            reasons = _reasons(err)
            failed = {self.items[i][0] for i, r in enumerate(reasons)
                      if r == CONDITION_FAILED and i < len(self.items)}
            if failed:
                return failed
            if "TransactionConflict" in reasons:
                raise Conflicted() from None
            raise
        if self.messages:
            from chalicelib.platform.dynamo import outbox

            outbox.send(self.messages)
        return set()


def _reasons(err: Any) -> list[str | None]:
    """The cancellation reason of each item, in order (None for items that were fine)."""
    listed = err.response.get("CancellationReasons")
    if listed:
        return [r.get("Code") if r and r.get("Code") != "None" else None for r in listed]
    # Some emulators give the reasons only in the message: "... reasons [None, Conditional...]"
    message = str(err)
    start, end = message.rfind("["), message.rfind("]")
    if start < 0 or end < start:
        return []
    return [None if r.strip() == "None" else r.strip()
            for r in re.split(r",\s*", message[start + 1:end])]


def busy_errors() -> tuple[type[Exception], ...]:
    """What a best-effort write tolerates: a concurrent transaction, or DynamoDB refusing
    for now (throttled, unavailable)."""
    from botocore.exceptions import ClientError

    return (Conflicted, ClientError)


def in_pages(values: Iterable[str], per_transaction: int,
             add: Callable[[Transaction, str], None], one: Callable[[str], Any]) -> None:
    """Write `values` `per_transaction` to a transaction (`add(tx, value)` puts one value's
    items in it). A transaction that does not go through whole (a condition failed, or a
    concurrent writer) is redone one value at a time with `one(value)`, which handles its
    own outcome."""
    pending = list(values)
    for start in range(0, len(pending), per_transaction):
        chunk = pending[start:start + per_transaction]
        tx = Transaction()
        for value in chunk:
            add(tx, value)
        try:
            failed = tx.commit()
        except Conflicted:
            failed = {"conflict"}
        if failed:
            for value in chunk:
                one(value)


def conditionally(write: Callable[[], Any]) -> bool:
    """Run one conditional PutItem, UpdateItem or DeleteItem (through a model or the
    client): False when its condition failed (nothing was written), True when it was
    written. Other errors raise."""
    from botocore.exceptions import ClientError
    from pynamodb.exceptions import DeleteError, PutError, UpdateError

    try:
        write()
    except (PutError, UpdateError, DeleteError) as err:
        if err.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    return True
