"""A private community's access code: 12 characters in three groups, from an alphabet with
no look-alikes, compared in constant time against an HMAC (only the hash is stored; the
admin sees the code once, when it is made). Pure rules: tests call them directly."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no look-alikes (0/O, 1/I/L, U/V)


CODE_GROUPS = 3


CODE_GROUP = 4


def new_access_code() -> str:
    """12 characters in 3 groups (about 59 bits): not guessable through the API."""
    groups = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP))
              for _ in range(CODE_GROUPS)]
    return "-".join(groups)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str, key: str) -> str:
    message = b"access-code:" + normalise_code(code).encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def code_matches(code: str, stored_hash: str | None, key: str) -> bool:
    if not stored_hash or not code:
        return False
    return hmac.compare_digest(hash_code(code, key), stored_hash)
