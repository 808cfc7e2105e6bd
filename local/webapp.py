"""The citizen web app on loopback: web/build as static files, with the SPA fallback
(every path that is no file answers index.html) and the runtime configuration /config.json
(where the API is), behind the same headers CloudFront sends in production (infra/web.py):
a strict CSP (script-src 'self'), nosniff, a referrer policy and X-Robots-Tag noindex.
Social crawlers asking for a public page get the API's link preview, as CloudFront's
function sends them there (infra/previews.py).

    python -m local.webapp [--port 3000] [--build web/build] [--api http://127.0.0.1:8000]

`make run` starts it (local/run.py). Not deployed."""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import mimetypes
import os
import re
import signal
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from infra.previews import CRAWLERS, PAGE_PATTERN

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
FALLBACK = "index.html"
IMMUTABLE = "/_app/immutable/"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


_PAGE = re.compile(PAGE_PATTERN)
_CRAWLER = re.compile("|".join(CRAWLERS), re.IGNORECASE)


def preview_path(path: str, agent: str) -> str | None:
    """The API's preview of a page for a social crawler (as CloudFront's function), or None."""
    page = _PAGE.match(path)
    if page is None or not _CRAWLER.search(agent or ""):
        return None
    return f"/previews/{page.group(1)}/{page.group(2)}"


def fetch_preview(api_url: str, path: str, accept_language: str) -> bytes | None:
    """The preview page, or None when there is none (404: the SPA answers, as on CloudFront)."""
    from urllib.error import URLError
    from urllib.request import Request, urlopen

    request = Request(api_url.rstrip("/") + path,
                      headers={"Accept-Language": accept_language or "en"})
    try:
        with urlopen(request, timeout=5) as answer:
            return answer.read() if answer.status == 200 else None
    except (URLError, OSError):
        return None


def runtime_config(api_url: str, map_tiles_url: str = "", stage: str = "local",
                   facebook: bool = False) -> dict[str, object]:
    """The same shape as the deploy's /config.json (infra/web.py), plus whether Facebook
    sign-in is configured (the API cannot be asked)."""
    return {"api_url": api_url.rstrip("/"), "stage": stage, "map_tiles_url": map_tiles_url,
            "facebook": facebook}


def style_attribute_hashes(build: Path) -> list[str]:
    """The hashes of the few inline style attributes SvelteKit renders itself (its route
    announcer), which web/scripts/check-build.mjs publishes in _app/csp.json."""
    try:
        data = json.loads((build / "_app" / "csp.json").read_text())
    except (OSError, ValueError):
        return []
    return [h for h in data.get("style_attribute_hashes", []) if isinstance(h, str)
            and h.startswith("'sha256-") and h.endswith("'")]


def content_security_policy(api_url: str, media_origins: list[str],
                            map_tiles_url: str = "", style_hashes: list[str] | None = None
                            ) -> str:
    tiles = _origin(map_tiles_url)
    style = " ".join(["'self'", *(["'unsafe-hashes'", *style_hashes] if style_hashes else [])])
    media = " ".join(o for o in media_origins if o)
    img = " ".join(x for x in ("'self' data: blob:", media, tiles) if x)
    connect = " ".join(x for x in ("'self'", _origin(api_url), media) if x)
    return (f"default-src 'self'; script-src 'self'; style-src {style}; "
            f"img-src {img}; connect-src {connect}; "
            "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'")


class Site:
    def __init__(self, build: Path, config: dict[str, object], csp: str) -> None:
        self.build = build.resolve()
        self.api_url = str(config.get("api_url", ""))
        self.config = json.dumps(config).encode()
        self.headers = {
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "X-Frame-Options": "DENY",
            "X-Robots-Tag": "noindex, nofollow",
            "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
            "Cross-Origin-Opener-Policy": "same-origin",
        }

    @functools.lru_cache(maxsize=256)  # noqa: B019 (one Site per server, kept all along)
    def gzip(self, body: bytes) -> bytes:
        return gzip.compress(body, compresslevel=6, mtime=0)

    def resolve(self, path: str) -> tuple[Path | None, bool]:
        """The file for a URL path, and whether it is the SPA fallback."""
        relative = unquote(path).lstrip("/")
        candidate = (self.build / relative).resolve()
        if (candidate.is_file() and candidate.is_relative_to(self.build)):
            return candidate, False
        if relative.startswith("_app/") or Path(relative).suffix in {".js", ".css", ".map"}:
            return None, False  # a missing asset is a 404, never the page
        fallback = self.build / FALLBACK
        return (fallback if fallback.is_file() else None), True


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "agora-web"
        protocol_version = "HTTP/1.1"  # keep-alive: a page's few dozen files on few connections
        sys_version = ""

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: `make run` prints what matters

        def _send(self, status: int, body: bytes, content_type: str, cache: str) -> None:
            compressible = content_type.startswith(("text/", "application/json",
                                                    "image/svg+xml"))
            gzipped = (compressible and len(body) > 512
                       and "gzip" in self.headers.get("Accept-Encoding", ""))
            if gzipped:  # as CloudFront compresses: the figures measured here hold there
                body = site.gzip(body)
            self.send_response(status)
            if compressible:
                self.send_header("Vary", "Accept-Encoding")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", cache)
            for name, value in site.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/config.json":
                self._send(200, site.config, "application/json", "no-cache")
                return
            preview = preview_path(path, self.headers.get("User-Agent", ""))
            page = preview and fetch_preview(site.api_url, preview,
                                             self.headers.get("Accept-Language", ""))
            if page:
                self._send(200, page, "text/html; charset=utf-8", "no-cache")
                return
            file, fallback = site.resolve(path)
            if file is None:
                self._send(404, b"not found\n", "text/plain; charset=utf-8", "no-cache")
                return
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in {"application/javascript", "text/javascript"}:
                kind += "; charset=utf-8"
            cache = ("public, max-age=31536000, immutable" if path.startswith(IMMUTABLE)
                     and not fallback else "no-cache")
            self._send(200, file.read_bytes(), kind, cache)

        do_HEAD = do_GET

        def do_POST(self) -> None:
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"", "text/plain", "no-cache")

    return Handler


