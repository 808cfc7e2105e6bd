"""The notification pipeline: fan-out in bounded pages, the sender's idempotency, partial batch
failures and the dead-letter queue, email settings and locales, and the daily digest."""

from __future__ import annotations

import json

import pytest

from tests.notify_support import (
    bodies,
    follow,
    handler,
    make_member,
    run_pipeline,
    seed_community,
    seed_people,
    sent_html,
)
from tests.support import body_of


def _publish(audience, *, kind="community.update", category="followed", actor_id=None,
             title=None, community_id=None):
    from chalicelib.notifications import notifications

    data = {"title": title or {"en": "Spring cleanup", "fr": "Nettoyage de printemps",
                               "de": "Frühjahrsputz", "es": "Limpieza de primavera"},
            "url": "/communities/c/updates/u", "community_name": {"en": "Riverside"}}
    return notifications.publish(kind, category, audience, community_id=community_id,
                                 subject={"type": "update", "id": "U1"}, actor_id=actor_id,
                                 data=data)


def _inbox(user_id):
    from chalicelib.notifications.notification_tables import Notification

    return list(Notification.query(user_id))


def _event(client, bodies_and_ids, queue):
    event = client.events.generate_sqs_event(
        message_bodies=[json.dumps(b) if not isinstance(b, str) else b
                        for b, _ in bodies_and_ids], queue_name=queue)
    for record, (_, message_id) in zip(event["Records"], bodies_and_ids, strict=True):
        record["messageId"] = message_id
    return event


# --- fan-out ---

def test_many_followers_fan_out_in_bounded_messages(app, sent_mail):
    from chalicelib.notifications import delivery

    community_id, followers = seed_community(1100)
    _publish({"followers_of": community_id}, community_id=community_id)

    fanout_messages, deliveries = 0, []
    while True:  # drive the fan-out alone first, to look at what it queued
        waiting = bodies("notify")
        if not waiting:
            break
        for body in waiting:
            fanout_messages += 1
            delivery.fan_out(body)
        deliveries.extend(bodies("deliver"))
    assert fanout_messages == 3                    # 500 + 500 + 100 followers
    sizes = [len(d["event"]["audience"]["user_ids"]) for d in deliveries]
    assert len(deliveries) == 22 and max(sizes) == delivery.DELIVER_BATCH
    assert sorted(u for d in deliveries for u in d["event"]["audience"]["user_ids"]) == sorted(
        followers)

    from chalicelib.platform.aws import queues

    queues.publish_many(queues.DELIVER, deliveries)
    handled = run_pipeline()
    assert handled["deliver"] == 22
    assert len(sent_mail()) == 1100
    assert {len(_inbox(u)) for u in followers[::97]} == {1}


def test_the_actor_is_not_notified_of_their_own_update(app, sent_mail):
    community_id, followers = seed_community(3)
    _publish({"followers_of": community_id}, actor_id=followers[0])
    run_pipeline()
    assert _inbox(followers[0]) == []
    assert all(len(_inbox(u)) == 1 for u in followers[1:])
    assert len(sent_mail()) == 2


def test_moderators_of_a_community_are_its_moderators_and_admins(app):
    from chalicelib.notifications.notification_tables import NotificationSettings
    from chalicelib.platform import ids

    community_id = ids.new_id()
    admin, moderator, member, elsewhere = seed_people(4)
    make_member(community_id, admin, "admin")
    make_member(community_id, moderator, "moderator")
    make_member(community_id, member, "member")
    make_member(ids.new_id(), elsewhere, "moderator")
    NotificationSettings(admin, admin=True).save()
    _publish({"moderators_of": community_id}, kind="moderation.case", category="admin")
    run_pipeline()
    assert [len(_inbox(u)) for u in (admin, moderator, member, elsewhere)] == [1, 1, 0, 0]


def test_many_moderators_page_through_both_roles(app, monkeypatch):
    from chalicelib.notifications import delivery
    from chalicelib.platform import ids

    monkeypatch.setattr(delivery, "FANOUT_PAGE", 3)
    community_id = ids.new_id()
    admins, moderators = seed_people(4), seed_people(5)
    for user_id in admins:
        make_member(community_id, user_id, "admin")
    for user_id in moderators:
        make_member(community_id, user_id, "moderator")
    _publish({"moderators_of": community_id}, kind="moderation.case", category="admin")
    handled = run_pipeline()
    assert handled["notify"] >= 3
    assert all(len(_inbox(u)) == 1 for u in admins + moderators)


