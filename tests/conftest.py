"""Shared fixtures: every test runs against moto (no network, no AWS account), on a fresh set
of tables, queues, bucket and secrets, with the platform clock reset."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Settings are read once: set the test stage before anything imports chalicelib.
os.environ.update({
    "AGORA_STAGE": "test",
    "AGORA_MAIL_TRANSPORT": "ses",
    "AGORA_BCRYPT_ROUNDS": "4",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_REGION": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AGORA_API_URL": "http://api.agora.test",
    "AGORA_FRONTEND_URL": "http://app.agora.test",
})
for _var in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
    os.environ.pop(_var, None)

import pytest  # noqa: E402
from moto import mock_aws  # noqa: E402

from local import emulator  # noqa: E402

emulator.install()  # moto's transactions, without a copy of the table per item

ROOT = Path(__file__).resolve().parent.parent
TEST_PROJECT = Path(__file__).resolve().parent / "fixtures" / "project"


def _forget_cached_clients() -> None:
    from chalicelib.platform.aws import clients as aws
    from chalicelib.platform.aws import queues, secrets

    aws.reset_clients()
    queues.queue_url.cache_clear()
    secrets.app_secrets.cache_clear()


def _purge_queues() -> None:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.aws.queues import QUEUES
    from chalicelib.platform.config import queue_name

    sqs = client("sqs")
    for name in QUEUES:
        for suffix in ("", "-dlq"):
            url = sqs.get_queue_url(QueueName=queue_name(name + suffix))["QueueUrl"]
            sqs.purge_queue(QueueUrl=url)


@pytest.fixture
def aws() -> Iterator[None]:
    """A fresh emulated AWS with every resource the platform needs."""
    from chalicelib.platform import clock

    with mock_aws():
        _forget_cached_clients()
        from local import bootstrap

        bootstrap.provision()
        _purge_queues()  # S3 sends a test event when its notifications are configured
        clock.reset()
        yield
        clock.reset()
        _forget_cached_clients()


@pytest.fixture
def app(aws: None) -> Any:
    import app as app_module

    return app_module.app


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    from chalice.test import Client

    with Client(app, stage_name="test", project_dir=str(TEST_PROJECT)) as test_client:
        yield test_client


class Api:
    """A small JSON client over chalice.test.Client."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.token: str | None = None

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict[str, str] | None = None) -> Any:
        hdrs = {"Content-Type": "application/json"}
        bearer = token if token is not None else self.token
        if bearer:
            hdrs["Authorization"] = f"Bearer {bearer}"
        hdrs.update(headers or {})
        raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        response = self.client.http.request(method, path, headers=hdrs, body=raw or b"")
        response.json = json.loads(response.body) if response.body else None
        return response

    def get(self, path: str, **kw: Any) -> Any:
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("PUT", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("PATCH", path, body, **kw)

    def delete(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.call("DELETE", path, body, **kw)


@pytest.fixture
def api(client: Any) -> Api:
    return Api(client)


@pytest.fixture
def make_user(aws: None) -> Any:
    """Create a confirmed person directly in storage and sign them in.
    Returns (user_id, access_token). Identity tests exercise the real flows."""
    from tests.support import create_user

    return create_user


@pytest.fixture
def sent_mail(aws: None) -> Any:
    """Messages sent through SES (moto keeps them)."""
    from tests.support import sent_messages

    return sent_messages


class _LogRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
JWT_RE = re.compile(r"eyJ[\w-]{10,}\.[\w-]{10,}\.")
# Links carry tokens: no log line holds one (the local mail viewer shows them instead).
TOKEN_IN_LINK_RE = re.compile(r"[?&](token|code|state)=")


@pytest.fixture(autouse=True)
def no_personal_data_in_logs() -> Iterator[None]:
    """Every log line of every test is checked: no email address, no token, no password."""
    from chalicelib.platform.log import logger

    recorder = _LogRecorder()
    recorder.setFormatter(logger.registered_formatter)
    logger.addHandler(recorder)
    try:
        yield
    finally:
        logger.removeHandler(recorder)
    for line in recorder.lines:
        assert not TOKEN_IN_LINK_RE.search(line), f"a link's token was logged: {line[:300]}"
        assert not EMAIL_RE.search(line), f"an email address was logged: {line[:300]}"
        assert not JWT_RE.search(line), f"a token was logged: {line[:300]}"
        assert "password" not in line.lower() or '"password"' not in line, line[:300]
