"""Claims in bulk (`idempotency.claim_many`): what the notification sender uses to make sure
each person is notified once per event, with one transaction per message instead of a write
per person."""

from __future__ import annotations

from tests.api.test_races import atomic_requests, race  # noqa: F401


def test_claims_in_bulk_answer_only_the_keys_claimed_now(aws):
    from chalicelib.platform import clock
    from chalicelib.platform.dynamo import idempotency
    from chalicelib.platform.dynamo.idempotency import IdempotencyRecord

    now = clock.now()
    assert idempotency.claim("k1", now=now, owner="u1")
    keys = [(f"k{n}", f"u{n}") for n in range(250)]
    won = idempotency.claim_many([*keys, ("k7", "u7")], now=now)  # a repeated key, too
    assert won == {f"k{n}" for n in range(250)} - {"k1"}
    assert idempotency.claim_many(keys, now=now) == set()
    assert IdempotencyRecord.get("k3").owner == "u3"


def test_expired_claims_are_claimed_again_in_bulk(aws):
    from chalicelib.platform import clock
    from chalicelib.platform.dynamo import idempotency

    assert idempotency.claim_many([("a", None), ("b", None)], now=clock.now(), ttl=60) == {
        "a", "b"}
    clock.advance(61)
    assert idempotency.claim("a", now=clock.now(), ttl=60)
    assert idempotency.claim_many([("a", None), ("b", None), ("c", None)],
                                  now=clock.now()) == {"b", "c"}


def test_concurrent_bulk_claims_share_the_keys_without_overlap(aws, atomic_requests):  # noqa: F811
    from chalicelib.platform import clock
    from chalicelib.platform.dynamo import idempotency

    keys = [(f"event:{n}", None) for n in range(60)]
    results = race([lambda: idempotency.claim_many(keys, now=clock.now()) for _ in range(4)])
    assert not [r for r in results if isinstance(r, Exception)], results
    won = [key for result in results for key in result]
    assert sorted(won) == sorted(k for k, _ in keys)  # each key claimed exactly once
