"""The local mail viewer: every email the platform wrote to the outbox, as a page.

`make run` serves it on 127.0.0.1:$AGORA_MAIL_VIEWER_PORT (8025): a list of messages, newest
first, and each message decoded (quoted-printable and base64 undone) with its headers, the
RFC 8058 List-Unsubscribe headers (with the one-click POST a mail client would send), its
links, its text and its HTML. It prints one plain line per new email, with a link to the
message here and never the message's own links (they carry tokens; the page shows them).

Why not maildev or aws-ses-v2-local: both need Node on `make run`'s path and a transport of
their own (SMTP, or SES sent to another endpoint), keep mail in memory only (aws-ses-v2-local;
lost at every stop) and show neither List-Unsubscribe header (aws-ses-v2-local keeps subject,
addresses and bodies). This reads the outbox the platform already writes, which lives with
the rest of the local state. Only the standard library; not deployed.

The HTML part is served on its own, with a sandboxing Content-Security-Policy, inside a
sandboxed iframe: a message's markup can neither run script nor load anything."""

from __future__ import annotations

import email
import html
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

NAME_RE = re.compile(r"^[A-Za-z0-9][\w.-]*\.eml$")
LINK_RE = re.compile(r"https?://[^\s<>\"']+")
LIST_LIMIT = 500
PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")
# The message's HTML: no script, no request of any kind; links open in a new tab.
PART_CSP = ("sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:; form-action 'none'")
SHOWN_FIRST = ("From", "To", "Subject", "Date")
UNSUBSCRIBE_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post")


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


@dataclass
class Decoded:
    headers: list[tuple[str, str]]
    text: str | None = None
    html: str | None = None
    links: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")

    @property
    def unsubscribe_urls(self) -> list[str]:
        return [u for u in re.findall(r"<([^>]+)>", self.header("List-Unsubscribe"))
                if u.startswith(("http://", "https://"))]

    @property
    def one_click(self) -> bool:
        return self.header("List-Unsubscribe-Post").strip() == "List-Unsubscribe=One-Click"


def _web_links(candidates: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for link in candidates:
        if link.startswith(("http://", "https://")):
            seen.setdefault(link.rstrip(".,;)"), None)
    return list(seen)


def decode(raw: bytes) -> Decoded:
    """Headers, decoded text and HTML bodies, and every web link of a message."""
    message = email.message_from_bytes(raw, policy=default_policy)
    assert isinstance(message, EmailMessage)
    decoded = Decoded(headers=[(k, str(v)) for k, v in message.items()])
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    if text_part is not None:
        decoded.text = text_part.get_content()
    if html_part is not None:
        decoded.html = html_part.get_content()
    found = LINK_RE.findall(decoded.text or "")
    if decoded.html:
        parser = _Hrefs()
        parser.feed(decoded.html)
        found += parser.hrefs
    decoded.links = _web_links(found)
    return decoded


def linkify(text: str) -> str:
    """Escaped text whose web links are clickable."""
    out, last = [], 0
    for match in LINK_RE.finditer(text):
        link = match.group(0).rstrip(".,;)")
        end = match.start() + len(link)
        out.append(html.escape(text[last:match.start()]))
        out.append(_anchor(link))
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def _anchor(url: str, label: str | None = None) -> str:
    return (f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">'
            f"{html.escape(label or url)}</a>")


STYLE = """body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:64rem;padding:1rem;
color:#1b1b1b}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%}
td,th{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #ddd}
th{white-space:nowrap;font-weight:600}pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem;
overflow-wrap:anywhere}iframe{width:100%;height:32rem;border:1px solid #bbb}
code{overflow-wrap:anywhere}.note{color:#555}a{color:#0645ad}"""


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
            f"{html.escape(title)}</title><style>{STYLE}</style></head><body>{body}"
            "</body></html>")


def render_index(folder: Path) -> str:
    rows = []
    for name in list(_names(folder))[:LIST_LIMIT]:
        try:
            with open(folder / name, "rb") as source:
                headers = BytesHeaderParser(policy=default_policy).parse(source)
        except OSError:
            continue
        rows.append(f'<tr><td>{html.escape(str(headers["Date"] or ""))}</td>'
                    f'<td>{html.escape(str(headers["To"] or ""))}</td>'
                    f'<td><a href="/messages/{html.escape(name)}">'
                    f'{html.escape(str(headers["Subject"] or "(no subject)"))}</a></td></tr>')
    table = ("<table><thead><tr><th>Date</th><th>To</th><th>Subject</th></tr></thead><tbody>"
             + "".join(rows) + "</tbody></table>") if rows else (
        '<p class="note">No email yet. Every email the platform sends appears here.</p>')
    return _page("Agora mail", f"<h1>Agora mail</h1><p class=note>{html.escape(str(folder))}"
                 f"</p>{table}")


