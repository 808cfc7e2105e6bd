"""Rotating each key of the app secret does what infra/README.md (and infra.rotate's
CONSEQUENCES) says, no more and no less: one test per key, through the API under moto.

`rotate()` is the operator command's own change; clearing the cached secret is the restart
that follows it (functions read the secret at cold start)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra import rotate
from tests.api.identity_support import (
    STRONG,
    last_token,
    login,
    register_and_confirm,
    start_of_a_throttle_window,
)

README = Path(__file__).resolve().parents[2] / "infra" / "README.md"
NEW_PASSWORD = "a different horse battery staple"


def _rotate(key: str) -> None:
    from chalicelib.platform.aws import secrets
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    before = dict(secrets.app_secrets())
    rotate.rotate(client("secretsmanager"), settings().secret_id, key)
    secrets.app_secrets.cache_clear()
    after = secrets.app_secrets()
    assert after[key] != before[key]
    assert {k: v for k, v in after.items() if k != key} == \
        {k: v for k, v in before.items() if k != key}


def _private_community(api, make_user) -> tuple[str, str, str]:
    """(community id, its access code, an admin's token)."""
    from tests.api.participation import world

    w = world(api, make_user, visibility="private")
    code = api.post(f"/communities/{w.community_id}/access-code", token=w.admin).json[
        "access_code"]
    return w.community_id, code, w.admin


def _join(api, make_user, cid: str, code: str) -> int:
    _, person = make_user()
    return api.post(f"/communities/{cid}/join", {"access_code": code},
                    token=person).status_code


def _unsubscribe_link(user_id: str) -> str:
    from chalicelib.notifications import email_choice_rules as choices
    from chalicelib.platform.aws.secrets import secret

    token = choices.unsubscribe_token(user_id, "followed", key=secret("link_signing_key"))
    return f"/notifications/unsubscribe/{token}"


def _opens(api, path: str) -> int:
    """The status of a link opened in a browser (the unsubscribe page is HTML)."""
    return api.client.http.request("GET", path, headers={}, body=b"").status_code


def _forgot(api, email: str) -> int:
    return api.post("/auth/password/forgot", {"email": email}).status_code


def test_every_key_has_its_consequence_stated_in_the_readme_and_the_command():
    from chalicelib.platform.aws.secrets import SECRET_KEYS

    assert set(rotate.CONSEQUENCES) == set(SECRET_KEYS)
    section = README.read_text().split("## Rotating the secrets", 1)[1].split("\n## ", 1)[0]
    for key in SECRET_KEYS:
        assert f"\n- `{key}` " in section, f"infra/README.md says nothing of rotating {key}"


def test_the_command_says_what_happens_and_changes_nothing_unconfirmed(capsys):
    assert not rotate.confirmed("password_pepper", "prod", False, ask=lambda _: "no")
    assert rotate.CONSEQUENCES["password_pepper"] in capsys.readouterr().out
    assert rotate.confirmed("password_pepper", "prod", False, ask=lambda _: "password_pepper")
    assert rotate.confirmed("password_pepper", "prod", True, ask=pytest.fail)


def test_jwt_key_refuses_every_access_token_and_signs_nobody_out(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    _rotate("jwt_signing_key")
    refused = api.get("/me", token=pair["access_token"])
    assert refused.status_code == 401 and refused.json["code"] == "invalid_token"
    refreshed = api.post("/auth/refresh", {"refresh_token": pair["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.json
    assert api.get("/me", token=refreshed.json["access_token"]).status_code == 200


def test_pepper_stops_every_password_until_it_is_reset(api):
    register_and_confirm(api, "ada@example.org")
    pair = login(api, "ada@example.org")
    _rotate("password_pepper")
    wrong = api.post("/auth/login", {"email": "ada@example.org", "password": STRONG})
    assert wrong.status_code == 401
    assert api.get("/me", token=pair["access_token"]).status_code == 200  # sessions go on
    assert _forgot(api, "ada@example.org") == 202
    reset = api.post("/auth/password/reset", {
        "token": last_token("ada@example.org", "/reset-password"), "password": NEW_PASSWORD})
    assert reset.status_code == 204, reset.json
    login(api, "ada@example.org", NEW_PASSWORD)


def test_link_key_voids_the_unsubscribe_links_sent_and_nothing_else(api, make_user):
    start_of_a_throttle_window()
    user_id, _ = make_user()
    sent = _unsubscribe_link(user_id)
    assert _opens(api, sent) == 200
    cid, code, _ = _private_community(api, make_user)
    for _ in range(3):
        assert _forgot(api, "counted@example.org") == 202
    _rotate("link_signing_key")
    assert _opens(api, sent) == 404
    assert _opens(api, _unsubscribe_link(user_id)) == 200
    assert _join(api, make_user, cid, code) == 200            # access codes still work
    assert _forgot(api, "counted@example.org") == 429         # throttles still count


def test_access_code_key_voids_every_code_until_an_admin_issues_a_new_one(api, make_user):
    cid, code, admin = _private_community(api, make_user)
    _, member = make_user()
    assert api.post(f"/communities/{cid}/join", {"access_code": code},
                    token=member).status_code == 200
    _rotate("access_code_key")
    assert _join(api, make_user, cid, code) == 404
    assert api.get(f"/communities/{cid}", token=member).json["viewer"]["role"] == "member"
    newer = api.post(f"/communities/{cid}/access-code", token=admin).json["access_code"]
    assert _join(api, make_user, cid, newer) == 200


def test_throttle_key_restarts_the_keyed_counters_not_the_sign_in_claims(api):
    start_of_a_throttle_window()
    register_and_confirm(api, "ada@example.org")
    for _ in range(3):
        assert _forgot(api, "counted@example.org") == 202
    assert _forgot(api, "counted@example.org") == 429
    for _ in range(10):
        assert api.post("/auth/login", {"email": "ada@example.org",
                                        "password": "not the password"}).status_code == 401
    assert api.post("/auth/login", {"email": "ada@example.org",
                                    "password": STRONG}).status_code == 429
    _rotate("throttle_key")
    assert _forgot(api, "counted@example.org") == 202
    assert api.post("/auth/login", {"email": "ada@example.org",
                                    "password": STRONG}).status_code == 429


def test_the_command_rotates_only_when_confirmed_and_can_just_restart(aws, monkeypatch):
    import json

    import boto3

    sm = boto3.client("secretsmanager", region_name="eu-west-1")
    sm.create_secret(Name="agora/dev/app", SecretString=json.dumps({"jwt_signing_key": "a"}))
    restarts: list[str] = []
    monkeypatch.setattr(rotate, "restart", lambda cf, lam, stack: restarts.append(stack) or [])

    def value() -> str:
        return json.loads(sm.get_secret_value(SecretId="agora/dev/app")["SecretString"])[
            "jwt_signing_key"]

    monkeypatch.setattr("builtins.input", lambda _: "no")
    assert rotate.main(["--stage", "dev", "--key", "jwt_signing_key"]) == 1
    assert value() == "a" and restarts == []
    assert rotate.main(["--stage", "dev", "--key", "jwt_signing_key", "--yes"]) == 0
    assert value() != "a" and restarts == ["agora-dev"]
    assert rotate.main(["--stage", "dev", "--restart-only"]) == 0
    assert restarts == ["agora-dev", "agora-dev"]
