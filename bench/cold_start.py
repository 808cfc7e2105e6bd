"""Cold start as a person waits for it: the time from a fresh process's start to its first
answer (import, then one API Gateway event answered against the local emulator, moto's
server), side by side with a bare Chalice app that imports boto3 at once and answers one
GetItem; medians of alternating runs, with each process's peak memory (max RSS).

Operations: `health.get`, a signed-in `me.get` (the signing key is fetched from Secrets
Manager in the fresh process, as in Lambda) and a visitor's module feed page
(`feed.latest`). The app runs from a copy of what its package holds, compiled as the
package ships it (`local/bytecode.py`), and neither side writes bytecode as it runs
(Lambda's `/var/task` is read-only). `import_only` is the older figure: `import app` alone
against the bare app's import, which measures Agora's deferred imports, not a cold start.

`python -m bench.cold_start` prints the figures as JSON (bench/run.py calls it in a process
of its own, so that the bench's moto mocks stay out of it). The machine the bench runs on
may be shared: every figure is a median of alternating runs, and noisy all the same."""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("AGORA_BENCH_COLD_ROUNDS", "7"))

CHILD = """import json, sys
event = json.loads(sys.argv[1])
class Context:
    function_name = "agora"; function_version = "$LATEST"; memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:agora"
    aws_request_id = "cold-start"; log_group_name = "bench"; log_stream_name = "bench"
    def get_remaining_time_in_millis(self): return 30000
import app
answer = app.app(event, Context())
peak = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")]
sys.stdout.write(f"ANSWERED {answer['statusCode']} {peak[0]}\\n"); sys.stdout.flush()
"""

