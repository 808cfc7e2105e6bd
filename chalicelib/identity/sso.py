"""Sign-in with an OAuth2 provider (Facebook first): authorization code with PKCE (S256) and
`state`.

1. `start`: a random state (stored hashed, single use, 10 minutes) remembers the provider, the
   PKCE verifier, the frontend page to return to and a hash of a browser nonce, which goes to
   the browser as a cookie. The browser is sent to the provider.
2. `callback`: the state is spent, the cookie must match it (so nobody can make someone else's
   browser finish a sign-in they started), the code is exchanged with the verifier, and the
   provider says who signed in. Then, by the provider's subject:
   - linked to an account already: that account signs in;
   - otherwise, a verified email that belongs to an account: its owner gets an email to
     confirm the link (nobody signs in until then);
   - otherwise a new account, without a password, is created.
   The browser goes back to the frontend with a one-time code (2 minutes), or an `error`.
3. `exchange`: the frontend trades the code for a token pair.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from chalicelib.identity import email_rules as emails
from chalicelib.identity.sessions import TokenPair
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Conflict, NotFound, ValidationFailed

if TYPE_CHECKING:
    from chalicelib.identity.oauth_providers import Identity, Provider

STATE_TTL = 10 * 60
CODE_TTL = 2 * 60
LINK_TTL = 24 * 3600
COOKIE = "agora_sso"
CALLBACK_PATH = "/auth/sso/{provider}/callback"
FALLBACK_NAME = "Participant"


@dataclass(frozen=True)
class Redirect:
    location: str
    cookie: str | None = None


# --- rules (pure) -----------------------------------------------------------------------------

def challenge(verifier: str) -> str:
    """PKCE S256: base64url(SHA-256(verifier)) without padding (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def nonce_hash(nonce: str) -> str:
    return hashlib.sha256(f"sso-browser:{nonce}".encode()).hexdigest()


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    try:
        port = parts.port or default
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.hostname.lower()}:{port}"


def allowed_return(uri: str, frontend_url: str, origins: tuple[str, ...]) -> bool:
    """Only the platform's own frontends may receive a login code (no open redirect)."""
    origin = _origin(uri)
    allowed = {o for o in (_origin(u) for u in (frontend_url, *origins)) if o}
    return origin is not None and origin in allowed


def with_params(url: str, **params: str) -> str:
    joiner = "&" if urlsplit(url).query else "?"
    return f"{url.split('#')[0]}{joiner}{urlencode(params)}"


