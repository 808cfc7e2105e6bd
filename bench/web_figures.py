"""`make web-bench`'s figures (web/test-results/bench.json, written by the Lighthouse run
web/tests/bench/lighthouse.spec.ts) merged into bench/results.json as `web.pages`, keeping
the rest of `web` (first_run_s) and of the file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "web" / "test-results" / "bench.json"
RESULTS = ROOT / "bench" / "results.json"


def main() -> int:
    if not SOURCE.exists():
        print(f"no {SOURCE.relative_to(ROOT)}: run `make web-bench` first", file=sys.stderr)
        return 1
    pages = json.loads(SOURCE.read_text())["pages"]
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["web"] = {**results.get("web", {}), "pages": pages}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    for name, page in pages.items():
        print(f"web {name}: {page['js_css_gzip_kb']} KB of JS and CSS gzipped, "
              f"{page['api_calls_before_content']} API calls before content, "
              f"Lighthouse {page['lighthouse']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
