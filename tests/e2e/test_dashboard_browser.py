"""The analytics dashboard in a real browser: headless Chromium opens the page served by the
API (over HTTP, on loopback, against moto), the page calls `GET /communities/{cid}/analytics`
with the token from its URL fragment and draws SVG charts; the dumped DOM must show the
figures the API returned, suppressed ones as suppressed.

`make test` installs Chromium when it is missing (the Makefile's `browser` target)."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from tests.api.participation import world
from tests.support import run_queues

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync",
         "--disable-dev-shm-usage"]

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (`make test` installs it)")]


@pytest.fixture
def served(client) -> Iterator[str]:
    """The app on a loopback port: requests go through the same test client (one at a time,
    as the client keeps the current request on the app), inside this test's moto."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            with lock:
                answer = client.http.request(self.command, self.path, headers=headers,
                                             body=body)
            payload = answer.body if isinstance(answer.body, bytes) else answer.body.encode()
            self.send_response(answer.status_code)
            for name, value in answer.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = _forward

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def render(url: str, tmp_path: Any) -> str:
    """The page's DOM once its scripts ran (virtual time waits for its fetch)."""
    assert CHROMIUM is not None
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000",
         "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


class Charts(HTMLParser):
    """Collects what the page drew: per chart (`data-chart`), its points' keys and values
    (`data-key`, `data-value`, `data-suppressed`), the body's state and status text."""

    def __init__(self) -> None:
        super().__init__()
        self.state = ""
        self.charts: dict[str, dict[str, Any]] = {}
        self.current: str | None = None
        self.status = ""
        self._in_status = False
        self.cells: dict[str, dict[str, str]] = {}
        self._row: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.state = a.get("data-state", "")
        if tag == "section" and "data-chart" in a:
            self.current = a["data-chart"]
            self.charts[self.current] = {"points": {}, "suppressed": set(),
                                         "total": a.get("data-total")}
        if tag == "g" and a.get("class") == "point" and self.current:
            chart = self.charts[self.current]
            chart["points"][a["data-key"]] = a["data-value"]
            if a.get("data-suppressed") == "true":
                chart["suppressed"].add(a["data-key"])
        if tag == "tr" and "data-key" in a:
            self._row = a["data-key"]
        if tag == "td" and self._row and "data-measure" in a:
            self.cells.setdefault(self._row, {})[a["data-measure"]] = a["data-value"]
        if tag == "span" and a.get("id") == "status":
            self._in_status = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_status = False
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_status:
            self.status += data


def shown(value: Any) -> str:
    return "" if value is None else str(value)


def test_the_dashboard_draws_the_figures_the_api_returned(api, make_user, served, tmp_path):
    w = world(api, make_user)
    mid = w.module("ideas", title="Riverside park")
    quiet = w.module("ideas", title="Quiet corner")
    people = [make_user() for _ in range(7)]
    first = None
    for n, (_, token) in enumerate(people):
        c = w.contribute(mid, token, title=f"Idea {n}")
        first = first or c["id"]
        assert api.put(f"/contributions/{first}/upvote", token=token).status_code == 204
        assert api.put(f"/communities/{w.community_id}/follow", token=token).status_code == 204
    # Two people in the quiet module: its figures are suppressed.
    for _, token in people[:2]:
        w.contribute(quiet, token, title="Small")
    run_queues()
    expected = api.get(f"/communities/{w.community_id}/analytics", token=w.admin).json
    assert expected["totals"]["participants"] == 7

    page = f"{served}/communities/{w.community_id}/analytics/dashboard#token={w.admin}"
    charts = Charts()
    charts.feed(render(page, tmp_path))
    assert charts.state == "ready", charts.status

    for measure in ("participants", "contributions", "upvotes", "comments"):
        drawn = charts.charts[f"daily-{measure}"]
        assert drawn["points"] == {d["date"]: shown(d[measure]) for d in expected["days"]}
        if measure != "participants":
            assert drawn["total"] == shown(expected["period"][measure])
    # Today's contributions: the community's 9 from 7 people are shown, but the quiet
    # module's 2 hide the busy one's figure in the module table (subtraction).
    today = expected["days"][-1]
    assert charts.charts["daily-contributions"]["points"][today["date"]] == "9"
    followers = charts.charts["followers"]["points"]
    assert followers == {d["date"]: shown(d["followers"]) for d in expected["days"]}
    assert followers[today["date"]] == "7"
    modules = charts.charts["modules"]["points"]
    assert modules == {m["id"]: shown(m["participants"]) for m in expected["modules"]}
    assert modules[quiet] == "" and quiet in charts.charts["modules"]["suppressed"]
    assert charts.cells[mid]["contributions"] == shown(
        next(m for m in expected["modules"] if m["id"] == mid)["contributions"])
    top = charts.charts["top"]["points"]
    assert top == {c["id"]: str(c["engagement"]) for c in expected["top_contributions"]}
    assert top[first] == "7"
    totals = charts.charts["totals"]["points"]
    assert totals == {"participants": "7", "followers": "7"}


def test_the_dashboard_says_when_the_token_is_refused(api, make_user, served, tmp_path):
    w = world(api, make_user)
    _, outsider = make_user()
    page = f"{served}/communities/{w.community_id}/analytics/dashboard#token={outsider}"
    charts = Charts()
    charts.feed(render(page, tmp_path))
    assert charts.state == "error"
    assert charts.status.startswith("403")
    assert not charts.charts


def test_the_page_loads_nothing_from_elsewhere(api):
    answer = api.client.http.get("/communities/01ARZ3NDEKTSV4RRFFQ69G5FAV/analytics/dashboard")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/html")
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = answer.body.decode()
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    json.dumps(policy)
