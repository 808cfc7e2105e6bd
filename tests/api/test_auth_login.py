"""Login: tokens and their claims, refusals, throttling (per account and per client address,
held in DynamoDB), and the last login recorded."""

from __future__ import annotations

import pytest

from tests.api.identity_support import (
    STRONG,
    login,
    register,
    register_and_confirm,
    start_of_a_throttle_window,
)
from tests.api.test_races import atomic_requests, race  # noqa: F401


def _claims(token: str) -> dict:
    import jwt

    return jwt.decode(token, options={"verify_signature": False})


@pytest.fixture(autouse=True)
def _start_of_a_window(aws):
    start_of_a_throttle_window()


def test_login_answers_a_token_pair_with_checked_claims(api):
    user_id = register_and_confirm(api, "ada@example.org")
    pair = login(api, "ADA@example.org")
    assert pair["token_type"] == "Bearer" and pair["expires_in"] == 900
    claims = _claims(pair["access_token"])
    assert claims["sub"] == user_id and claims["iss"] == "agora" and claims["aud"] == "agora-api"
    assert claims["typ"] == "access" and claims["exp"] - claims["iat"] == 900 and claims["jti"]
    session_id, _, secret = pair["refresh_token"].partition(".")
    assert claims["sid"] == session_id and len(secret) >= 40
    from chalicelib.identity.user_tables import Session

    stored = Session.get(session_id)
    assert secret not in stored.refresh_hash and len(stored.refresh_hash) == 64


def test_wrong_password_and_unknown_account_look_the_same(api):
    register_and_confirm(api, "ada@example.org")
    wrong = api.post("/auth/login", {"email": "ada@example.org", "password": "not the password"})
    unknown = api.post("/auth/login", {"email": "zed@example.org", "password": STRONG})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json


def test_unconfirmed_accounts_cannot_log_in(api):
    register(api, "new@example.org")
    answer = api.post("/auth/login", {"email": "new@example.org", "password": STRONG})
    assert answer.status_code == 403 and answer.json["code"] == "email_unconfirmed"
    # ... but only the right password learns that.
    wrong = api.post("/auth/login", {"email": "new@example.org", "password": "wrong password!"})
    assert wrong.status_code == 401


def test_suspended_accounts_cannot_log_in_until_the_end_of_the_suspension(api):
    from chalicelib.identity.user_tables import User
    from chalicelib.platform import clock

    user_id = register_and_confirm(api, "sus@example.org")
    User(user_id).update(actions=[User.status.set("suspended"),
                                  User.suspended_until.set(clock.now() + 3600)])
    answer = api.post("/auth/login", {"email": "sus@example.org", "password": STRONG})
    assert answer.status_code == 403 and answer.json["code"] == "account_suspended"
    clock.advance(3601)
    login(api, "sus@example.org")


def test_last_login_is_recorded(api):
    from chalicelib.platform import clock

    register_and_confirm(api, "ada@example.org")
    first = login(api, "ada@example.org")
    me = api.get("/me", token=first["access_token"]).json
    assert me["last_login_at"] is not None and me["last_visit_at"] == me["last_login_at"]
    clock.advance(7200)
    second = login(api, "ada@example.org")
    later = api.get("/me", token=second["access_token"]).json
    assert later["last_login_at"] > me["last_login_at"]


def test_more_than_ten_failures_for_one_account_answer_429(api):
    from chalicelib.platform import clock

    register_and_confirm(api, "ada@example.org")
    for _ in range(10):
        answer = api.post("/auth/login", {"email": "ada@example.org", "password": "wrong guess!"})
        assert answer.status_code == 401
    refused = api.post("/auth/login", {"email": "Ada@Example.org", "password": STRONG})
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= 15 * 60
    # Another account from the same address is not locked out by this one.
    register_and_confirm(api, "bob@example.org", name="Bob")
    login(api, "bob@example.org")
    clock.advance(wait)
    login(api, "ada@example.org")


