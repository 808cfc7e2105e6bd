"""Sessions: refresh rotation, reuse detection for the session's whole life, logout, a session
that ends a day after its sign-in however it is used, and tokens refused at once when their
session ends."""

from __future__ import annotations

from chalicelib.platform import clock
from tests.api.identity_support import login, register_and_confirm

DAY = 24 * 3600


def _refresh(api, token):
    return api.post("/auth/refresh", {"refresh_token": token})


def test_refresh_rotates_the_pair(api):
    register_and_confirm(api, "ada@example.org")
    first = login(api, "ada@example.org")
    second = _refresh(api, first["refresh_token"])
    assert second.status_code == 200
    assert second.json["refresh_token"] != first["refresh_token"]
    assert second.json["refresh_token"].split(".")[0] == first["refresh_token"].split(".")[0]
    third = _refresh(api, second.json["refresh_token"])
    assert third.status_code == 200
    assert api.get("/me", token=third.json["access_token"]).status_code == 200


def test_a_reused_refresh_token_revokes_the_whole_session(api):
    register_and_confirm(api, "ada@example.org")
    first = login(api, "ada@example.org")
    second = _refresh(api, first["refresh_token"]).json   # the owner rotates
    reused = _refresh(api, first["refresh_token"])        # a thief replays the old one
    assert reused.status_code == 401 and reused.json["code"] == "refresh_reused"
    # Everything of that session is dead now, the newest pair included...
    assert _refresh(api, second["refresh_token"]).status_code == 401
    assert api.get("/me", token=second["access_token"]).status_code == 401
    assert api.get("/me", token=first["access_token"]).status_code == 401
    # ... but other sessions of the same person live on.
    other = login(api, "ada@example.org")
    assert api.get("/me", token=other["access_token"]).status_code == 200


