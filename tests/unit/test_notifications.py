"""Notification rules: events, who gets what, settings, digest timing, unsubscribe tokens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.notifications import email_choice_rules as choices
from chalicelib.notifications import notifications as rules
from chalicelib.platform import ids
from chalicelib.platform.errors import NotFound, Unprocessable, ValidationFailed

CID = ids.new_id()


def _person(**kw) -> rules.Recipient:
    values = dict(user_id=ids.new_id(), email="p@people.test", locale="en", status="active",
                  restrictions={}, settings=choices.Settings())
    values.update(kw)
    return rules.Recipient(**values)


# --- events ---

def test_a_built_event_follows_the_contract():
    event = rules.build_event("community.update", "followed", {"followers_of": CID},
                              community_id=CID, subject={"type": "update", "id": "U1"},
                              actor_id="A1", data={"title": {"en": "Hi"}, "url": "/x"})
    message = event.as_message()
    assert ids.is_id(message["event_id"])
    assert message == {**message, "kind": "community.update", "category": "followed",
                       "audience": {"followers_of": CID}, "community_id": CID,
                       "subject": {"type": "update", "id": "U1"}, "actor_id": "A1",
                       "data": {"title": {"en": "Hi"}, "url": "/x"}}
    assert rules.parse_event(message) == event


@pytest.mark.parametrize("kind,category,audience,extra", [
    ("community.nonsense", "followed", {"followers_of": CID}, {}),
    ("community.update", "marketing", {"followers_of": CID}, {}),
    ("community.update", "followed", {}, {}),
    ("community.update", "followed", {"followers_of": CID, "user_ids": []}, {}),
    ("community.update", "followed", {"everyone": True}, {}),
    ("community.update", "followed", {"followers_of": 12}, {}),
    ("comment.reply", "interactions", {"user_ids": "U1"}, {}),
    ("comment.reply", "interactions", {"user_ids": ["U"] * (rules.MAX_USER_IDS + 1)}, {}),
    ("comment.reply", "interactions", {"user_ids": ["U1"]}, {"data": {"x": "y" * 9000}}),
    ("comment.reply", "interactions", {"user_ids": ["U1"]}, {"data": {"x": object()}}),
    ("comment.reply", "interactions", {"user_ids": ["U1"]}, {"subject": "U1"}),
    ("comment.reply", "interactions", {"user_ids": ["U1"]}, {"actor_id": ""}),
])
def test_events_that_break_the_contract_are_refused(kind, category, audience, extra):
    with pytest.raises(rules.BadEvent):
        rules.build_event(kind, category, audience, **extra)


@pytest.mark.parametrize("message", [None, [], {"kind": "comment.reply"},
                                     {"event_id": "nope", "kind": "comment.reply",
                                      "category": "interactions",
                                      "audience": {"user_ids": ["U1"]}}])
def test_unreadable_queue_messages_are_bad_events(message):
    with pytest.raises(rules.BadEvent):
        rules.parse_event(message)


# --- who gets what ---

def test_the_actor_is_never_notified():
    person = _person()
    assert rules.plan("interactions", person, actor_id=person.user_id) == rules.Plan(
        person.user_id, in_app=False)
    assert rules.recipients_of(["a", "b", "a", "c"], "b") == ["a", "c"]


def test_email_follows_the_category_setting_but_account_is_always_sent():
    off = _person(settings=choices.Settings(followed=False, interactions=False, admin=False))
    assert rules.plan("followed", off, actor_id=None) == rules.Plan(off.user_id, in_app=True)
    assert rules.plan("account", off, actor_id=None).email
    on = _person()
    assert rules.plan("followed", on, actor_id=None).email
    assert not rules.plan("admin", on, actor_id=None).email  # administrators opt in


def test_digest_bundles_followed_and_interactions_only():
    person = _person(settings=choices.Settings(digest=True))
    for category in ("followed", "interactions"):
        planned = rules.plan(category, person, actor_id=None)
        assert planned.digest and not planned.email
    assert rules.plan("account", person, actor_id=None).email


def test_people_who_objected_are_left_out_of_digests():
    person = _person(settings=choices.Settings(digest=True), restrictions={"digest": True})
    planned = rules.plan("followed", person, actor_id=None)
    assert planned.email and not planned.digest
    assert rules.digest_restricted({"digest": True})
    assert not rules.digest_restricted({"analytics": True})


@pytest.mark.parametrize("status,category,in_app,email", [
    ("pending", "followed", True, False),
    ("suspended", "followed", True, False),
    ("suspended", "account", True, True),
    ("deleting", "account", False, False),
    ("deleted", "interactions", False, False),
])
def test_account_status_limits_delivery(status, category, in_app, email):
    planned = rules.plan(category, _person(status=status), actor_id=None)
    assert (planned.in_app, planned.email) == (in_app, email)


def test_no_email_without_an_address():
    assert not rules.plan("account", _person(email=None), actor_id=None).email


# --- settings ---

def test_account_cannot_be_turned_off():
    with pytest.raises(Unprocessable) as err:
        choices.settings_change({"account": False})
    assert err.value.errors[0].field == "account"
    assert choices.settings_change({"account": True, "followed": False, "digest": None}) == {
        "followed": False}


def test_stored_choices_override_defaults():
    assert choices.settings_from(None).as_dict() == {
        "account": True, "followed": True, "interactions": True, "admin": False,
        "digest": False}
    assert choices.settings_from({"followed": False, "admin": None, "digest": True}).as_dict()[
        "followed"] is False


def test_a_digest_link_stops_what_the_digest_bundles():
    assert choices.unsubscribe_change("digest") == {"followed": False, "interactions": False}
    assert choices.unsubscribe_change("admin") == {"admin": False}


# --- digest timing, ids, links ---

def _ts(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def test_a_digest_is_due_at_the_next_digest_hour():
    assert rules.digest_due(_ts("2026-03-01T06:59:00")) == _ts("2026-03-01T07:00:00")
    assert rules.digest_due(_ts("2026-03-01T07:00:00")) == _ts("2026-03-02T07:00:00")
    assert rules.digest_due(_ts("2026-03-01T23:30:00")) == _ts("2026-03-02T07:00:00")


def test_the_id_ceiling_is_above_every_id_of_its_millisecond():
    at = 1_800_000_000.123
    made = [ids.new_id(int(at * 1000)) for _ in range(50)]
    ceiling = rules.id_ceiling(at)
    assert all(m <= ceiling for m in made)
    assert ids.new_id(int(at * 1000) + 1) > ceiling


def test_links_stay_on_the_frontend():
    front = "https://app.example"
    assert rules.link_for({"url": "/c/1"}, front) == "https://app.example/c/1"
    assert rules.link_for({"url": "https://app.example/c/2"}, front) == "https://app.example/c/2"
    for bad in ("https://evil.example/x", "//evil.example", "javascript:alert(1)", 5, None):
        assert rules.link_for({"url": bad}, front) == "https://app.example/notifications"


def test_texts_are_read_in_the_readers_locale():
    assert rules.localized({"en": "Hi", "fr": "Salut"}, "fr") == "Salut"
    assert rules.localized({"en": "Hi", "fr": "Salut"}, "de") == "Hi"
    assert rules.localized({"es": "Hola"}, "de") == "Hola"
    assert rules.localized("plain", "fr") == "plain"
    assert rules.localized(None, "fr") == ""
    assert rules.locale_of("xx") == "en" and rules.locale_of("de") == "de"


def test_subjects_are_one_bounded_line():
    assert rules.one_line("a\r\nb\tc") == "a b c"
    assert len(rules.one_line("x" * 500)) == 200


# --- unsubscribe tokens ---

KEY = "k" * 48


def test_a_token_names_its_person_and_category_and_fits_a_path_segment():
    user_id = ids.new_id()
    for category in choices.UNSUBSCRIBABLE:
        token = choices.unsubscribe_token(user_id, category, key=KEY)
        assert len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)
        assert choices.read_unsubscribe_token(token, key=KEY) == (user_id, category)


def test_there_is_no_link_to_unsubscribe_from_account_mail():
    with pytest.raises(ValueError):
        choices.unsubscribe_token(ids.new_id(), "account", key=KEY)


def test_forged_tokens_are_not_found():
    user_id, other = ids.new_id(), ids.new_id()
    token = choices.unsubscribe_token(user_id, "followed", key=KEY)
    signature = token.split("-", 2)[2]
    for forged in (f"{other}-followed-{signature}",            # someone else
                   f"{user_id}-interactions-{signature}",      # another category
                   token[:-2] + ("AA" if not token.endswith("AA") else "BB")):
        with pytest.raises(NotFound):
            choices.read_unsubscribe_token(forged, key=KEY)
    with pytest.raises(NotFound):
        choices.read_unsubscribe_token(token, key="another key")


@pytest.mark.parametrize("token", ["", "abc", f"{'0' * 26}-account-sig", f"{'0' * 26}-followed-",
                                   "notanid-followed-sig"])
def test_malformed_tokens_are_bad_requests_naming_the_token(token):
    with pytest.raises(ValidationFailed) as err:
        choices.read_unsubscribe_token(token, key=KEY)
    assert err.value.errors[0].field == "token"


@pytest.mark.parametrize("content_type,body,ok", [
    ("application/x-www-form-urlencoded", b"List-Unsubscribe=One-Click", True),
    ("application/x-www-form-urlencoded; charset=utf-8", b"List-Unsubscribe=One-Click", True),
    ("application/x-www-form-urlencoded", b"List-Unsubscribe=Later", False),
    ("application/x-www-form-urlencoded", b"", False),
    ("application/x-www-form-urlencoded", b"\xff\xfe", False),
    ("multipart/form-data; boundary=XyZ",
     b"--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
     b"One-Click\r\n--XyZ--\r\n", True),
    ("multipart/form-data; boundary=XyZ",
     b"--XyZ\r\nContent-Disposition: form-data; name=\"Other\"\r\n\r\nOne-Click\r\n--XyZ--\r\n",
     False),
    ("multipart/form-data", b"garbage", False),
    ("application/json", b'{"List-Unsubscribe": "One-Click"}', False),
])
def test_one_click_bodies(content_type, body, ok):
    assert choices.one_click_requested(content_type, body) is ok
