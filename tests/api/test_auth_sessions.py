"""Sessions: refresh rotation, reuse detection, logout, the 24-hour idle limit and the 30-day
absolute limit, and tokens refused at once when their session ends."""

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


def test_a_session_ends_after_24_hours_without_refresh(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    clock.advance(DAY - 60)
    pair = _refresh(api, pair["refresh_token"]).json  # slides the idle limit
    clock.advance(DAY - 60)
    pair = _refresh(api, pair["refresh_token"]).json
    clock.advance(DAY + 1)
    answer = _refresh(api, pair["refresh_token"])
    assert answer.status_code == 401 and answer.json["code"] == "session_ended"


def test_a_session_ends_after_30_days_whatever_the_refreshes(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    elapsed = 0
    for _ in range(40):
        clock.advance(DAY - 3600)
        elapsed += DAY - 3600
        answer = _refresh(api, pair["refresh_token"])
        if answer.status_code != 200:
            break
        pair = answer.json
    assert answer.status_code == 401 and answer.json["code"] == "session_ended"
    assert 30 * DAY <= elapsed < 30 * DAY + DAY


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
