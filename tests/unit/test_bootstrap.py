"""Provisioning is idempotent: `make run` can start again on the same emulator."""

from __future__ import annotations


def test_provision_twice(aws):
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.aws.secrets import app_secrets
    from local import bootstrap

    before = dict(app_secrets())
    bootstrap.provision()
    app_secrets.cache_clear()
    assert app_secrets() == before  # secrets are not regenerated
    tables = client("dynamodb").list_tables()["TableNames"]
    assert "agora-test-users" in tables
    queues = client("sqs").list_queues()["QueueUrls"]
    assert any(url.endswith("agora-test-notify-dlq") for url in queues)
