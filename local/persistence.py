"""The emulator's state on disk: moto keeps everything in memory, so `make run` snapshots its
backends (tables, objects, queues with their messages, secrets, SES identities) to one file
and loads it back on the next start.

- Consistent: a snapshot is taken while no request is being served (`Gate`), so it is one
  moment of every service at once, never half a transaction.
- Crash-safe: the file is written beside the old one, flushed to disk, then renamed over
  it; `kill -9` at any instant leaves the previous snapshot or the new one, never a torn one.
- Cheap: only when a request may have changed something (`ChangeRecorder`), at most every
  few seconds, and the pickling holds requests only for the time of `pickle.dumps`.

docs/local-platform.md describes the design. Not deployed."""

from __future__ import annotations

import contextlib
import copyreg
import functools
import gc
import io
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
# Operations that never change what moto holds (AWS JSON protocols name them in
# X-Amz-Target). Anything else counts as a change: a snapshot too many costs little.
READ_ONLY_PREFIXES = ("Get", "Describe", "List", "Query", "Scan", "BatchGet", "TransactGet")


def effect(environ: dict[str, Any]) -> str:
    """'none', 'write', or 'answer' (ReceiveMessage: a change only when it returns messages,
    whose receive counts and visibility it sets)."""
    if environ.get("REQUEST_METHOD") in ("GET", "HEAD", "OPTIONS"):
        return "none"
    operation = environ.get("HTTP_X_AMZ_TARGET", "").rpartition(".")[2]
    if operation == "ReceiveMessage":
        return "answer"
    if operation.startswith(READ_ONLY_PREFIXES):
        return "none"
    return "write"


class Gate:
    """Requests pass side by side; `exclusive()` waits for those in flight and holds new ones
    back until it is done."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._inside = 0
        self._closed = False

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._closed:
                self._cond.wait()
            self._inside += 1
        try:
            yield
        finally:
            with self._cond:
                self._inside -= 1
                if not self._inside:
                    self._cond.notify_all()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            while self._closed:
                self._cond.wait()
            self._closed = True
            while self._inside:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._closed = False
                self._cond.notify_all()


class ChangeRecorder:
    """WSGI middleware around moto's server: every request passes the gate, and a request
    that may have changed the state moves the change counter on."""

    def __init__(self, app: Callable[..., Iterable[bytes]], gate: Gate) -> None:
        self.app = app
        self.gate = gate
        self._lock = threading.Lock()
        self.changes = 0

    def changed(self) -> None:
        with self._lock:
            self.changes += 1

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        with self.gate.shared():
            answer = self.app(environ, start_response)
            kind = effect(environ)
            if kind == "answer":
                body = b"".join(answer)
                close = getattr(answer, "close", None)
                if close:
                    close()
                if b"ReceiptHandle" in body:
                    self.changed()
                return [body]
            if kind == "write":
                self.changed()
            return answer


def _fresh(factory: Callable[[], Any]) -> Callable[[Any], tuple[Any, tuple[()]]]:
    # A snapshot is taken while no request runs, so no lock is held: a new one is equivalent.
    return lambda _obj: (factory, ())


_LOCKS = {threading.Condition: _fresh(threading.Condition),  # moto's SQS queues hold one
          type(threading.RLock()): _fresh(threading.RLock),
          type(threading.Lock()): _fresh(threading.Lock)}


def limited_size_dict(items: dict[str, Any]) -> Any:
    """moto's DynamoDB item attributes, rebuilt without checking the item's size again at
    every key (its __setitem__ sums the whole item each time: unpickling 10,000 items took
    6 s instead of 0.3 s). They were checked when written."""
    from moto.dynamodb.models.dynamo_type import LimitedSizeDict

    rebuilt = LimitedSizeDict.__new__(LimitedSizeDict)
    dict.update(rebuilt, items)
    return rebuilt


@functools.cache
def _dispatch_table() -> dict[type, Any]:
    from moto.dynamodb.models.dynamo_type import LimitedSizeDict

    return {**copyreg.dispatch_table, **_LOCKS,
            LimitedSizeDict: lambda attrs: (limited_size_dict, (dict(attrs),))}


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()  # type: ignore[misc]
    pickler.dump(value)
    return buffer.getvalue()


@functools.cache
def _moto_version() -> str:
    from importlib.metadata import version

    return version("moto")


def capture() -> dict[str, bytes]:
    """Every moto service in use, as {service: pickled {account: {region: backend}}}."""
    from moto.backends import get_backend
    from moto.core.base_backend import BackendDict

    services = {}
    for backends in list(BackendDict._instances):
        name = backends.service_name
        try:
            if get_backend(name) is not backends:  # type: ignore[call-overload]
                continue  # not one moto's server looks up by this name: nothing to restore to
        except Exception:
            continue
        services[name] = _dumps({account: dict(regions) for account, regions in
                                 backends.items()})
    return services


def install(services: dict[str, bytes]) -> None:
    """Put captured backends back where moto's server looks for them."""
    from moto.backends import get_backend

    for name, blob in services.items():
        backends = get_backend(name)  # type: ignore[call-overload]
        for account, regions in pickle.loads(blob).items():
            for region, backend in regions.items():
                backends[account][region] = backend


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` by `data` so that a crash at any instant leaves the old file or the new
    one: write a sibling, flush it to disk, rename it over, flush the directory."""
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


class StateError(RuntimeError):
    """The snapshot cannot be used (another moto version wrote it, or it is unreadable)."""


@dataclass
class Saved:
    seconds: float
    size: int


class Snapshots:
    """The snapshot file of one emulator."""

    def __init__(self, path: Path, gate: Gate, recorder: ChangeRecorder) -> None:
        self.path = path
        self.gate = gate
        self.recorder = recorder
        self.saved_changes = 0

    def restore(self) -> dict[str, Any] | None:
        """Load the snapshot into moto, if there is one. Returns its header."""
        self.path.with_name(self.path.name + ".tmp").unlink(missing_ok=True)  # a torn write
        if not self.path.exists():
            return None
        # Millions of small objects: the cyclic collector would walk the growing heap again
        # and again while they are made (it tripled the restore time of 10,000 items).
        gc.disable()
        try:
            try:
                with open(self.path, "rb") as source:
                    snapshot = pickle.load(source)
            except Exception as error:
                raise StateError(f"{self.path} cannot be read ({error})") from error
            if snapshot.get("format") != FORMAT or snapshot.get("moto") != _moto_version():
                raise StateError(
                    f"{self.path} was written by moto {snapshot.get('moto')} (format "
                    f"{snapshot.get('format')}); this checkout runs moto {_moto_version()}")
            install(snapshot["services"])
        finally:
            gc.enable()
        gc.freeze()  # long-lived: keep later collections from walking it at every request
        return {k: v for k, v in snapshot.items() if k != "services"}

    def save_if_changed(self) -> Saved | None:
        if self.recorder.changes == self.saved_changes:
            return None
        started = time.perf_counter()
        with self.gate.exclusive():
            changes = self.recorder.changes
            data = _dumps({"format": FORMAT, "moto": _moto_version(),
                           "written_at": time.time(), "services": capture()})
        write_atomic(self.path, data)
        self.saved_changes = changes
        return Saved(time.perf_counter() - started, len(data))
