"""Registration and confirmation: no enumeration, one account per (normalised) email even
under a race, strong passwords, single-use links that expire, throttled resends."""

from __future__ import annotations

import threading

import pytest

from tests.api.identity_support import (
    STRONG,
    last_mail,
    last_token,
    login,
    mails_to,
    register,
    register_and_confirm,
    serialise_dynamodb_writes,
)


def test_registering_sends_a_confirmation_and_confirming_activates(api):
    answer = register(api, "ada@example.org", pseudonym="Countess", locale="fr")
    assert answer.status_code == 202 and answer.json == {}
    subject, text = last_mail("ada@example.org")
    assert subject == "Confirmez votre adresse e-mail"
    assert "http://app.agora.test/confirm?token=" in text
    assert api.post("/auth/login", {"email": "ada@example.org",
                                    "password": STRONG}).json["code"] == "email_unconfirmed"
    confirmed = api.post("/auth/confirm", {"token": last_token("ada@example.org", "/confirm")})
    assert confirmed.status_code == 200
    me = api.get("/me", token=login(api, "ada@example.org")["access_token"]).json
    assert me["id"] == confirmed.json["user_id"]
    assert (me["status"], me["locale"], me["pseudonym"], me["display"]) == (
        "active", "fr", "Countess", "pseudonym")


def test_the_answer_is_the_same_for_a_taken_email_and_the_owner_is_told(api):
    register_and_confirm(api, "ada@example.org")
    first = register(api, "someone@example.org", name="Someone")
    again = register(api, "ADA@Example.org", name="Impostor", password="another long passphrase")
    assert (first.status_code, first.json) == (again.status_code, again.json) == (202, {})
    assert first.headers.get("Content-Type") == again.headers.get("Content-Type")
    subject, text = last_mail("ada@example.org")
    assert subject == "You already have an account"
    assert "token=" not in text
    from chalicelib.identity.user_tables import User

    assert sum(1 for u in User.scan() if u.email == "ada@example.org") == 1
    login(api, "ada@example.org")  # the owner's password is untouched


def test_emails_compare_after_unicode_normalisation(api):
    register_and_confirm(api, "ｊｏｓé@Example.org")  # fullwidth letters, composed é
    register(api, "jose\u0301@example.ORG", name="Twin")
    from chalicelib.identity.user_tables import User

    assert len(list(User.scan())) == 1
    assert last_mail("josé@example.org")[0] == "You already have an account"
    login(api, "JOSÉ@example.org")


