"""`make run`'s API (local/api.py): its access log keeps the method, path and status of each
request but never a query string, where links carry their tokens and the SSO callback its
code and state."""

from __future__ import annotations

import pytest

from local import api


@pytest.mark.parametrize(("line", "logged"), [
    ('"GET /auth/sso/facebook/callback?code=abc&state=xyz HTTP/1.1" 302 -',
     '"GET /auth/sso/facebook/callback?… HTTP/1.1" 302 -'),
    ('"GET /confirm?token=s3cr3t HTTP/1.1" 200 -', '"GET /confirm?… HTTP/1.1" 200 -'),
    ("code 400, message Bad request syntax ('GET /x?token=s3cr3t HTTP/1.1')",
     "code 400, message Bad request syntax ('GET /x?… HTTP/1.1')"),
    ('"GET /modules/M1/contributions HTTP/1.1" 200 -',
     '"GET /modules/M1/contributions HTTP/1.1" 200 -'),
])
def test_scrub_drops_query_strings(line, logged):
    assert api.scrub(line) == logged


def test_the_access_log_of_the_server_is_scrubbed(capsys):
    handler_class = api._handler_class()
    handler = handler_class.__new__(handler_class)  # no socket: only its logging is tested
    handler.client_address = ("127.0.0.1", 50000)
    handler.requestline = "GET /reset-password?token=s3cr3t HTTP/1.1"
    handler.log_request(200)
    handler.log_error("code %d, message %s", 400, "Bad request ('/x?code=abc')")
    logged = capsys.readouterr().err
    assert "GET /reset-password?… HTTP/1.1" in logged and '" 200 -' in logged
    assert "s3cr3t" not in logged and "abc" not in logged


def test_the_server_is_chalice_local_with_a_longer_backlog():
    from chalice.local import ThreadedHTTPServer

    server_class = api._server_class()
    assert issubclass(server_class, ThreadedHTTPServer)
    assert server_class.request_queue_size > 5
