"""DynamoDB's capacity arithmetic (bench/capacity_rules.py) on items whose sizes are known
by hand, and the partition headroom it gives."""

from __future__ import annotations

import math

from bench import capacity_rules as rules
from bench.capacity import Entry
from bench.headroom import headroom


def test_attribute_sizes_follow_dynamodbs_rules():
    assert rules.item_size({"id": {"S": "abc"}}) == 2 + 3
    assert rules.item_size({"name": {"S": "Zoë"}}) == 4 + 4  # UTF-8 bytes, not characters
    assert rules.number_size("12345") == 4  # 5 significant digits: 3 bytes, plus 1
    assert rules.number_size("-0.00120") == 2  # leading and trailing zeros trimmed
    assert rules.number_size("1000") == 2
    assert rules.item_size({"ok": {"BOOL": True}, "no": {"NULL": True}}) == 2 + 1 + 2 + 1
    assert rules.item_size({"b": {"B": "AAEC"}}) == 1 + 3  # base64 of 3 bytes
    assert rules.item_size({"t": {"SS": ["ab", "cde"]}}) == 1 + 5
    # a map: 3 bytes, then per element its name, its value and 1 byte
    assert rules.item_size({"m": {"M": {"en": {"S": "Hi"}}}}) == 1 + 3 + (2 + 2 + 1)
    assert rules.item_size({"l": {"L": [{"N": "1"}, {"S": "x"}]}}) == 1 + 3 + (2 + 1) + (1 + 1)
    assert rules.item_size({"m": {"M": {}}}) == 1 + 3
    assert rules.item_size(None) == 0


def test_read_units_round_up_per_4_kb_and_halve_when_eventually_consistent():
    assert rules.read_units(0) == 0.5  # a miss still costs the minimum
    assert rules.read_units(4096) == 0.5
    assert rules.read_units(4097) == 1.0
    assert rules.read_units(4097, consistent=True) == 2.0
    assert rules.read_units(100, transactional=True) == 2.0
    assert rules.read_units(9000, transactional=True) == 6.0


def test_write_units_round_up_per_1_kb_and_double_in_a_transaction():
    assert rules.write_units(0) == 1
    assert rules.write_units(1024) == 1
    assert rules.write_units(1025) == 2
    assert rules.write_units(1025, transactional=True) == 4


def test_index_entries_hold_the_keys_and_the_projection():
    item = {"id": {"S": "c1"}, "module": {"S": "m1"}, "votes": {"N": "3"}, "body": {"S": "x"}}
    keys = rules.index_entry(item, ["id"], ["module", "votes"], {"ProjectionType": "KEYS_ONLY"})
    assert keys == {"id": item["id"], "module": item["module"], "votes": item["votes"]}
    include = rules.index_entry(item, ["id"], ["module"], {"ProjectionType": "INCLUDE",
                                                           "NonKeyAttributes": ["body"]})
    assert set(include or {}) == {"id", "module", "body"}
    assert rules.index_entry(item, ["id"], ["module"], {"ProjectionType": "ALL"}) == item
    assert rules.index_entry(item, ["id"], ["absent"], {"ProjectionType": "ALL"}) is None


def test_an_index_key_that_changes_costs_a_delete_and_a_put():
    old = {"id": {"S": "c1"}, "module": {"S": "m1"}, "votes": {"N": "3"}}
    new = {**old, "votes": {"N": "4"}}
    writes = rules.index_writes(old, new, "module", "votes")
    assert [(w, p) for w, p, _ in writes] == [("delete", "m1"), ("put", "m1")]
    assert rules.index_writes(old, new, "module", None) == [("update", "m1", rules.item_size(new))]
    assert rules.index_writes(old, old, "module", "votes") == []
    assert rules.index_writes(None, new, "module", "votes") == [("put", "m1", rules.item_size(new))]
    assert rules.index_writes(old, None, "module", "votes")[0][0] == "delete"


