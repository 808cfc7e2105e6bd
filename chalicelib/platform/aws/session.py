"""The process's one botocore session, shared by every client (ours and PynamoDB's).

A botocore session keeps what it loads: the endpoint rules, the partitions and each
service's model. Without sharing, every `boto3.session.Session()` and every PynamoDB
connection (one per model class) loads them again; on a cold start that was most of the
time and memory of a signed-in request. Creating a client from a session is not thread-safe
in botocore (why PynamoDB keeps one session per thread), so it is done under a lock here:
the local platform's worker and the tests' races create clients from threads.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import botocore.session


class SharedSession(botocore.session.Session):
    """botocore's session, creating one client at a time."""

    _lock = threading.RLock()

    def create_client(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return super().create_client(*args, **kwargs)


@cache
def shared() -> SharedSession:
    return SharedSession()


def share_with_pynamodb() -> None:
    """PynamoDB's connections take their session from `get_session` (one per connection and
    thread): give them this one, so that the DynamoDB model is loaded once per process."""
    from pynamodb.connection import base

    base.get_session = shared  # type: ignore[attr-defined]
