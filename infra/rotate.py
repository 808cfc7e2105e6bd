"""Rotate one key of a stage's app secret, then restart the functions so they read it:

    .venv/bin/python -m infra.rotate --stage prod --key jwt_signing_key

Only the named key changes; the value is never printed. Functions read the secret at cold
start, so each function of the stack gets a configuration update (a new description), which
replaces its running instances. See infra/README.md for what rotating each key means."""

from __future__ import annotations

import argparse
import json
import secrets
import time
from typing import Any


def rotate(client: Any, secret_id: str, key: str) -> None:
    current = json.loads(client.get_secret_value(SecretId=secret_id)["SecretString"])
    if key not in current:
        raise SystemExit(f"{secret_id} has no key {key!r}: one of {', '.join(sorted(current))}")
    current[key] = secrets.token_urlsafe(48)
    client.put_secret_value(SecretId=secret_id, SecretString=json.dumps(current))


def restart(cloudformation: Any, lambda_client: Any, stack_name: str) -> list[str]:
    names = []
    paginator = cloudformation.get_paginator("list_stack_resources")
    for page in paginator.paginate(StackName=stack_name):
        for resource in page["StackResourceSummaries"]:
            if resource["ResourceType"] == "AWS::Lambda::Function":
                names.append(resource["PhysicalResourceId"])
    for name in names:
        lambda_client.update_function_configuration(
            FunctionName=name, Description=f"secret rotated {int(time.time())}")
    return names


def main(argv: list[str] | None = None) -> int:
    import boto3

    from chalicelib.platform.aws.secrets import SECRET_KEYS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, choices=("dev", "prod"))
    parser.add_argument("--key", required=True, choices=SECRET_KEYS)
    args = parser.parse_args(argv)
    rotate(boto3.client("secretsmanager"), f"agora/{args.stage}/app", args.key)
    restarted = restart(boto3.client("cloudformation"), boto3.client("lambda"),
                        f"agora-{args.stage}")
    print(f"rotated {args.key}; restarted {len(restarted)} functions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
