"""`make run`: the whole platform on loopback, no AWS account.

1. the embedded AWS emulator (moto's server, local/emulator.py) on
   127.0.0.1:$AGORA_EMULATOR_PORT (4566), its state kept in $AGORA_STATE_DIR (.local/) across
   stops, unless AWS_ENDPOINT_URL already points somewhere (or AGORA_EMULATOR=0);
2. every table, queue, bucket, secret and the sender identity, idempotently (an existing
   state keeps its secrets and data);
3. the platform administrator from AGORA_ADMIN_EMAIL / AGORA_ADMIN_PASSWORD, if given and not
   one already;
4. the API (`chalice local --stage local`, local/api.py) on 127.0.0.1:$AGORA_API_PORT (8000);
5. the mail viewer (local/mailviewer.py) on 127.0.0.1:$AGORA_MAIL_VIEWER_PORT (8025);
6. the local worker: queue messages to the queue handlers, schedules on a timer.

Ctrl-C (or SIGTERM) stops everything in order: the worker first, then the API, then the
emulator, which writes its last snapshot. The children ignore the terminal's Ctrl-C (they are
stopped in that order instead) and get SIGTERM should this process die first.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PR_SET_PDEATHSIG = 1


def _libc_prctl() -> Any:
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: no parent-death signal
        return None


_PRCTL = _libc_prctl()


def _child_setup() -> None:
    """Runs in each child before exec: Ctrl-C in the terminal reaches the whole process group,
    but the children must outlive the worker (which still talks to the emulator) and stop
    when told, in order. SIGTERM if this process dies without telling them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, cwd=ROOT, preexec_fn=_child_setup, **kwargs)


def _interrupt(*_: Any) -> None:
    raise KeyboardInterrupt


