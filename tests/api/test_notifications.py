"""Notification routes: settings, the in-app list and read marks, one-click unsubscribe."""

from __future__ import annotations

import pytest

from chalicelib.notifications import email_choice_rules as choices

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ONE_CLICK = "List-Unsubscribe=One-Click"


def _raw(api, method: str, path: str, body: str = "", headers: dict | None = None):
    """An unauthenticated call whose answer may be HTML (the Api helper parses JSON)."""
    import json

    response = api.client.http.request(method, path, headers=headers or {}, body=body.encode())
    kind = response.headers.get("Content-Type", "")
    response.json = json.loads(response.body) if "json" in kind and response.body else None
    return response


def _notify(user_ids, *, kind="comment.reply", category="interactions", title="Hello",
            actor_id=None):
    from chalicelib.notifications import notifications
    from tests.notify_support import run_pipeline

    event_id = notifications.publish(kind, category, {"user_ids": list(user_ids)},
                                     actor_id=actor_id,
                                     data={"title": {"en": title, "fr": title + " (fr)"},
                                           "url": "/contributions/C1"})
    run_pipeline()
    return event_id


# --- settings ---

def test_settings_start_from_the_defaults(api, make_user):
    _, token = make_user()
    response = api.get("/me/notification-settings", token=token)
    assert response.status_code == 200
    assert response.json == {"account": True, "followed": True, "interactions": True,
                             "admin": False, "digest": False}


def test_settings_change_per_category_and_keep_the_rest(api, make_user):
    _, token = make_user()
    response = api.put("/me/notification-settings", {"followed": False, "digest": True},
                       token=token)
    assert response.status_code == 200
    assert response.json == {"account": True, "followed": False, "interactions": True,
                             "admin": False, "digest": True}
    api.put("/me/notification-settings", {"admin": True}, token=token)
    assert api.get("/me/notification-settings", token=token).json == {
        "account": True, "followed": False, "interactions": True, "admin": True, "digest": True}


def test_account_cannot_be_turned_off(api, make_user):
    _, token = make_user()
    response = api.put("/me/notification-settings", {"account": False, "followed": False},
                       token=token)
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json["errors"] == [{"field": "account", "message": "cannot be turned off"}]
    assert api.get("/me/notification-settings", token=token).json["followed"] is True
    assert api.put("/me/notification-settings", {"account": True}, token=token).status_code == 200


@pytest.mark.parametrize("body,field", [({"followed": "no"}, "followed"),
                                        ({"marketing": True}, "marketing")])
def test_bad_settings_name_the_field(api, make_user, body, field):
    _, token = make_user()
    response = api.put("/me/notification-settings", body, token=token)
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] == field


def test_settings_need_a_login(api):
    assert api.get("/me/notification-settings").status_code == 401
    assert api.put("/me/notification-settings", {"followed": False}).status_code == 401
    assert api.get("/me/notifications").status_code == 401
    assert api.post("/me/notifications/read", {"all": True}).status_code == 401


# --- the in-app list ---

def test_notifications_are_listed_newest_first_with_pages(api, make_user):
    from chalicelib.platform import clock

    user_id, token = make_user()
    for n in range(5):
        _notify([user_id], title=f"T{n}")
        clock.advance(1)
    first = api.get("/me/notifications?limit=2", token=token)
    assert first.status_code == 200
    assert [i["title"] for i in first.json["items"]] == ["T4", "T3"]
    item = first.json["items"][0]
    assert item["kind"] == "comment.reply" and item["category"] == "interactions"
    assert item["url"] == "/contributions/C1" and item["read"] is False
    assert "actor_id" not in item
    second = api.get(f"/me/notifications?limit=2&cursor={first.json['next_cursor']}",
                     token=token)
    assert [i["title"] for i in second.json["items"]] == ["T2", "T1"]
    third = api.get(f"/me/notifications?limit=2&cursor={second.json['next_cursor']}",
                    token=token)
    assert [i["title"] for i in third.json["items"]] == ["T0"]
    assert third.json["next_cursor"] is None


