"""The one place that makes AWS clients: created once per process and region, with standard
retries, from the process's one botocore session (chalicelib/platform/aws/session.py).
Endpoints come from AWS_ENDPOINT_URL (the local emulator) when set.

They are botocore's clients, which boto3's are too: boto3 adds only S3's transfer methods
(upload_file, ...) to a client, which nothing here uses, so a request does not import it."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def client(service: str) -> Any:
    from botocore.config import Config

    from chalicelib.platform.aws.session import shared
    from chalicelib.platform.config import settings

    return shared().create_client(
        service,
        region_name=settings().region,
        config=Config(retries={"mode": "standard", "max_attempts": 4},
                      signature_version="s3v4" if service == "s3" else None),
    )


def reset_clients() -> None:
    """Tests: forget clients made under another mock (and the session that made them)."""
    from chalicelib.platform.aws.session import forget

    client.cache_clear()
    forget()
