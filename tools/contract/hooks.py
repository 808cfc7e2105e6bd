"""schemathesis hooks for tools/contract/live.py (loaded through SCHEMATHESIS_HOOKS).

`cursor` is opaque: only a `next_cursor` the API gave is one it takes, and any other string
of the declared shape is rightly refused (400 `cursor`). Requests generated to be valid leave
it out (requests generated to be invalid keep theirs, which the API must refuse); the API's
own cursors are followed by the paging tests of tests/api."""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    meta = getattr(case, "meta", None)
    positive = meta is not None and meta.generation.mode.is_positive
    if positive and case.query and "cursor" in case.query:
        case.query = {k: v for k, v in case.query.items() if k != "cursor"}


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    """A run as a platform admin may publish new terms of use (`POST /terms`): the admin
    then accepts them at once, so that the participation writes generated after it are
    still checked for what they do, not only for their 403 `terms_not_accepted`."""
    if case.method.upper() != "POST" or case.path != "/terms" or response.status_code != 201:
        return
    import json
    import urllib.request

    request = response.request
    base = request.url[: request.url.index("/terms")]
    body = json.dumps({"version": response.json()["version"]}).encode()
    accept = urllib.request.Request(base + "/me/terms/accept", data=body, method="POST", headers={
        "Content-Type": "application/json",
        "Authorization": request.headers.get("Authorization", "")})
    with urllib.request.urlopen(accept, timeout=10):
        pass
