"""Changing the account's email: confirmed by the new address before it takes effect; the
old address is told."""

from __future__ import annotations

from tests.api.identity_support import (
    STRONG,
    last_mail,
    last_token,
    login,
    mails_to,
    register_and_confirm,
)


def _ask(api, token, email, password=STRONG):
    return api.post("/me/email", {"email": email, "password": password}, token=token)


def test_the_new_address_confirms_then_the_account_moves_and_the_old_one_is_told(api):
    register_and_confirm(api, "old@example.org")
    token = login(api, "old@example.org")["access_token"]
    assert _ask(api, token, "New@Example.org").status_code == 202
    me = api.get("/me", token=token).json
    assert me["email"] == "old@example.org" and me["pending_email"] == "new@example.org"
    login(api, "old@example.org")  # nothing changes before the confirmation
    link = last_token("new@example.org", "/confirm-email")
    assert api.post("/auth/email/confirm", {"token": link}).status_code == 200
    me = api.get("/me", token=token).json
    assert me["email"] == "new@example.org" and me["pending_email"] is None
    login(api, "new@example.org")
    assert api.post("/auth/login", {"email": "old@example.org",
                                    "password": STRONG}).status_code == 401
    subject, text = last_mail("old@example.org")
    assert subject == "The email address of your account was changed"
    assert "n***@example.org" in text and "new@example.org" not in text
    assert api.post("/auth/email/confirm", {"token": link}).status_code == 400  # single use
    # The old address is free for someone else now.
    register_and_confirm(api, "old@example.org", name="Newcomer")


def test_a_taken_address_is_told_to_its_owner_not_to_the_asker(api):
    register_and_confirm(api, "ada@example.org")
    register_and_confirm(api, "bob@example.org", name="Bob")
    token = login(api, "bob@example.org")["access_token"]
    taken = _ask(api, token, "ada@example.org")
    free = _ask(api, token, "free@example.org")
    assert (taken.status_code, taken.json) == (free.status_code, free.json) == (202, {})
    subject, text = last_mail("ada@example.org")
    assert subject == "Your email address was proposed for another account"
    assert "token=" not in text


def test_the_password_is_needed(api):
    register_and_confirm(api, "ada@example.org")
    token = login(api, "ada@example.org")["access_token"]
    for password in (None, "not the password"):
        answer = api.post("/me/email", {"email": "new@example.org", "password": password},
                          token=token)
        assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "password"
    assert mails_to("new@example.org") == []


def test_the_new_address_claimed_meanwhile_is_a_conflict(api):
    register_and_confirm(api, "ada@example.org")
    token = login(api, "ada@example.org")["access_token"]
    _ask(api, token, "contested@example.org")
    link = last_token("contested@example.org", "/confirm-email")
    register_and_confirm(api, "contested@example.org", name="Quick")
    answer = api.post("/auth/email/confirm", {"token": link})
    assert answer.status_code == 409 and answer.json["code"] == "email_taken"
    assert api.get("/me", token=token).json["email"] == "ada@example.org"


def test_bad_requests(api):
    register_and_confirm(api, "ada@example.org")
    token = login(api, "ada@example.org")["access_token"]
    assert _ask(api, token, "ADA@example.org").status_code == 400
    assert _ask(api, token, "nope").json["errors"][0]["field"] == "email"
    assert api.post("/auth/email/confirm", {"token": "forged"}).status_code == 400


def test_email_changes_are_throttled(api):
    register_and_confirm(api, "ada@example.org")
    token = login(api, "ada@example.org")["access_token"]
    codes = [_ask(api, token, f"n{i}@example.org").status_code for i in range(6)]
    assert codes == [202] * 5 + [429]
