"""Health probes."""

from __future__ import annotations


def table_reachable() -> bool:
    """One GetItem of the platform's own table (a key that is never claimed)."""
    from pynamodb.exceptions import PynamoDBException

    from chalicelib.platform.dynamo.idempotency import IdempotencyRecord

    try:
        IdempotencyRecord.get("health-probe")
    except IdempotencyRecord.DoesNotExist:
        return True
    except PynamoDBException:
        return False
    return True
