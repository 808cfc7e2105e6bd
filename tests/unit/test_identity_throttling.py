"""Throttle rules: sliding windows for failed logins, fixed windows for mail-sending requests,
and the counters themselves (atomic across concurrent callers)."""

from __future__ import annotations

import threading

import pytest

from chalicelib.identity import throttling
from chalicelib.identity.throttling import Rule, fixed_retry_after, sliding_retry_after
from chalicelib.platform.errors import TooManyRequests

RULE = Rule("t", 10, 900)
START = 900 * 1000  # the start of a window


def test_under_the_limit_is_allowed():
    assert sliding_retry_after(RULE, 0, 9, START + 10) is None
    assert sliding_retry_after(RULE, 0, 0, START) is None


def test_at_the_limit_waits_for_the_next_window_and_a_bit():
    wait = sliding_retry_after(RULE, 0, 10, START + 100)
    assert wait == 800 + 1
    # One second later (in the next window) the weighted estimate is below the limit.
    assert sliding_retry_after(RULE, 10, 0, START + 900 + 1) is None


def test_a_burst_across_the_window_boundary_is_still_counted():
    # 10 failures late in one window, then the next window starts: at once, only the
    # weighted previous window counts, so the allowance is not doubled.
    just_after = START + 900 + 1
    assert sliding_retry_after(RULE, 10, 1, just_after) is not None
    wait = sliding_retry_after(RULE, 10, 1, just_after)
    # After the wait the estimate 10 * (1 - f) + 1 is below 10.
    later = just_after + wait
    assert sliding_retry_after(RULE, 10, 1, later) is None
    assert sliding_retry_after(RULE, 10, 1, later - 2) is not None


@pytest.mark.parametrize("previous,current,offset", [(10, 0, 1), (20, 5, 300), (12, 9, 850),
                                                     (0, 25, 10), (5, 10, 899)])
def test_retry_after_is_the_first_second_that_allows(previous, current, offset):
    now = START + offset
    wait = sliding_retry_after(RULE, previous, current, now)
    if wait is None:
        return
    later = now + wait
    # Counts move into the previous slot once the window turns over.
    index_now, index_later = now // 900, later // 900
    if index_later == index_now:
        p, c = previous, current
    elif index_later == index_now + 1:
        p, c = current, 0
    else:
        p, c = 0, 0
    assert sliding_retry_after(RULE, p, c, later) is None


def test_fixed_windows_allow_exactly_the_limit():
    rule = Rule("f", 3, 3600)
    assert fixed_retry_after(rule, 3, 7200.0) is None
    assert fixed_retry_after(rule, 4, 7200.0) == 3601
    assert fixed_retry_after(rule, 4, 7200.0 + 3000.5) == 600


def test_subjects_are_keyed_hashes():
    digest = throttling.keyed_hash("alice@example.org", "k1")
    assert "alice" not in digest and len(digest) == 32
    assert digest != throttling.keyed_hash("alice@example.org", "k2")


def test_consume_refuses_one_over_the_limit_with_retry_after(aws):
    rule = Rule("test-consume", 3, 3600)
    for _ in range(3):
        throttling.consume(rule, "203.0.113.9", 3600 * 10 + 5)
    with pytest.raises(TooManyRequests) as caught:
        throttling.consume(rule, "203.0.113.9", 3600 * 10 + 5)
    assert caught.value.headers["Retry-After"] == "3596"
    throttling.consume(rule, "203.0.113.10", 3600 * 10 + 5)  # another subject is unaffected
    throttling.consume(rule, "203.0.113.9", 3600 * 11 + 1)  # the next window is fresh


def test_counters_are_atomic_across_concurrent_callers(aws, monkeypatch):
    from tests.api.identity_support import serialise_dynamodb_writes

    serialise_dynamodb_writes(monkeypatch)
    from chalicelib.identity import throttle_tables as throttles

    def bump():
        for _ in range(5):
            throttles.add("race#k#1", expires_at=10_000_000_000)

    threads = [threading.Thread(target=bump) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert throttles.counts(["race#k#1"], now=0) == {"race#k#1": 40}


def test_counter_items_hold_no_subject_and_expire(aws):
    from chalicelib.identity.throttle_tables import ThrottleCounter

    throttling.consume(throttling.RESET_EMAIL, "carol@example.org", 3600 * 5)
    items = list(ThrottleCounter.scan())
    assert len(items) == 1
    assert "carol" not in items[0].key
    assert items[0].expires_at.timestamp() > 3600 * 6
