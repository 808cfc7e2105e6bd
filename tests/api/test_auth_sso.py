"""SSO round trips against a fake OAuth2 provider on loopback: the authorize redirect, the
code exchange with PKCE and the userinfo request all go over real HTTP (urllib)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.api.identity_support import STRONG, last_token, login, mails_to, register_and_confirm

CLIENT_ID = "agora-test-client"
CLIENT_SECRET = "fake-provider-client-secret"
FRONTEND = "http://app.agora.test"


class FakeProvider:
    """Authorize (auto-approves as `person`), token (checks PKCE, client and redirect) and
    userinfo endpoints."""

    def __init__(self) -> None:
        self.person: dict[str, Any] = {"id": "fb-1001", "name": "Grace Hopper",
                                       "email": "grace@example.org"}
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.fail_token = False
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                provider.requests.append(("GET", parts.path, query))
                if parts.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {
                        "client_id": query["client_id"][0],
                        "redirect_uri": query["redirect_uri"][0],
                        "challenge": query["code_challenge"][0],
                        "method": query["code_challenge_method"][0],
                        "person": dict(provider.person)}
                    location = query["redirect_uri"][0] + "?" + urlencode(
                        {"code": code, "state": query["state"][0]})
                    self.send_response(302)
                    self.send_header("Location", location)
                    self.end_headers()
                elif parts.path == "/me":
                    bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    person = provider.tokens.get(bearer)
                    if person is None:
                        self._json(401, {"error": "invalid_token"})
                    else:
                        self._json(200, person)
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode())
                provider.requests.append(("POST", self.path, form))
                if self.path != "/token" or provider.fail_token:
                    self._json(500, {"error": "server_error"})
                    return
                grant = provider.codes.pop(form.get("code", [""])[0], None)
                verifier = form.get("code_verifier", [""])[0]
                challenge = base64.urlsafe_b64encode(
                    hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
                if (grant is None or grant["method"] != "S256" or grant["challenge"] != challenge
                        or form.get("client_id") != [CLIENT_ID]
                        or form.get("client_secret") != [CLIENT_SECRET]
                        or form.get("redirect_uri") != [grant["redirect_uri"]]
                        or form.get("grant_type") != ["authorization_code"]):
                    self._json(400, {"error": "invalid_grant"})
                    return
                token = secrets.token_urlsafe(16)
                provider.tokens[token] = grant["person"]
                self._json(200, {"access_token": token, "token_type": "bearer",
                                 "expires_in": 3600})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(aws, monkeypatch) -> Iterator[FakeProvider]:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.aws.secrets import app_secrets
    from chalicelib.platform.config import settings

    with FakeProvider() as fake:
        monkeypatch.setenv("AGORA_SSO_FACEBOOK_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("AGORA_SSO_FACEBOOK_AUTHORIZE_URL", fake.base + "/authorize")
        monkeypatch.setenv("AGORA_SSO_FACEBOOK_TOKEN_URL", fake.base + "/token")
        monkeypatch.setenv("AGORA_SSO_FACEBOOK_USERINFO_URL",
                           fake.base + "/me?fields=id,name,email")
        sm = client("secretsmanager")
        values = json.loads(sm.get_secret_value(SecretId=settings().secret_id)["SecretString"])
        values["sso_facebook_client_secret"] = CLIENT_SECRET
        sm.put_secret_value(SecretId=settings().secret_id, SecretString=json.dumps(values))
        app_secrets.cache_clear()
        yield fake


def _get(url: str) -> tuple[int, dict[str, str]]:
    """One real HTTP GET, redirects not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    connection.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}


def _start(api, redirect_uri: str = FRONTEND + "/signed-in") -> tuple[str, str]:
    """(the provider URL the browser is sent to, the state cookie)."""
    answer = api.get("/auth/sso/facebook/start?" + urlencode({"redirect_uri": redirect_uri}))
    assert answer.status_code == 302, answer.json
    cookie = answer.headers["Set-Cookie"].split(";")[0]
    return answer.headers["Location"], cookie


def _provider_redirect(location: str) -> str:
    """The browser at the provider: it approves and redirects back to our callback."""
    status, headers = _get(location)
    assert status == 302
    return headers["location"]


