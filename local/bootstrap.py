"""Create every resource the platform needs, idempotently, against whatever endpoint the
environment names (the local emulator, or moto in tests)."""

from __future__ import annotations

import json
import os
from typing import Any

from chalicelib.platform.aws.clients import client
from chalicelib.platform.aws.queues import QUEUES
from chalicelib.platform.config import queue_name, settings

DLQ_MAX_RECEIVES = 5


def create_tables() -> None:
    """Only when one is missing: PynamoDB gives each model its own botocore session, so
    checking the tables one by one costs about 0.2 s each, most of a restart's time."""
    from chalicelib.tables import all_models, create_all

    existing: set[str] = set()
    for page in client("dynamodb").get_paginator("list_tables").paginate():
        existing.update(page["TableNames"])
    if any(model.Meta.table_name not in existing for model in all_models()):
        create_all(wait=False)
    add_missing_indexes(existing)


def add_missing_indexes(existing: set[str]) -> list[str]:
    """A local state kept from an older version has its tables but not the indexes added
    since: create them (`UpdateTable`), so a restart keeps the data and the new queries work.
    Answers the indexes created."""
    from chalicelib.tables import all_models

    dynamodb = client("dynamodb")
    created = []
    for model in all_models():
        table = model.Meta.table_name
        if table not in existing:
            continue  # just created, with every index
        have = {g["IndexName"] for g in dynamodb.describe_table(TableName=table)["Table"].get(
            "GlobalSecondaryIndexes", [])}
        for index in model._get_schema().get("global_secondary_indexes", []):
            if index["index_name"] in have:
                continue
            dynamodb.update_table(
                TableName=table, AttributeDefinitions=index["attribute_definitions"],
                GlobalSecondaryIndexUpdates=[{"Create": {
                    "IndexName": index["index_name"], "KeySchema": index["key_schema"],
                    "Projection": index["projection"]}}])
            created.append(f"{table}.{index['index_name']}")
    return created


def create_queues(visibility_timeout: int = 60) -> dict[str, str]:
    sqs = client("sqs")
    urls = {}
    for name in QUEUES:
        dlq_url = sqs.create_queue(QueueName=queue_name(f"{name}-dlq"))["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
            "Attributes"]["QueueArn"]
        urls[name] = sqs.create_queue(QueueName=queue_name(name), Attributes={
            "VisibilityTimeout": str(visibility_timeout),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn,
                                         "maxReceiveCount": str(DLQ_MAX_RECEIVES)}),
        })["QueueUrl"]
    return urls


def create_bucket() -> None:
    s3 = client("s3")
    bucket = settings().bucket
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if bucket not in existing:
        region = settings().region
        kwargs: dict[str, Any] = {"Bucket": bucket}
        if region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        s3.create_bucket(**kwargs)
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [{
        "AllowedMethods": ["POST", "GET"], "AllowedOrigins": list(settings().frontend_origins)
        or ["*"], "AllowedHeaders": ["*"], "MaxAgeSeconds": 3000}]})
    sqs = client("sqs")
    uploads_url = sqs.get_queue_url(QueueName=queue_name("uploads"))["QueueUrl"]
    uploads_arn = sqs.get_queue_attributes(QueueUrl=uploads_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": uploads_arn, "Events": ["s3:ObjectCreated:*"],
                                 "Filter": {"Key": {"FilterRules": [
                                     {"Name": "prefix", "Value": prefix}]}}}
                                for prefix in ("avatar/", "cover/", "logo/", "attachment/")]})


def create_secret() -> None:
    from chalicelib.platform.aws.secrets import generate

    sm = client("secretsmanager")
    secret_id = settings().secret_id
    try:
        values = json.loads(sm.get_secret_value(SecretId=secret_id)["SecretString"])
    except sm.exceptions.ResourceNotFoundException:
        values = None
    local = _local_sso_secrets()
    if values is None:
        sm.create_secret(Name=secret_id, SecretString=json.dumps({**generate(), **local}))
    elif any(values.get(key) != value for key, value in local.items()):
        sm.put_secret_value(SecretId=secret_id, SecretString=json.dumps({**values, **local}))


def _local_sso_secrets() -> dict[str, str]:
    """Locally, a sign-in provider's client secret comes from `AGORA_SSO_<NAME>_CLIENT_SECRET`
    and is kept in the emulated Secrets Manager, where the API reads it as it does deployed
    (the deployed secret is set by the operator, never from the environment)."""
    prefix, suffix = "AGORA_SSO_", "_CLIENT_SECRET"
    return {f"sso_{key[len(prefix):-len(suffix)].lower()}_client_secret": value
            for key, value in os.environ.items()
            if key.startswith(prefix) and key.endswith(suffix) and value}


def verify_sender() -> None:
    from email.utils import parseaddr

    client("ses").verify_email_identity(EmailAddress=parseaddr(settings().mail_from)[1])


def provision() -> None:
    create_tables()
    create_queues(int(os.environ.get("AGORA_QUEUE_VISIBILITY", "60")))
    create_bucket()
    create_secret()
    verify_sender()