def test_explicit_recipients(app, sent_mail):
    people = seed_people(3)
    _publish({"user_ids": [people[0], people[1], people[0]]}, kind="comment.reply",
             category="interactions")
    run_pipeline()
    assert [len(_inbox(u)) for u in people] == [1, 1, 0]
    assert len(sent_mail()) == 2


def test_a_redelivered_fan_out_message_queues_its_page_once(client):
    community_id, _ = seed_community(120)
    _publish({"followers_of": community_id})
    (message,) = bodies("notify")
    for _ in range(2):
        event = _event(client, [(message, "m-1")], "notify")
        assert client.lambda_.invoke("fan_out_notifications", event).payload == {
            "batchItemFailures": []}
    assert len(bodies("deliver")) == 3


class _Killed(BaseException):
    """A Lambda stopped mid-run (a timeout): no `except Exception` sees it."""


def test_a_fan_out_run_killed_half_way_is_redone_not_lost(app, monkeypatch):
    from chalicelib.notifications import delivery
    from chalicelib.platform.aws import queues

    community_id, followers = seed_community(120)
    _publish({"followers_of": community_id})
    (message,) = bodies("notify")
    real = queues.publish_many

    def killed(name, messages):
        real(name, messages[:1])   # part of the page went out, then the run stopped
        raise _Killed()

    monkeypatch.setattr(queues, "publish_many", killed)
    with pytest.raises(_Killed):
        delivery.fan_out(message)
    monkeypatch.setattr(queues, "publish_many", real)
    delivery.fan_out(message)      # SQS delivers it again after the visibility timeout
    delivery.fan_out(message)      # and once more: this page is done, nothing is queued
    queued = bodies("deliver")
    assert len(queued) == 1 + 3
    assert {u for d in queued for u in d["event"]["audience"]["user_ids"]} == set(followers)
    queues.publish_many(queues.DELIVER, queued)
    run_pipeline()
    assert all(len(_inbox(u)) == 1 for u in followers)   # the repeat notified nobody twice


# --- the sender ---

def test_a_redelivered_message_notifies_and_emails_once(client, sent_mail):
    people = seed_people(2)
    _publish({"user_ids": people}, kind="comment.reply", category="interactions")
    run_pipeline_fanout_only()
    (delivery_message,) = bodies("deliver")
    # Twice in one batch, then once more later: SQS delivers at least once.
    event = _event(client, [(delivery_message, "same"), (delivery_message, "same")], "deliver")
    assert client.lambda_.invoke("send_notifications", event).payload == {
        "batchItemFailures": []}
    event = _event(client, [(delivery_message, "same")], "deliver")
    assert client.lambda_.invoke("send_notifications", event).payload == {
        "batchItemFailures": []}
    assert [len(_inbox(u)) for u in people] == [1, 1]
    assert sorted(m["To"] for m in sent_mail()) == sorted(
        f"{u.lower()}@people.test" for u in people)


def run_pipeline_fanout_only():
    from chalicelib.notifications import delivery

    for body in bodies("notify"):
        delivery.fan_out(body)


def test_a_failed_email_is_retried_for_that_person_only(client, sent_mail, monkeypatch):
    from chalicelib.platform.aws import mail

    people = seed_people(3)
    _publish({"user_ids": people}, kind="comment.reply", category="interactions")
    run_pipeline_fanout_only()
    (delivery_message,) = bodies("deliver")
    real_send = mail.send
    failures = []

    def flaky(message, via=None):
        if message.to.startswith(people[1].lower()) and not failures:
            failures.append(1)
            raise RuntimeError("SES throttled")
        return real_send(message, via)

    monkeypatch.setattr(mail, "send", flaky)
    event = _event(client, [(delivery_message, "m-1")], "deliver")
    assert client.lambda_.invoke("send_notifications", event).payload == {
        "batchItemFailures": [{"itemIdentifier": "m-1"}]}
    assert client.lambda_.invoke("send_notifications", event).payload == {
        "batchItemFailures": []}
    sent_to = sorted(m["To"] for m in sent_mail())
    assert sent_to == sorted(f"{u.lower()}@people.test" for u in people)  # each exactly once
    assert [len(_inbox(u)) for u in people] == [1, 1, 1]


