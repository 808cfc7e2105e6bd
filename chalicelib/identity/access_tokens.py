"""Access tokens: short-lived JWTs (RFC 7519), signed HS256, every claim checked on the way in.

HS256 is the only algorithm, so the tokens are made and checked here with the standard
library (hmac, hashlib, base64, json), byte for byte as PyJWT would make them
(tests/unit/test_access_tokens.py compares both). PyJWT was the one dependency of a
signed-in request's first answer that cost more than the request itself: it imports its
asymmetric algorithms, with `cryptography`, wherever that is installed (about 10 MB and
60 ms of every cold start on the machines the bench runs on).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from typing import Any

from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Unauthorized

ISSUER = "agora"
AUDIENCE = "agora-api"
ALGORITHM = "HS256"
ACCESS_TTL = 15 * 60
# Checked before anything is decoded: what a JWT must carry, and that each is a string.
REQUIRED = ("exp", "iat", "sub", "jti", "iss", "aud")
STRINGS = ("sub", "jti", "iss")
_SEGMENT = re.compile(r"^[A-Za-z0-9_-]+$")


def issue_access(*, user_id: str, session_id: str, key: str, platform_admin: bool = False,
                 locale: str | None = None, ttl: int = ACCESS_TTL) -> str:
    now = int(clock.now())
    claims: dict[str, Any] = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": user_id, "sid": session_id,
        "iat": now, "nbf": now, "exp": now + ttl, "jti": ids.new_id(), "typ": "access",
        "adm": bool(platform_admin),
    }
    if locale:
        claims["loc"] = locale
    return encode(claims, key)


def decode_access(token: str, *, key: str) -> dict[str, Any]:
    claims = verified_claims(token, key)
    if claims is None or claims.get("typ") != "access" or not claims.get("sid"):
        raise Unauthorized("The access token is not valid.", code="invalid_token")
    # Times are checked here against the platform clock, which tests move forward.
    now = clock.now()
    if not isinstance(claims["exp"], int) or claims["exp"] <= now:
        raise Unauthorized("The access token has expired.", code="token_expired")
    if claims.get("nbf", 0) > now + 5:
        raise Unauthorized("The access token is not valid yet.", code="invalid_token")
    return claims


def encode(claims: dict[str, Any], key: str) -> str:
    """A compact JWS of `claims` (JSON without spaces, the header's keys sorted)."""
    header = _b64(json.dumps({"alg": ALGORITHM, "typ": "JWT"}, separators=(",", ":"),
                             sort_keys=True).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}"
    return f"{signing_input}.{_b64(_signature(signing_input, key))}"


def verified_claims(token: str, key: str) -> dict[str, Any] | None:
    """The claims of a token signed HS256 with `key`, issued by us for this API, with every
    registered claim we need present: None for anything else (another algorithm, `none`
    included, another key, a malformed token, a missing or mistyped claim)."""
    parts = token.split(".")
    if len(parts) != 3 or not all(_SEGMENT.match(p) for p in parts):
        return None
    try:  # the signature first: nothing unsigned is parsed
        if not hmac.compare_digest(_unb64(parts[2]), _signature(f"{parts[0]}.{parts[1]}", key)):
            return None
        header, claims = (json.loads(_unb64(p)) for p in parts[:2])
    except ValueError:  # bad base64 (binascii.Error), bad UTF-8 or bad JSON
        return None
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        return None
    if not isinstance(claims, dict) or any(claims.get(c) is None for c in REQUIRED):
        return None
    if any(not isinstance(claims[c], str) for c in STRINGS) or claims["iss"] != ISSUER:
        return None
    audiences = [claims["aud"]] if isinstance(claims["aud"], str) else claims["aud"]
    if (not isinstance(audiences, list) or not all(isinstance(a, str) for a in audiences)
            or AUDIENCE not in audiences):
        return None
    return claims


def _signature(signing_input: str, key: str) -> bytes:
    return hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
