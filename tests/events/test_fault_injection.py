"""Nothing promised is lost when a call fails (docs/architecture.md, "Promised work").

Each test runs an operation once per AWS call it makes, stopping the process at that call
(or failing it with an AWS error), then lets a person retry the request as they would and
delivers everything still owed (SQS redelivery, the outbox's sweeper) until quiet, and checks
the end state: the erasure leaves nothing of the person, an export is built and emailed once,
a notification reaches its person once, nobody is skipped because another failed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.participation import world
from tests.fault_support import (
    Killed,
    count_calls,
    faults,
    pending_outbox,
    stop_at_each_call,
    until_quiet,
)
from tests.support import body_of, every_stored_value, run_queues

PASSWORD = "a perfectly long passphrase"


def _person(make_user: Any, n: int) -> tuple[str, str, str]:
    email = f"p{n}@example.org"
    user_id, token = make_user(email, name=f"Person {n}", password=PASSWORD)
    return user_id, token, email


def _traces(user_id: str, email: str) -> list[str]:
    text = every_stored_value()
    return [value for value in (user_id, email) if value in text]


def test_a_deletion_stopped_at_any_call_still_erases_the_person(api, make_user):
    """DELETE /me, stopped at each of its calls in turn: the person retries (202, or 401
    once their sessions are gone) and, whatever the cut, they end erased, nothing left."""
    w = world(api, make_user)
    mid = w.module("ideas")

    def setup(n: int) -> tuple[str, str, str]:
        user_id, token, email = _person(make_user, n)
        w.contribute(mid, token, title=f"Idea {n}")
        run_queues()
        return user_id, token, email

    def delete(person: tuple[str, str, str]) -> None:
        api.delete("/me", {"password": PASSWORD}, token=person[1])

    def check(person: tuple[str, str, str], cut: int, stopped: bool) -> None:
        user_id, token, email = person
        if stopped:
            retry = api.delete("/me", {"password": PASSWORD}, token=token)
            assert retry.status_code in (202, 401), (cut, retry.json)
        until_quiet()
        assert _traces(user_id, email) == [], f"cut at call {cut}"

    assert stop_at_each_call(setup, delete, check) >= 3
    assert pending_outbox() == []


def test_an_erasure_chain_stopped_at_any_call_completes(api, make_user):
    """The erasure's queue handlers, stopped at one call in turn (a dozen cuts spread over
    the chain's calls: it makes hundreds): the redelivered message or the outbox's sweeper
    picks the chain up, and the person ends erased."""
    w = world(api, make_user)
    mid = w.module("ideas")

    def setup(n: int) -> tuple[str, str]:
        user_id, token, email = _person(make_user, n)
        w.contribute(mid, token, title=f"Idea {n}")
        run_queues()
        assert api.delete("/me", {"password": PASSWORD}, token=token).status_code == 202
        return user_id, email

    setup(0)
    calls = count_calls(run_queues)
    assert calls > 24
    for cut in range(1, calls, calls // 12):
        person = setup(cut)
        with faults(at=cut), pytest.raises(Killed):
            run_queues()
        until_quiet()
        assert _traces(*person) == [], f"cut at call {cut} of {calls}"


def test_a_deletion_with_the_queue_down_answers_and_is_carried_out_later(api, make_user):
    """SQS refuses every send: DELETE /me still answers 202 (the erasure is in the outbox),
    and the sweeper delivers it once SQS is back."""
    user_id, token, email = _person(make_user, 1)
    with faults(error="ServiceUnavailable", only=lambda name: name.startswith("sqs.Send")):
        assert api.delete("/me", {"password": PASSWORD}, token=token).status_code == 202
    assert [m.queue for m in pending_outbox()] == ["erasure"]
    until_quiet()
    assert _traces(user_id, email) == []


def test_an_export_stopped_at_any_call_is_built_and_emailed_once(api, make_user, sent_mail):
    from chalicelib.platform import clock
    from chalicelib.privacy.privacy_tables import get

    def setup(n: int) -> tuple[str, str, str]:
        clock.advance(3600)  # past the cool-down between exports
        return _person(make_user, n)

    def request(person: tuple[str, str, str]) -> None:
        api.post("/me/export", token=person[1])

    def check(person: tuple[str, str, str], cut: int, stopped: bool) -> None:
        user_id, token, email = person
        if stopped:
            api.post("/me/export", token=token)  # the person tries again
        until_quiet()
        assert get(user_id, "export").status == "ready", f"cut at call {cut}"
        mails = [m for m in sent_mail() if m["To"] == email]
        assert len(mails) == 1, f"cut at call {cut}: {len(mails)} emails"

    assert stop_at_each_call(setup, request, check) >= 2


def test_an_export_email_refused_for_a_while_is_sent_on_redelivery(api, make_user, sent_mail):
    _, token, email = _person(make_user, 1)
    assert api.post("/me/export", token=token).status_code == 202
    with faults(error="Throttling", only=lambda name: name == "ses.SendRawEmail"):
        _drain_once()
    until_quiet()
    assert len([m for m in sent_mail() if m["To"] == email]) == 1


def _drain_once() -> None:
    """One delivery round of every queue (a failing handler's message stays queued)."""
    import app as app_module
    from local import worker

    queue_sources, _ = worker.handlers(app_module)
    for source, handler in queue_sources:
        worker.drain_queue(source, handler, wait=0, visibility=0)


def test_a_comment_stopped_at_any_call_is_told_to_its_author_once(api, make_user, sent_mail):
    """POST a comment, stopped at each call: the commenter posts again if nothing was
    stored; the contribution's author gets one in-app notification and one email per
    comment stored."""
    from chalicelib.notifications.notification_tables import Notification

    w = world(api, make_user)
    mid = w.module("ideas")
    author_id, author_token, author_email = _person(make_user, 0)
    idea = w.contribute(mid, author_token, title="An idea")
    run_queues()

    def stored() -> int:
        page = api.get(f"/contributions/{idea['id']}?limit=100").json["comments"]
        return len(page["items"])

    def post(token: str) -> Any:
        return api.post(f"/contributions/{idea['id']}/comments", {"body": "A comment"},
                        token=token)

    def setup(n: int) -> tuple[int, str]:
        _, commenter = make_user(name=f"Commenter {n}")  # a fresh session: the clock moves
        return stored(), commenter

    def check(ctx: tuple[int, str], cut: int, stopped: bool) -> None:
        before, commenter = ctx
        if stopped and stored() == before:  # nothing stored: the person posts again
            again = post(commenter)
            assert again.status_code == 201, (cut, again.json)
        until_quiet()
        assert stored() == before + 1, f"cut at call {cut}"

    runs = stop_at_each_call(setup, lambda ctx: post(ctx[1]), check)
    told = [n for n in Notification.query(author_id) if n.kind == "contribution.comment"]
    assert len(told) == runs + 1
    assert len([m for m in sent_mail() if m["To"] == author_email]) == runs + 1


def test_a_delivery_stopped_at_any_call_reaches_everyone(api, make_user, sent_mail):
    """The fan-out and the sender, stopped at each of their calls: every recipient gets the
    in-app notification and the email (twice at most, when the stop falls between sending
    it and recording it; never not at all)."""
    from chalicelib.notifications import notifications
    from chalicelib.notifications.notification_tables import Notification

    w = world(api, make_user)  # a public community: everyone may hear of it
    people = [_person(make_user, n) for n in range(3)]

    def publish(_: int) -> str:
        return notifications.publish("comment.reply", "interactions",
                                     {"user_ids": [p[0] for p in people]},
                                     community_id=w.community_id,
                                     subject={"type": "comment", "id": "X"},
                                     data={"title": {"en": f"Reply {_}"}, "url": "/x"})

    def check(event_id: str, cut: int, stopped: bool) -> None:
        until_quiet()
        for user_id, _, email in people:
            assert Notification.get(user_id, event_id), f"cut {cut}"
            got = [m for m in sent_mail() if m["To"] == email and f"Reply {cut}" in body_of(m)]
            assert 1 <= len(got) <= 2, f"cut {cut}: {len(got)}"

    assert stop_at_each_call(publish, lambda _: run_queues(), check) >= 5


def test_one_refused_address_blocks_nobody_else_and_gets_no_more_mail(
        api, make_user, sent_mail, monkeypatch, capsys):
    from chalicelib.identity.user_tables import User
    from chalicelib.notifications import notifications
    from chalicelib.platform.aws import mail

    w = world(api, make_user)
    people = [_person(make_user, n) for n in range(5)]
    refused = people[2][2]
    real = mail.SESTransport.deliver

    def deliver(self: Any, message: Any, item: Any) -> str:
        if item.to == refused:
            raise mail.Undeliverable("MessageRejected")
        return real(self, message, item)

    monkeypatch.setattr(mail.SESTransport, "deliver", deliver)
    for _ in range(2):
        notifications.publish("comment.reply", "interactions",
                              {"user_ids": [p[0] for p in people]},
                              community_id=w.community_id,
                              subject={"type": "comment", "id": "X"},
                              data={"title": {"en": "A reply"}, "url": "/x"})
        until_quiet()
    for _, _, email in people:
        got = [m for m in sent_mail() if m["To"] == email]
        assert len(got) == (0 if email == refused else 2)
    assert User.get(people[2][0]).email_rejected  # recorded: the second event skipped it
    metric_lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()
                    if line.startswith('{"_aws"')]
    rejected = [m for m in metric_lines if "MailRejected" in m]
    assert len(rejected) == 1 and rejected[0]["category"] == "interactions"
    assert refused not in json.dumps(rejected)  # a metric names no person


