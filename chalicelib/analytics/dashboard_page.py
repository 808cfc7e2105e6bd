"""The analytics dashboard page (`chalicelib/analytics/analytics-dashboard.html`): a static page
that draws the figures of `GET /communities/{cid}/analytics` as SVG charts, with no external
resource. Its Content-Security-Policy allows only its own inline script and style (by
hash) and calls to the API's own origin."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

PAGE = Path(__file__).resolve().parent / "analytics-dashboard.html"


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


@cache
def page() -> tuple[str, dict[str, str]]:
    html = PAGE.read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    policy = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_hash(s) for s in scripts),
        "style-src " + " ".join(_hash(s) for s in styles),
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])
    headers = {"Content-Security-Policy": policy, "Referrer-Policy": "no-referrer",
               "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
               "Cache-Control": "no-cache"}
    return html, headers
