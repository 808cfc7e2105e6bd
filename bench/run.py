"""`make bench`: AWS calls per API operation (under moto), cold import time of app.py against a
bare Chalice app importing boto3, and the zipped Lambda package size.

Writes bench/results.json in the form bench/README.md gives and prints a table (keeping
what other benches, such as bench/local_platform.py, wrote there).
Each area adds its operations in `bench/scenarios/<area>.py` (a `run(ctx)` function)."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import tests.conftest  # noqa: E402,F401  (sets the test stage and fake credentials)
from bench import capacity, counting  # noqa: E402

counting.install()

TARGETS = {"read": 4, "write": 3, "auth": 3}


class Context:
    """What a scenario gets: an API client under moto, and a place to record figures."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.operations: dict[str, dict[str, int]] = {}
        self.capacity: dict[str, dict[str, float]] = {}
        self.ledgers: dict[str, list[capacity.Entry]] = {}

    def measure(self, name: str, fn: Any) -> Any:
        with counting.counting() as counter, self.charged(name):
            result = fn()
        self.operations[name] = counting.figures(counter)
        return result

    @contextmanager
    def charged(self, name: str) -> Iterator[None]:
        """The request units of the DynamoDB calls made inside the block, as `name`'s."""
        start = len(capacity.entries)
        yield
        self.ledgers[name] = capacity.entries[start:]
        self.capacity[name] = capacity.totals(self.ledgers[name])


def run_scenarios(only: set[str] | None = None) -> Context:
    from chalice.test import Client
    from moto import mock_aws

    import bench.scenarios as scenarios
    from tests.conftest import TEST_PROJECT, Api, _forget_cached_clients

    measured = Context(None)
    for info in sorted(pkgutil.iter_modules(scenarios.__path__), key=lambda m: m.name):
        if only and info.name not in only:
            continue
        module = importlib.import_module(f"bench.scenarios.{info.name}")
        with mock_aws():
            _forget_cached_clients()
            from chalicelib.platform import clock
            from local import bootstrap

            bootstrap.provision()
            clock.reset()
            import app as app_module

            with Client(app_module.app, stage_name="test",
                        project_dir=str(TEST_PROJECT)) as client:
                ctx = Context(Api(client))
                module.run(ctx)
                measured.operations.update(ctx.operations)
                measured.capacity.update(ctx.capacity)
                measured.ledgers.update(ctx.ledgers)
            _forget_cached_clients()
    return measured


def _import_time(code: str, cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_")}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, check=True)
    return (time.perf_counter() - started) * 1000


def cold_start(rounds: int = 9) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp)
        (bare / "app.py").write_text(
            "import boto3\nfrom chalice import Chalice\napp = Chalice(app_name='bare')\n")
        app_times, bare_times = [], []
        for _ in range(rounds):  # side by side, alternating, so load affects both alike
            app_times.append(_import_time("import app", ROOT))
            bare_times.append(_import_time("import app", bare))
    app_ms, bare_ms = statistics.median(app_times), statistics.median(bare_times)
    return {"app_ms": round(app_ms, 1), "bare_ms": round(bare_ms, 1),
            "ratio": round(app_ms / bare_ms, 2)}


def package_mb() -> float | None:
    from local.vendor import ensure_vendor

    ensure_vendor()
    with tempfile.TemporaryDirectory() as tmp:
        answer = subprocess.run(
            [str(Path(sys.executable).parent / "chalice"), "package", "--stage", "dev", tmp],
            cwd=ROOT, capture_output=True, text=True,
            env={**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION",
                                                                     "eu-west-1")})
        if answer.returncode != 0:
            print("chalice package failed:", answer.stderr[-500:], file=sys.stderr)
            return None
        zipped = Path(tmp) / "deployment.zip"
        return round(zipped.stat().st_size / 1024 / 1024, 2) if zipped.exists() else None


def main() -> int:
    operations = run_scenarios()
    results = {"operations": operations, "cold_start": cold_start()}
    if os.environ.get("AGORA_BENCH_PACKAGE", "1") != "0":
        results["package_mb"] = package_mb()
    path = ROOT / "bench" / "results.json"
    kept = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**kept, **results}, indent=2) + "\n")
    print(f"{'operation':32} {'dynamodb':>8} {'s3':>4} {'sqs':>4} {'ses':>4}")
    for name, figures in sorted(operations.items()):
        print(f"{name:32} {figures['dynamodb']:>8} {figures['s3']:>4} {figures['sqs']:>4} "
              f"{figures['ses']:>4}")
    cs = results["cold_start"]
    print(f"\ncold start: app {cs['app_ms']} ms, bare {cs['bare_ms']} ms, ratio {cs['ratio']}")
    print(f"package: {results.get('package_mb')} MB zipped")
    print("written to bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
