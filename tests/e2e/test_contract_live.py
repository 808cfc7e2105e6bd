"""The contract over HTTP, as a new user of it would meet it (issue 14): `make run`'s platform
(local/launch.py: free ports, a state folder of its own) serves the document; clients
generated from it by openapi-python-client and openapi-typescript drive register -> confirm
-> login -> get me -> list communities -> post a contribution; unknown paths and methods
answer problem+json; `GET /docs` renders it; and schemathesis (tools/contract/live.py, every
check, signed out, as a citizen and as an administrator) finds nothing beyond the exceptions
of tools/contract/schemathesis.toml. `make contract-long` runs schemathesis longer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local.launch import Platform
from tools.contract import live

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "contract"
EXAMPLES = int(os.environ.get("AGORA_CONTRACT_EXAMPLES", "3"))


def _tool(name: str) -> Path:
    path = TOOLS / "node_modules" / ".bin" / name
    assert path.exists(), f"{name} missing: `make contract-tools` (cd tools/contract && npm ci)"
    return path


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    root = tmp_path_factory.mktemp("contract")
    env = {"AGORA_ADMIN_EMAIL": live.ADMIN_EMAIL, "AGORA_ADMIN_PASSWORD": live.PASSWORD}
    with Platform(root / "state", log=root / "platform.log", env=env).start() as running:
        running.wait_until_healthy()
        running.wait_for_output("Agora is running")
        yield running


@pytest.fixture(scope="module")
def world(platform: Platform) -> dict[str, str]:
    return live.seed(platform.api, platform.state / "outbox")


def _raw(method: str, url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_chalice_local_answers_unknown_paths_and_methods_as_problems(platform):
    status, headers, body = _raw("GET", platform.api + "/no/such/path")
    assert status == 404 and headers["Content-Type"] == "application/problem+json"
    assert json.loads(body)["code"] == "not_found"
    for method in ("DELETE", "TRACE", "QUERY"):
        status, headers, body = _raw(method, platform.api + "/health")
        assert status == 405, method
        assert headers["Allow"] == "GET, OPTIONS"
        assert headers["Content-Type"] == "application/problem+json"
    status, _, _ = _raw("TRACE", platform.api + "/nothing/here")
    assert status == 404
    assert _raw("GET", platform.api + "/health")[0] == 200


def test_the_reference_page_renders_the_document_from_our_origin(platform):
    status, headers, page = _raw("GET", platform.api + "/docs")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    text = page.decode()
    assert 'spec-url="openapi.json"' in text and 'src="docs/redoc.standalone.js"' in text
    assert "http" not in text.split("<body>")[1]  # nothing from another origin
    status, headers, script = _raw("GET", platform.api + "/docs/redoc.standalone.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    vendored = (ROOT / "chalicelib/platform/http/static/redoc.standalone.js").read_bytes()
    assert script == vendored
    pinned = TOOLS / "node_modules/redoc/bundles/redoc.standalone.js"
    if pinned.exists():
        assert pinned.read_bytes() == vendored, "update the vendored copy: tools/contract"


def _document(platform: Platform, path: Path) -> Path:
    with urllib.request.urlopen(platform.api + "/openapi.json", timeout=30) as answer:
        path.write_bytes(answer.read())
    return path


def test_a_generated_python_client_drives_the_main_flow(platform, world, tmp_path):
    document = _document(platform, tmp_path / "openapi.json")
    generator = Path(sys.executable).with_name("openapi-python-client")
    subprocess.run([str(generator), "generate", "--path", str(document), "--meta", "none",
                    "--output-path", str(tmp_path / "agora_client")], check=True,
                   capture_output=True, cwd=tmp_path, timeout=300)
    sys.path.insert(0, str(tmp_path))
    try:
        _drive_python(platform, world)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("agora_client")]:
            del sys.modules[name]


def _drive_python(platform: Platform, world: dict[str, str]) -> None:
    from agora_client import AuthenticatedClient, Client  # type: ignore[import-not-found]
    from agora_client.api.auth import (  # type: ignore[import-not-found]
        confirm_registration,
        login,
        register,
    )
    from agora_client.api.communities import (  # type: ignore[import-not-found]
        join_community,
        list_communities,
    )
    from agora_client.api.contributions import (  # type: ignore[import-not-found]
        create_contribution,
    )
    from agora_client.api.me import get_me  # type: ignore[import-not-found]
    from agora_client.models import (  # type: ignore[import-not-found]
        ConfirmIn,
        ContributionIn,
        JoinIn,
        LoginIn,
        RegisterIn,
    )

    email, password = f"py-{time.time_ns()}@example.org", "a python client passphrase"
    anonymous = Client(base_url=platform.api, raise_on_unexpected_status=True)
    sent = time.time() - 1
    answer = register.sync_detailed(client=anonymous, body=RegisterIn(
        name="Pia Python", email=email, password=password))
    assert answer.status_code == 202
    token = live.confirmation_token(platform.state / "outbox", sent, email)
    confirmed = confirm_registration.sync(client=anonymous, body=ConfirmIn(token=token,
                                                                            password=password))
    tokens = login.sync(client=anonymous, body=LoginIn(email=email, password=password))
    me_client = AuthenticatedClient(base_url=platform.api, token=tokens.access_token,
                                    raise_on_unexpected_status=True)
    me = get_me.sync(client=me_client)
    assert me.email == email and me.id == confirmed.user_id
    assert me.created_at.year >= 2026  # a datetime, not a string
    communities = list_communities.sync(client=me_client, limit=50)
    assert any(c.id == world["cid"] and isinstance(c.name, str) for c in communities.items)
    join_community.sync(cid=world["cid"], client=me_client, body=JoinIn())
    created = create_contribution.sync(mid=world["mid"], client=me_client, body=ContributionIn(
        title="A python bench", body="Somewhere to sit."))
    assert created.is_author and created.module_id == world["mid"]


def test_a_generated_typescript_client_compiles_and_drives_the_main_flow(platform, world):
    client = TOOLS / "client"
    # As web/scripts/gen-api.mjs does: a field with a default may be left out of a request.
    subprocess.run([str(_tool("openapi-typescript")), platform.api + "/openapi.json",
                    "--default-non-nullable=false", "-o", str(client / "schema.d.ts")],
                   check=True, capture_output=True, timeout=120)
    compiled = subprocess.run([str(_tool("tsc")), "-p", str(client / "tsconfig.json")],
                              capture_output=True, text=True, timeout=300)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    node = shutil.which("node") or "node"
    email, password = f"ts-{time.time_ns()}@example.org", "a typescript client passphrase"
    sent = time.time() - 1
    subprocess.run([node, str(client / "drive.mjs"), platform.api, "register", email,
                    password], check=True, capture_output=True, timeout=60)
    token = live.confirmation_token(platform.state / "outbox", sent, email)
    done = subprocess.run([node, str(client / "drive.mjs"), platform.api, "flow", email,
                           password, token, world["cid"], world["mid"]],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["contribution"]


def test_schemathesis_finds_nothing(platform, world, tmp_path):
    results = {role: live.schemathesis(platform.api, world, role, EXAMPLES,
                                       tmp_path / f"{role}.txt", live.QUICK[role])
               for role in live.ROLES}
    failed: dict[str, Any] = {role: (tmp_path / f"{role}.txt").read_text()[-6000:]
                              for role, code in results.items() if code}
    assert not failed, "\n\n".join(f"== {role}\n{text}" for role, text in failed.items())
