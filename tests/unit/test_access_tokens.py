"""Access tokens are made and checked with the standard library (HS256 only): the tokens are
the ones PyJWT, an independent implementation, makes and accepts, and what either refuses
is refused."""

from __future__ import annotations

import base64
import json

import jwt
import pytest

from chalicelib.identity import access_tokens as tokens
from chalicelib.platform.errors import Unauthorized

KEY = "a signing key for these tests, long enough for HS256 and for HS512 too: 64+"


def _issue(**overrides: object) -> str:
    return tokens.issue_access(user_id="U1", session_id="S1", key=KEY, locale="fr",
                               **overrides)  # type: ignore[arg-type]


def _pyjwt_claims(token: str) -> dict:
    return jwt.decode(token, KEY, algorithms=["HS256"], audience=tokens.AUDIENCE,
                      issuer=tokens.ISSUER)


def test_a_token_is_byte_for_byte_the_one_pyjwt_makes():
    token = _issue()
    claims = _pyjwt_claims(token)
    assert claims["sub"] == "U1" and claims["sid"] == "S1" and claims["loc"] == "fr"
    assert jwt.encode(claims, KEY, algorithm="HS256") == token
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}


def test_pyjwt_tokens_are_accepted_with_their_claims():
    claims = _pyjwt_claims(_issue())
    token = jwt.encode({**claims, "aud": ["other", tokens.AUDIENCE]}, KEY, algorithm="HS256")
    assert tokens.decode_access(token, key=KEY)["aud"] == ["other", tokens.AUDIENCE]


def _segment(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _forgeries() -> list[str]:
    claims = _pyjwt_claims(_issue())
    good = jwt.encode(claims, KEY, algorithm="HS256")
    header, payload, signature = good.split(".")
    missing = [jwt.encode({k: v for k, v in claims.items() if k != name}, KEY,
                          algorithm="HS256") for name in tokens.REQUIRED]
    return [
        jwt.encode(claims, KEY.replace("a", "b"), algorithm="HS256"),
        jwt.encode(claims, None, algorithm="none"),
        jwt.encode(claims, KEY, algorithm="HS512"),
        jwt.encode({**claims, "aud": "elsewhere"}, KEY, algorithm="HS256"),
        jwt.encode({**claims, "aud": [tokens.AUDIENCE, 5]}, KEY, algorithm="HS256"),
        jwt.encode({**claims, "iss": "elsewhere"}, KEY, algorithm="HS256"),
        jwt.encode({**claims, "sub": 7}, KEY, algorithm="HS256"),
        f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{payload}.",
        f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{payload}.{signature}",
        f"{header}.{_segment({**claims, 'sub': 'U2'})}.{signature}",
        f"{header}.{payload}.{signature[:-2]}",
        f"{header}.{payload}",
        f"{header}.{payload}.{signature}.{signature}",
        "é.é.é",
        "",
        *missing,
    ]


def _pyjwt_as_before(token: str) -> dict:
    """How the tokens were checked with PyJWT (times aside: they are checked after)."""
    return jwt.decode(token, KEY, algorithms=["HS256"], audience=tokens.AUDIENCE,
                      issuer=tokens.ISSUER,
                      options={"require": list(tokens.REQUIRED), "verify_exp": False,
                               "verify_nbf": False, "verify_iat": False})


@pytest.mark.parametrize("token", _forgeries())
def test_forged_or_malformed_tokens_are_refused_as_pyjwt_refuses_them(token):
    with pytest.raises(jwt.PyJWTError):
        _pyjwt_as_before(token)
    with pytest.raises(Unauthorized) as refused:
        tokens.decode_access(token, key=KEY)
    assert refused.value.code == "invalid_token"


def test_a_token_is_read_in_the_one_form_it_is_issued_in():
    """Padding is not base64url's (RFC 7515): PyJWT would strip it, this refuses it."""
    with pytest.raises(Unauthorized):
        tokens.decode_access(_issue() + "=", key=KEY)


@pytest.mark.parametrize("change", [{"typ": "refresh"}, {"sid": ""}])
def test_a_valid_jwt_that_is_no_access_token_is_refused(change):
    token = jwt.encode({**_pyjwt_claims(_issue()), **change}, KEY, algorithm="HS256")
    with pytest.raises(Unauthorized):
        tokens.decode_access(token, key=KEY)


def test_expiry_and_not_before_are_checked_against_the_platform_clock():
    from chalicelib.platform import clock

    token = _issue(ttl=60)
    assert tokens.decode_access(token, key=KEY)["sub"] == "U1"
    clock.advance(61)
    try:
        with pytest.raises(Unauthorized) as expired:
            tokens.decode_access(token, key=KEY)
        assert expired.value.code == "token_expired"
    finally:
        clock.reset()
    early = jwt.encode({**_pyjwt_claims(_issue()), "nbf": int(clock.now()) + 60}, KEY,
                       algorithm="HS256")
    with pytest.raises(Unauthorized):
        tokens.decode_access(early, key=KEY)
