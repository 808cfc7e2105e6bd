"""Health probes."""

from __future__ import annotations


def table_reachable() -> bool:
    from pynamodb.exceptions import PynamoDBException

    from chalicelib.identity.user_tables import User

    try:
        User.get("health-probe")
    except User.DoesNotExist:
        return True
    except PynamoDBException:
        return False
    return True
