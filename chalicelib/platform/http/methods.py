"""Unknown paths answer 404 and methods a path lacks 405 with `Allow`, as problem+json, behind
every door: the app registers a 405 answer for each method a path lacks (so that API Gateway
routes them to the function rather than answering its own 403), the middleware adds `Allow`
to the 405 Chalice itself produces (HEAD, TRACE), and `chalice local` (local/api.py) and the
function URL (function_url.py) answer 404 for a path no route has."""

from __future__ import annotations

import json
import re
from typing import Any

from chalice import Response

from chalicelib.platform.http.problems import PROBLEM_TYPE, problem

HEADERS = {"Content-Type": PROBLEM_TYPE, "X-Robots-Tag": "noindex, nofollow"}


def methods_by_path() -> dict[str, set[str]]:
    from chalicelib.platform.http.routing import OPERATIONS

    by_path: dict[str, set[str]] = {}
    for op in OPERATIONS:
        by_path.setdefault(op.path, set()).add(op.method)
    return by_path


def allow_header(methods: set[str]) -> str:
    return ", ".join(sorted(methods | {"OPTIONS"}))


def allowed_for(path: str) -> str | None:
    """`Allow` for a concrete path (`/me/1`), or None when no route has it."""
    clean = path.split("?", 1)[0].rstrip("/") or "/"
    for template, methods in methods_by_path().items():
        pattern = "^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, clean):
            return allow_header(methods)
    return None


def not_allowed(allow: str) -> Response:
    body = problem(405, "method_not_allowed", "Method not allowed",
                   f"This path answers {allow}.")
    return Response(body=json.dumps(body), status_code=405, headers={**HEADERS, "Allow": allow})


def not_found_body() -> str:
    return json.dumps(problem(404, "not_found", "Not found", "No route matches this path."))


def register_other_methods(app: Any) -> None:
    """For each path, a 405 answer to the methods it lacks."""
    from chalicelib.platform.http.routing import JSON_TYPES, METHODS

    for index, (path, methods) in enumerate(sorted(methods_by_path().items())):
        missing = [m for m in METHODS if m not in methods]
        if not missing:
            continue
        allow = allow_header(methods)

        def view(allow: str = allow, **_: str) -> Response:
            return not_allowed(allow)

        view.__name__ = f"method_not_allowed_{index}"
        app.route(path, methods=missing, content_types=JSON_TYPES)(view)
