"""`make run`'s platform, for real: the emulator, bootstrap, the API, the mail viewer and the
worker on free loopback ports, in a state folder of the test's own. It serves, drives the
queue handlers, keeps tokens out of its output, stops quietly on Ctrl-C, and keeps what it
holds across a Ctrl-C and across `kill -9` of its whole process group."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from local.launch import Platform

ADMIN = {"AGORA_ADMIN_EMAIL": "root@example.org",
         "AGORA_ADMIN_PASSWORD": "an admin passphrase for tests",
         "AGORA_SCHEDULE_EVERY": "2", "AGORA_SNAPSHOT_EVERY": "0.5"}
PASSWORD = "correct horse battery staple"
QUERY_SECRET = "sekrit-query-value"


def _call(method: str, url: str, body: Any = None, token: str | None = None
          ) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def _aws(platform: Platform, service: str) -> Any:
    import boto3

    return boto3.client(service, endpoint_url=platform.emulator, region_name="eu-west-1",
                        aws_access_key_id="local", aws_secret_access_key="local")


def _start(state: Path, tmp_path: Path, name: str) -> Platform:
    platform = Platform(state, log=tmp_path / f"{name}.log", env=ADMIN).start()
    platform.wait_until_healthy()
    platform.wait_for_output("Agora is running")
    return platform


def _quiet(output: str) -> None:
    assert "Traceback" not in output, output[-3000:]
    assert '"level":"ERROR"' not in output, output[-3000:]


def _confirmation_token(outbox: Path) -> tuple[str, str]:
    """(the message's file name, the token its link carries), read as a person would."""
    from local.mailviewer import decode

    deadline = time.monotonic() + 30
    while not list(outbox.glob("*.eml")):
        assert time.monotonic() < deadline, "no confirmation email"
        time.sleep(0.2)
    message = sorted(outbox.glob("*.eml"))[-1]
    link = next(u for u in decode(message.read_bytes()).links if "token=" in u)
    return message.name, parse_qs(urlsplit(link).query)["token"][0]


def _login(api: str, email: str, password: str) -> dict[str, Any]:
    status, tokens = _call("POST", api + "/auth/login", {"email": email, "password": password})
    assert status == 200, tokens
    return tokens


def _snapshot_after(state: Path, moment: float) -> None:
    """A snapshot begun after `moment` is on disk (the interval is 0.5 s in these tests)."""
    snapshot = state / "aws.pickle"
    deadline = time.monotonic() + 20
    while not (snapshot.exists() and snapshot.stat().st_mtime > moment):
        assert time.monotonic() < deadline, "no snapshot after the write"
        time.sleep(0.1)
    time.sleep(1.5)  # the one that ended first may have been taken just before the write


@pytest.mark.slow
def test_make_run_serves_keeps_its_state_and_stops_quietly(tmp_path):
    state = tmp_path / "state"

    # 1. A first start on an empty state: it serves, its worker drives the queue handlers,
    #    its mail can be read in the viewer, and its output holds no token.
    first = _start(state, tmp_path, "first")
    api = first.api
    status, health = _call("GET", api + f"/health?token={QUERY_SECRET}")
    assert (status, health) == (200, {"status": "ok", "stage": "local"})
    status, document = _call("GET", api + "/openapi.json")
    assert status == 200 and document["openapi"].startswith("3.1")

    s3 = _aws(first, "s3")
    s3.put_object(Bucket="agora-local-media", Key="avatar/U1/fake", Body=b"<html>no</html>")
    deadline = time.monotonic() + 30
    while s3.list_objects_v2(Bucket="agora-local-media", Prefix="avatar/").get("KeyCount"):
        assert time.monotonic() < deadline, "the worker did not check the upload"
        time.sleep(0.3)

    status, _ = _call("POST", api + "/auth/register",
                      {"name": "Ada", "email": "ada@example.org", "password": PASSWORD})
    assert status == 202
    name, token = _confirmation_token(state / "outbox")
    first.wait_for_output(f"{first.viewer}/messages/{name}")
    with urllib.request.urlopen(f"{first.viewer}/messages/{name}", timeout=5) as page:
        assert f"confirm?token={token}" in page.read().decode()
    assert _call("POST", api + "/auth/confirm", {"token": token, "password": PASSWORD})[0] == 200
    ada = _login(api, "ada@example.org", PASSWORD)
    admin = _login(api, ADMIN["AGORA_ADMIN_EMAIL"], ADMIN["AGORA_ADMIN_PASSWORD"])
    status, community = _call("POST", api + "/communities", {"name": "Kept at Ctrl-C"},
                              token=admin["access_token"])
    assert status == 201, community
    s3.put_object(Bucket="agora-local-media", Key="probe/kept", Body=b"an object")
    sqs = _aws(first, "sqs")
    dlq = sqs.get_queue_url(QueueName="agora-local-uploads-dlq")["QueueUrl"]
    sqs.send_message(QueueUrl=dlq, MessageBody="a message nobody handled yet")

    code, _seconds = first.interrupt()
    output = first.output()
    assert code == 0 and "stopped." in output
    _quiet(output)
    for secret in (token, QUERY_SECRET, ada["access_token"], ada["refresh_token"]):
        assert secret not in output

    # 2. After Ctrl-C: the same people, sessions, secrets, objects and queued messages.
    second = _start(state, tmp_path, "second")
    api = second.api
    assert "platform administrator kept" in second.output()
    status, me = _call("GET", api + "/me", token=ada["access_token"])  # same signing key
    assert status == 200 and me["email"] == "ada@example.org"
    assert _call("POST", api + "/auth/refresh", {"refresh_token": ada["refresh_token"]}
                 )[0] == 200
    assert _call("GET", api + f"/communities/{community['id']}")[1]["name"] == "Kept at Ctrl-C"
    s3 = _aws(second, "s3")
    assert s3.get_object(Bucket="agora-local-media", Key="probe/kept")["Body"].read() == (
        b"an object")
    sqs = _aws(second, "sqs")
    kept = sqs.receive_message(QueueUrl=dlq, VisibilityTimeout=0).get("Messages", [])
    assert [m["Body"] for m in kept] == ["a message nobody handled yet"]

    status, later = _call("POST", api + "/communities", {"name": "Kept at kill -9"},
                          token=admin["access_token"])
    assert status == 201
    _snapshot_after(state, time.time())
    second.kill()

    # 3. After kill -9 of the whole process group: nothing torn, the write is there.
    third = _start(state, tmp_path, "third")
    for made, title in ((community, "Kept at Ctrl-C"), (later, "Kept at kill -9")):
        status, got = _call("GET", third.api + f"/communities/{made['id']}")
        assert status == 200 and got["name"] == title
    assert _call("GET", third.api + "/me", token=ada["access_token"])[0] == 200
    code, _seconds = third.interrupt()
    assert code == 0
    _quiet(third.output())
