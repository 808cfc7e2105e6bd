"""What a fresh process imports and builds to give its first answer (the cold start that
bench/cold_start.py times): against the emulator (moto's server, in a process of its own, so
that moto's own imports do not hide the app's), a new Python process imports `app` and
answers one API Gateway event, then tells which modules it imported, how many botocore
sessions exist and which clients it made. Counts, not times: a heavy import or a second
load of a service model that creeps back onto these paths fails here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench import cold_start

ROOT = Path(__file__).resolve().parents[2]

# What no first answer below needs: password hashing and strength, address checks, HTML
# sanitising, mail templates, browser families, JWT libraries and their cryptography,
# boto3 (the clients are botocore's) and S3's transfer manager.
NEVER = ("bcrypt", "zxcvbn", "email_validator", "nh3", "jinja2", "ua_parser", "jwt",
         "cryptography", "boto3", "s3transfer")

SEED = """import json
from bench import cold_start
world = cold_start._seed()
print("WORLD " + json.dumps({"token": world["token"], "module": world["module"]}))
"""

CHILD = cold_start.CHILD.replace("sys.stdout.write(", """import gc
import botocore.session
from chalicelib.platform.aws.session import shared
sessions = sum(isinstance(o, botocore.session.Session) for o in gc.get_objects())
clients = sorted(c.meta.service_model.service_name for c in shared()._clients.values())
print("FACTS " + json.dumps({"modules": sorted(sys.modules), "sessions": sessions,
                             "clients": clients, "status": answer["statusCode"]}))
sys.stdout.write(""", 1)


@pytest.fixture(scope="module")
def emulated() -> Iterator[dict[str, Any]]:
    port = cold_start.free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = cold_start.environment(port, str(Path(tmp) / "outbox"))
        emulator = subprocess.Popen(
            [sys.executable, "-m", "local.emulator", "-H", "127.0.0.1", "-p", str(port)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            cold_start.wait_until_listening(port, emulator)
            seeded = subprocess.run([sys.executable, "-c", SEED], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=120, check=True)
            line = next(x for x in seeded.stdout.splitlines() if x.startswith("WORLD "))
            yield {"env": env, **json.loads(line.removeprefix("WORLD "))}
        finally:
            emulator.terminate()
            emulator.wait(10)


def _event(method: str, path: str, headers: dict[str, str]) -> dict[str, Any]:
    from chalice.local import LambdaEventConverter, RouteMatcher

    import app as app_module

    convert = LambdaEventConverter(RouteMatcher(list(app_module.app.routes)))
    return convert.create_lambda_event(method, path, headers)


def _first_answer(emulated: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    env = {**emulated["env"], "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(event)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    line = next((x for x in done.stdout.splitlines() if x.startswith("FACTS ")), None)
    assert line, done.stderr[-2000:]
    facts = json.loads(line.removeprefix("FACTS "))
    assert facts["status"] == 200, facts["status"]
    return facts


def _heavy(facts: dict[str, Any], *more: str) -> list[str]:
    never = (*NEVER, *more)
    return [m for m in facts["modules"] if m.split(".")[0] in never]


def test_the_first_health_check_imports_only_the_table_client(emulated):
    facts = _first_answer(emulated, _event("GET", "/health", {}))
    assert _heavy(facts, "pydantic", "pydantic_core") == []
    assert facts["sessions"] == 1
    assert facts["clients"] == ["dynamodb"]


def test_the_first_signed_in_me_loads_each_service_model_once(emulated):
    signed = {"authorization": f"Bearer {emulated['token']}"}
    facts = _first_answer(emulated, _event("GET", "/me", signed))
    assert _heavy(facts, "pydantic", "pydantic_core") == []
    # One session: the endpoint rules and the DynamoDB model are loaded once, PynamoDB's
    # connections included. PynamoDB's client and ours differ in their retry settings.
    assert facts["sessions"] == 1
    assert facts["clients"] == ["dynamodb", "dynamodb", "secretsmanager"]


def test_a_visitors_first_feed_page_checks_its_query_without_pydantic(emulated):
    path = f"/modules/{emulated['module']}/contributions?sort=latest"
    facts = _first_answer(emulated, _event("GET", path, {}))
    # The query's rules are the contract's (query_rules.json): no model is built.
    assert _heavy(facts, "pydantic", "pydantic_core") == []
    assert "chalicelib.contributions.contribution_query_schemas" not in facts["modules"]
    assert facts["sessions"] == 1
    assert facts["clients"] == ["dynamodb", "dynamodb"]
    # The answers' models (for the OpenAPI document) are not this request's to import.
    assert "chalicelib.contributions.contribution_schemas" not in facts["modules"]
    assert "chalicelib.communities.community_schemas" not in facts["modules"]
