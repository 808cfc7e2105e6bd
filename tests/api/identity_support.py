"""Helpers for identity tests: the real registration flow, and links read from sent mail."""

from __future__ import annotations

import re
from typing import Any

from tests.support import body_of, sent_messages

STRONG = "correct horse battery staple"
TOKEN_RE = re.compile(r"(/[\w-]+)\?token=([\w-]+)")


def _to(message: Any) -> str:
    from email.header import decode_header, make_header

    from chalicelib.identity.email_rules import normalise

    return normalise(str(make_header(decode_header(str(message["To"]))))).replace(" ", "")


def mails_to(address: str) -> list[Any]:
    from chalicelib.identity.email_rules import normalise

    return [m for m in sent_messages() if normalise(address) in _to(m)]


def last_mail(address: str) -> tuple[str, str]:
    """(subject, text) of the last message sent to `address`."""
    messages = mails_to(address)
    assert messages, f"no mail to {address}"
    return str(messages[-1]["Subject"]), body_of(messages[-1])


def last_token(address: str, path: str) -> str:
    """The token of the last link to the frontend page `path` mailed to `address`."""
    for message in reversed(mails_to(address)):
        for found_path, token in TOKEN_RE.findall(body_of(message)):
            if found_path == path:
                return token
    raise AssertionError(f"no {path} link mailed to {address}")


def register(api: Any, email: str, name: str = "Ada Lovelace", password: str = STRONG,
             **extra: Any) -> Any:
    return api.post("/auth/register", {"name": name, "email": email, "password": password,
                                       **extra})


def register_and_confirm(api: Any, email: str, name: str = "Ada Lovelace",
                         password: str = STRONG, **extra: Any) -> str:
    answer = register(api, email, name, password, **extra)
    assert answer.status_code == 202, answer.json
    confirmed = api.post("/auth/confirm", {"token": last_token(email, "/confirm"),
                                           "password": password})
    assert confirmed.status_code == 200, confirmed.json
    return str(confirmed.json["user_id"])


def login(api: Any, email: str, password: str = STRONG) -> dict[str, Any]:
    answer = api.post("/auth/login", {"email": email, "password": password})
    assert answer.status_code == 200, answer.json
    return dict(answer.json)


def serialise_dynamodb_writes(monkeypatch: Any) -> None:
    """Race tests: make moto's writes atomic, as DynamoDB's are.

    moto applies a conditional write as read-check-write without a lock, and rolls a failed
    transaction back by restoring a snapshot of the whole table, which can undo another
    thread's committed write. DynamoDB does neither. With this lock the threads still race
    for every condition, but each write is isolated as it would be in DynamoDB."""
    import functools
    import threading

    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        original = getattr(DynamoDBBackend, name)

        @functools.wraps(original)
        def locked(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            with lock:
                return __original(self, *args, **kwargs)

        monkeypatch.setattr(DynamoDBBackend, name, locked)


def start_of_a_throttle_window() -> None:
    """Throttle windows are 15 minutes of wall time: move the clock a minute into the next
    one, so that a test which happens to cross a window boundary cannot change what it
    sees (the sliding estimate weighs the window before by what is left of it)."""
    from chalicelib.platform import clock

    clock.advance(15 * 60 - clock.now() % (15 * 60) + 60)
