"""The emulator's fix (local/emulator.py): a DynamoDB transaction backs up each table once,
not once per item, and still rolls back everything when one item's condition fails."""

from __future__ import annotations


def test_a_cancelled_transaction_still_writes_nothing(aws):
    from chalicelib.platform.dynamo.idempotency import IdempotencyRecord
    from chalicelib.platform.dynamo.transactions import Transaction

    IdempotencyRecord("taken").save()
    tx = Transaction()
    for n in range(10):
        tx.put("new", IdempotencyRecord(f"new-{n}"),
               condition=IdempotencyRecord.key.does_not_exist())
    tx.put("taken", IdempotencyRecord("taken"), condition=IdempotencyRecord.key.does_not_exist())
    assert tx.commit() == {"taken"}
    assert [r.key for r in IdempotencyRecord.batch_get([f"new-{n}" for n in range(10)])] == []


def test_a_transaction_copies_each_table_once(aws, monkeypatch):
    from moto.dynamodb.models.table import Table

    from chalicelib.platform.dynamo.idempotency import IdempotencyRecord
    from chalicelib.platform.dynamo.transactions import Transaction
    from local import emulator

    copies = []
    real = emulator.copy.deepcopy

    def counting(value, memo=None):
        if isinstance(value, Table):
            copies.append(value.name)
        return real(value, memo)

    monkeypatch.setattr(emulator.copy, "deepcopy", counting)
    tx = Transaction()
    for n in range(20):
        tx.put("k", IdempotencyRecord(f"k{n}"))
    assert not tx.commit()
    assert len(copies) == 1
    assert len(list(IdempotencyRecord.batch_get([f"k{n}" for n in range(20)]))) == 20