def render_message(name: str, decoded: Decoded) -> str:
    subject = decoded.header("Subject") or "(no subject)"
    first = "".join(f"<tr><th>{k}</th><td>{html.escape(decoded.header(k))}</td></tr>"
                    for k in SHOWN_FIRST if decoded.header(k))
    parts = [f'<p><a href="/">All mail</a> · <a href="/messages/{name}/raw">raw .eml</a></p>',
             f"<h1>{html.escape(subject)}</h1><table>{first}</table>"]
    parts.append(_unsubscribe_section(decoded))
    if decoded.links:
        parts.append("<h2>Links</h2><ul>" + "".join(
            f"<li>{_anchor(link)}</li>" for link in decoded.links) + "</ul>")
    if decoded.text is not None:
        parts.append(f"<h2>Text</h2><pre>{linkify(decoded.text)}</pre>")
    if decoded.html is not None:
        parts.append(f'<h2>HTML</h2><iframe src="/messages/{name}/html" title="HTML part" '
                     'sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>')
    parts.append("<h2>All headers</h2><table>" + "".join(
        f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(v)}</code></td></tr>"
        for k, v in decoded.headers) + "</table>")
    return _page(subject, "".join(parts))


def _unsubscribe_section(decoded: Decoded) -> str:
    values = [(k, decoded.header(k)) for k in UNSUBSCRIBE_HEADERS if decoded.header(k)]
    if not values:
        return ('<h2>Unsubscribe</h2><p class="note">No List-Unsubscribe header '
                "(account emails have none).</p>")
    rows = "".join(f"<tr><th>{k}</th><td><code>{html.escape(v)}</code></td></tr>"
                   for k, v in values)
    forms = "".join(
        f'<form method="post" action="{html.escape(url)}" target="_blank">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">One-click unsubscribe (POST, as a mail client would)</button>'
        "</form>" for url in decoded.unsubscribe_urls) if decoded.one_click else ""
    return f"<h2>Unsubscribe (RFC 8058)</h2><table>{rows}</table>{forms}"


def _names(folder: Path) -> Iterator[str]:
    """Message file names, newest first (they start with their time)."""
    try:
        names = [p.name for p in folder.iterdir() if NAME_RE.match(p.name)]
    except FileNotFoundError:
        return iter(())
    return iter(sorted(names, reverse=True))


def _form_action(decoded: Decoded) -> str:
    origins = sorted({f"{u.scheme}://{u.netloc}" for u in map(urlsplit,
                                                               decoded.unsubscribe_urls)})
    return f"; form-action {' '.join(origins)}" if origins and decoded.one_click else (
        "; form-action 'none'")


class Handler(BaseHTTPRequestHandler):
    folder: Path = Path(".local/outbox")

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/":
            return self._send(200, render_index(self.folder), PAGE_CSP + "; form-action 'none'")
        match = re.fullmatch(r"/messages/([^/]+?)(/html|/raw)?", path)
        if not match or not NAME_RE.match(match.group(1)):
            return self._send(404, _page("Not found", "<h1>Not found</h1>"), PAGE_CSP)
        name, view = match.group(1), match.group(2)
        try:
            raw = (self.folder / name).read_bytes()
        except OSError:
            return self._send(404, _page("Not found", "<h1>No such message</h1>"), PAGE_CSP)
        if view == "/raw":
            return self._send(200, raw.decode("utf-8", "replace"), PAGE_CSP,
                              "text/plain; charset=utf-8")
        decoded = decode(raw)
        if view == "/html":
            return self._send(200, '<base target="_blank">' + (decoded.html or ""), PART_CSP)
        return self._send(200, render_message(name, decoded), PAGE_CSP + _form_action(decoded))

    def _send(self, status: int, body: str, csp: str,
              content_type: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a local page for one person: no access log


def serve(folder: Path, host: str, port: int) -> ThreadingHTTPServer:
    """The viewer, answering in a background thread until `.shutdown()`."""
    handler = type("OutboxHandler", (Handler,), {"folder": folder})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                     name="mail-viewer").start()
    return server


def present(folder: Path) -> set[str]:
    """The messages already in the outbox: `announce` leaves them alone. Taken by the caller
    before the announcer's thread starts, so that a message sent meanwhile is still new."""
    return set(_names(folder))


def announce(folder: Path, base_url: str, stop: threading.Event, seen: set[str],
             every: float = 0.5) -> None:
    """Print one plain line per message not in `seen`: its subject and its page here. Never
    its own links: they carry tokens, and terminals end up in logs."""
    seen = set(seen)
    while not stop.wait(every):
        for name in sorted(set(_names(folder)) - seen):
            seen.add(name)
            try:
                with open(folder / name, "rb") as source:
                    headers = BytesHeaderParser(policy=default_policy).parse(
                        source)
            except OSError:
                continue
            print(f"mail: {headers['Subject'] or '(no subject)'}\n      {base_url}/messages/"
                  f"{name}", flush=True)
