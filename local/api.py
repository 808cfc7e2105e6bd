"""`chalice local` for `make run`, with an access log that never shows a query string.

The same server `chalice local --no-autoreload` builds (chalice.local.LocalDevServer over the
stage's config), with two differences: its access log line keeps the path but not the query
(links carry `?token=`, the SSO callback `?code=&state=`: secrets that must not reach a log),
and it accepts a longer listen backlog than http.server's 5 (a browser opening a page sends
more requests at once than that). Not deployed."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# A query string in a request line or an error message: up to the next space or quote.
QUERY_RE = re.compile(r"\?[^\s\"']*")


def scrub(line: str) -> str:
    """The line without any query string: `GET /confirm?token=abc HTTP/1.1` -> `GET /confirm?…`."""
    return QUERY_RE.sub("?…", line)


def _handler_class() -> type:
    from chalice.local import ChaliceRequestHandler

    class QuietQueryHandler(ChaliceRequestHandler):  # type: ignore[misc]
        def _send_error_response(self, error: Any) -> None:
            """`chalice local` answers a path no route has with API Gateway's 403 "Missing
            Authentication Token"; the deployed API answers 404 problem+json."""
            from chalicelib.platform.http.methods import HEADERS, not_found_body

            if getattr(error, "CODE", None) == 403:
                self._send_http_response(404, dict(HEADERS), not_found_body())
                return
            super()._send_error_response(error)

        def __getattr__(self, name: str) -> Any:
            # http.server answers 501 HTML to a method it has no `do_` for (TRACE, QUERY...).
            if name.startswith("do_"):
                return self._other_method
            raise AttributeError(name)

        def _other_method(self) -> None:
            from chalicelib.platform.http.methods import (
                HEADERS,
                allowed_for,
                not_allowed,
                not_found_body,
            )

            length = int(self.headers.get("Content-Length") or 0)
            if length:  # read it, or it would be taken for the connection's next request
                self.rfile.read(min(length, 1 << 20))
            allow = allowed_for(self.path)
            if allow is None:
                self._send_http_response(404, dict(HEADERS), not_found_body())
                return
            answer = not_allowed(allow)
            self._send_http_response(405, dict(answer.headers), answer.body)

        def log_message(self, format: str, *args: Any) -> None:
            line = scrub(format % args)
            sys.stderr.write(f"{self.address_string()} - - [{self.log_date_time_string()}] "
                             f"{line}\n")

    return QuietQueryHandler


def _server_class() -> type:
    from chalice.local import ThreadedHTTPServer

    class Server(ThreadedHTTPServer):  # type: ignore[misc]
        request_queue_size = 64

    return Server


def create_server(stage: str, host: str, port: int) -> Any:
    from chalice import local
    from chalice.cli.factory import CLIFactory
    from chalice.deploy.validate import validate_routes

    os.environ["AWS_CHALICE_CLI_MODE"] = "true"  # as the chalice CLI sets it
    factory = CLIFactory(str(ROOT), environ=os.environ)
    config = factory.create_config_obj(chalice_stage_name=stage)
    app = config.chalice_app
    validate_routes(app.routes)
    # What chalice.local.create_local_server does, with our handler and server classes.
    local.CustomLocalChalice.__bases__ = (local.LocalChalice, app.__class__)
    app.__class__ = local.CustomLocalChalice
    return local.LocalDevServer(app, config, host, port, handler_cls=_handler_class(),
                                server_cls=_server_class())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--stage", default="local")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    # As `chalice local` does: the app's log lines go to stdout, as in Lambda.
    logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(message)s")
    for chatty in ("botocore", "pynamodb"):  # "Found credentials..." for every connection
        logging.getLogger(chatty).setLevel(logging.WARNING)
    create_server(args.stage, args.host, args.port).serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
