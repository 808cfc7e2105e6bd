"""schemathesis over HTTP against `make run`'s platform: signed out, as a citizen and as a
platform administrator, every check (`--checks all`), every phase (examples, coverage,
fuzzing, stateful), with the exceptions of tools/contract/schemathesis.toml.

    python -m tools.contract.live [--examples 5] [--api http://127.0.0.1:8000]

Without `--api` it starts its own platform (local/launch.py: free ports, a state folder of its
own) and stops it after. It seeds one community, project, open ideas module and contribution,
whose ids the config hands to the path parameters, so that requests reach the code behind
them rather than a 404. Exits non-zero when schemathesis finds anything."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
# With --api: the platform's administrator, as `make run` was given it.
ADMIN_EMAIL = os.environ.get("AGORA_ADMIN_EMAIL", "contract-admin@example.org")
PASSWORD = os.environ.get("AGORA_ADMIN_PASSWORD", "an admin passphrase for tests")
CITIZEN_PASSWORD = "correct horse battery staple"
ROLES = ("visitor", "citizen", "admin")
PHASES = "examples,coverage,fuzzing,stateful"
# `make test`'s bounded run leaves out the coverage phase (every boundary of every field: some
# 4 minutes a role on 2 cores); `make contract-long` runs it for every role.
QUICK = dict.fromkeys(ROLES, "examples,fuzzing,stateful")


def call(method: str, url: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


def _ok(status: int, answer: Any, what: str) -> Any:
    if status >= 300:
        raise SystemExit(f"seeding failed: {what}: {status} {answer}")
    return answer


def confirmation_token(outbox: Path, after: float, to: str | None = None) -> str:
    """The token of the newest confirmation link (to `to`, when given) sent after `after`."""
    from local.mailviewer import decode

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for message in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime):
            if message.stat().st_mtime < after:
                continue
            decoded = decode(message.read_bytes())
            recipients = " ".join(v for k, v in decoded.headers if k.lower() == "to")
            if to and to.lower() not in recipients.lower():
                continue
            for link in decoded.links:
                if "token=" in link and "confirm" in link:
                    return parse_qs(urlsplit(link).query)["token"][0]
        time.sleep(0.2)
    raise SystemExit("seeding failed: no confirmation email")


def sign_up(api: str, outbox: Path, email: str, password: str, name: str) -> str:
    started = time.time() - 1
    _ok(*call("POST", api + "/auth/register", {"name": name, "email": email,
                                               "password": password}), "register")
    _ok(*call("POST", api + "/auth/confirm",
              {"token": confirmation_token(outbox, started, email), "password": password}),
        "confirm")
    return str(_ok(*call("POST", api + "/auth/login", {"email": email, "password": password}),
                   "login")["access_token"])


def seed(api: str, outbox: Path) -> dict[str, str]:
    """Tokens and the ids of a small world: community -> project -> module -> contribution."""
    admin = _ok(*call("POST", api + "/auth/login", {"email": ADMIN_EMAIL,
                                                    "password": PASSWORD}), "admin login")
    token = admin["access_token"]
    community = _ok(*call("POST", api + "/communities", {"name": "Contract town"}, token),
                    "community")
    project = _ok(*call("POST", api + f"/communities/{community['id']}/projects",
                        {"title": "Streets"}, token), "project")
    now = dt.datetime.now(dt.UTC)
    module = _ok(*call("POST", api + f"/projects/{project['id']}/modules", {
        "type": "ideas", "title": "Ideas", "opens_at": now.isoformat(),
        "closes_at": (now + dt.timedelta(days=30)).isoformat()}, token), "module")
    contribution = _ok(*call("POST", api + f"/modules/{module['id']}/contributions",
                             {"title": "A bench", "body": "By the river."}, token),
                       "contribution")
    citizen = sign_up(api, outbox, f"citizen-{int(time.time())}@example.org",
                      CITIZEN_PASSWORD, "Cora Citizen")
    _ok(*call("POST", api + f"/communities/{community['id']}/join", {}, citizen), "join")
    return {"admin": token, "citizen": citizen, "cid": community["id"], "pid": project["id"],
            "mid": module["id"], "id": contribution["id"]}


def schemathesis(api: str, world: dict[str, str], role: str, examples: int,
                 report: Path, phases: str = PHASES) -> int:
    env = dict(os.environ, SCHEMATHESIS_HOOKS="tools.contract.hooks",
               **{f"AGORA_FUZZ_{k.upper()}": v for k, v in world.items()
                              if k not in ROLES})
    command = [str(Path(sys.executable).with_name("schemathesis")), "--config-file",
               str(CONFIG), "--no-color", "run", f"{api}/openapi.json", "--checks", "all",
               "--max-examples", str(examples), "--seed", "1", "--phases", phases,
               "--workers", os.environ.get("AGORA_FUZZ_WORKERS", "2")]
    if role != "visitor":
        command += ["-H", f"Authorization: Bearer {world[role]}"]
    with open(report, "w") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                              check=False)
    return done.returncode


def run(api: str, outbox: Path, examples: int, out: Path, roles: tuple[str, ...] = ROLES,
        quick: bool = False) -> dict[str, int]:
    world = seed(api, outbox)
    return {role: schemathesis(api, world, role, examples, out / f"schemathesis-{role}.txt",
                               QUICK[role] if quick else PHASES)
            for role in roles}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--api", help="a running platform (default: start one)")
    parser.add_argument("--outbox", help="its outbox folder (with --api)")
    parser.add_argument("--out", default=tempfile.gettempdir())
    parser.add_argument("--role", action="append", choices=ROLES)
    parser.add_argument("--quick", action="store_true",
                        help="without the coverage phase (`make test`)")
    args = parser.parse_args(argv)
    roles = tuple(args.role or ROLES)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.api:
        results = run(args.api, Path(args.outbox), args.examples, out, roles, args.quick)
    else:
        from local.launch import Platform

        state = Path(tempfile.mkdtemp(prefix="agora-contract-"))
        env = {"AGORA_ADMIN_EMAIL": ADMIN_EMAIL, "AGORA_ADMIN_PASSWORD": PASSWORD}
        with Platform(state, log=out / "contract-platform.log", env=env).start() as platform:
            platform.wait_until_healthy()
            platform.wait_for_output("Agora is running")
            results = run(platform.api, state / "outbox", args.examples, out, roles,
                          args.quick)
    for role, code in results.items():
        print(f"{role}: {'nothing found' if code == 0 else 'FAILURES'} "
              f"({out / f'schemathesis-{role}.txt'})")
    return 0 if not any(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
