"""Registration and email confirmation.

The answer to a registration is the same for every address, whether or not it has an account
and whatever pseudonym is asked: the difference only shows in the email the address's owner
receives (a confirmation link, or a notice that they already have an account), and a
pseudonym is claimed only when the address is confirmed. One account per address is enforced
by the conditional write of the `email#...` claim in the same transaction as the account.

Whoever registers an address may not own it, so nothing they chose reaches the mailbox (the
confirmation email carries no name) and nothing they chose is installed by the owner's click:
- an address has at most one live registration: a newer one (or a resent link) replaces the
  account's data and voids every older link;
- confirming installs only a password typed by the person who follows the link (`password`
  with the token); a confirmation without one activates the account without a password (a
  reset link then sets it), never with the password given at registration.
"""

from __future__ import annotations

from typing import Any

from chalicelib.identity import email_rules as emails
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Conflict, ValidationFailed

CONFIRM_TTL = 3 * 24 * 3600


def register(*, name: str, email: str, password: str, pseudonym: str | None = None,
             locale: str | None = None, source_ip: str = "unknown",
             accept_language: str = "") -> None:
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import credentials, profiles, terms, throttling
    from chalicelib.identity import password_rules as password_policy
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
    values: dict[str, Any] = {
        "name": name, "requested_pseudonym": pseudonym, "locale": lang,
        "password_hash": credentials.hash_new(password), "password_changed_at": now,
        "created_at": now, "registration": ids.token(16)}
    values |= terms.accepted_on_registering(now)
    user_id = ids.new_id()
    secret = ids.token()
    user = User(user_id, email=address, status="pending", display="name",
                **{k: v for k, v in values.items() if v is not None})
    email_key = emails.unique_key(address)
    failed = accounts.create(user, [email_key], extra=[_link(secret, user_id, values, now)])
    if not failed:
        _send_confirmation(address, lang, secret)
    elif email_key in failed:
        _answer_taken_address(address, email_key, values, now)
    else:
        raise Conflict("The registration could not be recorded. Try again.")


def _link(secret: str, user_id: str, values: dict[str, Any], now: float) -> Any:
    from chalicelib.identity import onetime_tables as onetime

    return onetime.build(onetime.CONFIRM, secret, now=now, ttl=CONFIRM_TTL, user_id=user_id,
                         data={"registration": values["registration"]})


def _send_confirmation(address: str, locale: str, secret: str) -> None:
    from chalicelib.identity import account_mail

    # No name: the address is not proven yet, and the name is the registrant's choice.
    account_mail.send("account_confirm", address, locale,
                      link=account_mail.link(account_mail.CONFIRM_PATH, token=secret),
                      days=CONFIRM_TTL // 86400)


def _answer_taken_address(address: str, email_key: str, values: dict[str, Any],
                          now: float) -> None:
    from chalicelib.identity import account_mail
    from chalicelib.identity import account_tables as accounts

    owner = accounts.owner_of(email_key)
    existing = accounts.get(owner) if owner else None
    if existing is None or owner is None:
        return
    if existing.status == "pending":
        secret = ids.token()
        values = {**values, "display": "name", "created_at": existing.created_at}
        if accounts.renew_registration(owner, values, _link(secret, owner, values, now)):
            _send_confirmation(address, values["locale"], secret)
            return
        existing = accounts.get(owner)  # confirmed meanwhile
    if existing is not None and existing.status in ("active", "suspended"):
        account_mail.send("account_exists", address, existing.locale or values["locale"],
                          person=existing.name or "",
                          login_link=account_mail.link(account_mail.LOGIN_PATH),
                          reset_link=account_mail.link(account_mail.FORGOT_PATH))


def _bad_token() -> ValidationFailed:
    return ValidationFailed.field("token", "is not valid, has expired or was already used",
                                  code="invalid_token")


def confirm(token: str, password: str | None = None) -> dict[str, Any]:
    """Spend a confirmation link: the account becomes active, with `password` if the person
    following the link typed one (else without any), and with the pseudonym asked at
    registration if nobody claimed it meanwhile. Returns `user_id`, `password_set` and
    `pseudonym_taken` (told to whoever holds the link: the mailbox's owner)."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import credentials, profiles
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity import password_rules as password_policy

    now = clock.now()
    # Read first: a refused password must not burn the link.
    item = onetime.peek(onetime.CONFIRM, token, now=now)
    user = accounts.get(item.user_id) if item and item.user_id else None
    registration = item.fields.get("registration") if item else None
    if item is None or user is None or not registration or user.registration != registration:
        raise _bad_token()  # unknown, spent, expired, or voided by a newer registration
    if user.status != "pending":  # the registration was confirmed otherwise (a reset link)
        if user.status not in ("active", "suspended") or onetime.consume(
                onetime.CONFIRM, token, now=now) is None:
            raise _bad_token()
        return _confirmed(user.user_id, bool(user.password_hash), False)
    if password:
        password_policy.require_strong(password, (user.name, user.email,
                                                  user.requested_pseudonym))
    if onetime.consume(onetime.CONFIRM, token, now=now) is None:
        raise _bad_token()
    values: dict[str, Any] = {
        "status": "active", "confirmed_at": now, "requested_pseudonym": None,
        "password_hash": credentials.hash_new(password) if password else None,
        "password_changed_at": now}
    wish = user.requested_pseudonym
    key = profiles.pseudonym_key(wish) if wish else None
    failed = accounts.activate(user.user_id, registration,
                               {**values, "pseudonym": wish, "display": "pseudonym"}
                               if wish else values, key)
    taken = failed == {"pseudonym"}
    if taken:  # someone else confirmed it first: the account starts without a pseudonym
        failed = accounts.activate(user.user_id, registration, values)
    if failed:
        raise _bad_token()  # a newer registration, or a concurrent confirmation, won
    return _confirmed(user.user_id, bool(password), taken)


def _confirmed(user_id: str, password_set: bool, pseudonym_taken: bool) -> dict[str, Any]:
    return {"user_id": user_id, "password_set": password_set,
            "pseudonym_taken": pseudonym_taken}


def resend(email: str, *, source_ip: str = "unknown") -> None:
    """Send a new confirmation link to an unconfirmed account (silently nothing otherwise).
    Only the newest link confirms: the earlier ones are void."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import throttling

    address = emails.validated(email)
    now = clock.now()
    throttling.consume(throttling.RESEND_ADDRESS, source_ip, now)
    throttling.consume(throttling.RESEND_EMAIL, address, now)
    owner = accounts.owner_of(emails.unique_key(address))
    user = accounts.get(owner) if owner else None
    if user is None or owner is None or user.status != "pending":
        return
    secret = ids.token()
    values = {"registration": ids.token(16)}
    if accounts.renew_registration(owner, values, _link(secret, owner, values, now)):
        _send_confirmation(address, user.locale or "en", secret)
