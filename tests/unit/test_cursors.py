"""Cursors come back from clients: they are checked before DynamoDB sees them."""

from __future__ import annotations

import pytest

from chalicelib.platform.dynamo import cursors
from chalicelib.platform.errors import ValidationFailed

SHAPE = {"contribution_id": "S", "feed_module_id": "S", "created_at": "N"}
KEY = {"contribution_id": {"S": "C1"}, "feed_module_id": {"S": "M1"},
       "created_at": {"N": "1700000000.5"}}


def test_a_cursor_round_trips():
    state = cursors.decode(cursors.encode({"p": "unread", "k": KEY}))
    assert cursors.checked_key(state["k"], SHAPE, {"feed_module_id": "M1"}) == KEY


@pytest.mark.parametrize("cursor", ["%%%", "bm90IGpzb24", cursors.encode([1]), "x" * 3000])
def test_garbage_is_a_400_naming_cursor(cursor):
    with pytest.raises(ValidationFailed) as raised:
        cursors.decode(cursor)
    assert raised.value.errors[0].field == "cursor"


@pytest.mark.parametrize("key", [
    {**KEY, "feed_module_id": {"S": "M2"}},             # another module's partition
    {**KEY, "created_at": {"S": "1"}},                   # wrong type
    {**KEY, "created_at": {"N": "abc"}},
    {"contribution_id": {"S": "C1"}},                    # missing attributes
    {**KEY, "extra": {"S": "x"}},
    "string",
])
def test_a_key_for_another_list_is_refused(key):
    with pytest.raises(ValidationFailed):
        cursors.checked_key(key, SHAPE, {"feed_module_id": "M1"})
