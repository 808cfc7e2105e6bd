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


def test_a_local_sign_in_providers_client_secret_reaches_the_emulated_secret(aws, monkeypatch):
    """Locally the operator gives Facebook's client secret in the environment; the API reads
    it from Secrets Manager as deployed, and a restart without a change writes nothing."""
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.aws.secrets import app_secrets
    from chalicelib.platform.config import settings
    from local import bootstrap

    before = dict(app_secrets())
    monkeypatch.setenv("AGORA_SSO_FACEBOOK_CLIENT_SECRET", "a local test secret")
    bootstrap.provision()
    app_secrets.cache_clear()
    assert app_secrets() == {**before, "sso_facebook_client_secret": "a local test secret"}
    sm = client("secretsmanager")
    version = sm.get_secret_value(SecretId=settings().secret_id)["VersionId"]
    bootstrap.provision()
    assert sm.get_secret_value(SecretId=settings().secret_id)["VersionId"] == version


def test_a_kept_local_state_gains_the_indexes_added_since(aws):
    """A state saved by an older version lacks an index added since: the next start adds
    it (UpdateTable, the table and its items kept), once."""
    from chalicelib.platform.aws.clients import client
    from chalicelib.tables import all_models
    from local import bootstrap

    dynamodb = client("dynamodb")
    model = next(m for m in all_models() if m._get_schema().get("global_secondary_indexes"))
    table = model.Meta.table_name
    index = model._get_schema()["global_secondary_indexes"][0]["index_name"]
    dynamodb.update_table(TableName=table, GlobalSecondaryIndexUpdates=[
        {"Delete": {"IndexName": index}}])
    names = {g["IndexName"] for g in dynamodb.describe_table(TableName=table)["Table"].get(
        "GlobalSecondaryIndexes", [])}
    assert index not in names
    bootstrap.provision()
    names = {g["IndexName"] for g in dynamodb.describe_table(TableName=table)["Table"].get(
        "GlobalSecondaryIndexes", [])}
    assert index in names
    assert bootstrap.add_missing_indexes({table}) == []  # nothing more to add
