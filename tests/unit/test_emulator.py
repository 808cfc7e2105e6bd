"""The emulator's fixes (local/emulator.py): a DynamoDB transaction backs up each table once,
not once per item, and still rolls back everything when one item's condition fails; attribute
values pass through the answer's serializer as moto's own would write them."""

from __future__ import annotations

from typing import Any


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


RICH = {"id": {"S": "rich"}, "n": {"N": "-12.50"}, "text": {"S": "é & <b>"},
        "flag": {"BOOL": False}, "none": {"NULL": True}, "names": {"SS": ["a", "b"]},
        "numbers": {"NS": ["1", "2.5"]}, "empty_list": {"L": []}, "empty_map": {"M": {}},
        "nested": {"M": {"list": {"L": [{"N": "1"}, {"M": {"deep": {"S": "x"}}},
                                        {"BOOL": True}]}, "blob": {"B": b"\x00\xff"}}},
        "blobs": {"BS": [b"a", b"b"]}}


def _answers(client: Any, table: str) -> list[Any]:
    key = {"id": {"S": "rich"}}
    return [
        client.get_item(TableName=table, Key=key)["Item"],
        client.query(TableName=table, KeyConditionExpression="id = :i",
                     ExpressionAttributeValues={":i": {"S": "rich"}})["Items"],
        client.scan(TableName=table)["Items"],
        client.batch_get_item(RequestItems={table: {"Keys": [key]}})["Responses"],
        client.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": key}}]),
        client.update_item(TableName=table, Key=key, UpdateExpression="SET n = n + :one",
                           ExpressionAttributeValues={":one": {"N": "1"}},
                           ReturnValues="ALL_NEW")["Attributes"],
    ]


def test_attribute_values_are_answered_as_motos_serializer_answers_them(aws, monkeypatch):
    import boto3
    from moto.core.serialize import BaseJSONSerializer

    from local import emulator

    assert BaseJSONSerializer._serialize_type_structure is not emulator.moto_serialize_structure
    client = boto3.client("dynamodb", region_name="eu-west-1")
    client.create_table(TableName="rich", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                        BillingMode="PAY_PER_REQUEST")
    client.put_item(TableName="rich", Item=RICH)
    client.put_item(TableName="rich", Item={"id": {"S": "plain"}, "s": {"S": "x"}})
    fast = _answers(client, "rich")
    monkeypatch.setattr(BaseJSONSerializer, "_serialize_type_structure",
                        emulator.moto_serialize_structure)
    client.update_item(TableName="rich", Key={"id": {"S": "rich"}},
                       UpdateExpression="SET n = n - :one",
                       ExpressionAttributeValues={":one": {"N": "1"}})
    slow = _answers(client, "rich")
    for answer in (fast, slow):
        for found in answer:
            if isinstance(found, dict):
                found.pop("ResponseMetadata", None)
    assert fast == slow
    assert fast[0]["nested"]["M"]["blob"] == {"B": b"\x00\xff"}


def test_the_wire_body_is_motos_own_byte_for_byte(monkeypatch):
    from moto.core.serialize import BaseJSONSerializer, XFormedAttributePicker
    from moto.core.utils import get_service_model

    from local import emulator

    emulator.install()
    plain = {k: v for k, v in RICH.items() if k not in ("nested", "blobs")}
    plain["nested"] = {"M": {"list": RICH["nested"]["M"]["list"]}}
    model = get_service_model("dynamodb")
    results = {"GetItem": {"Item": plain}, "Query": {"Items": [plain, plain], "Count": 2},
               "BatchGetItem": {"Responses": {"t": [plain]}, "UnprocessedKeys": {}},
               "UpdateItem": {"Attributes": plain}}

    def bodies() -> dict[str, str]:
        out = {}
        for name, result in results.items():
            serializer = BaseJSONSerializer(
                operation_model=model.operation_model(name), pretty_print=False,
                value_picker=XFormedAttributePicker())
            out[name] = serializer.serialize(result)["body"]
        return out

    fast = bodies()
    monkeypatch.setattr(BaseJSONSerializer, "_serialize_type_structure",
                        emulator.moto_serialize_structure)
    assert fast == bodies()
