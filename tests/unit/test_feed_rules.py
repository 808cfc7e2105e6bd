"""Feed sorting rules: defaults, and which candidates a page of each phase shows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from chalicelib.contributions import feeds
from chalicelib.platform.errors import ValidationFailed

CANDIDATES = [SimpleNamespace(contribution_id=f"C{i}") for i in range(6)]


def test_signed_in_people_get_unread_and_visitors_latest():
    assert feeds.choose_sort(None, True) == "unread"
    assert feeds.choose_sort(None, False) == "latest"
    assert feeds.choose_sort("unread", False) == "latest"
    assert feeds.choose_sort("most_engaged", False) == "most_engaged"
    with pytest.raises(ValidationFailed):
        feeds.choose_sort("random", True)


def test_the_unread_phase_skips_what_was_seen():
    chosen = feeds.select("unread", CANDIDATES, {"C0", "C2"}, limit=2)
    assert [c.contribution_id for c in chosen.shown] == ["C1", "C3"]
    assert chosen.consumed == 4


def test_the_seen_phase_shows_only_what_was_seen():
    chosen = feeds.select("seen", CANDIDATES, {"C0", "C2"}, limit=5)
    assert [c.contribution_id for c in chosen.shown] == ["C0", "C2"]
    assert chosen.consumed == 6


def test_the_all_phase_shows_everything_in_order():
    chosen = feeds.select("all", CANDIDATES, {"C0"}, limit=3)
    assert [c.contribution_id for c in chosen.shown] == ["C0", "C1", "C2"]
    assert chosen.consumed == 3


def test_unread_is_skipped_once_everything_was_seen():
    assert feeds.skip_unread(10, 10)
    assert not feeds.skip_unread(10, 9)
