"""SSO rules: PKCE S256, where the browser may be sent back to, provider configuration."""

from __future__ import annotations

from chalicelib.identity import oauth_providers as oauth
from chalicelib.identity import sso


def test_pkce_s256_matches_rfc_7636():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert sso.challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_only_the_platforms_frontends_receive_codes():
    front, origins = "https://app.example.org", ("http://localhost:3000",)
    assert sso.allowed_return("https://app.example.org/after-login", front, origins)
    assert sso.allowed_return("https://APP.example.org:443/x?y=1", front, origins)
    assert sso.allowed_return("http://localhost:3000/cb", front, origins)
    for bad in ("https://evil.example/", "https://app.example.org.evil.example/",
                "https://app.example.org@evil.example/", "javascript:alert(1)",
                "//evil.example/", "http://app.example.org/", "https://app.example.org:8443/",
                "https://app.example.org:bad/"):
        assert not sso.allowed_return(bad, front, origins), bad


def test_return_urls_keep_their_query():
    assert sso.with_params("https://a.example/cb?x=1#frag", code="c") == \
        "https://a.example/cb?x=1&code=c"
    assert sso.with_params("https://a.example/cb", error="e") == "https://a.example/cb?error=e"


def test_the_state_cookie_is_http_only_and_lax():
    header = sso.cookie_header("n", secure=True)
    for part in ("agora_sso=n", "HttpOnly", "SameSite=Lax", "Secure", "Max-Age=600"):
        assert part in header


def test_providers_come_from_configuration(monkeypatch):
    monkeypatch.delenv("AGORA_SSO_FACEBOOK_CLIENT_ID", raising=False)
    assert oauth.provider("facebook") is None  # off without a client id
    monkeypatch.setenv("AGORA_SSO_FACEBOOK_CLIENT_ID", "app-1")
    facebook = oauth.provider("facebook")
    assert facebook is not None and facebook.token_url.startswith("https://graph.facebook.com/")
    monkeypatch.setenv("AGORA_SSO_FACEBOOK_TOKEN_URL", "http://127.0.0.1:9/token")
    assert oauth.provider("facebook").token_url == "http://127.0.0.1:9/token"
    assert oauth.provider("myspace") is None


def test_plain_http_is_refused_except_on_loopback():
    import pytest

    with pytest.raises(oauth.OAuthError):
        oauth._call("http://provider.example/token", form={})
    with pytest.raises(oauth.OAuthError):  # loopback, nothing listens on port 9: unreachable
        oauth._call("http://127.0.0.1:9/token", form={})
