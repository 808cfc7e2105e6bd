"""The custom resource that gives the app secret every key the code needs."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from infra import secret_filler

KEYS = ["jwt_signing_key", "password_pepper", "link_signing_key"]


@pytest.fixture
def sm():
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="eu-west-1")
        client.create_secret(Name="agora/x/app", SecretString=json.dumps(
            {"jwt_signing_key": "generated-by-cloudformation", "password_pepper": "",
             "link_signing_key": ""}))
        yield client


@pytest.fixture
def responses(monkeypatch):
    sent = []
    monkeypatch.setattr(secret_filler, "respond",
                        lambda event, status, reason, data: sent.append((status, reason, data)))
    return sent


def _event(kind: str, keys: list[str], secret_id: str = "agora/x/app",
           seeds: dict | None = None) -> dict:
    props = {"SecretId": secret_id, "Keys": keys, **({"Seeds": seeds} if seeds else {})}
    return {"RequestType": kind, "ResourceProperties": props,
            "StackId": "s", "RequestId": "r", "LogicalResourceId": "AppSecretKeys",
            "ResponseURL": "https://cloudformation.invalid/response"}


def _value(sm) -> dict:
    return json.loads(sm.get_secret_value(SecretId="agora/x/app")["SecretString"])


def test_create_fills_the_empty_keys_and_keeps_the_generated_one(sm, responses, capsys):
    assert secret_filler.handler(_event("Create", KEYS), None, client=sm) == "SUCCESS"
    value = _value(sm)
    assert value["jwt_signing_key"] == "generated-by-cloudformation"
    assert len(value["password_pepper"]) >= 60 and len(value["link_signing_key"]) >= 60
    assert value["password_pepper"] != value["link_signing_key"]
    assert responses == [("SUCCESS", "", {"Filled": "password_pepper,link_signing_key"})]
    printed = capsys.readouterr().out
    assert value["password_pepper"] not in printed and value["link_signing_key"] not in printed


def test_an_update_adds_a_new_key_and_changes_nothing_else(sm, responses):
    secret_filler.handler(_event("Create", KEYS), None, client=sm)
    before = _value(sm)
    versions = len(sm.list_secret_version_ids(SecretId="agora/x/app")["Versions"])
    secret_filler.handler(_event("Update", KEYS), None, client=sm)
    assert _value(sm) == before
    assert len(sm.list_secret_version_ids(SecretId="agora/x/app")["Versions"]) == versions
    secret_filler.handler(_event("Update", [*KEYS, "new_key"]), None, client=sm)
    after = _value(sm)
    assert {k: after[k] for k in KEYS} == before and after["new_key"]


SPLIT = {"access_code_key": "link_signing_key", "throttle_key": "link_signing_key"}


def test_keys_split_off_an_older_one_keep_its_value_on_a_running_stage(sm, responses):
    secret_filler.handler(_event("Create", KEYS), None, client=sm)
    before = _value(sm)
    secret_filler.handler(_event("Update", [*KEYS, *SPLIT], seeds=SPLIT), None, client=sm)
    after = _value(sm)
    assert after["access_code_key"] == after["throttle_key"] == before["link_signing_key"]
    assert {k: after[k] for k in KEYS} == before
    assert responses[-1] == ("SUCCESS", "", {"Filled": "access_code_key,throttle_key"})


def test_on_a_new_stage_split_keys_get_values_of_their_own(sm, responses):
    secret_filler.handler(_event("Create", [*KEYS, *SPLIT], seeds=SPLIT), None, client=sm)
    value = _value(sm)
    assert len({value[k] for k in ("link_signing_key", *SPLIT)}) == 3


def test_delete_leaves_the_secret_alone(sm, responses):
    secret_filler.handler(_event("Delete", KEYS), None, client=sm)
    assert _value(sm)["password_pepper"] == ""
    assert responses[0][0] == "SUCCESS"


def test_a_failure_is_reported_to_cloudformation_not_raised(sm, responses):
    assert secret_filler.handler(_event("Create", KEYS, "agora/missing/app"), None,
                                 client=sm) == "FAILED"
    status, reason, _ = responses[0]
    assert status == "FAILED" and "ResourceNotFound" in reason


def test_the_response_goes_to_cloudformations_url(monkeypatch):
    calls = []

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(request, timeout):
        calls.append((request.full_url, request.get_method(), json.loads(request.data)))
        return Answer()

    monkeypatch.setattr(secret_filler.urllib.request, "urlopen", urlopen)
    secret_filler.respond(_event("Create", KEYS), "SUCCESS", "", {"Filled": ""})
    url, method, body = calls[0]
    assert (url, method) == ("https://cloudformation.invalid/response", "PUT")
    assert body["Status"] == "SUCCESS" and body["PhysicalResourceId"] == "AppSecretKeys"


def test_rotating_a_key_changes_that_key_only(sm):
    from infra import rotate

    secret_filler.fill(sm, "agora/x/app", KEYS)
    before = _value(sm)
    rotate.rotate(sm, "agora/x/app", "jwt_signing_key")
    after = _value(sm)
    assert after["jwt_signing_key"] != before["jwt_signing_key"]
    assert {k: after[k] for k in KEYS[1:]} == {k: before[k] for k in KEYS[1:]}
    with pytest.raises(SystemExit, match="no key"):
        rotate.rotate(sm, "agora/x/app", "unknown")
