"""The stack, synthesised once per test session for each stage, in its own process (chalicelib
reads its names at import time, and the test process is the `test` stage).

`chalice package` runs at synth and downloads the Lambda dependencies once (cached in
.chalice/deployments). Under pytest-xdist the workers share one synth through a file lock."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
ROOT = Path(__file__).resolve().parents[2]
STAGES = ("prod", "dev")
# Each synth takes the other branch of what is optional, so two synths test both: prod has
# a web build to upload, a custom domain and map tiles; dev has no build (the upload is
# skipped), the distribution's own domain, and the function URL (capped).
CONTEXT = {
    "prod": {"web_build": "tests/infra/fixtures/web", "web_domain": "participate.example.city",
             "web_certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/test",
             "map_tiles_url": "https://tiles.example.city/{z}/{x}/{y}.png"},
    "dev": {"web_build": "tests/infra/fixtures/no-such-build", "function_url": "true",
            "api_concurrency": "20"},
}


@dataclass
class Synth:
    stage: str
    outdir: Path
    template: dict[str, Any]
    metadata: dict[str, Any]

    @property
    def template_path(self) -> Path:
        return self.outdir / f"{self.stage}.template.json"

    def resources(self, kind: str) -> dict[str, dict[str, Any]]:
        return {k: r for k, r in self.template["Resources"].items() if r["Type"] == kind}


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AGORA_", "CDK_")) and k not in ("AWS_ENDPOINT_URL",)}
    env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    return env


def _synthesise(base: Path) -> dict[str, Path]:
    done = base / "done.json"
    if done.exists():
        return {k: Path(v) for k, v in json.loads(done.read_text()).items()}
    # One after the other: `chalice package` writes its dependency cache
    # (.chalice/deployments) in place, and a second process would reuse a half-written zip.
    outdirs = {}
    for stage in STAGES:
        outdir = base / stage
        outdir.mkdir(parents=True, exist_ok=True)
        with (base / f"{stage}.log").open("w") as log:
            process = subprocess.run(
                [sys.executable, str(ROOT / "infra" / "app.py"), "-c", f"stage={stage}",
                 *(arg for key, value in CONTEXT[stage].items()
                   for arg in ("-c", f"{key}={value}")),
                 "-o", str(outdir)], cwd=base, env=_environment(), stdout=log,
                stderr=subprocess.STDOUT, timeout=900, check=False)
        if process.returncode != 0:
            output = (base / f"{stage}.log").read_text()
            raise AssertionError(f"synth of {stage} failed:\n{output[-6000:]}")
        outdirs[stage] = outdir
    done.write_text(json.dumps({stage: str(outdir) for stage, outdir in outdirs.items()}))
    return outdirs


@pytest.fixture(scope="session")
def synthesised(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict[str, Synth]:
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    base = shared / "infra-synth"
    base.mkdir(exist_ok=True)
    with (shared / "infra-synth.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        outdirs = _synthesise(base)
    return {stage: Synth(stage=stage, outdir=outdir,
                         template=json.loads((outdir / f"{stage}.template.json").read_text()),
                         metadata=json.loads((outdir / f"{stage}.metadata.json").read_text()))
            for stage, outdir in outdirs.items()}


@pytest.fixture(scope="session")
def prod(synthesised: dict[str, Synth]) -> Synth:
    return synthesised["prod"]


@pytest.fixture(scope="session")
def dev(synthesised: dict[str, Synth]) -> Synth:
    return synthesised["dev"]


@pytest.fixture(scope="session")
def prod_template(prod: Synth) -> Any:
    from aws_cdk.assertions import Template

    return Template.from_json(prod.template)
