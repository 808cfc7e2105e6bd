"""The emails about a person's own account (category `account`: they cannot be turned off).
Links point at the frontend, which posts the token back to the API. An email to an address
not yet proven carries no text chosen by whoever asked for it (no name: `greeting_name`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

CONFIRM_PATH = "/confirm"
RESET_PATH = "/reset-password"
FORGOT_PATH = "/forgot-password"
EMAIL_CHANGE_PATH = "/confirm-email"
SSO_LINK_PATH = "/link-account"
LOGIN_PATH = "/login"
REGISTER_PATH = "/register"


def link(path: str, **params: str) -> str:
    from chalicelib.platform.config import settings

    query = f"?{urlencode(params)}" if params else ""
    return f"{settings().frontend_url}{path}{query}"


def masked(address: str) -> str:
    """`a***@example.org`: enough for the owner to recognise, not to harvest."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def greeting_name(user: Any) -> str:
    """The name to greet the account's address with: none while the address is unproven,
    since the name was then chosen by whoever registered it, perhaps not its owner."""
    return "" if user.status == "pending" or not user.confirmed_at else (user.name or "")


def send(template: str, to: str, locale: str | None, **context: Any) -> None:
    from chalicelib.platform import mail_templates as templates
    from chalicelib.platform.aws import mail

    subject, text, html = templates.render(template, locale or "en", **context)
    mail.send(mail.Mail(to=to, subject=subject, text=text, html=html, category="account"))
