"""`make bench`: AWS calls and DynamoDB request units per API operation (under moto), each
write path's partition headroom, the monthly bill (bench/cost.py), the cold start to the
first answer against a bare Chalice app (bench/cold_start.py) and the zipped Lambda package.

Writes bench/results.json in the form bench/README.md gives and prints a table (keeping
what other benches, such as bench/local_platform.py, wrote there).
Each area adds its operations in `bench/scenarios/<area>.py` (a `run(ctx)` function)."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
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
        self.repeats: dict[str, list[capacity.Entry]] = {}
        self.fanout: dict[str, Any] = {}

    def measure(self, name: str, fn: Any) -> Any:
        with counting.counting() as counter, self.charged(name):
            result = fn()
        self.operations[name] = counting.figures(counter)
        return result

    def again(self, name: str, fn: Any) -> Any:
        """A second call of `name`'s path by someone else on the same target: the partitions
        both calls write are the ones every call of the path shares (bench.headroom)."""
        start = len(capacity.entries)
        result = fn()
        self.repeats[name] = capacity.entries[start:]
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
                measured.repeats.update(ctx.repeats)
                measured.fanout.update(ctx.fanout)
            _forget_cached_clients()
    return measured


def cold_start() -> dict[str, Any]:
    """bench/cold_start.py, in a process of its own (no moto mocks, no test settings)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_")}
    env.update({k: v for k, v in os.environ.items() if k == "AGORA_BENCH_COLD_ROUNDS"})
    answer = subprocess.run([sys.executable, "-m", "bench.cold_start"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return json.loads(answer.stdout.strip().splitlines()[-1])


def package_mb() -> float | None:
    from local.bytecode import compile_tree
    from local.vendor import ensure_vendor

    ensure_vendor()
    compile_tree()
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


def figures(measured: Context, page_kb: float | None) -> dict[str, Any]:
    from bench import cost, headroom

    fanout_op = next(op for op in measured.operations if op.startswith("notify.fanout@"))
    followers = int(fanout_op.split("@")[1])
    paths = headroom.all_paths(measured.ledgers, measured.repeats)
    paths["notify.fanout"] = headroom.fanout(
        measured.ledgers[fanout_op], followers, measured.operations[fanout_op]["ses"],
        measured.fanout.get("messages", {}))
    return {"operations": measured.operations, "capacity": measured.capacity,
            "headroom": paths,
            "cost": cost.model(measured.operations, measured.capacity,
                               {"followers": followers, **measured.fanout}, page_kb)}


def _print(results: dict[str, Any]) -> None:
    operations, capacity = results["operations"], results["capacity"]
    print(f"{'operation':32} {'dynamodb':>8} {'s3':>4} {'sqs':>4} {'ses':>5} {'rru':>8} "
          f"{'wru':>8}")
    for name, f in sorted(operations.items()):
        units = capacity.get(name, {})
        print(f"{name:32} {f['dynamodb']:>8} {f['s3']:>4} {f['sqs']:>4} {f['ses']:>5} "
              f"{units.get('rru', ''):>8} {units.get('wru', ''):>8}")
    print(f"\n{'write path':26} {'hot partition':34} {'wru/call':>8} {'hot wru':>7} "
          f"{'calls/s':>8}")
    for name, h in results["headroom"].items():
        if "calls_per_s" in h:
            print(f"{name:26} {h['hot_item'] or '-':34} {h['wru_per_call']:>8} "
                  f"{h['hot_wru_per_call']:>7} {h['calls_per_s'] or 'unbound':>8}")
        else:
            print(f"{name:26} {h['followers']} followers in {h['seconds']} s "
                  f"(SES {h['ses_s']} s at {h['ses_per_s']}/s, partitions {h['partition_s']} s)")
    for name, cs in results.get("cold_start", {}).items():
        print(f"cold start {name}: app {cs['app_ms']} ms, bare {cs['bare_ms']} ms, "
              f"ratio {cs['ratio']}" + (f", {cs['app_rss_mb']} MB against {cs['bare_rss_mb']}"
                                        if "app_rss_mb" in cs else ""))
    c = results["cost"]
    print(f"bill ({c['region']}, prices of {c['prices_dated']}): 100k residents "
          f"${c['city_100k']['usd_month']}, 1M ${c['city_1m']['usd_month']}, at rest "
          f"${c['at_rest_usd_month']} a month")
    print(f"package: {results.get('package_mb')} MB zipped")


def main() -> int:
    path = ROOT / "bench" / "results.json"
    kept = json.loads(path.read_text()) if path.exists() else {}
    from bench.cost import page_kb

    results = figures(run_scenarios(), page_kb(kept.get("web", {})))
    if os.environ.get("AGORA_BENCH_COLD", "1") != "0":
        results["cold_start"] = cold_start()
    if os.environ.get("AGORA_BENCH_PACKAGE", "1") != "0":
        results["package_mb"] = package_mb()
    kept = json.loads(path.read_text()) if path.exists() else {}  # what others wrote since
    path.write_text(json.dumps({**kept, **results}, indent=2) + "\n")
    _print(results)
    print("written to bench/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