def test_reuse_is_recognised_several_rotations_later(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    stolen = pair["refresh_token"]
    for _ in range(5):
        pair = _refresh(api, pair["refresh_token"]).json
    assert _refresh(api, stolen).json["code"] == "refresh_reused"
    assert api.get("/me", token=pair["access_token"]).status_code == 401


def test_a_made_up_secret_for_a_real_session_does_not_revoke_it(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    session_id = pair["refresh_token"].split(".")[0]
    answer = _refresh(api, f"{session_id}.guessed-secret")
    assert answer.status_code == 401 and answer.json["code"] == "invalid_token"
    assert _refresh(api, pair["refresh_token"]).status_code == 200
    for junk in ("", "no-dot", ".x", "x.", "01ARZ3NDEKTSV4RRFFQ69G5FAV.unknown"):
        assert _refresh(api, junk).status_code in (400, 401)


def test_logout_refuses_the_sessions_access_token_at_once(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    assert api.get("/me", token=pair["access_token"]).status_code == 200
    assert api.post("/auth/logout", {"refresh_token": pair["refresh_token"]}).status_code == 204
    answer = api.get("/me", token=pair["access_token"])  # not 15 minutes later: now
    assert answer.status_code == 401 and answer.json["code"] == "session_ended"
    assert _refresh(api, pair["refresh_token"]).status_code == 401
    # Logging out twice, or with nonsense, is harmless.
    assert api.post("/auth/logout", {"refresh_token": pair["refresh_token"]}).status_code == 204
    assert api.post("/auth/logout", {"refresh_token": "nonsense"}).status_code == 204


def test_logout_needs_the_refresh_secret_not_just_the_session_id(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    session_id = pair["refresh_token"].split(".")[0]  # readable in the access token's `sid`
    api.post("/auth/logout", {"refresh_token": f"{session_id}.guess"})
    assert api.get("/me", token=pair["access_token"]).status_code == 200


def test_a_session_ends_after_24_hours_without_use(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    clock.advance(DAY + 1)
    answer = _refresh(api, pair["refresh_token"])
    assert answer.status_code == 401 and answer.json["code"] == "session_ended"


def test_a_session_ends_24_hours_after_sign_in_however_steadily_used(api):
    """Issue 23: a refresh every 14 minutes and a request after each, for a whole day."""
    register_and_confirm(api, "ada@example.org")
    signed_in_at = clock.now()
    pair = login(api, "ada@example.org")
    ends = pair["session_expires_at"]
    from datetime import datetime

    assert 0 <= datetime.fromisoformat(ends).timestamp() - (signed_in_at + DAY) < 5
    while clock.now() + 14 * 60 < signed_in_at + DAY:
        clock.advance(14 * 60)
        answer = _refresh(api, pair["refresh_token"])
        assert answer.status_code == 200, (clock.now() - signed_in_at, answer.json)
        pair = answer.json
        assert pair["session_expires_at"] == ends  # refreshing never moves the end
        assert api.get("/me", token=pair["access_token"]).status_code == 200
    clock.advance(signed_in_at + DAY - clock.now() + 5)  # just past the day; token still fresh
    answer = api.get("/me", token=pair["access_token"])
    assert answer.status_code == 401 and answer.json["code"] == "session_ended"
    answer = _refresh(api, pair["refresh_token"])
    assert answer.status_code == 401 and answer.json["code"] == "session_ended"


def test_a_session_started_under_the_old_30_day_limit_still_ends_after_a_day(api):
    from chalicelib.identity.user_tables import Session

    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    session_id = pair["refresh_token"].split(".")[0]
    Session(session_id).update(actions=[
        Session.absolute_expires_at.set(clock.now() + 30 * DAY)])
    clock.advance(DAY - 60)
    pair = _refresh(api, pair["refresh_token"]).json
    clock.advance(61)
    assert api.get("/me", token=pair["access_token"]).status_code == 401
    assert _refresh(api, pair["refresh_token"]).json["code"] == "session_ended"


def test_reuse_is_recognised_for_the_whole_life_of_the_session(api):
    """Issue 13 item 12: not only within the last 16 rotations."""
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    stolen = pair["refresh_token"]
    for _ in range(40):
        pair = _refresh(api, pair["refresh_token"]).json
    answer = _refresh(api, stolen)
    assert answer.status_code == 401 and answer.json["code"] == "refresh_reused"
    assert api.get("/me", token=pair["access_token"]).status_code == 401


def test_the_family_of_refresh_tokens_is_bounded(api, monkeypatch):
    """Past its last rotation a session ends: no token of it was ever forgotten."""
    from chalicelib.identity import session_tables

    monkeypatch.setattr(session_tables, "MAX_ROTATIONS", 5)
    register_and_confirm(api, "ada@example.org")
    pair = first = login(api, "ada@example.org")
    for _ in range(5):
        pair = _refresh(api, pair["refresh_token"]).json
    answer = _refresh(api, pair["refresh_token"])
    assert answer.status_code == 401 and answer.json["code"] == "session_ended"
    assert api.get("/me", token=pair["access_token"]).status_code == 401
    assert _refresh(api, first["refresh_token"]).status_code == 401


def test_an_access_token_is_refused_when_its_session_is_revoked(api):
    from chalicelib.identity import session_tables as sessions

    user_id = register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    sessions.revoke_all(user_id)
    answer = api.get("/me", token=pair["access_token"])
    assert answer.status_code == 401 and answer.json["code"] == "session_ended"


def test_refresh_carries_the_current_locale_and_refuses_a_suspended_account(api):
    from chalicelib.identity.user_tables import User

    user_id = register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    api.patch("/me", {"locale": "de"}, token=pair["access_token"])
    pair = _refresh(api, pair["refresh_token"]).json
    import jwt

    assert jwt.decode(pair["access_token"], options={"verify_signature": False})["loc"] == "de"
    User(user_id).update(actions=[User.status.set("suspended")])
    assert _refresh(api, pair["refresh_token"]).status_code == 401
    assert api.get("/me", token=pair["access_token"]).status_code == 401  # session revoked


def test_last_visit_is_written_at_most_once_an_hour(api):
    from bench import counting
    from chalicelib.platform.aws.clients import reset_clients
    from chalicelib.tables import all_models

    counting.install()
    reset_clients()
    for model in all_models():
        model._connection = None
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    visited = api.get("/me", token=pair["access_token"]).json["last_visit_at"]
    for _ in range(3):  # within the hour: reads only
        clock.advance(14 * 60)
        pair = _refresh(api, pair["refresh_token"]).json
        with counting.counting() as calls:
            me = api.get("/me", token=pair["access_token"]).json
        assert calls["dynamodb"] == 2 and me["last_visit_at"] == visited
    clock.advance(20 * 60)  # an hour and more since the last recorded visit
    pair = _refresh(api, pair["refresh_token"]).json
    with counting.counting() as calls:
        api.get("/me", token=pair["access_token"])
    assert calls["dynamodb"] == 3  # session, the one visit write, the profile
    me = api.get("/me", token=pair["access_token"]).json
    assert me["last_visit_at"] > visited
