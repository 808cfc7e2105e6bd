"""Rotate one key of a stage's app secret, then restart the functions so they read it:

    .venv/bin/python -m infra.rotate --stage prod --key jwt_signing_key

Only the named key changes; the value is never printed. Before it changes anything it says
what the rotation does to people (CONSEQUENCES, the same words as infra/README.md) and asks
for the key's name back (or `--yes`). Functions read the secret at cold start, so each
function of the stack gets a configuration update (a new description), which replaces its
running instances."""

from __future__ import annotations

import argparse
import json
import secrets
import time
from typing import Any

# What rotating each key does, exactly (tests/infra/test_rotation.py proves each line).
CONSEQUENCES = {
    "jwt_signing_key": (
        "every access token is refused at once (401 invalid_token). Refresh tokens are not "
        "signed with this key (they are random and stored hashed), so clients refresh and "
        "stay signed in: nobody is signed out."),
    "password_pepper": (
        "every stored password stops matching: nobody can sign in with a password (401, as "
        "for a wrong one) until they reset it through 'forgot password' (the reset ends that "
        "person's sessions, as always). Sessions already open go on until then; SSO "
        "sign-ins are unaffected."),
    "link_signing_key": (
        "the unsubscribe links in emails already sent stop working (404, 'not valid'); "
        "emails sent afterwards carry working links, and notification settings still turn "
        "any email off. Nothing else uses this key."),
    "access_code_key": (
        "every private community's access code stops working (joining with it answers "
        "404) until an admin of the community issues a new one (POST "
        "/communities/{cid}/access-code). Members stay members."),
    "throttle_key": (
        "every throttle counter keyed by an email, an address or an account restarts from "
        "zero: what the current windows counted (an hour at most) is forgotten. The "
        "sign-in counter on each email's claim is not keyed and keeps counting."),
}


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


def confirmed(key: str, stage: str, yes: bool, ask: Any = None) -> bool:
    print(f"Rotating {key} of agora-{stage}: {CONSEQUENCES[key]}")
    return yes or (ask or input)(f"Type {key} to rotate it: ").strip() == key


def main(argv: list[str] | None = None) -> int:
    import boto3

    from chalicelib.platform.aws.secrets import SECRET_KEYS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True, choices=("dev", "prod"))
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--key", choices=SECRET_KEYS)
    what.add_argument("--restart-only", action="store_true",
                      help="rotate nothing, restart the functions (after a key such as "
                           "sso_facebook_client_secret was changed by hand)")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args(argv)
    if args.restart_only:
        restarted = restart(boto3.client("cloudformation"), boto3.client("lambda"),
                            f"agora-{args.stage}")
        print(f"restarted {len(restarted)} functions")
        return 0
    if not confirmed(args.key, args.stage, args.yes):
        print("nothing changed")
        return 1
    rotate(boto3.client("secretsmanager"), f"agora/{args.stage}/app", args.key)
    restarted = restart(boto3.client("cloudformation"), boto3.client("lambda"),
                        f"agora-{args.stage}")
    print(f"rotated {args.key}; restarted {len(restarted)} functions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