BARE = """import boto3
from chalice import Chalice

app = Chalice(app_name="bare")
dynamodb = boto3.client("dynamodb")


@app.route("/item")
def item():
    return dynamodb.get_item(TableName=TABLE, Key=KEY)["Item"]
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_listening(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the emulator stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the emulator did not answer")


def environment(port: int, outbox: str) -> dict[str, str]:
    """A fresh process's environment: the local stage's, against the emulator on `port`."""
    from local.run import stage_environment

    env = {k: v for k, v in os.environ.items() if not k.startswith(("AGORA_", "AWS_"))}
    env.update(stage_environment("local"))
    env.update({"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "eu-west-1",
                "AWS_REGION": "eu-west-1", "AGORA_OUTBOX_DIR": outbox,
                "PYTHONDONTWRITEBYTECODE": "1"})
    return env


def task_dir(tmp: Path) -> Path:
    """What the package puts in `/var/task` for our code: app.py and chalicelib, with the
    bytecode the package ships (PynamoDB and the rest come from the environment)."""
    from local.bytecode import compile_tree

    task = tmp / "task"
    task.mkdir()
    shutil.copy2(ROOT / "app.py", task / "app.py")
    shutil.copytree(ROOT / "chalicelib", task / "chalicelib",
                    ignore=shutil.ignore_patterns("__pycache__"))
    compile_tree(task, ("chalicelib",))
    return task


def _seed() -> dict[str, Any]:
    """Tables, queues and the secret; a person signed in; a module with contributions."""
    from chalice.test import Client

    from local import bootstrap

    bootstrap.provision()
    import app as app_module
    from chalicelib.identity.user_tables import User
    from chalicelib.platform import clock
    from tests.support import create_user

    admin_id, admin = create_user(platform_admin=True, name="Bench Admin")
    with Client(app_module.app, stage_name="local", project_dir=str(ROOT)) as client:
        def call(method: str, path: str, body: Any = None) -> Any:
            answer = client.http.request(method, path, body=json.dumps(body).encode(), headers={
                "authorization": f"Bearer {admin}", "content-type": "application/json"})
            assert answer.status_code < 300, answer.body
            return json.loads(answer.body)

        cid = call("POST", "/communities", {"name": "Cold start"})["id"]
        pid = call("POST", f"/communities/{cid}/projects", {"title": "Bench"})["id"]
        mid = call("POST", f"/projects/{pid}/modules", {
            "type": "ideas", "title": "Ideas", "opens_at": clock.iso(clock.now() - 86400),
            "closes_at": clock.iso(clock.now() + 30 * 86400)})["id"]
        for n in range(20):
            call("POST", f"/modules/{mid}/contributions", {"title": f"Idea {n}", "body": "Text"})
    key = {User._hash_key_attribute().attr_name: {"S": admin_id}}
    return {"app": app_module.app, "token": admin, "module": mid,
            "table": User.Meta.table_name, "key": key}


def _events(world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from chalice.local import LambdaEventConverter, RouteMatcher

    convert = LambdaEventConverter(RouteMatcher(list(world["app"].routes)))
    signed = {"authorization": f"Bearer {world['token']}"}
    return {"health.get": convert.create_lambda_event("GET", "/health", {}),
            "me.get": convert.create_lambda_event("GET", "/me", signed),
            "feed.latest": convert.create_lambda_event(
                "GET", f"/modules/{world['module']}/contributions?sort=latest", {})}


def _first_answer(cwd: Path, event: dict[str, Any], env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds from the process's start to its first answer, and its peak memory (MB,
    the VmHWM it reports itself: a forked child's ru_maxrss would count its parent's)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, json.dumps(event)], cwd=cwd,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    status, peak_kb = "", 0.0
    for line in child.stdout:  # the app's own log lines come first
        if line.startswith(b"ANSWERED "):
            _, status, peak = line.decode().split()
            peak_kb = float(peak)  # the process's own high-water mark (VmHWM)
            break
    elapsed = (time.perf_counter() - started) * 1000
    child.stdout.close()
    child.wait()
    if status != "200":
        raise RuntimeError(f"a fresh process answered {status or 'nothing'} in {cwd}")
    return elapsed, peak_kb / 1024


def _side_by_side(event: dict[str, Any], task: Path, bare: Path,
                  env: dict[str, str]) -> dict[str, float]:
    bare_event = {**event, "requestContext": {**event["requestContext"],
                                               "resourcePath": "/item", "path": "/item"},
                  "headers": {}, "pathParameters": None,
                  "multiValueQueryStringParameters": None}
    runs: dict[str, list[tuple[float, float]]] = {"app": [], "bare": []}
    for _ in range(ROUNDS):  # alternating, so the machine's load weighs on both alike
        runs["app"].append(_first_answer(task, event, env))
        runs["bare"].append(_first_answer(bare, bare_event, env))
    app_ms, bare_ms = (statistics.median(t for t, _ in runs[k]) for k in ("app", "bare"))
    app_mb, bare_mb = (statistics.median(m for _, m in runs[k]) for k in ("app", "bare"))
    return {"app_ms": round(app_ms, 1), "bare_ms": round(bare_ms, 1),
            "ratio": round(app_ms / bare_ms, 2), "app_rss_mb": round(app_mb, 1),
            "bare_rss_mb": round(bare_mb, 1), "rss_ratio": round(app_mb / bare_mb, 2),
            "rounds": ROUNDS}


def _import_time(code: str, cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, check=True)
    return (time.perf_counter() - started) * 1000


def import_only(task: Path, bare: Path, env: dict[str, str]) -> dict[str, float]:
    """The older figure: `import app` alone, both sides (what it measures: the deferral)."""
    app_times, bare_times = [], []
    for _ in range(ROUNDS):
        app_times.append(_import_time("import app", task, env))
        bare_times.append(_import_time("import app", bare, env))
    app_ms, bare_ms = statistics.median(app_times), statistics.median(bare_times)
    return {"app_ms": round(app_ms, 1), "bare_ms": round(bare_ms, 1),
            "ratio": round(app_ms / bare_ms, 2)}


def measure() -> dict[str, Any]:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(port, str(Path(tmp) / "outbox"))
        emulator = subprocess.Popen(
            [sys.executable, "-m", "local.emulator", "-H", "127.0.0.1", "-p", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_listening(port, emulator)
            os.environ.clear()
            os.environ.update(env)
            world = _seed()
            bare = Path(tmp) / "bare"
            bare.mkdir()
            (bare / "app.py").write_text(BARE.replace("TABLE", repr(world["table"]))
                                         .replace("KEY", repr(world["key"])))
            task = task_dir(Path(tmp))
            figures = {name: _side_by_side(event, task, bare, env)
                       for name, event in _events(world).items()}
            figures["import_only"] = import_only(task, bare, env)
            return figures
        finally:
            emulator.terminate()
            emulator.wait(10)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(json.dumps(measure()))
