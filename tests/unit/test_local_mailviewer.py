"""The local mail viewer: messages decoded whatever their transfer encoding, links clickable,
the RFC 8058 headers shown with the one-click POST, the HTML part sandboxed so that a
message can run no script, and the announcement line carrying no token."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest

from chalicelib.platform.aws import mail
from local import mailviewer
from local.launch import free_port

TOKEN = "s3cr3t-T0k3n-" * 8  # long enough for quoted-printable to cut it
LINK = f"http://localhost:3000/confirm?token={TOKEN}"
UNSUBSCRIBE = "http://127.0.0.1:8000/notifications/unsubscribe/abc"


def _message(**headers: str) -> bytes:
    """As mail.build makes it for SES: quoted-printable bodies, links cut by soft breaks."""
    built = mail.build(mail.Mail(
        to="ada@example.org", subject="Confirmez votre adresse",
        text=f"Bonjour Ada, cliquez ici :\n{LINK}\nMerci.",
        html=f'<p>Bonjour <b>Ada</b></p><p><a href="{LINK}">Confirmer</a></p>'
             '<script>alert("mail")</script><img src="https://tracker.example/p.gif">',
        headers=headers), "Agora <no-reply@agora.test>")
    raw = built.as_bytes()
    assert b"=\n" in raw or b"=\r\n" in raw  # the case this viewer exists for
    return raw


def test_decode_undoes_the_transfer_encoding_and_finds_every_link():
    decoded = mailviewer.decode(_message(**{"List-Unsubscribe": f"<{UNSUBSCRIBE}>",
                                            "List-Unsubscribe-Post":
                                                "List-Unsubscribe=One-Click"}))
    assert decoded.header("Subject") == "Confirmez votre adresse"
    assert LINK in decoded.text and "Merci." in decoded.text
    assert f'href="{LINK}"' in decoded.html
    assert decoded.links == [LINK]
    assert decoded.unsubscribe_urls == [UNSUBSCRIBE] and decoded.one_click


def test_linkify_escapes_text_and_makes_links_clickable():
    html = mailviewer.linkify(f"<b>hi</b> & see {LINK}.")
    assert html.startswith("&lt;b&gt;hi&lt;/b&gt; &amp; see ")
    assert f'<a href="{LINK}" target="_blank" rel="noopener noreferrer">{LINK}</a>.' in html


def test_the_message_page_shows_headers_links_and_a_sandboxed_html_part():
    raw = _message(**{"List-Unsubscribe": f"<{UNSUBSCRIBE}>",
                      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    page = mailviewer.render_message("20260101T000000-X.eml", mailviewer.decode(raw))
    assert "<script>" not in page  # the HTML part is not inlined
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page
    assert 'src="/messages/20260101T000000-X.eml/html"' in page
    assert f'<a href="{LINK}"' in page
    assert "List-Unsubscribe-Post" in page and "List-Unsubscribe=One-Click" in page
    assert f'<form method="post" action="{UNSUBSCRIBE}"' in page
    assert '<input type="hidden" name="List-Unsubscribe" value="One-Click">' in page


def test_account_mail_says_it_has_no_unsubscribe_header():
    page = mailviewer.render_message("x.eml", mailviewer.decode(_message()))
    assert "No List-Unsubscribe header" in page and "<form" not in page


@pytest.fixture
def viewer(tmp_path):
    (tmp_path / "20260101T000000-A.eml").write_bytes(_message(**{
        "List-Unsubscribe": f"<{UNSUBSCRIBE}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}))
    server = mailviewer.serve(tmp_path, "127.0.0.1", free_port())
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_viewer_serves_the_list_the_message_and_its_parts(viewer):
    status, headers, body = _get(viewer + "/")
    assert status == 200 and "Confirmez votre adresse" in body
    assert 'href="/messages/20260101T000000-A.eml"' in body
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none'

    status, headers, body = _get(viewer + "/messages/20260101T000000-A.eml")
    assert status == 200 and LINK in body
    assert "form-action http://127.0.0.1:8000" in headers["Content-Security-Policy"]

    status, headers, body = _get(viewer + "/messages/20260101T000000-A.eml/html")
    policy = headers["Content-Security-Policy"]
    assert status == 200 and policy.startswith("sandbox ") and "default-src 'none'" in policy
    assert "allow-scripts" not in policy and "img-src data:" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body.startswith('<base target="_blank">') and "Confirmer" in body

    status, headers, body = _get(viewer + "/messages/20260101T000000-A.eml/raw")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("path", ["/messages/..%2F..%2Fetc%2Fpasswd",
                                  "/messages/../secret.eml", "/messages/missing.eml",
                                  "/messages/.hidden.eml", "/elsewhere"])
def test_nothing_but_outbox_messages_is_served(viewer, path):
    assert _get(viewer + path)[0] == 404


def test_each_new_message_is_announced_once_by_its_page_never_its_links(tmp_path, capsys):
    (tmp_path / "20260101T000000-OLD.eml").write_bytes(_message())
    stop = threading.Event()
    announcer = threading.Thread(target=mailviewer.announce,
                                 args=(tmp_path, "http://127.0.0.1:8025", stop,
                                       mailviewer.present(tmp_path), 0.05))
    announcer.start()
    out = ""
    try:
        name = mail.send(mail.Mail(to="ada@example.org", subject="Confirm your address",
                                   text=f"Go to {LINK}"),
                         via=mail.OutboxTransport(str(tmp_path)))
        for _ in range(200):
            out += capsys.readouterr().out
            if f"/messages/{name}" in out:
                break
            stop.wait(0.05)
        stop.wait(0.2)  # a second look finds nothing new to announce
    finally:
        stop.set()
        announcer.join()
    out += capsys.readouterr().out
    announced = [line for line in out.splitlines() if "/messages/" in line]
    assert announced == [f"      http://127.0.0.1:8025/messages/{name}"]
    assert "mail: Confirm your address" in out
    assert TOKEN not in out and "OLD" not in out
