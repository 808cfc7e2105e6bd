"""Budgets' live counts, pure: the voter's shard, what a roll-up moves, the true count, and
when voting is over."""

from __future__ import annotations

from collections import Counter

from chalicelib.modules import tally_rules as rules
from chalicelib.modules import tally_tables as keys


def test_a_voter_always_lands_in_the_same_shard_and_voters_spread_over_all():
    assert keys.shard_of("01ABC", 4) == keys.shard_of("01ABC", 4)
    spread = Counter(keys.shard_of(f"user-{n}", keys.VOTE_SHARDS) for n in range(4000))
    assert set(spread) == set(range(keys.VOTE_SHARDS))
    assert min(spread.values()) > 800  # about 1,000 each


def test_counter_keys_name_the_idea_or_the_module_and_their_shard():
    assert keys.vote_keys("i1") == ["i1#v0", "i1#v1", "i1#v2", "i1#v3"]
    assert keys.ballot_keys("m1") == ["m1#b0", "m1#b1", "m1#b2", "m1#b3"]


def test_a_roll_up_moves_only_nonzero_shards_and_the_total_counts_both_parts():
    shards = {"i#v0": 2, "i#v1": 0, "i#v2": -1}
    assert rules.moves(shards) == {"i#v0": 2, "i#v2": -1}
    assert rules.moves({"i#v0": 0}) == {}
    assert rules.total(5, shards) == 6
    assert rules.total(None, {}) == 0


def test_voting_is_over_once_closed_or_showing_results():
    assert not rules.voting_over(100.0, "voting", 99.0)
    assert rules.voting_over(100.0, "voting", 100.0)
    assert rules.voting_over(100.0, "results", 50.0)
    assert not rules.voting_over(100.0, None, 50.0)
