"""One-time tokens: stored only as hashes, spent once (even by racing requests), expiring,
and never valid for another purpose."""

from __future__ import annotations

import threading

from chalicelib.identity import onetime_tables as onetime
from chalicelib.platform import clock


def test_a_token_is_stored_as_a_hash_and_spent_once(aws):
    onetime.issue(onetime.CONFIRM, "s3cret", now=clock.now(), ttl=60, user_id="U1",
                  data={"email": "a@example.org"})
    items = list(onetime.OneTimeToken.scan())
    assert len(items) == 1 and "s3cret" not in items[0].token_hash
    spent = onetime.consume(onetime.CONFIRM, "s3cret", now=clock.now())
    assert spent is not None and spent.user_id == "U1"
    assert spent.fields == {"email": "a@example.org"}
    assert onetime.consume(onetime.CONFIRM, "s3cret", now=clock.now()) is None


def test_a_token_expires(aws):
    onetime.issue(onetime.RESET, "s", now=clock.now(), ttl=3600, user_id="U1")
    assert onetime.peek(onetime.RESET, "s", now=clock.now() + 3599) is not None
    assert onetime.peek(onetime.RESET, "s", now=clock.now() + 3601) is None
    assert onetime.consume(onetime.RESET, "s", now=clock.now() + 3601) is None


def test_a_token_of_one_purpose_is_not_another(aws):
    onetime.issue(onetime.SSO_CODE, "s", now=clock.now(), ttl=60, user_id="U1")
    assert onetime.consume(onetime.CONFIRM, "s", now=clock.now()) is None
    assert onetime.consume(onetime.SSO_CODE, "", now=clock.now()) is None
    assert onetime.consume(onetime.SSO_CODE, "s", now=clock.now()) is not None


def test_racing_consumers_spend_it_once(aws, monkeypatch):
    from tests.api.identity_support import serialise_dynamodb_writes

    serialise_dynamodb_writes(monkeypatch)
    onetime.issue(onetime.SSO_CODE, "race", now=clock.now(), ttl=60, user_id="U1")
    winners = []

    def spend():
        if onetime.consume(onetime.SSO_CODE, "race", now=clock.now()) is not None:
            winners.append(1)

    threads = [threading.Thread(target=spend) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert winners == [1]
