"""`make run`'s platform, for real: the emulator, bootstrap, `chalice local` and the worker,
on free loopback ports, stopped by Ctrl-C (SIGINT)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, json.loads(response.read())


@pytest.fixture
def platform(tmp_path):
    api_port, emulator_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AGORA_", "AWS_"))}
    env.update({"AGORA_API_PORT": str(api_port), "AGORA_EMULATOR_PORT": str(emulator_port),
                "AGORA_SCHEDULE_EVERY": "2", "AGORA_ADMIN_EMAIL": "root@example.org",
                "AGORA_ADMIN_PASSWORD": "an admin passphrase for tests",
                "AGORA_OUTBOX_DIR": str(tmp_path / "outbox"), "PYTHONUNBUFFERED": "1"})
    log = open(tmp_path / "run.log", "w+")  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "local.run"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        log.seek(0)
        if "Agora is running" in log.read():
            break
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"make run stopped: {log.read()[-2000:]}")
        time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("make run did not start in 90 s")
    yield {"api": f"http://127.0.0.1:{api_port}", "emulator": f"http://127.0.0.1:{emulator_port}",
           "process": process, "log": log}
    if process.poll() is None:
        process.kill()
    log.close()


@pytest.mark.slow
def test_make_run_serves_works_and_stops(platform):
    status, body = _get(platform["api"] + "/health")
    assert status == 200 and body == {"status": "ok", "stage": "local"}
    status, document = _get(platform["api"] + "/openapi.json")
    assert status == 200 and document["openapi"].startswith("3.1")

    # The worker drives the queue handlers: an upload that is not an image is deleted.
    import boto3

    s3 = boto3.client("s3", endpoint_url=platform["emulator"], region_name="eu-west-1",
                      aws_access_key_id="local", aws_secret_access_key="local")
    s3.put_object(Bucket="agora-local-media", Key="avatar/U1/fake", Body=b"<html>no</html>")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if s3.list_objects_v2(Bucket="agora-local-media", Prefix="avatar/").get("KeyCount") == 0:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the worker did not check the upload")

    platform["process"].send_signal(signal.SIGINT)
    assert platform["process"].wait(timeout=30) == 0
    platform["log"].seek(0)
    assert "stopped." in platform["log"].read()
