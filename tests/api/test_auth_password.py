"""Forgotten passwords (single-use link, one hour, every session ends) and changing one's
password (the other sessions end)."""

from __future__ import annotations

from chalicelib.platform import clock
from tests.api.identity_support import (
    STRONG,
    last_mail,
    last_token,
    login,
    mails_to,
    register,
    register_and_confirm,
    start_of_a_throttle_window,
)

NEW = "a brand new passphrase for ada"


def test_forgot_answers_the_same_for_any_address(api):
    register_and_confirm(api, "ada@example.org")
    known = api.post("/auth/password/forgot", {"email": "ADA@example.org"})
    unknown = api.post("/auth/password/forgot", {"email": "zed@example.org"})
    assert (known.status_code, known.json) == (unknown.status_code, unknown.json) == (202, {})
    assert last_mail("ada@example.org")[0] == "Reset your password"
    subject, text = last_mail("zed@example.org")
    assert subject == "Password reset requested" and "token=" not in text


def test_reset_sets_the_password_and_ends_every_session(api):
    register_and_confirm(api, "ada@example.org")
    phone, laptop = login(api, "ada@example.org"), login(api, "ada@example.org")
    api.post("/auth/password/forgot", {"email": "ada@example.org"})
    token = last_token("ada@example.org", "/reset-password")
    assert api.post("/auth/password/reset", {"token": token, "password": NEW}).status_code == 204
    for pair in (phone, laptop):
        assert api.get("/me", token=pair["access_token"]).status_code == 401
        assert api.post("/auth/refresh",
                        {"refresh_token": pair["refresh_token"]}).status_code == 401
    assert api.post("/auth/login", {"email": "ada@example.org",
                                    "password": STRONG}).status_code == 401
    login(api, "ada@example.org", NEW)
    again = api.post("/auth/password/reset", {"token": token, "password": "yet another passphrase"})
    assert again.status_code == 400 and again.json["code"] == "invalid_token"


def test_a_reset_link_expires_after_an_hour(api):
    register_and_confirm(api, "ada@example.org")
    api.post("/auth/password/forgot", {"email": "ada@example.org"})
    token = last_token("ada@example.org", "/reset-password")
    clock.advance(3601)
    assert api.post("/auth/password/reset", {"token": token, "password": NEW}).status_code == 400


def test_a_weak_password_does_not_burn_the_link(api):
    register_and_confirm(api, "ada@example.org")
    api.post("/auth/password/forgot", {"email": "ada@example.org"})
    token = last_token("ada@example.org", "/reset-password")
    weak = api.post("/auth/password/reset", {"token": token, "password": "password1234"})
    assert weak.status_code == 400 and weak.json["errors"][0]["field"] == "password"
    assert api.post("/auth/password/reset", {"token": token, "password": NEW}).status_code == 204


def test_an_older_link_is_void_once_the_password_changed(api):
    register_and_confirm(api, "ada@example.org")
    api.post("/auth/password/forgot", {"email": "ada@example.org"})
    older = last_token("ada@example.org", "/reset-password")
    clock.advance(1)
    api.post("/auth/password/forgot", {"email": "ada@example.org"})
    newer = last_token("ada@example.org", "/reset-password")
    clock.advance(1)
    assert api.post("/auth/password/reset", {"token": newer, "password": NEW}).status_code == 204
    assert api.post("/auth/password/reset",
                    {"token": older, "password": "yet another passphrase"}).status_code == 400


def test_a_reset_confirms_an_unconfirmed_account(api):
    register(api, "new@example.org")
    api.post("/auth/password/forgot", {"email": "new@example.org"})
    token = last_token("new@example.org", "/reset-password")
    assert api.post("/auth/password/reset", {"token": token, "password": NEW}).status_code == 204
    login(api, "new@example.org", NEW)


def test_reset_requests_are_throttled(api):
    codes = [api.post("/auth/password/forgot", {"email": "ada@example.org"}).status_code
             for _ in range(4)]
    assert codes == [202, 202, 202, 429]
    assert len(mails_to("ada@example.org")) == 3


def test_changing_the_password_ends_the_other_sessions(api):
    register_and_confirm(api, "ada@example.org")
    here, elsewhere = login(api, "ada@example.org"), login(api, "ada@example.org")
    answer = api.post("/me/password", {"current_password": STRONG, "new_password": NEW},
                      token=here["access_token"])
    assert answer.status_code == 204
    assert api.get("/me", token=here["access_token"]).status_code == 200
    assert api.get("/me", token=elsewhere["access_token"]).status_code == 401
    assert last_mail("ada@example.org")[0] == "Your password was changed"
    login(api, "ada@example.org", NEW)


def test_changing_the_password_checks_the_current_one_and_the_new_one(api):
    register_and_confirm(api, "ada@example.org")
    token = login(api, "ada@example.org")["access_token"]
    wrong = api.post("/me/password", {"current_password": "not it at all", "new_password": NEW},
                     token=token)
    assert wrong.status_code == 400 and wrong.json["errors"][0]["field"] == "current_password"
    weak = api.post("/me/password", {"current_password": STRONG,
                                     "new_password": "password1234"}, token=token)
    assert weak.status_code == 400 and weak.json["errors"][0]["field"] == "new_password"
    assert api.post("/me/password", {"current_password": STRONG, "new_password": NEW}
                    ).status_code == 401  # no token


def test_guessing_the_current_password_is_throttled(api):
    start_of_a_throttle_window()
    register_and_confirm(api, "ada@example.org")
    token = login(api, "ada@example.org")["access_token"]
    for _ in range(10):
        api.post("/me/password", {"current_password": "guess guess guess", "new_password": NEW},
                 token=token)
    answer = api.post("/me/password", {"current_password": STRONG, "new_password": NEW},
                      token=token)
    assert answer.status_code == 429 and int(answer.headers["Retry-After"]) > 0


def test_password_confirmations_and_sign_ins_share_one_limit(api):
    """A stolen access token cannot guess the password through another door: failed
    sign-ins, password changes, email changes and deletions count together, and deleting
    the account past the limit answers 429, the account untouched."""
    start_of_a_throttle_window()
    register_and_confirm(api, "ada@example.org")
    token = login(api, "ada@example.org")["access_token"]
    for _ in range(4):
        assert api.post("/auth/login", {"email": "ada@example.org",
                                        "password": "guess guess guess"}).status_code == 401
    for _ in range(3):
        assert api.post("/me/password", {"current_password": "guess guess guess",
                                         "new_password": NEW}, token=token).status_code == 400
    for _ in range(2):
        assert api.post("/me/email", {"email": "new@example.org",
                                      "password": "guess guess guess"},
                        token=token).status_code == 400
    assert api.delete("/me", {"password": "guess guess guess"}, token=token).status_code == 403
    refused = api.delete("/me", {"password": STRONG}, token=token)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert api.get("/me", token=token).status_code == 200
    assert api.post("/auth/login", {"email": "ada@example.org",
                                    "password": STRONG}).status_code == 429
