"""Custom resource: gives the app secret a random value for every key the code needs that
it lacks yet. Existing values are never changed (rotation is the operator's, see the README),
so a key added to SECRET_KEYS later is filled on the next deploy.

A key split off an older one (`Seeds`: new key -> the key that did its job before) starts
with that key's value when the secret already has it, so the split changes nothing on a
running stage: the two values part at the first rotation of either.

Deployed inline (CloudFormation ZipFile), so it imports only the standard library and boto3.
It never logs or returns a secret value."""

import json
import secrets
import urllib.request
from typing import Any


def fill(client: Any, secret_id: str, keys: list[str],
         seeds: dict[str, str] | None = None) -> list[str]:
    current = json.loads(client.get_secret_value(SecretId=secret_id).get("SecretString") or "{}")
    missing = [k for k in keys if not current.get(k)]
    if missing:
        before = dict(current)
        for key in missing:
            seed = before.get((seeds or {}).get(key, ""))
            current[key] = seed or secrets.token_urlsafe(48)
        client.put_secret_value(SecretId=secret_id, SecretString=json.dumps(current))
    return missing


def respond(event: dict[str, Any], status: str, reason: str, data: dict[str, str]) -> None:
    body = json.dumps({
        "Status": status, "Reason": reason[:500],
        "PhysicalResourceId": event.get("PhysicalResourceId") or event["LogicalResourceId"],
        "StackId": event["StackId"], "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"], "Data": data,
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                     headers={"Content-Type": "", "Content-Length": str(len(body))})
    with urllib.request.urlopen(request, timeout=30):
        pass


def handler(event: dict[str, Any], context: Any, client: Any = None) -> str:
    status, reason = "SUCCESS", ""
    data: dict[str, str] = {}
    try:
        if event["RequestType"] in ("Create", "Update"):
            props = event["ResourceProperties"]
            if client is None:
                import boto3

                client = boto3.client("secretsmanager")
            filled = fill(client, props["SecretId"], list(props["Keys"]),
                          dict(props.get("Seeds") or {}))
            data = {"Filled": ",".join(filled)}
            print(json.dumps({"filled": filled}))  # key names only
    except Exception as exc:  # CloudFormation must hear back, or the stack waits an hour
        status, reason = "FAILED", f"{type(exc).__name__}: could not fill the secret"
        print(json.dumps({"error": type(exc).__name__}))
    respond(event, status, reason, data)
    return status