def serve(build: Path, host: str, port: int, *, api_url: str, media_origins: list[str],
          map_tiles_url: str = "", facebook: bool = False) -> ThreadingHTTPServer:
    """Serves in a daemon thread; `.shutdown()` stops it."""
    site = Site(build, runtime_config(api_url, map_tiles_url, facebook=facebook),
                content_security_policy(api_url, media_origins, map_tiles_url,
                                        style_attribute_hashes(build)))
    server = ThreadingHTTPServer((host, port), handler_for(site))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True, name="webapp").start()
    return server


def main() -> int:
    mimetypes.add_type("text/javascript", ".js")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=HOST)
    parser.add_argument("--port", type=int, default=int(os.environ.get("AGORA_WEB_PORT", "3000")))
    parser.add_argument("--build", type=Path, default=ROOT / "web" / "build")
    parser.add_argument("--api", default=os.environ.get(
        "AGORA_API_URL", f"http://{HOST}:{os.environ.get('AGORA_API_PORT', '8000')}"))
    parser.add_argument("--media", action="append", default=None,
                        help="an origin uploads and media come from (repeatable)")
    parser.add_argument("--tiles", default=os.environ.get("AGORA_MAP_TILES_URL", ""))
    parser.add_argument("--build-if-changed", action="store_true",
                        help="build web/ when its sources changed, then exit (never fails)")
    args = parser.parse_args()
    if args.build_if_changed:
        problem = build_if_changed()
        print(f"web app: {problem}" if problem else "web app: build ready", flush=True)
        return 0
    media = args.media or [f"http://{HOST}:{os.environ.get('AGORA_EMULATOR_PORT', '4566')}"]
    server = serve(args.build, args.host, args.port, api_url=args.api, media_origins=media,
                   map_tiles_url=args.tiles,
                   facebook=bool(os.environ.get("AGORA_SSO_FACEBOOK_CLIENT_ID")))
    print(f"web app on http://{args.host}:{args.port} (API {args.api})", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    server.shutdown()
    return 0




# -- `make run` ---------------------------------------------------------------------------

WEB = ROOT / "web"
SOURCES = ("src", "static", "package.json", "package-lock.json", "svelte.config.js",
           "vite.config.ts", "tsconfig.json", "scripts")


def _newest(paths: list[Path]) -> float:
    newest = 0.0
    for path in paths:
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            for file in path.rglob("*"):
                if file.is_file():
                    newest = max(newest, file.stat().st_mtime)
    return newest


def build_if_changed(web: Path = WEB) -> str | None:
    """Builds web/ when its sources are newer than its build (npm ci first when the lock
    changed). None when the build is ready, else why there is no web app."""
    import shutil
    import subprocess

    if not (web / "package.json").is_file():
        return "no web app in web/"
    index = web / "build" / "index.html"
    if index.is_file() and index.stat().st_mtime >= _newest([web / s for s in SOURCES]):
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is missing: install Node.js 20 or later to build web/"
    env = dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
    lock, installed = web / "package-lock.json", web / "node_modules" / ".package-lock.json"
    steps = [[npm, "run", "build"]]
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        steps.insert(0, [npm, "ci", "--no-audit", "--no-fund"])
    print("building the web app (its sources changed)…", flush=True)
    for step in steps:
        done = subprocess.run(step, cwd=web, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            return f"`{' '.join(step[1:])}` failed in web/:\n{(done.stdout + done.stderr)[-1500:]}"
    return None


def start_for_run(host: str, port: int, *, api_url: str, emulator_url: str | None
                  ) -> tuple[ThreadingHTTPServer | None, str]:
    """The web app beside `make run`'s API (AGORA_WEB=0 turns it off): the server (or None)
    and the line the banner prints. Serving only: `make run` builds first when the sources
    changed (`python -m local.webapp --build-if-changed`), `python -m local.run` alone never
    runs npm."""
    if os.environ.get("AGORA_WEB", "1") == "0":
        return None, "off (AGORA_WEB=0)"
    if not (WEB / "build" / FALLBACK).is_file():
        return None, "not built (`make run` builds web/ when npm is there)"
    try:
        server = serve(WEB / "build", host, port, api_url=api_url,
                       media_origins=[emulator_url] if emulator_url else [],
                       map_tiles_url=os.environ.get("AGORA_MAP_TILES_URL", ""),
                       facebook=bool(os.environ.get("AGORA_SSO_FACEBOOK_CLIENT_ID")))
    except OSError as err:
        return None, f"not started: {host}:{port}: {err.strerror}"
    return server, f"http://{host}:{port}"


mimetypes.add_type("text/javascript", ".js")

if __name__ == "__main__":
    raise SystemExit(main())
