"""The AWS emulator (moto), with one fix to its cost: moto 5 backs up a table before a
DynamoDB transaction once per ITEM of the transaction (a deep copy of the whole table each
time), so a transaction of 100 items on a table of 10,000 made 100 copies of it, gigabytes
of garbage. `install` makes the backup once per table per transaction, as intended; what the
transaction does and how it rolls back are unchanged.

Used by the tests (tests/conftest.py), the bench (through the tests' setup) and the local
platform (`python -m local.emulator`, moto's server with the fix). Not deployed."""

from __future__ import annotations

import copy
import threading
import types
from typing import Any

_state = threading.local()
_installed = False


def _deepcopy_once_per_table(value: Any, memo: Any = None) -> Any:
    from moto.dynamodb.models.table import Table

    cache = getattr(_state, "tables", None)
    if cache is None or not isinstance(value, Table):
        return copy.deepcopy(value, memo)
    if id(value) not in cache:
        cache[id(value)] = copy.deepcopy(value, memo)
    return cache[id(value)]


def install() -> None:
    """Idempotent; thread-safe (each thread's transaction keeps its own backups)."""
    global _installed
    if _installed:
        return
    import moto.dynamodb.models as models
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        _state.tables = {}
        try:
            return original(self, transact_items)
        finally:
            _state.tables = None

    models.copy = types.SimpleNamespace(deepcopy=_deepcopy_once_per_table)  # type: ignore[assignment]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    _installed = True


if __name__ == "__main__":
    install()
    from moto.server import main

    main()