def test_headroom_is_the_partitions_limit_over_what_one_call_spends_on_it():
    # a ballot of 3 choices writing each idea's counter (2 units each in a transaction)
    # and the module's entry: the module partition takes 3 * 2 + 2 = 8 units a call
    assert rules.calls_per_second(8) == 125.0
    assert rules.calls_per_second(2) == 500.0
    assert rules.calls_per_second(1, rru_on_partition=10) == 300.0  # reads bind first
    assert rules.calls_per_second(0) == math.inf


def _write(place: str, partition: str, size: int, *, tx: bool = True,
           index: str | None = None) -> Entry:
    units = rules.write_units(size, transactional=tx and index is None)
    return Entry("TransactWriteItems", "index put" if index else "item", place, index,
                 partition, size, wru=units)


def test_a_paths_headroom_comes_from_the_partitions_both_of_its_calls_write():
    """A ballot of 3 ideas (1,500 bytes each: 2 KB, so 4 units in a transaction) in one
    module, each idea's entry moved in the module's feed index (1 unit each, twice), and the
    person's own ballot (its own partition, never shared)."""
    def ballot(person: str) -> list[Entry]:
        ideas = [_write("ideas", f"idea{n}", 1500) for n in range(3)]
        feed = [_write("ideas", "module1", 1500, index="feed") for _ in range(6)]
        return [*ideas, *feed, _write("ballots", person, 300)]

    figures = headroom(ballot("ann"), ballot("bob"))
    assert figures["wru_per_call"] == 3 * 4 + 6 * 2 + 2
    # the feed index's partition of module1 takes 6 entries of 2 KB: 12 units a call
    assert figures["hot_item"] == "ideas/feed"
    assert figures["hot_wru_per_call"] == 12
    assert figures["calls_per_s"] == round(1000 / 12, 1)
    assert [w["shared"] for w in figures["writes"]][-1] is False  # the ballot itself


def test_a_path_that_shares_no_partition_has_no_ceiling():
    figures = headroom([_write("ballots", "ann", 300)], [_write("ballots", "bob", 300)])
    assert figures["hot_item"] is None and figures["calls_per_s"] is None


def _aggregate(partition: str, sort: str, size: int = 900) -> Entry:
    return Entry("TransactWriteItems", "item", "agora-test-analytics", None, partition, size,
                 wru=rules.write_units(size, transactional=True), sort=sort)


def test_the_analytics_shards_share_the_load_of_a_communitys_activities():
    """Two activities of one community counted in other shards (as their ids fix them):
    the day items' family of 3 partitions takes a third of a day item's 2 units a call, the
    summaries' family of 8 an eighth of the summary's and module summary's 4."""
    from chalicelib.analytics.analytics_tables import DAY_SHARDS, SHARDS

    def count(day_shard: str, shard: int, person: str) -> list[Entry]:
        return [_aggregate(f"C{day_shard}", "d#2026-12-04"),
                _aggregate(f"C#{shard}", "sum"), _aggregate(f"C#{shard}", "m#M"),
                _write("analytics_marks", person, 150)]

    figures = headroom(count("", 1, "ann"), count("#d2", 5, "bob"))
    assert (DAY_SHARDS, SHARDS) == (3, 8)
    assert figures["hot_item"] == "analytics"
    assert figures["hot_wru_per_call"] == 2 / 3
    assert figures["calls_per_s"] == 1500.0
    assert [w.get("spread") for w in figures["writes"]] == [3, 8, 8, None]
    assert [w["shared"] for w in figures["writes"]] == [True, True, True, False]
    # A day item past 1 KB costs 4 units: 4 / 3 a call on its family, 750 a second.
    big = headroom([_aggregate("C", "d#2026-12-04", 1500)],
                   [_aggregate("C#d1", "d#2026-12-04", 1500)])
    assert big["calls_per_s"] == 750.0
    # The community's own summary (follows, answers: rare writes) is not spread.
    alone = headroom([_aggregate("C", "sum")], [_aggregate("C", "sum")])
    assert alone["calls_per_s"] == 500.0
