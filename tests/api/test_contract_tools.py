"""Third-party linters find nothing in the OpenAPI document (issue 14): Redocly CLI's
`recommended` rules and Spectral's `spectral:oas`, both pinned in tools/contract
(package.json and its lock; `make contract-tools` installs them)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "contract"


@pytest.fixture(scope="module")
def document_file() -> Path:
    """Beside the rulesets: .redocly.lint-ignore.yaml names findings by this file's path."""
    import app  # noqa: F401
    from chalicelib.platform.http.openapi import document

    path = TOOLS / "openapi.json"
    path.write_text(json.dumps(document(), indent=1))
    return path


def _tool(name: str) -> str:
    path = TOOLS / "node_modules" / ".bin" / name
    assert path.exists(), f"{name} missing: `make contract-tools` (cd tools/contract && npm ci)"
    return str(path)


def test_redocly_recommended_finds_nothing(document_file):
    done = subprocess.run([_tool("redocly"), "lint", "--config", "redocly.yaml",
                           "--format", "json", str(document_file)],
                          cwd=TOOLS, capture_output=True, text=True, timeout=300)
    start = done.stdout.find("{")
    report, _ = json.JSONDecoder().raw_decode(done.stdout[start:])
    problems = [f"{p['ruleId']}: {p['message']} ({p['location'][0]['pointer']})"
                for p in report["problems"] if not p.get("ignored")]
    assert not problems, "\n".join(problems)
    assert done.returncode == 0, done.stderr[-2000:]


def test_spectral_oas_finds_nothing(document_file):
    done = subprocess.run([_tool("spectral"), "lint", "--ruleset", ".spectral.yaml",
                           "--format", "json", "--fail-severity", "hint", str(document_file)],
                          cwd=TOOLS, capture_output=True, text=True, timeout=300)
    start = done.stdout.find("[")
    findings, _ = json.JSONDecoder().raw_decode(done.stdout[start:])
    problems = [f"{f['code']}: {f['message']} ({'/'.join(map(str, f['path']))})"
                for f in findings]
    assert not problems, "\n".join(problems)
    assert done.returncode == 0, done.stderr[-2000:]