def test_titles_follow_the_readers_locale(api, make_user):
    user_id, token = make_user(locale="fr")
    _notify([user_id], title="Bonjour")
    assert api.get("/me/notifications", token=token).json["items"][0]["title"] == (
        "Bonjour (fr)")


def test_a_bad_cursor_is_a_400_naming_it(api, make_user):
    _, token = make_user()
    response = api.get("/me/notifications?cursor=garbage!", token=token)
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] == "cursor"


def test_one_sees_only_ones_own_notifications(api, make_user):
    alice, alice_token = make_user()
    _bob, bob_token = make_user()
    _notify([alice])
    assert len(api.get("/me/notifications", token=alice_token).json["items"]) == 1
    assert api.get("/me/notifications", token=bob_token).json["items"] == []


def test_marking_read_by_ids_and_all(api, make_user):
    from chalicelib.platform import clock

    alice, token = make_user()
    bob, bob_token = make_user()
    first = _notify([alice, bob], title="one")
    clock.advance(1)
    _notify([alice, bob], title="two")
    response = api.post("/me/notifications/read", {"ids": [first]}, token=token)
    assert response.status_code == 204
    items = api.get("/me/notifications", token=token).json["items"]
    assert [(i["title"], i["read"]) for i in items] == [("two", False), ("one", True)]
    # Bob's copy of the same event is his own.
    assert all(not i["read"] for i in api.get("/me/notifications", token=bob_token).json[
        "items"])
    assert api.post("/me/notifications/read", {"all": True}, token=token).status_code == 204
    assert all(i["read"] for i in api.get("/me/notifications", token=token).json["items"])
    clock.advance(1)
    _notify([alice], title="three")
    items = api.get("/me/notifications", token=token).json["items"]
    assert next((i["title"], i["read"]) for i in items) == ("three", False)


def test_marking_unknown_ids_changes_nothing(api, make_user):
    from chalicelib.platform import ids

    _, token = make_user()
    assert api.post("/me/notifications/read", {"ids": [ids.new_id()]},
                    token=token).status_code == 204
    assert api.get("/me/notifications", token=token).json["items"] == []


@pytest.mark.parametrize("body", [{}, {"ids": [], "all": False}, {"all": False},
                                  {"ids": ["not-an-id"]}, {"ids": ["01" * 13], "all": True}])
def test_read_needs_ids_or_all(api, make_user, body):
    _, token = make_user()
    response = api.post("/me/notifications/read", body, token=token)
    assert response.status_code == 400
    assert response.json["errors"][0]["field"].startswith("ids")


# --- one-click unsubscribe ---

def _unsubscribe_path(message) -> str:
    header = message["List-Unsubscribe"]
    assert header.startswith("<http://api.agora.test/") and header.endswith(">")
    return header[1:-1].removeprefix("http://api.agora.test")


def test_the_emailed_link_unsubscribes_without_login(api, make_user, sent_mail):
    user_id, token = make_user()
    _notify([user_id], kind="comment.reply", category="interactions")
    message = sent_mail()[-1]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = _unsubscribe_path(message)

    page = _raw(api, "GET", path)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert b'name="List-Unsubscribe" value="One-Click"' in page.body
    assert api.get("/me/notification-settings", token=token).json["interactions"] is True

    done = _raw(api, "POST", path, ONE_CLICK, FORM)
    assert done.status_code == 200
    assert b"no longer receive" in done.body
    settings = api.get("/me/notification-settings", token=token).json
    assert settings["interactions"] is False and settings["followed"] is True
    # Clicked twice (a mail client retrying): still off, still fine.
    assert _raw(api, "POST", path, ONE_CLICK, FORM).status_code == 200

    count = len(sent_mail())
    _notify([user_id], kind="comment.reply", category="interactions")
    assert len(sent_mail()) == count                       # no more email...
    assert len(api.get("/me/notifications", token=token).json["items"]) == 2  # ...still in-app


