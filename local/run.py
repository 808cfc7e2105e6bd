"""`make run`: the whole platform on loopback, no AWS account.

1. the embedded AWS emulator (moto's server) on 127.0.0.1:$AGORA_EMULATOR_PORT (4566),
   unless AWS_ENDPOINT_URL already points somewhere (or AGORA_EMULATOR=0);
2. every table, queue, bucket, secret and the sender identity, idempotently;
3. the platform administrator from AGORA_ADMIN_EMAIL / AGORA_ADMIN_PASSWORD, if given;
4. the API with `chalice local --stage local` on 127.0.0.1:$AGORA_API_PORT (8000);
5. the local worker: queue messages to the queue handlers, schedules on a timer.
Ctrl-C stops everything.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _wait_for_port(host: str, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing answered on {host}:{port} after {timeout:.0f}s")


def _stop_when_a_child_dies(children: list[subprocess.Popen[bytes]],
                            stop: threading.Event) -> None:
    """If the emulator or the API stops on its own, stop everything rather than half-run."""
    while not stop.wait(1.0):
        for child in children:
            if child.poll() is not None:
                print(f"{' '.join(map(str, child.args[:3]))} stopped (exit {child.returncode});"
                      " stopping everything.", flush=True)
                stop.set()
                return


def stage_environment(stage: str = "local") -> dict[str, str]:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = dict(config.get("environment_variables", {}))
    env.update(config["stages"][stage].get("environment_variables", {}))
    return env


def main() -> int:
    host = "127.0.0.1"
    emulator_port = int(os.environ.get("AGORA_EMULATOR_PORT", "4566"))
    api_port = int(os.environ.get("AGORA_API_PORT", "8000"))
    schedule_every = float(os.environ.get("AGORA_SCHEDULE_EVERY", "60"))
    children: list[subprocess.Popen[bytes]] = []

    env = dict(os.environ)
    env.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    env.setdefault("AWS_REGION", env["AWS_DEFAULT_REGION"])
    use_emulator = os.environ.get("AGORA_EMULATOR", "1") != "0" and not os.environ.get(
        "AWS_ENDPOINT_URL")
    if use_emulator:
        env["AWS_ENDPOINT_URL"] = f"http://{host}:{emulator_port}"
        env.setdefault("AWS_ACCESS_KEY_ID", "local")
        env.setdefault("AWS_SECRET_ACCESS_KEY", "local")
        state = ROOT / ".local"
        state.mkdir(exist_ok=True)
        log = open(state / "emulator.log", "ab")  # noqa: SIM115 (lives as long as the child)
        children.append(subprocess.Popen(
            [sys.executable, "-m", "local.emulator", "-H", host, "-p", str(emulator_port)],
            stdout=log, stderr=log, env=env, cwd=ROOT))
        _wait_for_port(host, emulator_port)
    env.update(stage_environment("local"))
    env["AGORA_API_URL"] = f"http://{host}:{api_port}"
    os.environ.update(env)
    os.chdir(ROOT)

    from local import bootstrap

    bootstrap.provision()
    admin_email = os.environ.get("AGORA_ADMIN_EMAIL")
    if admin_email and os.environ.get("AGORA_ADMIN_PASSWORD"):
        from chalicelib.identity import platform_admins as admins

        admins.ensure_platform_admin(admin_email, os.environ["AGORA_ADMIN_PASSWORD"])
        print("platform administrator ready (from AGORA_ADMIN_EMAIL)")

    children.append(subprocess.Popen(
        [str(Path(sys.executable).parent / "chalice"), "local", "--stage", "local",
         "--host", host, "--port", str(api_port), "--no-autoreload"], env=env, cwd=ROOT))
    _wait_for_port(host, api_port)

    print(f"""
Agora is running.
  API            http://{host}:{api_port}   (OpenAPI: http://{host}:{api_port}/openapi.json)
  AWS emulator   {env.get('AWS_ENDPOINT_URL', 'AWS (no endpoint override)')}
  Outbox         {ROOT / env.get('AGORA_OUTBOX_DIR', '.local/outbox')}  (every email as .eml)
  Worker         queues polled every second, schedules every {schedule_every:.0f}s
Press Ctrl-C to stop.
""", flush=True)

    import app as app_module
    from local import worker

    stop = threading.Event()
    # Installed explicitly: a shell that starts us in the background may have set SIGINT to
    # "ignore", which Python would otherwise keep.
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    watcher = threading.Thread(target=_stop_when_a_child_dies, args=(children, stop),
                               daemon=True)
    watcher.start()
    try:
        worker.run(app_module, stop, schedule_every=schedule_every,
                   region=env["AWS_DEFAULT_REGION"])
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        for child in reversed(children):
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        print("stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
