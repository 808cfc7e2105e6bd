"""Application secrets, read once per cold start from AWS Secrets Manager (the local
emulator's, locally). They are never in code, in configuration files or in plain-text
environment values.

Each key has one job, so that rotating it (infra/README.md) changes one thing:
- `jwt_signing_key` signs access tokens (refresh tokens are random and stored hashed);
- `password_pepper` keys the pre-hash of every password;
- `link_signing_key` signs the unsubscribe links in emails;
- `access_code_key` keys the stored hashes of private communities' access codes;
- `throttle_key` keys the subjects (emails, addresses) of the throttle counters.
"""

from __future__ import annotations

import json
from functools import lru_cache

SECRET_KEYS = ("jwt_signing_key", "password_pepper", "link_signing_key", "access_code_key",
               "throttle_key")


@lru_cache(maxsize=1)
def app_secrets() -> dict[str, str]:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    value = client("secretsmanager").get_secret_value(SecretId=settings().secret_id)
    data = json.loads(value["SecretString"])
    missing = [k for k in SECRET_KEYS if not data.get(k)]
    if missing:
        raise RuntimeError(f"secret {settings().secret_id} lacks {', '.join(missing)}")
    return data


def secret(name: str) -> str:
    return app_secrets()[name]


def optional(name: str) -> str | None:
    """A key that only some stages have (an SSO provider's client secret): None when absent.
    Not in SECRET_KEYS, so `generate()` and the startup check are unchanged."""
    value = app_secrets().get(name)
    return str(value) if value else None


def generate() -> dict[str, str]:
    """Fresh random values for a new stage (bootstrap and the operator's rotation command)."""
    import secrets as _secrets

    return {k: _secrets.token_urlsafe(48) for k in SECRET_KEYS}