def test_fifty_failures_from_one_client_address_answer_429(aws):
    from chalicelib.identity import login as signin
    from chalicelib.platform.errors import TooManyRequests, Unauthorized

    for i in range(50):
        with pytest.raises(Unauthorized):
            signin.login(f"user{i // 5}@example.org", "wrong guess!", source_ip="203.0.113.7")
    with pytest.raises(TooManyRequests) as caught:
        signin.login("someone.else@example.org", "wrong guess!", source_ip="203.0.113.7")
    assert int(caught.value.headers["Retry-After"]) > 0
    with pytest.raises(Unauthorized):  # another address still gets an answer
        signin.login("someone.else@example.org", "wrong guess!", source_ip="203.0.113.8")


def test_the_failure_count_is_shared_by_every_instance(aws):
    """Counted in DynamoDB, not in memory: a fresh process (cleared caches) still sees them."""
    from chalicelib.identity import login as signin
    from chalicelib.platform.aws import clients as aws_clients
    from chalicelib.platform.aws.secrets import app_secrets
    from chalicelib.platform.errors import TooManyRequests, Unauthorized

    for _ in range(10):
        with pytest.raises(Unauthorized):
            signin.login("target@example.org", "wrong guess!", source_ip="198.51.100.1")
        aws_clients.reset_clients()
        app_secrets.cache_clear()
    with pytest.raises(TooManyRequests):
        signin.login("target@example.org", "wrong guess!", source_ip="198.51.100.99")


@pytest.mark.parametrize("body", [{"email": "a@example.org"}, {"password": "x"},
                                  {"email": 5, "password": "x"},
                                  {"email": "nope", "password": "x"}])
def test_bad_login_bodies_are_400(api, body):
    assert api.post("/auth/login", body).status_code == 400


def test_forged_tokens_are_refused(api):
    import jwt

    user_id = register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    claims = _claims(pair["access_token"])
    forged = [
        jwt.encode(claims, "not the signing key, but long enough: 32+", algorithm="HS256"),
        jwt.encode(claims, None, algorithm="none"),
        jwt.encode({**claims, "typ": "refresh"}, _key(), algorithm="HS256"),
        jwt.encode({**claims, "aud": "elsewhere"}, _key(), algorithm="HS256"),
        jwt.encode({**claims, "iss": "elsewhere"}, _key(), algorithm="HS256"),
        jwt.encode({**claims, "sub": "01ARZ3NDEKTSV4RRFFQ69G5FAV"}, _key(), algorithm="HS256"),
        jwt.encode(claims, _key(), algorithm="HS512"),
    ]
    for token in forged:
        answer = api.get("/me", token=token)
        assert answer.status_code == 401, jwt.get_unverified_header(token)
    assert api.get("/me", token=pair["access_token"]).json["id"] == user_id


def _key() -> str:
    from chalicelib.platform.aws.secrets import secret

    return secret("jwt_signing_key")


def test_access_tokens_expire_after_fifteen_minutes(api):
    from chalicelib.platform import clock

    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    clock.advance(15 * 60 - 5)
    assert api.get("/me", token=pair["access_token"]).status_code == 200
    clock.advance(10)
    answer = api.get("/me", token=pair["access_token"])
    assert answer.status_code == 401 and answer.json["code"] == "token_expired"


