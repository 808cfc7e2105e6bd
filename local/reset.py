"""`make reset`: wipe the local platform's state ($AGORA_STATE_DIR, .local/ by default):
tables, objects, queued messages, secrets and the outbox. Refused while `make run` uses it
(the emulator holds a lock on it). Standard library only: it runs before any install."""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def reset(state: Path) -> str:
    if not state.exists():
        return f"{state} is already empty"
    lock = state / "aws.lock"
    if lock.exists():
        with open(lock) as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise SystemExit(f"`make run` is using {state}: stop it first") from None
            shutil.rmtree(state)
    else:
        shutil.rmtree(state)
    return f"{state} wiped: the next `make run` starts from an empty state"


if __name__ == "__main__":
    print(reset(Path(os.environ.get("AGORA_STATE_DIR", str(ROOT / ".local"))).resolve()))
    sys.exit(0)
