"""Changing the account's email: the new address confirms first (a link valid three days);
then the account moves to it in one transaction (claim on the new address taken, the old one
released) and the old address is told. Whether the new address already has an account is
told only to that address, never to the person asking."""

from __future__ import annotations

from chalicelib.identity import email_rules as emails
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Conflict, FieldError, ValidationFailed

CHANGE_TTL = 3 * 24 * 3600


def request(user_id: str, new_email: str, password: str | None) -> None:
    from chalicelib.identity import account_mail, credentials, profiles, throttling
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime

    user = profiles.load(user_id)
    address = emails.validated(new_email)
    if address == user.email:
        raise ValidationFailed.field("email", "is already this account's address")
    now = clock.now()
    # A stolen access token alone must not be enough to take the account over.
    if user.password_hash and not credentials.password_confirmed(user, password, now):
        raise ValidationFailed.field("password", "is not correct", code="wrong_password")
    throttling.consume(throttling.EMAIL_CHANGE_ACCOUNT, user_id, now)
    locale = user.locale or "en"
    if accounts.owner_of(emails.unique_key(address)) is not None:
        account_mail.send("account_email_taken", address, locale,
                          login_link=account_mail.link(account_mail.LOGIN_PATH))
        return
    secret = ids.token()
    onetime.issue(onetime.EMAIL_CHANGE, secret, now=now, ttl=CHANGE_TTL, user_id=user_id,
                  data={"email": address})
    accounts.pending_email(user_id, address)
    # The new address is not proven yet: the email names nobody (the name is the asker's).
    account_mail.send("account_email_change", address, locale,
                      link=account_mail.link(account_mail.EMAIL_CHANGE_PATH, token=secret),
                      days=CHANGE_TTL // 86400)


def confirm(token: str) -> str:
    """Spend the link sent to the new address: the account moves there. Returns its id."""
    from chalicelib.identity import account_mail
    from chalicelib.identity import account_tables as accounts
    from chalicelib.identity import onetime_tables as onetime

    now = clock.now()
    item = onetime.consume(onetime.EMAIL_CHANGE, token, now=now)
    address = item.fields.get("email") if item else None
    user = accounts.get(item.user_id) if item and item.user_id else None
    if item is None or not address or user is None or user.status in ("deleting", "deleted"):
        raise ValidationFailed.field("token", "is not valid, has expired or was already used",
                                     code="invalid_token")
    old = user.email
    failed = accounts.switch_email(user, address, old_key=emails.unique_key(old) if old else None,
                                   new_key=emails.unique_key(address), now=now)
    if "email" in failed:
        raise Conflict("email: another account uses this address now", code="email_taken",
                       errors=[FieldError("email", "another account uses this address now")])
    if failed:
        raise Conflict("The account changed meanwhile. Ask for a new link.")
    if old:
        account_mail.send("account_email_changed", old, user.locale, person=user.name or "",
                          new_address=account_mail.masked(address))
    return user.user_id