def test_guesses_in_flight_at_once_get_no_more_than_the_limit_checked(
        aws, monkeypatch, atomic_requests):  # noqa: F811
    """Each attempt is counted on the email's claim before its password is checked: a burst
    of 30 concurrent guesses gets 10 passwords checked, the rest 429, and then the right
    password is refused too."""
    from chalicelib.identity import credentials
    from chalicelib.identity import login as signin
    from chalicelib.platform.errors import TooManyRequests, Unauthorized
    from tests.support import create_user

    create_user("target@example.org", password=STRONG)
    checked = []
    real_verify = credentials.verify

    def counted(password, hashed):
        checked.append(1)
        return real_verify(password, hashed)

    monkeypatch.setattr(credentials, "verify", counted)
    results = race([lambda n=n: signin.login("target@example.org", "wrong guess!",
                                             source_ip=f"198.51.100.{n}") for n in range(30)])
    assert sum(isinstance(r, Unauthorized) for r in results) == 10
    assert sum(isinstance(r, TooManyRequests) for r in results) == 20
    assert len(checked) == 10
    with pytest.raises(TooManyRequests):
        signin.login("target@example.org", STRONG, source_ip="203.0.113.1")


def test_successful_and_refused_sign_ins_do_not_count_as_failures(aws):
    from chalicelib.identity import login as signin
    from chalicelib.platform.errors import TooManyRequests, Unauthorized
    from tests.support import create_user

    create_user("steady@example.org", password=STRONG)
    for _ in range(12):  # more than the limit, all with the right password
        signin.login("steady@example.org", STRONG, source_ip="203.0.113.2")
    for _ in range(10):
        with pytest.raises(Unauthorized):
            signin.login("steady@example.org", "wrong guess!", source_ip="203.0.113.3")
    for _ in range(3):  # refused: nothing more is counted, the wait does not grow
        with pytest.raises(TooManyRequests) as caught:
            signin.login("steady@example.org", STRONG, source_ip="203.0.113.4")
    first_wait = int(caught.value.headers["Retry-After"])
    with pytest.raises(TooManyRequests) as again:
        signin.login("steady@example.org", STRONG, source_ip="203.0.113.4")
    assert int(again.value.headers["Retry-After"]) <= first_wait


def test_a_stranger_cannot_lock_the_owner_out(api):
    """Issue 13 item 9: the account's limit holds for everyone, but its owner is emailed an
    unlock link once, and with it the right password signs in."""
    import re

    from tests.api.identity_support import mails_to
    from tests.support import body_of

    register_and_confirm(api, "ada@example.org")
    for _ in range(10):
        api.post("/auth/login", {"email": "ada@example.org", "password": "wrong guess!"})
    for _ in range(3):  # the pause holds, and the owner hears of it once
        assert api.post("/auth/login", {"email": "ada@example.org",
                                        "password": "wrong guess!"}).status_code == 429
    assert api.post("/auth/login", {"email": "ada@example.org",
                                    "password": STRONG}).status_code == 429
    unlock_mails = [m for m in mails_to("ada@example.org") if "/login?unlock=" in body_of(m)]
    assert len(unlock_mails) == 1
    token = re.search(r"/login\?unlock=([\w-]+)", body_of(unlock_mails[0])).group(1)
    wrong = api.post("/auth/login", {"email": "ada@example.org", "password": "wrong guess!",
                                     "unlock_token": token})
    assert wrong.status_code == 401
    other = api.post("/auth/login", {"email": "bob@example.org", "password": STRONG,
                                     "unlock_token": token})
    assert other.status_code == 400 and other.json["errors"][0]["field"] == "unlock_token"
    pair = api.post("/auth/login", {"email": "ada@example.org", "password": STRONG,
                                    "unlock_token": token})
    assert pair.status_code == 200, pair.json
    assert api.get("/me", token=pair.json["access_token"]).status_code == 200
    again = api.post("/auth/login", {"email": "ada@example.org", "password": STRONG,
                                     "unlock_token": token})
    assert again.status_code == 400  # it works once
    assert api.post("/auth/login", {"email": "ada@example.org",
                                    "password": STRONG}).status_code == 429  # the limit stays


def test_an_unconfirmed_account_gets_no_unlock_link(api):
    from tests.api.identity_support import mails_to

    register(api, "new@example.org")
    for _ in range(11):
        api.post("/auth/login", {"email": "new@example.org", "password": "wrong guess!"})
    assert len(mails_to("new@example.org")) == 1  # the confirmation only
