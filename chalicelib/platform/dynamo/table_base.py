"""What every table shares: its name from the stage, on-demand billing, the region.

The endpoint is never set here: botocore and PynamoDB honour AWS_ENDPOINT_URL(_DYNAMODB),
which is how the local emulator is reached.
"""

from __future__ import annotations

from pynamodb.attributes import TTLAttribute

from chalicelib.platform.aws.session import share_with_pynamodb
from chalicelib.platform.config import settings

share_with_pynamodb()  # one botocore session per process, PynamoDB's connections included


def table_name(name: str) -> str:
    return settings().table(name)


class BaseMeta:
    region = settings().region
    billing_mode = "PAY_PER_REQUEST"
    # Attributes that hold personal data, listed per model as `personal = (...)`;
    # docs/privacy.md must name each of them (a test checks it).


class TTLMixin:
    """Items that expire. DynamoDB's TTL sweep is late by up to days, so readers also check
    `expires_at` themselves (see `is_live`)."""

    expires_at = TTLAttribute(null=True)

    def is_live(self, now: float) -> bool:
        expires = getattr(self, "expires_at", None)
        return expires is None or expires.timestamp() > now

