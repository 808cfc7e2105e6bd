"""Prints the API's /openapi.json, answered in process by the app itself (chalice.test), so
that `make web-test` can compare the committed types with the live contract without a
running platform. Run from the repository's root: `.venv/bin/python web/scripts/openapi.py`."""

import contextlib
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from chalice.test import Client

with contextlib.redirect_stdout(io.StringIO()):  # the access log goes to stdout
    import app

    with Client(app.app) as client:
        response = client.http.get("/openapi.json")
if response.status_code != 200:
    raise SystemExit(f"/openapi.json answered {response.status_code}")
sys.stdout.write(response.body.decode())
