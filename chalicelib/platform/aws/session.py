"""The process's one botocore session, shared by every client (ours and PynamoDB's).

A botocore session keeps what it loads: the endpoint rules, the partitions and each
service's model. Without sharing, every `boto3.session.Session()` and every PynamoDB
connection (one per model class) loaded them again; on a cold start that was most of the
time and memory of a signed-in request. The session also answers the same client to the
same request (PynamoDB asks once per model class, always alike), so a request that reads
three tables through PynamoDB builds one DynamoDB client, not three.

Creating a client is not thread-safe in botocore (why PynamoDB keeps a session per thread),
so it is done under a lock here: the local platform's worker and the tests' races create
clients from threads. Clients themselves are thread-safe.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import botocore.session


class SharedSession(botocore.session.Session):
    """botocore's session, creating one client at a time, once per distinct request."""

    _lock = threading.RLock()

    def __init__(self) -> None:
        super().__init__()
        self._clients: dict[str, Any] = {}

    def create_client(self, *args: Any, **kwargs: Any) -> Any:
        key = _request_key(args, kwargs)
        with self._lock:
            made = self._clients.get(key)
            if made is None or not _has_credentials(made):
                made = self._clients[key] = super().create_client(*args, **kwargs)
            return made


def _request_key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    config = kwargs.get("config")
    options = sorted(config._user_provided_options.items()) if config is not None else None
    return repr((args, sorted((k, v) for k, v in kwargs.items() if k != "config"), options))


def _has_credentials(client: Any) -> bool:
    """A client made while no credentials could be found keeps none (botocore caches the
    absence): such a client is made again, as PynamoDB itself does."""
    signer = getattr(client, "_request_signer", None)
    return bool(signer is None or signer._credentials)


@cache
def shared() -> SharedSession:
    return SharedSession()


def forget() -> None:
    """Tests and the bench: the next client is a new one, made by a new session."""
    shared.cache_clear()


def share_with_pynamodb() -> None:
    """PynamoDB's connections take their session from `get_session` (one per connection and
    thread): give them this one, so that the DynamoDB model is loaded once per process."""
    from pynamodb.connection import base

    base.get_session = shared  # type: ignore[attr-defined]