def test_two_racing_registrations_leave_one_account(aws, monkeypatch):
    from chalicelib.identity import registration, throttling
    from chalicelib.identity.user_tables import Unique, User

    serialise_dynamodb_writes(monkeypatch)
    monkeypatch.setattr(throttling, "REGISTER_EMAIL", throttling.Rule("register-email", 99, 60))
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def attempt(i: int) -> None:
        try:
            barrier.wait()
            registration.register(name=f"Racer {i}", email="race@example.org",
                                  password=STRONG, source_ip=f"198.51.100.{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    users = [u for u in User.scan() if u.email == "race@example.org"]
    assert len(users) == 1
    assert Unique.get("email#race@example.org").user_id == users[0].user_id


def test_registering_again_before_confirming_sends_a_new_link_with_the_new_password(api):
    register(api, "pending@example.org", name="First", password="first long passphrase 1")
    first_link = last_token("pending@example.org", "/confirm")
    register(api, "pending@example.org", name="Second", password=STRONG)
    second_link = last_token("pending@example.org", "/confirm")
    assert first_link != second_link
    assert api.post("/auth/confirm", {"token": second_link}).status_code == 200
    login(api, "pending@example.org", STRONG)
    refused = api.post("/auth/login", {"email": "pending@example.org",
                                       "password": "first long passphrase 1"})
    assert refused.status_code == 401


# The length is the document's (minLength 12, maxLength 128: `validation_error`); how easy a
# password is to guess only the domain can say (`weak_password`).
@pytest.mark.parametrize("password,reason,code", [
    ("short pass", "at least 12 characters", "validation_error"),
    ("p" * 129, "at most 128 characters", "validation_error"),
    ("password1234", "too easy to guess", "weak_password"),
    ("Ada Lovelace1", "too easy to guess", "weak_password"),  # the person's own name
])
def test_weak_passwords_are_refused_with_the_reason(api, password, reason, code):
    answer = register(api, "weak@example.org", password=password)
    assert answer.status_code == 400
    assert answer.json["code"] == code
    assert answer.json["errors"][0]["field"] == "password"
    assert reason in answer.json["errors"][0]["message"]
    assert mails_to("weak@example.org") == []


@pytest.mark.parametrize("body,field", [
    ({"name": "A", "email": "not-an-email", "password": STRONG}, "email"),
    ({"name": "   ", "email": "a@example.org", "password": STRONG}, "name"),
    ({"name": "A", "email": "a@example.org", "password": STRONG, "locale": "xx"}, "locale"),
    ({"name": "A", "email": "a@example.org", "password": STRONG, "pseudonym": "x"},
     "pseudonym"),
    ({"name": "A", "email": "a@example.org"}, "password"),
    ({"name": "A", "email": "a@example.org", "password": STRONG, "admin": True}, "admin"),
])
def test_bad_fields_are_named(api, body, field):
    answer = api.post("/auth/register", body)
    assert answer.status_code == 400
    assert field in [e["field"] for e in answer.json["errors"]]


def test_a_taken_pseudonym_is_a_conflict(api):
    register_and_confirm(api, "ada@example.org", pseudonym="Countess")
    answer = register(api, "other@example.org", pseudonym="COUNTESS")
    assert answer.status_code == 409 and answer.json["code"] == "pseudonym_taken"
    from chalicelib.identity.user_tables import Unique

    assert Unique.count("email#other@example.org") == 0  # nothing half-written


def test_a_confirmation_link_works_once(api):
    register(api, "once@example.org")
    token = last_token("once@example.org", "/confirm")
    assert api.post("/auth/confirm", {"token": token}).status_code == 200
    again = api.post("/auth/confirm", {"token": token})
    assert again.status_code == 400 and again.json["code"] == "invalid_token"
    assert api.post("/auth/confirm", {"token": "made-up"}).status_code == 400


def test_a_confirmation_link_expires_after_three_days(api):
    from chalicelib.platform import clock

    register(api, "late@example.org")
    token = last_token("late@example.org", "/confirm")
    clock.advance(3 * 24 * 3600 + 1)
    assert api.post("/auth/confirm", {"token": token}).status_code == 400


def test_resending_a_confirmation_works_and_is_throttled(api):
    register(api, "slow@example.org")
    first = last_token("slow@example.org", "/confirm")
    answers = [api.post("/auth/confirm/resend", {"email": "Slow@example.org"}).status_code
               for _ in range(4)]
    assert answers == [202, 202, 202, 429]
    assert len(mails_to("slow@example.org")) == 4
    newest = last_token("slow@example.org", "/confirm")
    assert newest != first
    assert api.post("/auth/confirm", {"token": newest}).status_code == 200
    # Unknown and confirmed addresses get the same answer and no mail.
    assert api.post("/auth/confirm/resend", {"email": "nobody@example.org"}).status_code == 202
    assert mails_to("nobody@example.org") == []


def test_registration_is_throttled_with_retry_after(api):
    codes = [register(api, "spam@example.org", name=f"N{i}").status_code for i in range(4)]
    assert codes == [202, 202, 202, 429]
    refused = register(api, "spam@example.org")
    assert refused.json["code"] == "too_many_requests"
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert len(mails_to("spam@example.org")) == 3


def test_registration_per_address_limit(aws):
    from chalicelib.identity import registration
    from chalicelib.platform.errors import TooManyRequests

    for i in range(20):
        registration.register(name="N", email=f"p{i}@example.org", password=STRONG,
                              source_ip="192.0.2.1")
    with pytest.raises(TooManyRequests):
        registration.register(name="N", email="p20@example.org", password=STRONG,
                              source_ip="192.0.2.1")
    registration.register(name="N", email="p21@example.org", password=STRONG,
                          source_ip="192.0.2.2")
