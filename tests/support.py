"""Helpers for tests: people created straight in storage, and the mail moto kept."""

from __future__ import annotations

import email
from email.message import Message
from typing import Any


def create_user(email_address: str | None = None, *, name: str = "Test Person",
                pseudonym: str | None = None, display: str = "name",
                platform_admin: bool = False, locale: str = "en",
                password: str | None = None) -> tuple[str, str]:
    """A confirmed, active person with a session. Returns (user_id, access_token)."""
    from chalicelib.identity import email_rules as emails
    from chalicelib.identity import password_hashing as passwords
    from chalicelib.identity import sessions
    from chalicelib.identity.user_tables import Unique, User
    from chalicelib.platform import clock, ids
    from chalicelib.platform.aws.secrets import secret
    from chalicelib.platform.config import settings

    user_id = ids.new_id()
    address = emails.normalise(email_address or f"{user_id.lower()}@people.test")
    now = clock.now()
    user = User(user_id, email=address, name=name, pseudonym=pseudonym, display=display,
                status="active", platform_admin=platform_admin, locale=locale,
                created_at=now, confirmed_at=now)
    if password:
        user.password_hash = passwords.hash_password(
            password, pepper=secret("password_pepper"), rounds=settings().bcrypt_rounds)
    user.save()
    Unique(emails.unique_key(address), user_id=user_id).save()
    if pseudonym:
        Unique(f"pseudonym#{pseudonym.casefold()}", user_id=user_id).save()
    pair = sessions.start(user_id, platform_admin=platform_admin, locale=locale)
    return user_id, pair.access_token


def sign_in(user_id: str, *, platform_admin: bool = False, locale: str = "en") -> str:
    """A fresh session for an existing person (tests whose clock ran past a token's life)."""
    from chalicelib.identity import sessions

    return sessions.start(user_id, platform_admin=platform_admin, locale=locale).access_token


def sent_messages() -> list[Message]:
    """Every email sent through SES in this test, parsed."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"]
    out = []
    for sent in backend.sent_messages:
        raw = getattr(sent, "raw_data", None)
        if raw:
            out.append(email.message_from_string(raw))
    return out


def body_of(message: Message) -> str:
    if message.is_multipart():
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                payload: Any = part.get_payload(decode=True)
                return payload.decode()
        return ""
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(payload)


def run_queues(max_rounds: int = 200) -> int:
    """Deliver every queued message to its handler, as the local worker and Lambda would,
    until all queues are empty. Returns the number of messages handled."""
    import app as app_module
    from local import worker

    queue_sources, _ = worker.handlers(app_module)
    handled = 0
    for _ in range(max_rounds):
        round_count = sum(worker.drain_queue(source, handler, wait=0, visibility=0)
                          for source, handler in queue_sources)
        handled += round_count
        if round_count == 0:
            return handled
    raise AssertionError("queues did not drain")


def every_stored_value() -> str:
    """Every item of every table and every object key and body of the bucket, as one text
    (for tests that check that nothing of a person remains anywhere). Items past their
    `expires_at` are left out: DynamoDB's TTL deletes them (within days), moto's never."""
    import json as _json

    from chalicelib.platform import clock
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    dynamodb = client("dynamodb")
    parts: list[str] = []
    now = clock.now()
    for name in dynamodb.list_tables()["TableNames"]:
        for page in dynamodb.get_paginator("scan").paginate(TableName=name):
            parts.extend(_json.dumps(item) for item in page["Items"]
                         if float(item.get("expires_at", {}).get("N", "inf")) > now)
    s3 = client("s3")
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=settings().bucket):
        for obj in page.get("Contents", []):
            parts.append(obj["Key"])
            parts.append(s3.get_object(Bucket=settings().bucket, Key=obj["Key"])[
                "Body"].read().decode("utf-8", "replace"))
    return "\n".join(parts)


def roll_up_votes() -> dict[str, int]:
    """The `roll_up_votes` schedule once, as the local worker fires it (budgets' live vote
    counts into their ideas and modules)."""
    import app as app_module
    from local import worker

    _, schedules = worker.handlers(app_module)
    handler = next(h for s, h in schedules if s.name == "roll_up_votes")
    return handler(worker.schedule_event("roll_up_votes", "eu-west-1"), worker.LambdaContext())
