"""Small-cell suppression, including the subtraction attack."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.analytics.suppression_rules import suppress, suppress_value


def test_small_cells_are_hidden():
    table = suppress({"18-29": 12, "30-44": 3, "45-64": 9, "65+": 8}, k=5)
    assert table.cells["30-44"] is None
    # one hidden cell would be total minus the others: a second one is hidden with it
    assert sum(v is None for v in table.cells.values()) >= 2


def test_subtraction_attack_is_defeated():
    cells = {"a": 10, "b": 2, "c": 20}
    table = suppress(cells, k=5)
    shown = sum(v for v in table.cells.values() if v is not None)
    hidden = [name for name, v in table.cells.items() if v is None]
    assert table.total is None or (len(hidden) >= 2 and table.total - shown >= 5)


def test_a_total_below_k_hides_everything():
    table = suppress({"a": 2, "b": 1}, k=5)
    assert table.total is None and set(table.cells.values()) == {None}


def test_zero_cells_stay_shown_and_large_tables_are_untouched():
    table = suppress({"a": 0, "b": 6, "c": 7}, k=5)
    assert table.cells == {"a": 0, "b": 6, "c": 7} and table.total == 13


def test_skipped_answers_are_a_cell_of_their_own():
    # 14 people, 1 skipped: the skip is hidden, and with it the next smallest cell
    table = suppress({"a": 6, "b": 7, "skipped": 1}, k=5)
    assert table.cells["skipped"] is None and table.cells["a"] is None
    assert table.total == 14 and table.cells["b"] == 7


def test_lone_values():
    assert suppress_value(0) == 0 and suppress_value(3) is None and suppress_value(5) == 5


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 30), min_size=1,
                       max_size=8), st.integers(2, 10))
def test_no_hidden_cell_can_be_recovered(cells, k):
    table = suppress(cells, k=k)
    hidden = [name for name, v in table.cells.items() if v is None]
    for _name, value in table.cells.items():
        if value is not None:
            assert value == 0 or value >= k, "a small cell is shown"
    if table.total is not None and hidden:
        shown = sum(v for v in table.cells.values() if v is not None)
        assert len(hidden) >= 2, "a single hidden cell equals total minus the rest"
        assert table.total - shown >= k, "the hidden group is smaller than k"