def test_a_message_no_handler_understands_fails_and_is_logged_without_its_body(client):
    from chalicelib.platform.config import queue_name

    event = client.events.generate_sqs_event(
        message_bodies=[json.dumps({"kind": "nothing-known", "user_id": "secret-body"})],
        queue_name=queue_name("analytics"))
    answer = client.lambda_.invoke("count_activity", event).payload
    assert len(answer["batchItemFailures"]) == 1


def test_an_upload_check_that_cannot_reach_s3_is_retried_not_taken_for_deleted(client):
    from chalicelib.platform.config import queue_name

    body = {"Records": [{"eventName": "ObjectCreated:Post",
                         "s3": {"object": {"key": "uploads/avatar/U1/X1"}}}]}
    event = client.events.generate_sqs_event(message_bodies=[json.dumps(body)],
                                             queue_name=queue_name("uploads"))
    with faults(error="ServiceUnavailable", only=lambda name: name == "s3.HeadObject"):
        answer = client.lambda_.invoke("check_uploads", event).payload
    assert len(answer["batchItemFailures"]) == 1


def test_a_registration_while_mail_is_throttled_answers_503_and_a_retry_works(api, sent_mail):
    body = {"name": "Rita Retry", "email": "rita@example.org",
            "password": "a perfectly long passphrase"}
    with faults(error="Throttling", only=lambda name: name.startswith("ses.")):
        answer = api.post("/auth/register", body)
    assert answer.status_code == 503 and answer.headers.get("Retry-After"), answer.json
    assert answer.json["type"] and "rita@example.org" not in str(answer.json)
    again = api.post("/auth/register", body)
    assert again.status_code == 202, again.json
    assert len([m for m in sent_mail() if m["To"] == "rita@example.org"]) == 1