def test_a_poisoned_message_fails_alone_and_reaches_the_dead_letter_queue(app):
    import app as app_module
    from chalicelib.platform.aws import queues
    from local import worker
    from tests.events.test_worker import _queue_attrs

    people = seed_people(2)
    _publish({"user_ids": [people[0]]}, kind="comment.reply", category="interactions")
    queues.publish(queues.NOTIFY, {"event_id": "not-an-id", "kind": "comment.reply"})
    _publish({"user_ids": [people[1]]}, kind="comment.reply", category="interactions")

    sources, _ = worker.handlers(app_module)
    by_queue = {s.queue.rsplit("-", 1)[-1]: (s, h) for s, h in sources}
    notify_source, fan_out = by_queue["notify"]
    deliver_source, send = by_queue["deliver"]
    for _ in range(6):  # the poisoned message is received 5 times, then redriven
        worker.drain_queue(notify_source, fan_out, wait=0, visibility=0)
    while worker.drain_queue(deliver_source, send, wait=0):
        pass
    assert _queue_attrs("notify")[1] == 0
    assert _queue_attrs("notify-dlq")[1] == 1
    assert [len(_inbox(u)) for u in people] == [1, 1]   # nothing lost from its batch


def test_settings_decide_email_and_in_app_always_happens(app, sent_mail):
    from chalicelib.notifications.notification_tables import NotificationSettings

    quiet, loud = seed_people(2)
    NotificationSettings(quiet, interactions=False).save()
    _publish({"user_ids": [quiet, loud]}, kind="comment.reply", category="interactions")
    run_pipeline()
    assert [len(_inbox(u)) for u in (quiet, loud)] == [1, 1]
    assert [m["To"] for m in sent_mail()] == [f"{loud.lower()}@people.test"]


def test_account_mail_has_no_unsubscribe_and_others_do(app, sent_mail):
    from chalicelib.notifications.notification_tables import NotificationSettings

    (person,) = seed_people(1)
    NotificationSettings(person, followed=False, interactions=False, admin=False).save()
    _publish({"user_ids": [person]}, kind="moderation.warning", category="account")
    _publish({"user_ids": [person]}, kind="moderation.case", category="admin")
    run_pipeline()
    (message,) = sent_mail()
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    assert "warning" in message["Subject"].lower()