def cookie_header(nonce: str, *, secure: bool, max_age: int = STATE_TTL) -> str:
    parts = [f"{COOKIE}={nonce}", "Path=/", f"Max-Age={max_age}", "HttpOnly", "SameSite=Lax"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


# --- the flow -----------------------------------------------------------------------------

def _provider(name: str) -> Provider:
    from chalicelib.identity import oauth_providers as oauth

    provider = oauth.provider(name)
    if provider is None:
        raise NotFound(f"No sign-in provider called {name!r} is configured.",
                       code="unknown_provider")
    return provider


def _callback_url(provider: str) -> str:
    from chalicelib.platform.config import settings

    return settings().api_url + CALLBACK_PATH.format(provider=provider)


def start(provider_name: str, redirect_uri: str | None, *, source_ip: str = "unknown") -> Redirect:
    from chalicelib.identity import oauth_providers as oauth
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity import throttling
    from chalicelib.platform.config import settings

    provider = _provider(provider_name)
    cfg = settings()
    back = redirect_uri or cfg.frontend_url + "/"
    if not allowed_return(back, cfg.frontend_url, cfg.frontend_origins):
        raise ValidationFailed.field("redirect_uri", "is not one of the platform's frontends")
    now = clock.now()
    throttling.consume(throttling.SSO_ADDRESS, source_ip, now)
    state, verifier, nonce = ids.token(32), ids.token(48), ids.token(24)
    onetime.issue(onetime.SSO_STATE, state, now=now, ttl=STATE_TTL, data={
        "provider": provider.name, "verifier": verifier, "return_to": back,
        "browser": nonce_hash(nonce)})
    location = oauth.authorize_location(provider, redirect_uri=_callback_url(provider.name),
                                        state=state, challenge=challenge(verifier))
    return Redirect(location, cookie_header(nonce, secure=cfg.api_url.startswith("https:")))


def callback(provider_name: str, *, code: str | None, state: str | None, error: str | None,
             browser_nonce: str | None, locale: str = "en") -> Redirect:
    from chalicelib.identity import oauth_providers as oauth
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.platform.aws.secrets import optional
    from chalicelib.platform.config import settings
    from chalicelib.platform.log import logger

    cfg = settings()
    clear = cookie_header("", secure=cfg.api_url.startswith("https:"), max_age=0)
    provider = _provider(provider_name)
    now = clock.now()
    item = onetime.consume(onetime.SSO_STATE, state or "", now=now)
    data = item.fields if item else {}
    fallback = cfg.frontend_url + "/login"
    if (item is None or data.get("provider") != provider.name or not browser_nonce
            or not hmac.compare_digest(nonce_hash(browser_nonce), str(data.get("browser")))):
        return Redirect(with_params(fallback, error="invalid_state"), clear)
    back = str(data["return_to"])
    if error or not code:
        return Redirect(with_params(back, error="access_denied"), clear)
    try:
        token = oauth.exchange_code(provider, code=code, redirect_uri=_callback_url(provider.name),
                                    verifier=str(data["verifier"]),
                                    client_secret=optional(provider.secret_key))
        identity = oauth.fetch_identity(provider, token)
    except oauth.OAuthError as err:
        logger.warning("sso provider failed", extra={"provider": provider.name,
                                                     "reason": str(err)})
        return Redirect(with_params(back, error="provider_error"), clear)
    outcome, user_id = _resolve(provider, identity, locale=locale, now=now)
    if user_id is None:
        return Redirect(with_params(back, error=outcome), clear)
    one_time = ids.token(32)
    onetime.issue(onetime.SSO_CODE, one_time, now=now, ttl=CODE_TTL, user_id=user_id)
    return Redirect(with_params(back, code=one_time), clear)


def _resolve(provider: Provider, identity: Identity, *, locale: str,
             now: float) -> tuple[str, str | None]:
    """("login", user id) or (the reason nobody signs in, None)."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import login, profiles, terms
    from chalicelib.identity.user_tables import User

    sso_key = f"sso#{provider.name}#{identity.subject}"
    email = _verified_email(identity)
    for _ in range(3):  # a lost race on a claim: look again
        owner = accounts.owner_of(sso_key)
        if owner:
            user = accounts.get(owner)
            if user is None or login.refusal(user, now) is not None:
                return "account_unavailable", None
            return "login", owner
        if email:
            email_owner = accounts.owner_of(emails.unique_key(email))
            if email_owner:
                _ask_owner_to_link(provider, identity.subject, email_owner, now)
                return "link_confirmation_sent", None
        try:
            name = profiles.clean_name(identity.name or FALLBACK_NAME)
        except ValidationFailed:
            name = FALLBACK_NAME
        user_id = ids.new_id()
        user = User(user_id, email=email, name=name, display="name", locale=locale,
                    status="active", created_at=now, confirmed_at=now if email else None,
                    sso={provider.name: identity.subject},
                    **terms.accepted_on_registering(now))
        keys = [sso_key] + ([emails.unique_key(email)] if email else [])
        if not accounts.create(user, keys):
            return "login", user_id
    return "provider_error", None


def _verified_email(identity: Identity) -> str | None:
    if not identity.email or not identity.email_verified:
        return None
    try:
        return emails.validated(identity.email)
    except ValidationFailed:
        return None


def _ask_owner_to_link(provider: Provider, subject: str, user_id: str, now: float) -> None:
    from chalicelib.identity import account_mail
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime

    user = accounts.get(user_id)
    if user is None or not user.email:
        return
    secret = ids.token()
    onetime.issue(onetime.SSO_LINK, secret, now=now, ttl=LINK_TTL, user_id=user_id,
                  data={"provider": provider.name, "subject": subject})
    account_mail.send("account_sso_link", user.email, user.locale,
                      person=account_mail.greeting_name(user),
                      provider=provider.label,
                      link=account_mail.link(account_mail.SSO_LINK_PATH, token=secret),
                      hours=LINK_TTL // 3600)


def exchange(code: str) -> TokenPair:
    """The frontend trades the one-time code from the callback for a session."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import login, sessions
    from chalicelib.identity import onetime_tables as onetime

    now = clock.now()
    item = onetime.consume(onetime.SSO_CODE, code, now=now)
    user = accounts.get(item.user_id) if item and item.user_id else None
    if item is None or user is None:
        raise ValidationFailed.field("code", "is not valid, has expired or was already used",
                                     code="invalid_code")
    refused = login.refusal(user, now)
    if refused:
        raise refused
    try:
        return sessions.start(user.user_id, platform_admin=bool(user.platform_admin),
                              locale=user.locale, record_login=True)
    except LookupError:  # the account went away between the read and the write
        raise ValidationFailed.field("code", "the account no longer exists",
                                     code="invalid_code") from None


def confirm_link(token: str) -> str:
    """The account's owner accepts signing in with the provider. Returns the account id."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.platform.errors import FieldError

    now = clock.now()
    item = onetime.consume(onetime.SSO_LINK, token, now=now)
    data = item.fields if item else {}
    user = accounts.get(item.user_id) if item and item.user_id else None
    provider, subject = str(data.get("provider") or ""), str(data.get("subject") or "")
    if item is None or user is None or not provider or not subject:
        raise ValidationFailed.field("token", "is not valid, has expired or was already used",
                                     code="invalid_token")
    failed = accounts.link_sso(user, provider, subject, f"sso#{provider}#{subject}", now=now,
                               confirm_email=True)
    if "sso" in failed:
        raise Conflict("This sign-in is already linked to an account.", code="sso_taken",
                       errors=[FieldError("token", "the provider account is linked already")])
    if failed:
        raise ValidationFailed.field("token", "the account can no longer be linked",
                                     code="invalid_token")
    return user.user_id
