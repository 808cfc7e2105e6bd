"""Fill vendor/ with the Lambda dependencies that must be packaged without their own
dependencies (requirements-vendor.txt). Chalice adds vendor/ to the package as it is.

Run before `chalice package`: `python -m local.vendor` (the bench and the CDK app call it)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "requirements-vendor.txt"
VENDOR = ROOT / "vendor"
STAMP = VENDOR / ".spec-sha256"


def ensure_vendor() -> Path:
    digest = hashlib.sha256(SPEC.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return VENDOR
    shutil.rmtree(VENDOR, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--disable-pip-version-check", "--target", str(VENDOR), "-r", str(SPEC)],
                   check=True)
    for extra in VENDOR.glob("*.dist-info"):
        shutil.rmtree(extra)
    STAMP.write_text(digest)
    return VENDOR


if __name__ == "__main__":
    print(ensure_vendor())
