"""The local platform's own figures, merged into bench/results.json (bench/README.md):

- `restart` (`make bench-local`): `make run` with a state of 10,000 contributions: how long a
  stop takes (its last snapshot included), the snapshot's size and time, and how long the
  next start takes until /health answers (the restore included).
- `first-run` (`make bench-first-run`): a fresh `git clone` of this checkout's HEAD and its
  first `make run`, installs included, until /health answers (and, once the web app is part
  of `make run`, until its first page answers): `web.first_run_s`.

Each runs `make run` as a person does, on free loopback ports, in a state folder of its own.
Timings belong here, never in tests."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from local.launch import Platform, free_port  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
ADMIN = {"AGORA_ADMIN_EMAIL": "bench-admin@example.org",
         "AGORA_ADMIN_PASSWORD": "a bench administrator passphrase"}


def _call(method: str, url: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body else None)
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read() or b"null")


def _iso(offset: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset))


def _use_platform_emulator(platform: Platform) -> None:
    """This process writes the bulk straight to the platform's emulator, as the local stage."""
    from local.run import stage_environment

    os.environ.update(stage_environment("local"))
    os.environ.update({"AWS_ENDPOINT_URL": platform.emulator, "AWS_ACCESS_KEY_ID": "local",
                       "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "eu-west-1",
                       "AWS_REGION": "eu-west-1"})


def _seed(platform: Platform, count: int) -> dict[str, Any]:
    """A community, a project and an ideas module through the API, then `count`
    contributions by 60 people written in bulk (as bench/scenarios/participation.py does)."""
    admin = _call("POST", platform.api + "/auth/login",
                  {"email": ADMIN["AGORA_ADMIN_EMAIL"], "password": ADMIN["AGORA_ADMIN_PASSWORD"]}
                  )["access_token"]
    community = _call("POST", platform.api + "/communities", {"name": "Bench city"}, admin)
    project = _call("POST", platform.api + f"/communities/{community['id']}/projects",
                    {"title": "Bench"}, admin)
    module = _call("POST", platform.api + f"/projects/{project['id']}/modules",
                   {"type": "ideas", "title": "Ideas", "opens_at": _iso(-86400),
                    "closes_at": _iso(30 * 86400)}, admin)
    _use_platform_emulator(platform)
    from bench.scenarios.participation import _people, _seed_contributions

    _seed_contributions(module, count, _people(60), random.Random(42))
    return {"admin": admin, "community": community, "module": module}


def _count_contributions() -> int:
    """Every contribution item in the emulator (a bench's check, not a request path)."""
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform.aws.clients import client

    pages = client("dynamodb").get_paginator("scan").paginate(
        TableName=Contribution.Meta.table_name, Select="COUNT")
    return sum(page["Count"] for page in pages)


def _wait_for_snapshot(state: Path, after: float, timeout: float = 120.0) -> None:
    snapshot = state / "aws.pickle"
    deadline = time.monotonic() + timeout
    while not (snapshot.exists() and snapshot.stat().st_mtime > after):
        if time.monotonic() > deadline:
            raise RuntimeError("no snapshot after the seeding")
        time.sleep(0.2)
    time.sleep(3)  # the periodic snapshot that follows it (2 s) has everything


def _last(pattern: str, text: str) -> re.Match[str] | None:
    found = list(re.finditer(pattern, text))
    return found[-1] if found else None


def restart(count: int = 10_000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        state = folder / "state"
        first = Platform(state, log=folder / "first.log", env=ADMIN).start()
        empty_start = first.wait_until_healthy()
        world = _seed(first, count)
        _wait_for_snapshot(state, time.time())
        _call("PUT", first.api + f"/communities/{world['community']['id']}/follow",
              token=world["admin"])  # a change for the last snapshot to save
        code, stop_s = first.interrupt()
        assert code == 0, first.output()[-2000:]
        log = (state / "emulator.log").read_text()
        last = _last(r"snapshot \(last\): ([\d.]+) MB in ([\d.]+)s", log)

        second = Platform(state, log=folder / "second.log", env=ADMIN, ports=first.ports)
        second.start()
        start_s = second.wait_until_healthy()
        page = _call("GET", second.api + f"/modules/{world['module']['id']}/contributions"
                     "?sort=latest&limit=100")
        kept = _count_contributions()
        code, second_stop_s = second.interrupt()
        log = (state / "emulator.log").read_text()
        restored = _last(r"state restored from .* in ([\d.]+)s", log)
        assert len(page["items"]) == 100 and kept == count, (kept, page)
        return {
            f"start_s@{count}": round(start_s, 2),
            f"restore_s@{count}": float(restored.group(1)) if restored else None,
            f"stop_s@{count}": round(stop_s, 2),
            f"snapshot_mb@{count}": float(last.group(1)) if last else None,
            f"snapshot_s@{count}": float(last.group(2)) if last else None,
            "start_s@empty": round(empty_start, 2),
            "stop_s@unchanged": round(second_stop_s, 2),
            "contributions_after_restart": kept,
        }


def first_run(pip_cache: bool = True) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "agora"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {"AGORA_WEB_PORT": str(free_port())}
        if not pip_cache:
            env["PIP_NO_CACHE_DIR"] = "1"
        platform = Platform(clone / ".local", log=Path(tmp) / "first-run.log",
                            command=["make", "run"], cwd=clone, env=env)
        platform.start()
        api_s = platform.wait_until_healthy(timeout=1200)
        web_s = None
        if (clone / "web" / "package.json").exists():
            web_s = _wait_for_page(f"http://127.0.0.1:{env['AGORA_WEB_PORT']}/", platform, 1200)
        code, stop_s = platform.interrupt()
        site = next((clone / ".venv" / "lib").glob("python*/site-packages"))
        return {"api_s": round(api_s, 1), "web_first_page_s": web_s,
                "stop_s": round(stop_s, 2), "exit_code": code,
                "pip_cache": "used" if pip_cache else "off",
                "distributions_installed": len(list(site.glob("*.dist-info"))),
                "test_and_deploy_tools_installed": any(
                    (site / name).exists() for name in ("cfnlint", "aws_cdk", "schemathesis",
                                                         "hypothesis", "pytest"))}


def _wait_for_page(url: str, platform: Platform, timeout: float) -> float | None:
    deadline = platform.started_at + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return round(time.monotonic() - platform.started_at, 1)
        except OSError:
            time.sleep(0.2)
    return None


def merge(figures: dict[str, Any], *, web_first_run: float | None = None) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    local = results.setdefault("local", {})
    local.update(figures)
    if web_first_run is not None:
        results.setdefault("web", {})["first_run_s"] = web_first_run
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("restart", "first-run"))
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--no-pip-cache", action="store_true",
                        help="first-run: download every package again (PIP_NO_CACHE_DIR)")
    args = parser.parse_args(argv)
    if args.what == "restart":
        figures = restart(args.count)
        merge({"restart": figures})
    else:
        figures = first_run(pip_cache=not args.no_pip_cache)
        # web.first_run_s (bench/README.md): to the API and the web app's first page, or to the API
        # alone while `make run` serves no web app.
        merge({"first_run": figures},
              web_first_run=figures["web_first_page_s"] or figures["api_s"])
    for name, value in figures.items():
        print(f"{name:32} {value}")
    print(f"merged into {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