def test_multipart_one_click_is_accepted(api, make_user):
    from chalicelib.platform.aws.secrets import secret

    user_id, token = make_user()
    link = choices.unsubscribe_token(user_id, "followed", key=secret("link_signing_key"))
    body = ("--B0\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
            "One-Click\r\n--B0--\r\n")
    response = _raw(api, "POST", f"/notifications/unsubscribe/{link}", body,
                    {"Content-Type": "multipart/form-data; boundary=B0"})
    assert response.status_code == 200
    assert api.get("/me/notification-settings", token=token).json["followed"] is False


def test_the_digest_link_stops_the_digest_categories(api, make_user):
    from chalicelib.platform.aws.secrets import secret

    user_id, token = make_user()
    link = choices.unsubscribe_token(user_id, "digest", key=secret("link_signing_key"))
    assert _raw(api, "POST", f"/notifications/unsubscribe/{link}", ONE_CLICK,
                FORM).status_code == 200
    settings = api.get("/me/notification-settings", token=token).json
    assert (settings["followed"], settings["interactions"], settings["account"]) == (
        False, False, True)


def test_forged_or_malformed_links_are_refused(api, make_user):
    from chalicelib.platform import ids

    user_id, token = make_user()
    forged = choices.unsubscribe_token(user_id, "followed", key="not the real key")
    for method in ("GET", "POST"):
        response = _raw(api, method, f"/notifications/unsubscribe/{forged}", ONE_CLICK, FORM)
        assert response.status_code == 404, method
        response = _raw(api, method, f"/notifications/unsubscribe/{ids.new_id()}-account-x",
                        ONE_CLICK, FORM)
        assert response.status_code == 400
        assert response.json["errors"][0]["field"] == "token"
    assert api.get("/me/notification-settings", token=token).json["followed"] is True


def test_a_post_without_the_one_click_body_changes_nothing(api, make_user):
    from chalicelib.platform.aws.secrets import secret

    user_id, token = make_user()
    link = choices.unsubscribe_token(user_id, "followed", key=secret("link_signing_key"))
    response = _raw(api, "POST", f"/notifications/unsubscribe/{link}", "", FORM)
    assert response.status_code == 400
    assert response.json["errors"][0]["field"] == "List-Unsubscribe"
    assert api.get("/me/notification-settings", token=token).json["followed"] is True


def test_a_link_of_an_erased_person_is_not_found(api, make_user):
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.aws.secrets import secret

    user_id, _ = make_user()
    link = choices.unsubscribe_token(user_id, "followed", key=secret("link_signing_key"))
    User(user_id).update(actions=[User.status.set("deleted")])
    assert _raw(api, "GET", f"/notifications/unsubscribe/{link}").status_code == 404
    User(user_id).delete()
    assert _raw(api, "GET", f"/notifications/unsubscribe/{link}").status_code == 404


def test_the_unsubscribe_page_speaks_the_persons_language(api, make_user):
    from chalicelib.platform.aws.secrets import secret

    user_id, _ = make_user(locale="de")
    link = choices.unsubscribe_token(user_id, "followed", key=secret("link_signing_key"))
    page = _raw(api, "GET", f"/notifications/unsubscribe/{link}")
    assert 'lang="de"' in page.body.decode() and "Abmelden" in page.body.decode()


def test_expired_notifications_are_not_listed_before_the_ttl_sweep(api, make_user):
    from chalicelib.identity import sessions
    from chalicelib.notifications import notifications as rules
    from chalicelib.platform import clock

    user_id, _ = make_user()
    _notify([user_id], title="old")
    clock.advance(rules.NOTIFICATION_TTL - 10)
    _notify([user_id], title="new")
    token = sessions.start(user_id).access_token  # the first session ended long ago
    assert [i["title"] for i in api.get("/me/notifications", token=token).json["items"]] == [
        "new", "old"]
    clock.advance(20)
    answer = api.get("/me/notifications", token=token).json
    assert [i["title"] for i in answer["items"]] == ["new"] and answer["next_cursor"] is None
