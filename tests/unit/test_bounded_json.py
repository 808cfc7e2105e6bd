from __future__ import annotations

import pytest

from chalicelib.platform import bounded_json


def test_shallow_documents_parse():
    assert bounded_json.loads('{"a": [1, {"b": [2]}]}') == {"a": [1, {"b": [2]}]}
    assert bounded_json.loads("[" * 32 + "]" * 32, max_depth=32)


@pytest.mark.parametrize("raw", ["[" * 33 + "]" * 33, "[" * 100_000,
                                 '{"a":' * 3000 + "1" + "}" * 3000])
def test_deep_documents_are_too_deep(raw):
    with pytest.raises(bounded_json.TooDeep):
        bounded_json.loads(raw, max_depth=32)


def test_depth_check_is_iterative():
    value: list = []
    for _ in range(50_000):
        value = [value]
    assert bounded_json.depth_exceeds(value, 32)
