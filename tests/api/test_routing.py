"""The routing mechanism: every kind of bad input is a 4xx problem naming the field."""

from __future__ import annotations

import json

import pytest
from chalice.test import Client

from tests.api import routing_fixture


@pytest.fixture
def http(aws):
    with Client(routing_fixture.app) as client:
        yield client.http


def post(http, path, body, content_type="application/json"):
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    response = http.post(path, headers={"Content-Type": content_type}, body=raw)
    return response, json.loads(response.body) if response.body else None


def test_valid_input_is_created(http):
    response, body = post(http, "/things/T1", {"name": "bench", "size": 3})
    assert response.status_code == 201
    assert body == {"id": "T1", "name": "bench", "size": 3}


@pytest.mark.parametrize("raw,field,code", [
    ('{"name": "x", "size": ', "body", "invalid_json"),
    ({"name": "x", "size": "3"}, "size", "validation_error"),      # wrong type, no coercion
    ({"name": "x"}, "size", "validation_error"),                   # missing
    ({"name": "x", "size": 1, "admin": True}, "admin", "validation_error"),  # unknown field
    ({"name": "", "size": 1}, "name", "validation_error"),
    ([1, 2], "body", "validation_error"),
])
def test_bad_bodies_name_the_field(http, raw, field, code):
    response, body = post(http, "/things/T1", raw)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert body["code"] == code
    assert body["status"] == 400
    fields = [e["field"] for e in body["errors"]]
    assert any(f == field or f.startswith(field) or field == "body" for f in fields), fields


def test_oversized_body_is_413(http):
    response, body = post(http, "/things/T1", {"name": "x" * 300_000, "size": 1})
    assert response.status_code == 413
    assert body["code"] == "payload_too_large"


@pytest.mark.parametrize("tid", ["bad%20id!", "bad.id", "x" * 70])
def test_malformed_path_id_is_400_naming_it(http, tid):
    response, body = post(http, f"/things/{tid}", {"name": "x", "size": 1})
    assert response.status_code == 400
    assert body["code"] == "invalid_path"
    assert body["errors"][0]["field"] == "tid"


def test_throttling_is_a_503_with_retry_after(http):
    response = http.get("/throttled")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert json.loads(response.body)["code"] == "throttled"
