"""Start `make run` (or `python -m local.run`) as a person would, on free loopback ports, and
stop it the two ways a person does: Ctrl-C (SIGINT to the whole process group, as a terminal
sends it) or `kill -9` of the process group. Used by the end-to-end tests and the local
platform's bench. Not deployed."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _running_in_group(pgid: int) -> bool:
    """Whether a process of the group still runs (a zombie holds no port and no lock)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


class Platform:
    def __init__(self, state: Path, *, log: Path, command: list[str] | None = None,
                 cwd: Path = ROOT, env: dict[str, str] | None = None,
                 ports: dict[str, int] | None = None) -> None:
        self.state = state
        self.ports = ports or {"api": free_port(), "emulator": free_port(),
                               "viewer": free_port()}
        self.api = f"http://127.0.0.1:{self.ports['api']}"
        self.emulator = f"http://127.0.0.1:{self.ports['emulator']}"
        self.viewer = f"http://127.0.0.1:{self.ports['viewer']}"
        self.command = command or [sys.executable, "-m", "local.run"]
        self.cwd = cwd
        self.log_path = log
        self.extra_env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[str] | None = None
        self.started_at = 0.0

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AGORA_", "AWS_", "MAKE", "MFLAGS"))}
        env.update({"AGORA_API_PORT": str(self.ports["api"]),
                    "AGORA_EMULATOR_PORT": str(self.ports["emulator"]),
                    "AGORA_MAIL_VIEWER_PORT": str(self.ports["viewer"]),
                    "AGORA_STATE_DIR": str(self.state), "PYTHONUNBUFFERED": "1"})
        env.update(self.extra_env)
        return env

    def start(self) -> Platform:
        self._log = open(self.log_path, "a")  # noqa: SIM115 (closed by stop)
        self.started_at = time.monotonic()
        # A session of its own: its process group is what a terminal's Ctrl-C reaches.
        self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.environment(),
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        return self

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_until_healthy(self, timeout: float = 120.0) -> float:
        """Seconds from start until GET /health answers 200."""
        assert self.process is not None
        deadline = self.started_at + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"it stopped (exit {self.process.returncode}):\n"
                                   f"{self.output()[-3000:]}")
            try:
                with urllib.request.urlopen(self.api + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        return time.monotonic() - self.started_at
            except OSError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"no healthy API after {timeout:.0f}s:\n{self.output()[-3000:]}")

    def wait_for_output(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{text!r} never printed:\n{self.output()[-3000:]}")
            time.sleep(0.1)

    def interrupt(self, timeout: float = 30.0) -> tuple[int, float]:
        """Ctrl-C: SIGINT to the process group. Returns (exit code, seconds to stop)."""
        return self._signal(signal.SIGINT, timeout)

    def kill(self) -> tuple[int, float]:
        """`kill -9` of the whole process group."""
        return self._signal(signal.SIGKILL, 30.0)

    def _signal(self, number: int, timeout: float) -> tuple[int, float]:
        assert self.process is not None
        started = time.monotonic()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            code = self.process.wait()
        seconds = time.monotonic() - started
        self._wait_for_group(self.process.pid)
        if self._log:
            self._log.close()
            self._log = None
        return code, seconds

    @staticmethod
    def _wait_for_group(pgid: int, timeout: float = 10.0) -> None:
        """The children are gone too (they hold the ports and the state lock)."""
        deadline = time.monotonic() + timeout
        while _running_in_group(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            if _running_in_group(pgid):
                os.killpg(pgid, signal.SIGKILL)

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *_: Any) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()
