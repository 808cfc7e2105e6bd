"""Opaque, time-ordered identifiers (ULID layout: 48-bit milliseconds + 80 random bits)."""

from __future__ import annotations

import re
import secrets
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_PATTERN = r"^[0-9A-HJKMNP-TV-Z]{26}$"
_ID_RE = re.compile(ID_PATTERN)


def new_id(at_ms: int | None = None) -> str:
    ms = int(time.time() * 1000) if at_ms is None else at_ms
    value = (ms << 80) | secrets.randbits(80)
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def is_id(value: str) -> bool:
    return bool(_ID_RE.match(value))


def token(nbytes: int = 32) -> str:
    """A secret for links and refresh tokens (URL-safe)."""
    return secrets.token_urlsafe(nbytes)