def _callback(api, callback_url: str, cookie: str | None) -> dict[str, list[str]]:
    parts = urlsplit(callback_url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://api.agora.test"
    headers = {"Cookie": cookie} if cookie else {}
    answer = api.get(f"{parts.path}?{parts.query}", headers=headers)
    assert answer.status_code == 302
    assert "Max-Age=0" in answer.headers.get("Set-Cookie", "")
    back = urlsplit(answer.headers["Location"])
    return {"_to": [f"{back.scheme}://{back.netloc}{back.path}"], **parse_qs(back.query)}


def _round_trip(api, cookie_override: str | None = "keep") -> dict[str, list[str]]:
    location, cookie = _start(api)
    return _callback(api, _provider_redirect(location),
                     cookie if cookie_override == "keep" else cookie_override)


def test_start_redirects_with_pkce_and_state(api, provider):
    location, cookie = _start(api)
    parts = urlsplit(location)
    assert location.startswith(provider.base + "/authorize?")
    query = parse_qs(parts.query)
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["redirect_uri"] == ["http://api.agora.test/auth/sso/facebook/callback"]
    assert len(query["state"][0]) >= 40 and cookie.startswith("agora_sso=")
    from chalicelib.identity.onetime_tables import OneTimeToken

    stored = list(OneTimeToken.scan())
    assert len(stored) == 1 and query["state"][0] not in stored[0].token_hash


def test_a_first_sso_login_creates_an_account_without_password(api, provider):
    back = _round_trip(api)
    assert back["_to"] == [FRONTEND + "/signed-in"] and "code" in back
    pair = api.post("/auth/sso/exchange", {"code": back["code"][0]})
    assert pair.status_code == 200
    me = api.get("/me", token=pair.json["access_token"]).json
    assert (me["name"], me["email"], me["has_password"]) == (
        "Grace Hopper", "grace@example.org", False)
    assert me["sso_providers"] == ["facebook"] and me["last_login_at"]
    # The provider's token went to the provider only, and was not kept.
    token_calls = [r for r in provider.requests if r[1] == "/token"]
    assert len(token_calls) == 1 and token_calls[0][2]["code_verifier"]
    from chalicelib.identity.user_tables import User

    assert "access_token" not in json.dumps(User.get(me["id"]).attribute_values, default=str)
    # The one-time code works once.
    again = api.post("/auth/sso/exchange", {"code": back["code"][0]})
    assert again.status_code == 400 and again.json["code"] == "invalid_code"


def test_a_second_sso_login_signs_into_the_same_account(api, provider):
    first = api.post("/auth/sso/exchange", {"code": _round_trip(api)["code"][0]}).json
    second = api.post("/auth/sso/exchange", {"code": _round_trip(api)["code"][0]}).json
    me1 = api.get("/me", token=first["access_token"]).json
    me2 = api.get("/me", token=second["access_token"]).json
    assert me1["id"] == me2["id"]
    from chalicelib.identity.user_tables import User

    assert len(list(User.scan())) == 1


def test_a_matching_email_links_only_after_the_owner_confirms(api, provider):
    owner_id = register_and_confirm(api, "grace@example.org", name="Grace")
    back = _round_trip(api)
    assert back["error"] == ["link_confirmation_sent"] and "code" not in back
    subject = mails_to("grace@example.org")[-1]["Subject"]
    assert subject == "Sign in with Facebook?"
    from chalicelib.identity.user_tables import User

    assert len(list(User.scan())) == 1  # no second account
    assert _round_trip(api)["error"] == ["link_confirmation_sent"]  # still not linked
    link = last_token("grace@example.org", "/link-account")
    confirmed = api.post("/auth/sso/link/confirm", {"token": link})
    assert confirmed.status_code == 200 and confirmed.json["user_id"] == owner_id
    pair = api.post("/auth/sso/exchange", {"code": _round_trip(api)["code"][0]}).json
    me = api.get("/me", token=pair["access_token"]).json
    assert me["id"] == owner_id and me["sso_providers"] == ["facebook"] and me["has_password"]
    login(api, "grace@example.org", STRONG)  # the password still works too
    assert api.post("/auth/sso/link/confirm", {"token": link}).status_code == 400


def test_linking_an_unconfirmed_account_drops_its_registrants_password(api, provider):
    """Issue 13 item 2: proving the address by SSO never keeps a password someone else may
    have registered it with."""
    from tests.api.identity_support import register

    register(api, "grace@example.org", name="Intruder", password=STRONG)
    assert _round_trip(api)["error"] == ["link_confirmation_sent"]
    link = last_token("grace@example.org", "/link-account")
    assert api.post("/auth/sso/link/confirm", {"token": link}).status_code == 200
    refused = api.post("/auth/login", {"email": "grace@example.org", "password": STRONG})
    assert refused.status_code == 401
    pair = api.post("/auth/sso/exchange", {"code": _round_trip(api)["code"][0]}).json
    me = api.get("/me", token=pair["access_token"]).json
    assert me["status"] == "active" and not me["has_password"]


def test_an_unverified_email_is_not_trusted(api, provider, monkeypatch):
    monkeypatch.setenv("AGORA_SSO_FACEBOOK_TRUSTS_EMAIL", "false")
    owner_id = register_and_confirm(api, "grace@example.org", name="Grace")
    provider.person = {"sub": "other-7", "name": "Mallory", "email": "grace@example.org",
                       "email_verified": False}
    pair = api.post("/auth/sso/exchange", {"code": _round_trip(api)["code"][0]}).json
    me = api.get("/me", token=pair["access_token"]).json
    assert me["id"] != owner_id and me["email"] is None
    assert len(mails_to("grace@example.org")) == 1  # only the registration's confirmation


def test_the_state_is_single_use_and_bound_to_the_browser(api, provider):
    location, cookie = _start(api)
    callback = _provider_redirect(location)
    assert _callback(api, callback, None)["error"] == ["invalid_state"]      # no cookie
    location, cookie = _start(api)
    callback = _provider_redirect(location)
    other_cookie = "agora_sso=someone-elses"
    assert _callback(api, callback, other_cookie)["error"] == ["invalid_state"]
    location, cookie = _start(api)
    callback = _provider_redirect(location)
    assert "code" in _callback(api, callback, cookie)
    replay = _callback(api, callback, cookie)
    assert replay["error"] == ["invalid_state"] and replay["_to"] == [FRONTEND + "/login"]


def test_a_tampered_code_or_a_failing_provider_goes_back_with_an_error(api, provider):
    location, cookie = _start(api)
    callback = _provider_redirect(location)
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    forged = f"{parts.scheme}://{parts.netloc}{parts.path}?" + urlencode(
        {"code": "forged", "state": query["state"][0]})
    assert _callback(api, forged, cookie)["error"] == ["provider_error"]
    provider.fail_token = True
    assert _round_trip(api)["error"] == ["provider_error"]


def test_a_refusal_at_the_provider_goes_back_with_access_denied(api, provider):
    location, cookie = _start(api)
    state = parse_qs(urlsplit(location).query)["state"][0]
    back = _callback(api, "http://api.agora.test/auth/sso/facebook/callback?" + urlencode(
        {"error": "access_denied", "state": state}), cookie)
    assert back["error"] == ["access_denied"] and back["_to"] == [FRONTEND + "/signed-in"]


def test_only_the_platforms_frontends_may_receive_the_code(api, provider):
    answer = api.get("/auth/sso/facebook/start?" + urlencode(
        {"redirect_uri": "https://evil.example/steal"}))
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "redirect_uri"


def test_unknown_or_unconfigured_providers_are_404(api, monkeypatch):
    assert api.get("/auth/sso/myspace/start").status_code == 404
    monkeypatch.delenv("AGORA_SSO_FACEBOOK_CLIENT_ID", raising=False)
    assert api.get("/auth/sso/facebook/start").status_code == 404


def test_a_suspended_account_gets_no_session(api, provider):
    from chalicelib.identity.user_tables import User

    first = api.post("/auth/sso/exchange", {"code": _round_trip(api)["code"][0]}).json
    user_id = api.get("/me", token=first["access_token"]).json["id"]
    User(user_id).update(actions=[User.status.set("suspended")])
    assert _round_trip(api)["error"] == ["account_unavailable"]
