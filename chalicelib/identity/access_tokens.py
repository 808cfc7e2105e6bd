"""Access tokens: short-lived JWTs, signed HS256, every claim checked on the way in."""

from __future__ import annotations

from typing import Any

from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Unauthorized

ISSUER = "agora"
AUDIENCE = "agora-api"
ALGORITHMS = ["HS256"]
ACCESS_TTL = 15 * 60


def issue_access(*, user_id: str, session_id: str, key: str, platform_admin: bool = False,
                 locale: str | None = None, ttl: int = ACCESS_TTL) -> str:
    import jwt

    now = int(clock.now())
    claims: dict[str, Any] = {
        "iss": ISSUER, "aud": AUDIENCE, "sub": user_id, "sid": session_id,
        "iat": now, "nbf": now, "exp": now + ttl, "jti": ids.new_id(), "typ": "access",
        "adm": bool(platform_admin),
    }
    if locale:
        claims["loc"] = locale
    return jwt.encode(claims, key, algorithm="HS256")


def decode_access(token: str, *, key: str) -> dict[str, Any]:
    import jwt

    try:
        claims = jwt.decode(
            token, key, algorithms=ALGORITHMS, audience=AUDIENCE, issuer=ISSUER,
            # Times are checked below against the platform clock, which tests move forward.
            options={"require": ["exp", "iat", "sub", "jti", "iss", "aud"],
                     "verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
    except jwt.PyJWTError:
        raise Unauthorized("The access token is not valid.", code="invalid_token") from None
    if claims.get("typ") != "access" or not claims.get("sid"):
        raise Unauthorized("The access token is not valid.", code="invalid_token")
    now = clock.now()
    if not isinstance(claims["exp"], int) or claims["exp"] <= now:
        raise Unauthorized("The access token has expired.", code="token_expired")
    if claims.get("nbf", 0) > now + 5:
        raise Unauthorized("The access token is not valid yet.", code="invalid_token")
    return claims
