"""OAuth2 providers for sign-in: endpoints from configuration, the code exchange and the
userinfo request over plain urllib (no extra HTTP library in the Lambda package).

Each provider is configured from the environment, `AGORA_SSO_<NAME>_...`:
`CLIENT_ID` (required: a provider without it is off), `AUTHORIZE_URL`, `TOKEN_URL`,
`USERINFO_URL`, `SCOPE` (defaults are Facebook's for `facebook`). The client secret is the key
`sso_<name>_client_secret` of the application secret (Secrets Manager), never an environment
value. Tests point the URLs at a fake provider on loopback.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

TIMEOUT = 8
MAX_ANSWER = 64 * 1024

DEFAULTS: dict[str, dict[str, Any]] = {
    "facebook": {
        "label": "Facebook",
        "authorize_url": "https://www.facebook.com/v19.0/dialog/oauth",
        "token_url": "https://graph.facebook.com/v19.0/oauth/access_token",
        "userinfo_url": "https://graph.facebook.com/v19.0/me?fields=id,name,email",
        "scope": "email,public_profile",
        # Facebook answers an email only once its owner has confirmed it.
        "trusts_email": True,
    },
}


class OAuthError(Exception):
    """The provider could not be reached or answered something unusable."""


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    authorize_url: str
    token_url: str
    userinfo_url: str
    client_id: str
    scope: str
    trusts_email: bool

    @property
    def secret_key(self) -> str:
        return f"sso_{self.name}_client_secret"


@dataclass(frozen=True)
class Identity:
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


def provider(name: str) -> Provider | None:
    defaults = DEFAULTS.get(name)
    if defaults is None:
        return None
    prefix = f"AGORA_SSO_{name.upper()}_"
    client_id = os.environ.get(prefix + "CLIENT_ID", "").strip()
    if not client_id:
        return None

    def conf(key: str) -> str:
        return os.environ.get(prefix + key.upper(), "").strip() or str(defaults[key])

    trusts = os.environ.get(prefix + "TRUSTS_EMAIL", "").strip().lower()
    return Provider(name=name, label=defaults["label"], authorize_url=conf("authorize_url"),
                    token_url=conf("token_url"), userinfo_url=conf("userinfo_url"),
                    client_id=client_id, scope=conf("scope"),
                    trusts_email=(trusts in ("1", "true", "yes")) if trusts
                    else bool(defaults["trusts_email"]))


def authorize_location(p: Provider, *, redirect_uri: str, state: str, challenge: str) -> str:
    query = urlencode({"response_type": "code", "client_id": p.client_id,
                       "redirect_uri": redirect_uri, "scope": p.scope, "state": state,
                       "code_challenge": challenge, "code_challenge_method": "S256"})
    joiner = "&" if "?" in p.authorize_url else "?"
    return f"{p.authorize_url}{joiner}{query}"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _call(url: str, *, form: dict[str, str] | None = None,
          headers: dict[str, str] | None = None) -> dict[str, Any]:
    import http.client
    import urllib.error
    import urllib.request

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise OAuthError("provider endpoint is not a URL") from None
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(host)):
        raise OAuthError("provider endpoints must use https")
    data = urlencode(form).encode() if form is not None else None
    try:
        request = urllib.request.Request(
            url, data=data, method="POST" if form is not None else "GET",
            headers={"Accept": "application/json", **(headers or {})})
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        # Loopback (tests, local) never goes through a proxy from the environment.
        opener = urllib.request.build_opener(
            *([urllib.request.ProxyHandler({})] if _loopback(host) else []))
        with opener.open(request, timeout=TIMEOUT) as answer:
            body = answer.read(MAX_ANSWER + 1)
    except urllib.error.HTTPError as err:
        raise OAuthError(f"provider answered HTTP {err.code}") from None
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError,
            ValueError) as err:
        raise OAuthError(f"provider unreachable: {type(err).__name__}") from None
    if len(body) > MAX_ANSWER:
        raise OAuthError("provider answer too large")
    try:
        parsed = json.loads(body)
    except ValueError:
        raise OAuthError("provider answer is not JSON") from None
    if not isinstance(parsed, dict):
        raise OAuthError("provider answer is not a JSON object")
    return parsed


def exchange_code(p: Provider, *, code: str, redirect_uri: str, verifier: str,
                  client_secret: str | None) -> str:
    """The authorization code (and the PKCE verifier) for the provider's access token."""
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": p.client_id, "code_verifier": verifier}
    if client_secret:
        form["client_secret"] = client_secret
    answer = _call(p.token_url, form=form)
    token = answer.get("access_token")
    if not isinstance(token, str) or not token:
        raise OAuthError("token answer without access_token")
    return token


def fetch_identity(p: Provider, access_token: str) -> Identity:
    """Who signed in. The provider's token is used for this one request and then dropped:
    sign-in is the only use made of the provider."""
    answer = _call(p.userinfo_url, headers={"Authorization": f"Bearer {access_token}"})
    subject = answer.get("sub", answer.get("id"))
    if not isinstance(subject, (str, int)) or isinstance(subject, bool) or not str(subject):
        raise OAuthError("userinfo without a subject")
    email = answer.get("email")
    name = answer.get("name")
    verified = p.trusts_email or answer.get("email_verified") is True
    return Identity(subject=str(subject)[:200],
                    email=email if isinstance(email, str) and email else None,
                    email_verified=bool(verified),
                    name=name if isinstance(name, str) and name.strip() else None)
