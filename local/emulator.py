"""The AWS emulator (moto), with two fixes to its cost; what it answers is unchanged.

- moto 5 backs up a table before a DynamoDB transaction once per ITEM of the transaction (a
  deep copy of the whole table each time), so a transaction of 100 items on a table of
  10,000 made 100 copies of it, gigabytes of garbage. `install` makes the backup once per
  table per transaction, as intended; what the transaction does and how it rolls back are
  unchanged.
- moto 5 writes every DynamoDB attribute value of an answer through its model-driven
  serializer, member by member: a Query of 20 contributions took 29 ms where a GetItem
  takes 3 (a real table answers both in a few). The values are already the wire's JSON
  (`{"S": ...}`, `{"M": {...}}`), so `install` passes them through as they are, except
  binary ones, which the serializer still encodes (tests/unit/test_emulator.py compares the
  two on every kind of value).

Used by the tests (tests/conftest.py), the bench (through the tests' setup) and the local
platform: `python -m local.emulator` is moto's server with the fix and, with `--state DIR`,
its state kept on disk across restarts (local/persistence.py). Not deployed."""

from __future__ import annotations

import copy
import os
import sys
import threading
import types
from pathlib import Path
from typing import Any

_state = threading.local()
_installed = False
moto_serialize_structure: Any = None  # moto's own, kept for the test that compares


def _deepcopy_once_per_table(value: Any, memo: Any = None) -> Any:
    from moto.dynamodb.models.table import Table

    cache = getattr(_state, "tables", None)
    if cache is None or not isinstance(value, Table):
        return copy.deepcopy(value, memo)
    if id(value) not in cache:
        cache[id(value)] = copy.deepcopy(value, memo)
    return cache[id(value)]


def install() -> None:
    """Idempotent; thread-safe (each thread's transaction keeps its own backups)."""
    global _installed
    if _installed:
        return
    import moto.dynamodb.models as models
    from moto.dynamodb.models import DynamoDBBackend

    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        _state.tables = {}
        try:
            return original(self, transact_items)
        finally:
            _state.tables = None

    models.copy = types.SimpleNamespace(deepcopy=_deepcopy_once_per_table)  # type: ignore[assignment]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    _pass_attribute_values_through()
    _installed = True


def _has_binary(value: Any) -> bool:
    if isinstance(value, dict):
        return "B" in value or "BS" in value or any(_has_binary(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_binary(v) for v in value)
    return False


def _pass_attribute_values_through() -> None:
    from moto.core.serialize import BaseJSONSerializer

    global moto_serialize_structure
    original = moto_serialize_structure = BaseJSONSerializer._serialize_type_structure

    def serialize_structure(self: Any, serialized: Any, value: Any, shape: Any,
                            key: str) -> None:
        if shape.name == "AttributeValue" and isinstance(value, dict) and not _has_binary(value):
            self._default_serialize(serialized, value, shape, key)
            return
        original(self, serialized, value, shape, key)

    BaseJSONSerializer._serialize_type_structure = serialize_structure  # type: ignore[method-assign]


def _lock(folder: Path) -> Any:
    """One emulator per state folder: two writing one snapshot would lose each other's data."""
    import fcntl

    handle = open(folder / "aws.lock", "w")  # noqa: SIM115 (held for the process's life)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit(f"another emulator uses {folder}: is `make run` already running?"
                         ) from None
    return handle


def serve(host: str, port: int, state: Path | None, every: float) -> int:
    """moto's server until SIGTERM (or SIGINT, unless it was ignored when we started), with a
    snapshot every `every` seconds when something changed, and a last one on the way out."""
    import logging
    import signal
    import time

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    from local import persistence

    install()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    app = DomainDispatcherApplication(create_backend_app)
    gate = persistence.Gate()
    recorder = persistence.ChangeRecorder(app, gate)
    snapshots = None
    if state is not None:
        state.mkdir(parents=True, exist_ok=True)
        lock = _lock(state)  # noqa: F841 (released when the process ends)
        snapshots = persistence.Snapshots(state / "aws.pickle", gate, recorder)
        started = time.perf_counter()
        try:
            header = snapshots.restore()
        except persistence.StateError as error:
            raise SystemExit(f"{error}.\nRun `make reset` to start from an empty state (it "
                             "wipes the local data), or run the version that wrote it.") from None
        if header:
            print(f"state restored from {snapshots.path} in "
                  f"{time.perf_counter() - started:.2f}s", flush=True)
    server = make_server(host, port, recorder, threaded=True,
                         request_handler=MotoRequestHandler)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                     daemon=True).start()
    print(f"emulator on http://{host}:{port}", flush=True)
    pause = every
    while not stop.wait(pause):
        if snapshots:
            saved = _save(snapshots)
            # Requests wait while a snapshot is pickled: with a large state, snapshot less
            # often, so that they wait at most a fifth of the time.
            pause = max(every, 4 * saved.seconds) if saved else every
    server.shutdown()
    if snapshots:
        _save(snapshots, last=True)
    return 0


def _save(snapshots: Any, last: bool = False) -> Any:
    try:
        saved = snapshots.save_if_changed()
    except Exception as error:  # a full disk: keep serving, say so, try again next time
        print(f"snapshot failed: {error!r}", flush=True)
        return None
    if saved and (last or saved.seconds > 1.0):  # quiet unless it is the last or slow
        print(f"snapshot{' (last)' if last else ''}: {saved.size / 1e6:.1f} MB in "
              f"{saved.seconds:.2f}s", flush=True)
    return saved


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=4566)
    parser.add_argument("--state", type=Path, help="keep the state in this folder")
    parser.add_argument("--every", type=float, default=2.0,
                        help="seconds between snapshots (when something changed)")
    args = parser.parse_args(argv)
    return serve(args.host, args.port, args.state, args.every)


if __name__ == "__main__":
    code = main()
    # The last snapshot is on disk: skip freeing moto's objects one by one (seconds with a
    # large state).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
