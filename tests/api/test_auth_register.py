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
    confirmed = api.post("/auth/confirm", {"token": last_token("ada@example.org", "/confirm"),
                                           "password": STRONG})
    assert confirmed.status_code == 200
    assert confirmed.json["password_set"] is True and confirmed.json["pseudonym_taken"] is False
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


def test_a_newer_registration_voids_the_older_links(api):
    """Issue 13 item 2: at most one live registration per address."""
    register(api, "pending@example.org", name="Owner", password="owner long passphrase 1")
    owners_link = last_token("pending@example.org", "/confirm")
    register(api, "pending@example.org", name="Intruder", password=STRONG)
    intruders_link = last_token("pending@example.org", "/confirm")
    assert owners_link != intruders_link
    refused = api.post("/auth/confirm", {"token": owners_link,
                                         "password": "owner long passphrase 1"})
    assert refused.status_code == 400 and refused.json["code"] == "invalid_token"
    api.post("/auth/confirm/resend", {"email": "pending@example.org"})
    newest = last_token("pending@example.org", "/confirm")
    assert api.post("/auth/confirm", {"token": intruders_link}).status_code == 400
    assert api.post("/auth/confirm", {"token": newest,
                                      "password": "owner long passphrase 1"}).status_code == 200


def test_confirming_never_installs_the_registrants_password(api):
    """Issue 13 item 2: whichever link the mailbox's owner follows, the account ends up with
    the password typed there, never the one an intruder registered with."""
    register(api, "owner@example.org", name="Owner", password="owner long passphrase 1")
    register(api, "owner@example.org", name="Intruder", password=STRONG)  # the intruder's
    link = last_token("owner@example.org", "/confirm")
    confirmed = api.post("/auth/confirm", {"token": link,
                                           "password": "owner long passphrase 1"})
    assert confirmed.status_code == 200 and confirmed.json["password_set"] is True
    assert api.post("/auth/login", {"email": "owner@example.org",
                                    "password": STRONG}).status_code == 401
    login(api, "owner@example.org", "owner long passphrase 1")


def test_a_confirmation_without_a_password_leaves_the_account_without_one(api):
    register(api, "lazy@example.org", password=STRONG)
    confirmed = api.post("/auth/confirm", {"token": last_token("lazy@example.org", "/confirm")})
    assert confirmed.status_code == 200
    assert confirmed.json == {"user_id": confirmed.json["user_id"], "password_set": False,
                              "pseudonym_taken": False}
    refused = api.post("/auth/login", {"email": "lazy@example.org", "password": STRONG})
    assert refused.status_code == 401
    api.post("/auth/password/forgot", {"email": "lazy@example.org"})
    reset = api.post("/auth/password/reset", {"token": last_token("lazy@example.org",
                                                                  "/reset-password"),
                                              "password": "a brand new passphrase"})
    assert reset.status_code == 204
    login(api, "lazy@example.org", "a brand new passphrase")


def test_a_weak_password_at_confirmation_is_refused_and_the_link_kept(api):
    register(api, "weak@example.org")
    link = last_token("weak@example.org", "/confirm")
    refused = api.post("/auth/confirm", {"token": link, "password": "password1234"})
    assert refused.status_code == 400 and refused.json["errors"][0]["field"] == "password"
    assert api.post("/auth/confirm", {"token": link, "password": STRONG}).status_code == 200


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


def test_a_taken_pseudonym_answers_as_any_registration_and_is_settled_at_confirmation(api):
    """Issue 13 item 3: the answer tells nothing of the address, whatever the pseudonym."""
    register_and_confirm(api, "ada@example.org", pseudonym="Countess")
    unknown = register(api, "other@example.org", pseudonym="COUNTESS")
    known = register(api, "ada@example.org", name="Someone", pseudonym="COUNTESS")
    free = register(api, "third@example.org", pseudonym="Free Name")
    assert (unknown.status_code, unknown.json) == (known.status_code, known.json) == (
        free.status_code, free.json) == (202, {})
    from chalicelib.identity.user_tables import Unique

    assert Unique.count("pseudonym#free name") == 0  # claimed only once confirmed
    confirmed = api.post("/auth/confirm", {"token": last_token("other@example.org", "/confirm"),
                                           "password": STRONG})
    assert confirmed.status_code == 200 and confirmed.json["pseudonym_taken"] is True
    me = api.get("/me", token=login(api, "other@example.org")["access_token"]).json
    assert (me["pseudonym"], me["display"]) == (None, "name")
    third = register_and_confirm(api, "third@example.org", pseudonym="Free Name")
    assert Unique.get("pseudonym#free name").user_id == third


def test_two_unconfirmed_accounts_asking_one_pseudonym_the_first_confirmed_wins(api):
    register(api, "one@example.org", pseudonym="Twin")
    register(api, "two@example.org", pseudonym="twin")
    first = api.post("/auth/confirm", {"token": last_token("two@example.org", "/confirm"),
                                       "password": STRONG})
    second = api.post("/auth/confirm", {"token": last_token("one@example.org", "/confirm"),
                                        "password": STRONG})
    assert (first.json["pseudonym_taken"], second.json["pseudonym_taken"]) == (False, True)
    me = api.get("/me", token=login(api, "two@example.org")["access_token"]).json
    assert me["pseudonym"] == "twin" and me["display"] == "pseudonym"


def test_emails_to_an_unproven_address_carry_nothing_the_requester_chose(api, make_user):
    """Issue 13 item 8: no name in the confirmation, its resend, a reset link to an
    unconfirmed account, or an email change's link to the new address."""
    bait = "URGENT verify at http://evil.example"
    register(api, "victim@example.org", name=bait)
    api.post("/auth/confirm/resend", {"email": "victim@example.org"})
    api.post("/auth/password/forgot", {"email": "victim@example.org"})
    _, token = make_user("asker@example.org", name=bait)
    api.post("/me/email", {"email": "victim2@example.org"}, token=token)
    for address, count in (("victim@example.org", 3), ("victim2@example.org", 1)):
        messages = mails_to(address)
        assert len(messages) == count
        for message in messages:
            from tests.support import body_of

            assert "URGENT" not in body_of(message) and "evil" not in body_of(message)
            assert "URGENT" not in str(message["Subject"])
    api.post("/auth/password/forgot", {"email": "asker@example.org"})  # a proven address
    assert bait in last_mail("asker@example.org")[1]


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
    assert api.post("/auth/confirm", {"token": first}).status_code == 400  # void now
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