def _wait_for_port(port: int, child: subprocess.Popen[bytes], timeout: float,
                   log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((HOST, port)) == 0:
                return
        if child.poll() is not None:
            tail = log.read_text(errors="replace")[-1500:] if log and log.exists() else ""
            raise SystemExit(f"{' '.join(map(str, child.args[1:4]))} stopped (exit "
                             f"{child.returncode}) before answering on {HOST}:{port}\n{tail}")
        time.sleep(0.1)
    raise SystemExit(f"nothing answered on {HOST}:{port} after {timeout:.0f}s")


def _stop_when_a_child_dies(children: list[subprocess.Popen[bytes]],
                            stop: threading.Event) -> None:
    """If the emulator or the API stops on its own, stop everything rather than half-run."""
    while not stop.wait(1.0):
        for child in children:
            if child.poll() is not None:
                print(f"{' '.join(map(str, child.args[1:4]))} stopped (exit "
                      f"{child.returncode}); stopping everything.", flush=True)
                stop.set()
                return


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    """Last started, first stopped; each one waited for (the emulator writes its snapshot)."""
    for child in reversed(children):
        if child.poll() is None:
            child.terminate()
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def stage_environment(stage: str = "local") -> dict[str, str]:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    env = dict(config.get("environment_variables", {}))
    env.update(config["stages"][stage].get("environment_variables", {}))
    return env


def _ensure_admin(email: str, password: str) -> str:
    """Idempotent, and quiet on a kept state: an account that already is an active platform
    admin is left alone (promoting it again would sign it out at every start). What was done
    is said: an account confirmed by its owner keeps its own password (AGORA_ADMIN_PASSWORD
    is not applied to it); an unconfirmed one is discarded for AGORA_ADMIN_PASSWORD's."""
    from chalicelib.identity import platform_admins as admins

    try:
        done = admins.ensure_platform_admin(email, password)
    except admins.PromotionRefused as refused:
        return f"platform administrator from AGORA_ADMIN_EMAIL not set up: {refused}"
    if done.outcome == admins.ALREADY:
        return f"platform administrator kept (from an earlier start): user id {done.user_id}"
    return f"platform administrator from AGORA_ADMIN_EMAIL, {done.report()}"


def main() -> int:
    started = time.monotonic()
    emulator_port = int(os.environ.get("AGORA_EMULATOR_PORT", "4566"))
    api_port = int(os.environ.get("AGORA_API_PORT", "8000"))
    viewer_port = int(os.environ.get("AGORA_MAIL_VIEWER_PORT", "8025"))
    web_port = int(os.environ.get("AGORA_WEB_PORT", "3000"))
    schedule_every = float(os.environ.get("AGORA_SCHEDULE_EVERY", "60"))
    state = Path(os.environ.get("AGORA_STATE_DIR", str(ROOT / ".local"))).resolve()
    state.mkdir(parents=True, exist_ok=True)
    children: list[subprocess.Popen[bytes]] = []
    stop = threading.Event()
    # Installed explicitly: a shell that starts us in the background may have set SIGINT to
    # "ignore", which Python would otherwise keep. While starting, Ctrl-C or SIGTERM
    # interrupts whatever is under way; once running, they ask the worker to finish.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    viewer_url = f"http://{HOST}:{viewer_port}"

    env = dict(os.environ)
    env.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    env.setdefault("AWS_REGION", env["AWS_DEFAULT_REGION"])
    env.setdefault("AGORA_OUTBOX_DIR", str(state / "outbox"))
    # The web app (local/webapp.py) is the frontend the emails link to, and CORS lets it in.
    env.setdefault("AGORA_FRONTEND_URL", f"http://{HOST}:{web_port}")
    env.setdefault("AGORA_FRONTEND_ORIGINS", f"http://{HOST}:{web_port},http://localhost:{web_port}")
    use_emulator = os.environ.get("AGORA_EMULATOR", "1") != "0" and not os.environ.get(
        "AWS_ENDPOINT_URL")
    try:
        if use_emulator:
            env["AWS_ENDPOINT_URL"] = f"http://{HOST}:{emulator_port}"
            env.setdefault("AWS_ACCESS_KEY_ID", "local")
            env.setdefault("AWS_SECRET_ACCESS_KEY", "local")
            log_path = state / "emulator.log"
            with open(log_path, "ab") as log:
                children.append(_start(
                    [sys.executable, "-m", "local.emulator", "-H", HOST, "-p",
                     str(emulator_port), "--state", str(state),
                     "--every", os.environ.get("AGORA_SNAPSHOT_EVERY", "2")],
                    stdout=log, stderr=log, env=env))
            _wait_for_port(emulator_port, children[-1], 120, log_path)
        env.update(stage_environment("local"))
        env["AGORA_API_URL"] = f"http://{HOST}:{api_port}"
        os.environ.update(env)
        os.chdir(ROOT)

        from local import bootstrap

        bootstrap.provision()
        admin_email = os.environ.get("AGORA_ADMIN_EMAIL")
        if admin_email and os.environ.get("AGORA_ADMIN_PASSWORD"):
            print(_ensure_admin(admin_email, os.environ["AGORA_ADMIN_PASSWORD"]), flush=True)

        children.append(_start(
            [sys.executable, "-m", "local.api", "--stage", "local", "--host", HOST,
             "--port", str(api_port)], env=env))
        _wait_for_port(api_port, children[-1], 60)

        from local import mailviewer

        outbox = Path(env["AGORA_OUTBOX_DIR"]).resolve()
        viewer = mailviewer.serve(outbox, HOST, viewer_port)
        threading.Thread(target=mailviewer.announce, daemon=True, name="mail-announcer",
                         args=(outbox, viewer_url, stop, mailviewer.present(outbox))).start()
        from local import webapp

        web, web_line = webapp.start_for_run(
            HOST, web_port, api_url=env["AGORA_API_URL"],
            emulator_url=env["AWS_ENDPOINT_URL"] if use_emulator else None)
        kept = "kept across stops; `make reset` wipes it" if use_emulator else "not local"
        print(f"""
Agora is running (started in {time.monotonic() - started:.1f}s).
  API            http://{HOST}:{api_port}   (OpenAPI: http://{HOST}:{api_port}/openapi.json)
  Web app        {web_line}   (AGORA_WEB_PORT)
  Mail viewer    {viewer_url}   (every email the platform sends)
  AWS emulator   {env.get('AWS_ENDPOINT_URL', 'AWS (no endpoint override)')}
  Local state    {state}   ({kept})
  Worker         queues polled every second, schedules every {schedule_every:.0f}s
Press Ctrl-C to stop.
""", flush=True)

        import app as app_module
        from local import worker

        signal.signal(signal.SIGINT, lambda *_: stop.set())
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        threading.Thread(target=_stop_when_a_child_dies, args=(children, stop),
                         daemon=True).start()
        worker.run(app_module, stop, schedule_every=schedule_every,
                   region=env["AWS_DEFAULT_REGION"])
        viewer.shutdown()
        if web is not None:
            web.shutdown()
    except KeyboardInterrupt:
        print("interrupted while starting.", flush=True)
    finally:
        stop.set()
        _stop(children)
    print("stopped.", flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    # Everything is stopped and saved. Skip the interpreter's teardown: freeing the million
    # objects botocore's models leave behind (each client loads its own) takes seconds.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
