"""Runtime settings, read once from the environment.

Every name that differs between stages (tables, bucket, queues, URLs) comes from here, so
that the same code runs under `chalice local`, in tests under moto and in AWS.
Secrets are not here: see `chalicelib.platform.aws.secrets`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _list(name: str, default: str = "") -> tuple[str, ...]:
    raw = os.environ.get(name, default)
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    stage: str = "local"
    region: str = "eu-west-1"
    api_url: str = "http://127.0.0.1:8000"
    frontend_url: str = "http://localhost:3000"
    frontend_origins: tuple[str, ...] = ()
    bucket: str = "agora-local-media"
    mail_from: str = "Agora <no-reply@agora.test>"
    mail_transport: str = "ses"
    outbox_dir: str = ".local/outbox"
    secret_id: str = "agora/local/app"
    bcrypt_rounds: int = 12
    max_body_bytes: int = 256 * 1024
    locales: tuple[str, ...] = ("en", "fr", "de", "es")
    analytics_k: int = 5  # small-cell threshold of analytics (never below 2)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def prefix(self) -> str:
        return f"agora-{self.stage}-"

    def table(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def queue(self, name: str) -> str:
        return f"{self.prefix}{name}"


@lru_cache(maxsize=1)
def settings() -> Settings:
    stage = os.environ.get("AGORA_STAGE", "local")
    return Settings(
        stage=stage,
        region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION", "eu-west-1"),
        api_url=os.environ.get("AGORA_API_URL", "http://127.0.0.1:8000").rstrip("/"),
        frontend_url=os.environ.get("AGORA_FRONTEND_URL", "http://localhost:3000").rstrip("/"),
        frontend_origins=_list("AGORA_FRONTEND_ORIGINS", "http://localhost:3000"),
        bucket=os.environ.get("AGORA_BUCKET", f"agora-{stage}-media"),
        mail_from=os.environ.get("AGORA_MAIL_FROM", "Agora <no-reply@agora.test>"),
        mail_transport=os.environ.get("AGORA_MAIL_TRANSPORT", "ses"),
        outbox_dir=os.environ.get("AGORA_OUTBOX_DIR", ".local/outbox"),
        secret_id=os.environ.get("AGORA_SECRET_ID", f"agora/{stage}/app"),
        bcrypt_rounds=_int("AGORA_BCRYPT_ROUNDS", 12),
        max_body_bytes=_int("AGORA_MAX_BODY_BYTES", 256 * 1024),
        analytics_k=max(2, _int("AGORA_ANALYTICS_K", 5)),
    )


def stage() -> str:
    """The stage name, cheap enough to call at import time (queue and schedule names)."""
    return os.environ.get("AGORA_STAGE", "local")


def queue_name(name: str) -> str:
    return f"agora-{stage()}-{name}"