@pytest.mark.parametrize("locale,subject,body_text", [
    ("en", "News from Riverside: Spring cleanup", "Unsubscribe from these emails"),
    ("fr", "Nouvelles de Riverside : Nettoyage de printemps", "Se désabonner"),
    ("de", "Neuigkeiten von Riverside: Frühjahrsputz", "abmelden"),
    ("es", "Novedades de Riverside: Limpieza de primavera", "Darse de baja"),
])
def test_emails_speak_the_recipients_language(app, sent_mail, locale, subject, body_text):
    (person,) = seed_people(1, locale=locale)
    _publish({"user_ids": [person]})
    run_pipeline()
    (message,) = sent_mail()
    assert str(message["Subject"]) == subject or _decoded(message["Subject"]) == subject
    assert body_text in body_of(message)
    assert message["List-Unsubscribe"].startswith("<http://api.agora.test/notifications/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (html,) = sent_html()
    assert f'lang="{locale}"' in html


def _decoded(header) -> str:
    from email.header import decode_header, make_header

    return str(make_header(decode_header(str(header))))


def test_titles_cannot_break_the_headers_or_inject_html(app, sent_mail):
    (person,) = seed_people(1)
    _publish({"user_ids": [person]}, title={"en": "Hi\r\nBcc: x@evil.test <b>bold</b>"})
    run_pipeline()
    (message,) = sent_mail()
    assert message["Bcc"] is None
    (html,) = sent_html()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_people_who_left_get_nothing(app, sent_mail):
    (gone,) = seed_people(1, status="deleted")
    (unknown,) = ["01" + "0" * 24]
    _publish({"user_ids": [gone, unknown]})
    run_pipeline()
    assert _inbox(gone) == [] and _inbox(unknown) == [] and sent_mail() == []


# --- the daily digest ---

def _digest_people(count, **settings):
    from chalicelib.notifications.notification_tables import NotificationSettings

    people = seed_people(count)
    for user_id in people:
        NotificationSettings(user_id, digest=True, **settings).save()
    return people


def _run_digest_schedule(client) -> dict:
    from local.worker import schedule_event

    answer = client.lambda_.invoke("send_digests", schedule_event("send_digests", "eu-west-1"))
    run_pipeline()
    return answer.payload


def _until_due():
    from chalicelib.notifications import notifications as rules
    from chalicelib.platform import clock

    clock.advance(rules.digest_due(clock.now()) - clock.now() + 60)


def test_the_digest_bundles_a_days_mail_into_one(client, sent_mail):
    from chalicelib.notifications.notification_tables import DigestEntry, NotificationSettings

    (reader,) = _digest_people(1)
    community_id, _ = seed_community(0)
    follow(community_id, [reader])
    _publish({"followers_of": community_id}, title={"en": "Update one"})
    _publish({"user_ids": [reader]}, kind="comment.reply", category="interactions",
             title={"en": "A reply"})
    _publish({"user_ids": [reader]}, kind="moderation.warning", category="account")
    run_pipeline()
    (account_mail,) = sent_mail()                        # account mail is never held back
    assert "warning" in account_mail["Subject"].lower()
    assert len(_inbox(reader)) == 3                      # in-app at once
    assert len(list(DigestEntry.query(reader))) == 2

    assert _run_digest_schedule(client) == {"queued": 0}  # not due yet
    assert len(sent_mail()) == 1

    _until_due()
    assert _run_digest_schedule(client) == {"queued": 1}
    digest = sent_mail()[-1]
    assert len(sent_mail()) == 2
    assert digest["Subject"] == "Your daily digest: 2 new notifications"
    text = body_of(digest)
    assert "Update one" in text and "A reply" in text
    assert "/notifications/unsubscribe/" in digest["List-Unsubscribe"]
    assert "-digest-" in digest["List-Unsubscribe"]
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert list(DigestEntry.query(reader)) == []
    assert NotificationSettings.get(reader).digest_due is None  # out of the index

    _until_due()
    assert _run_digest_schedule(client) == {"queued": 0}  # nothing new: nothing sent
    assert len(sent_mail()) == 2


def test_a_redelivered_digest_message_sends_once(client, sent_mail):
    from chalicelib.notifications import delivery

    people = _digest_people(2)
    _publish({"user_ids": people}, kind="comment.reply", category="interactions")
    run_pipeline()
    _until_due()
    delivery.enqueue_due_digests()
    messages = bodies("deliver")  # one per shard of the index that holds someone
    assert sorted(u for m in messages for u in m["user_ids"]) == sorted(people)
    for n, message in enumerate(messages):
        for _ in range(2):
            event = _event(client, [(message, f"d-{n}")], "deliver")
            assert client.lambda_.invoke("send_notifications", event).payload == {
                "batchItemFailures": []}
    assert sorted(m["To"] for m in sent_mail()) == sorted(
        f"{u.lower()}@people.test" for u in people)


def test_a_digest_whose_email_was_sent_but_not_cleared_is_not_sent_again(client, sent_mail,
                                                                         monkeypatch):
    from chalicelib.notifications import delivery
    from chalicelib.notifications import notification_tables as store

    (reader,) = _digest_people(1)
    _publish({"user_ids": [reader]}, kind="comment.reply", category="interactions")
    run_pipeline()
    real_delete = store.delete_digest_entries
    monkeypatch.setattr(store, "delete_digest_entries",
                        lambda entries: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        delivery.send_digest(reader)
    monkeypatch.setattr(store, "delete_digest_entries", real_delete)
    delivery.send_digest(reader)
    assert len(sent_mail()) == 1
    assert list(store.DigestEntry.query(reader)) == []


def test_people_who_objected_get_no_digest(client, sent_mail):
    from chalicelib.identity.user_tables import User
    from chalicelib.notifications.notification_tables import DigestEntry

    objector, other = _digest_people(2)
    User(objector).update(actions=[User.restrictions.set({"digest": True})])
    _publish({"user_ids": [objector, other]}, kind="comment.reply", category="interactions")
    run_pipeline()
    # The objector's mail is not stored for a digest: it leaves at once.
    assert [m["To"] for m in sent_mail()] == [f"{objector.lower()}@people.test"]
    assert list(DigestEntry.query(objector)) == []
    # Someone who objects while items wait has them dropped, not bundled.
    User(other).update(actions=[User.restrictions.set({"digest": True})])
    _until_due()
    _run_digest_schedule(client)
    assert len(sent_mail()) == 1
    assert list(DigestEntry.query(other)) == []


def test_the_digest_leaves_out_categories_turned_off_since(client, sent_mail):
    from chalicelib.notifications import notification_tables as store

    (reader,) = _digest_people(1)
    _publish({"user_ids": [reader]}, title={"en": "Followed news"})
    _publish({"user_ids": [reader]}, kind="comment.reply", category="interactions",
             title={"en": "A reply"})
    run_pipeline()
    store.set_choices(reader, {"followed": False})
    _until_due()
    _run_digest_schedule(client)
    (digest,) = sent_mail()
    assert "A reply" in body_of(digest) and "Followed news" not in body_of(digest)
    assert digest["Subject"] == "Your daily digest: 1 new notification"


def test_the_digest_speaks_the_readers_language(client, sent_mail):
    from chalicelib.notifications.notification_tables import NotificationSettings

    (reader,) = seed_people(1, locale="fr")
    NotificationSettings(reader, digest=True).save()
    _publish({"user_ids": [reader]})
    run_pipeline()
    _until_due()
    _run_digest_schedule(client)
    (digest,) = sent_mail()
    assert _decoded(digest["Subject"]) == "Votre résumé quotidien : 1 nouvelle notification"
    assert "Nettoyage de printemps" in body_of(digest)


def test_the_daily_run_reads_the_index_not_the_table(client, monkeypatch):
    from chalicelib.notifications.notification_tables import NotificationSettings

    people = _digest_people(30)
    _publish({"user_ids": people[:10]}, kind="comment.reply", category="interactions")
    run_pipeline()

    def no_scan(*args, **kwargs):
        raise AssertionError("the digest run must not scan")

    monkeypatch.setattr(NotificationSettings, "scan", no_scan)
    _until_due()
    assert _run_digest_schedule(client) == {"queued": 10}


def test_bad_delivery_messages_fail(client):
    event = _event(client, [({"type": "nonsense"}, "a"), ({"type": "digest", "user_ids": 5}, "b"),
                            ("not json", "c"), ({"type": "digest", "user_ids": []}, "d")],
                   "deliver")
    assert client.lambda_.invoke("send_notifications", event).payload == {
        "batchItemFailures": [{"itemIdentifier": "a"}, {"itemIdentifier": "b"},
                              {"itemIdentifier": "c"}]}
    _ = handler


def test_erasure_steps_remove_a_persons_notifications_in_bounded_batches(app):
    from chalicelib.notifications import notification_tables as store

    (person,) = _digest_people(1)
    for n in range(5):
        _publish({"user_ids": [person]}, kind="comment.reply", category="interactions",
                 title={"en": f"T{n}"})
    run_pipeline()
    assert len(_inbox(person)) == 5 and len(list(store.DigestEntry.query(person))) == 5
    batches = 0
    for step in (store.erase_notifications, store.erase_digest_entries, store.erase_settings):
        cursor = step(person, None, 2)
        batches += 1
        while cursor is not None:
            cursor = step(person, cursor, 2)
            batches += 1
    assert batches >= 3 + 2 * 2  # two of at most 2 items could not take 5 in one batch
    assert _inbox(person) == [] and list(store.DigestEntry.query(person)) == []
    assert store.get_settings(person) is None
    for step in (store.erase_notifications, store.erase_digest_entries, store.erase_settings):
        assert step(person, None, 2) is None  # again: nothing left, nothing fails
