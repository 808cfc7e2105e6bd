"""Password hashing: bcrypt over an HMAC-SHA-256 pre-hash keyed with a server-side pepper.

The pre-hash makes every password 44 bytes (base64 of 32), so long passwords are neither
truncated nor refused by bcrypt's 72-byte limit, and a stolen table alone is not enough to
test guesses.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata


def _prehash(password: str, pepper: str) -> bytes:
    # NFKC: the same passphrase typed on another keyboard or OS composes the same bytes.
    normalised = unicodedata.normalize("NFKC", password)
    digest = hmac.new(pepper.encode(), normalised.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest)


def hash_password(password: str, *, pepper: str, rounds: int = 12) -> str:
    import bcrypt

    return bcrypt.hashpw(_prehash(password, pepper), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, hashed: str | None, *, pepper: str) -> bool:
    import bcrypt

    if not hashed:
        return False
    try:
        return bcrypt.checkpw(_prehash(password, pepper), hashed.encode())
    except ValueError:
        return False


# Verifying against this when the account does not exist keeps login time the same.
DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5kq2s8nqL3f5h9Gf5b6WqQbV0n3kQ2a"
