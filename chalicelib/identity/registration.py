"""Registration and email confirmation.

The answer to a registration is the same whether or not the address already has an account:
the difference only shows in the email its owner receives (a confirmation link, or a notice
that they already have an account). One account per address is enforced by the conditional
write of the `email#...` claim in the same transaction as the account itself.

A registration on an address whose account is still unconfirmed sends a new link carrying the
new registration's password, so whoever registered first (perhaps not the owner) cannot keep
a password on an account the owner later confirms.
"""

from __future__ import annotations

from chalicelib.identity import email_rules as emails
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Conflict, FieldError, ValidationFailed

CONFIRM_TTL = 3 * 24 * 3600


def register(*, name: str, email: str, password: str, pseudonym: str | None = None,
             locale: str | None = None, source_ip: str = "unknown",
             accept_language: str = "") -> None:
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import (
        credentials,
        profiles,
        throttling,
    )
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity import (
        password_rules as password_policy,
    )
    from chalicelib.identity.user_tables import User

    name = profiles.clean_name(name)
    address = emails.validated(email)
    pseudonym = profiles.clean_pseudonym(pseudonym) if pseudonym else None
    lang = profiles.clean_locale(locale) if locale else profiles.preferred_locale(accept_language)
    password_policy.require_strong(password, (name, address, pseudonym))
    now = clock.now()
    throttling.consume(throttling.REGISTER_ADDRESS, source_ip, now)
    throttling.consume(throttling.REGISTER_EMAIL, address, now)

    # Hash before knowing whether the address is taken: both answers cost the same time.
    password_hash = credentials.hash_new(password)
    user_id = ids.new_id()
    secret = ids.token()
    user = User(user_id, email=address, name=name, pseudonym=pseudonym,
                display="pseudonym" if pseudonym else "name", locale=lang, status="pending",
                created_at=now, password_hash=password_hash, password_changed_at=now)
    email_key = emails.unique_key(address)
    keys = [email_key] + ([profiles.pseudonym_key(pseudonym)] if pseudonym else [])
    token = onetime.build(onetime.CONFIRM, secret, now=now, ttl=CONFIRM_TTL, user_id=user_id)
    failed = accounts.create(user, keys, extra=[token])
    if not failed:
        _send_confirmation(address, name, lang, secret)
        return
    if email_key in failed:
        _answer_taken_address(address, email_key, name, password_hash, lang, now)
        return
    if len(keys) > 1 and keys[1] in failed:
        raise Conflict("pseudonym: is already taken", code="pseudonym_taken",
                       errors=[FieldError("pseudonym", "is already taken")])
    raise Conflict("The registration could not be recorded. Try again.")


def _send_confirmation(address: str, name: str, locale: str, secret: str) -> None:
    from chalicelib.identity import account_mail

    account_mail.send("account_confirm", address, locale, person=name,
                      link=account_mail.link(account_mail.CONFIRM_PATH, token=secret),
                      days=CONFIRM_TTL // 86400)


def _answer_taken_address(address: str, email_key: str, name: str, password_hash: str,
                          locale: str, now: float) -> None:
    from chalicelib.identity import account_mail
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime

    owner = accounts.owner_of(email_key)
    existing = accounts.get(owner) if owner else None
    if existing is None:
        return
    if existing.status == "pending":
        secret = ids.token()
        onetime.issue(onetime.CONFIRM, secret, now=now, ttl=CONFIRM_TTL, user_id=owner,
                      data={"password_hash": password_hash, "name": name})
        _send_confirmation(address, name, locale, secret)
    elif existing.status in ("active", "suspended"):
        account_mail.send("account_exists", address, existing.locale or locale,
                          person=existing.name or "",
                          login_link=account_mail.link(account_mail.LOGIN_PATH),
                          reset_link=account_mail.link(account_mail.FORGOT_PATH))


def confirm(token: str) -> str:
    """Spend a confirmation link: the account becomes active. Returns its id."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime

    now = clock.now()
    item = onetime.consume(onetime.CONFIRM, token, now=now)
    if item is None or not item.user_id:
        raise ValidationFailed.field("token", "is not valid, has expired or was already used",
                                     code="invalid_token")
    data = item.fields
    if accounts.activate(item.user_id, now=now, password_hash=data.get("password_hash"),
                         name=data.get("name")):
        return item.user_id
    user = accounts.get(item.user_id)
    if user is not None and user.status == "active":
        return item.user_id  # confirmed already (an older link of the same account)
    raise ValidationFailed.field("token", "is not valid, has expired or was already used",
                                 code="invalid_token")


def resend(email: str, *, source_ip: str = "unknown") -> None:
    """Send a new confirmation link to an unconfirmed account (silently nothing otherwise)."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity import throttling

    address = emails.validated(email)
    now = clock.now()
    throttling.consume(throttling.RESEND_ADDRESS, source_ip, now)
    throttling.consume(throttling.RESEND_EMAIL, address, now)
    owner = accounts.owner_of(emails.unique_key(address))
    user = accounts.get(owner) if owner else None
    if user is None or user.status != "pending":
        return
    secret = ids.token()
    onetime.issue(onetime.CONFIRM, secret, now=now, ttl=CONFIRM_TTL, user_id=owner)
    _send_confirmation(address, user.name or "", user.locale or "en", secret)