@pytest.mark.parametrize("outage", [False, True])
def test_an_avatar_s3_kept_through_an_erasure_step_is_deleted_on_redelivery(
        api, make_user, monkeypatch, outage):
    """DeleteObjects answers 200 with per-key Errors (quiet mode), or fails outright: the
    step fails, and the redelivery deletes the object."""
    from botocore.client import BaseClient

    from chalicelib.platform.aws import media

    real = BaseClient._make_api_call
    user_id, token, email = _person(make_user, 10)
    key = api.post("/me/media", {"kind": "avatar", "content_type": "image/png",
                                 "size": 72}, token=token).json["key"]
    media.put(key, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    run_queues()
    refusals = {"left": 0 if outage else 2}

    def call(self: Any, operation: str, params: dict[str, Any]) -> Any:
        if operation == "DeleteObjects" and refusals["left"]:
            refusals["left"] -= 1
            return {"Errors": [{"Key": o["Key"], "Code": "InternalError"}
                               for o in params["Delete"]["Objects"]]}
        return real(self, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
    assert api.delete("/me", {"password": PASSWORD}, token=token).status_code == 202
    if outage:
        with faults(error="InternalError", only=lambda name: name == "s3.DeleteObjects"):
            _drain_once()
    until_quiet()
    monkeypatch.setattr(BaseClient, "_make_api_call", real)
    assert media.head(key) is None
    assert refusals["left"] == 0  # the refusals were met, and retried
    assert _traces(user_id, email) == []
