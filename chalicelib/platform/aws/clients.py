"""The one place that makes boto3 clients: created once per process and region, with
standard retries. Endpoints come from AWS_ENDPOINT_URL (the local emulator) when set."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    from chalicelib.platform.config import settings

    return boto3.session.Session().client(
        service,
        region_name=settings().region,
        config=Config(retries={"mode": "standard", "max_attempts": 4},
                      signature_version="s3v4" if service == "s3" else None),
    )


def reset_clients() -> None:
    """Tests: forget clients made under another mock."""
    client.cache_clear()
