"""Email addresses compare case-insensitively after Unicode normalisation."""

from __future__ import annotations

import unicodedata

from chalicelib.platform.errors import ValidationFailed


def normalise(address: str) -> str:
    return unicodedata.normalize("NFKC", address).strip().casefold()


def validated(address: str, field: str = "email") -> str:
    """The normalised address, or 400 naming the field. No DNS lookups (offline and fast)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationFailed.field(field, str(exc)) from None
    return normalise(result.normalized)


def unique_key(normalised: str) -> str:
    return f"email#{normalised}"
