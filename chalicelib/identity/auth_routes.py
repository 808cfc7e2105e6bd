"""Auth: registration, confirmation, login, refresh, logout, password reset, SSO."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import AgoraBlueprint, Reply, Req

bp = AgoraBlueprint(__name__)


def _pair(pair: Any) -> dict[str, Any]:
    from chalicelib.platform import clock

    return {"access_token": pair.access_token, "refresh_token": pair.refresh_token,
            "token_type": pair.token_type, "expires_in": pair.expires_in,
            "session_expires_at": clock.iso(pair.session_expires_at)}


@bp.op("POST", "/auth/register", body="auth_schemas:RegisterIn", status=202, auth="none",
       tag="Auth", errors=(409, 429))
def register(req: Req) -> None:
    """Create an account; a confirmation link (or, for a known address, a notice) is emailed.
    The answer is the same for every address, whether or not it has an account and whoever
    holds the pseudonym asked (claimed at confirmation if still free). A registration on a
    still unconfirmed address replaces the earlier one and voids its links."""
    from chalicelib.identity import registration

    b = req.body
    registration.register(name=b.name, email=b.email, password=b.password,
                          pseudonym=b.pseudonym, locale=b.locale, source_ip=req.source_ip,
                          accept_language=req.accept_language)


@bp.op("POST", "/auth/confirm", body="auth_schemas:ConfirmIn", response="auth_schemas:ConfirmOut",
       auth="none", tag="Auth")
def confirm(req: Req) -> dict[str, Any]:
    """Confirm the email address with the emailed token (single use, 3 days; a newer
    registration or resend voids it). The account gets the `password` typed here, never the
    one given at registration (whoever registered may not own the address): without one it
    has no password until a reset link sets it."""
    from chalicelib.identity import registration

    return registration.confirm(req.body.token, req.body.password)


@bp.op("POST", "/auth/confirm/resend", body="auth_schemas:EmailIn", status=202, auth="none",
       tag="Auth", errors=(429,))
def resend_confirmation(req: Req) -> None:
    """Send a new confirmation link to an unconfirmed account (same answer for any address)."""
    from chalicelib.identity import registration

    registration.resend(req.body.email, source_ip=req.source_ip)


@bp.op("POST", "/auth/login", body="auth_schemas:LoginIn", response="auth_schemas:TokenPairOut",
       auth="none",
       tag="Auth", errors=(401, 403, 429))
def login(req: Req) -> dict[str, Any]:
    """An access token (15 minutes) and a refresh token; the session ends 24 hours after
    this sign-in (`session_expires_at`), however it is used. Ten wrong passwords in 15
    minutes pause the account's sign-ins (429) and email its owner an unlock link: with its
    `unlock_token` the right password signs in despite the pause."""
    from chalicelib.identity import login as signin

    return _pair(signin.login(req.body.email, req.body.password, source_ip=req.source_ip,
                              unlock_token=req.body.unlock_token))


@bp.op("POST", "/auth/refresh", body="auth_schemas:RefreshIn", response="auth_schemas:TokenPairOut",
       auth="none", tag="Auth", errors=(401,))
def refresh(req: Req) -> dict[str, Any]:
    """Rotate the refresh token. A refresh token used twice ends its whole session. The
    session's end (`session_expires_at`, a day after its sign-in) never moves."""
    from chalicelib.identity import login as signin

    return _pair(signin.refresh(req.body.refresh_token))


@bp.op("POST", "/auth/logout", body="auth_schemas:RefreshIn", status=204, auth="none", tag="Auth")
def logout(req: Req) -> None:
    """End the session: its access tokens are refused from the next request on."""
    from chalicelib.identity import login as signin

    signin.logout(req.body.refresh_token)


@bp.op("POST", "/auth/password/forgot", body="auth_schemas:EmailIn", status=202, auth="none",
       tag="Auth", errors=(429,))
def forgot_password(req: Req) -> None:
    """Email a password reset link (single use, 1 hour). Same answer for any address."""
    from chalicelib.identity import password_reset, profiles

    password_reset.forgot(req.body.email, source_ip=req.source_ip,
                          locale=profiles.preferred_locale(req.accept_language))


@bp.op("POST", "/auth/password/reset", body="auth_schemas:ResetIn", status=204, auth="none",
       tag="Auth")
def reset_password(req: Req) -> None:
    """Set a new password with the emailed token; every session of the account ends."""
    from chalicelib.identity import password_reset

    password_reset.reset(req.body.token, req.body.password)


@bp.op("POST", "/auth/email/confirm", body="auth_schemas:TokenIn",
       response="auth_schemas:UserIdOut",
       auth="none", tag="Auth", errors=(409,))
def confirm_email_change(req: Req) -> dict[str, str]:
    """Confirm a new email address (the link sent by `POST /me/email`)."""
    from chalicelib.identity import email_change

    return {"user_id": email_change.confirm(req.body.token)}


def _redirect(redirect: Any) -> Reply:
    headers = {"Location": redirect.location, "Cache-Control": "no-store"}
    if redirect.cookie:
        headers["Set-Cookie"] = redirect.cookie
    return Reply(body="", status=302, headers=headers)


PROVIDER = {"provider": {"type": "string", "enum": ["facebook"],
                        "description": "An SSO provider (404 where it is not configured)."}}


@bp.op("GET", "/auth/sso/{provider}/start", query="auth_schemas:SsoStartQuery", status=302,
       auth="none", tag="Auth", errors=(429,), params=PROVIDER)
def sso_start(req: Req) -> Reply:
    """Redirect to the provider (OAuth2 authorization code with PKCE and state)."""
    from chalicelib.identity import sso

    return _redirect(sso.start(req.params["provider"], req.query.redirect_uri,
                               source_ip=req.source_ip))


@bp.op("GET", "/auth/sso/{provider}/callback", query="auth_schemas:SsoCallbackQuery",
       status=302, auth="none", tag="Auth", params=PROVIDER)
def sso_callback(req: Req) -> Reply:
    """The provider's redirect: back to the frontend with a one-time `code` or an `error`."""
    from http.cookies import SimpleCookie

    from chalicelib.identity import profiles, sso

    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(str(req.headers.get("cookie") or ""))
    except Exception:  # a malformed Cookie header is simply no cookie
        cookies = SimpleCookie()
    morsel = cookies.get(sso.COOKIE)
    q = req.query
    return _redirect(sso.callback(req.params["provider"], code=q.code, state=q.state,
                                  error=q.error, browser_nonce=morsel.value if morsel else None,
                                  locale=profiles.preferred_locale(req.accept_language)))


@bp.op("POST", "/auth/sso/exchange", body="auth_schemas:CodeIn",
       response="auth_schemas:TokenPairOut",
       auth="none", tag="Auth", errors=(403,))
def sso_exchange(req: Req) -> dict[str, Any]:
    """Trade the callback's one-time code (2 minutes) for a token pair."""
    from chalicelib.identity import sso

    return _pair(sso.exchange(req.body.code))


@bp.op("POST", "/auth/sso/link/confirm", body="auth_schemas:TokenIn",
       response="auth_schemas:UserIdOut",
       auth="none", tag="Auth", errors=(409,))
def sso_link_confirm(req: Req) -> dict[str, str]:
    """The account's owner accepts signing in with a provider whose email matched."""
    from chalicelib.identity import sso

    return {"user_id": sso.confirm_link(req.body.token)}
