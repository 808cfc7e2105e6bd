"""Mail: the outbox transport writes RFC 5322 files a person can read (8bit text, a link on
one unbroken line) and logs only the file's name, never an address or a link (links carry
tokens); the SES transport sends through SES."""

from __future__ import annotations

import email
from email.policy import default as default_policy

from chalicelib.platform.aws import mail

LINK = "https://app.agora.test/confirm?token=" + "T0k3n-" * 20  # longer than a line


def test_outbox_writes_a_readable_eml_and_logs_neither_links_nor_addresses(tmp_path, capsys):
    message = mail.Mail(to="alice@example.org", subject="Confirmez votre adresse",
                        text=f"Cliquez ici, s'il vous plaît :\n{LINK}\n",
                        html=f'<p><a href="{LINK}">Confirmer</a> é</p>',
                        headers={"List-Unsubscribe": "<https://x.test/u>"})
    mail.send(message, via=mail.OutboxTransport(str(tmp_path)))
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and files[0].suffix == ".eml"  # no partial file left behind
    raw = files[0].read_bytes()
    assert LINK.encode() in raw and b"=3D" not in raw  # no quoted-printable
    parsed = email.message_from_bytes(raw, policy=default_policy)
    assert parsed["To"] == "alice@example.org"
    assert parsed["Subject"] == "Confirmez votre adresse"
    assert parsed["Message-ID"] and parsed["Date"]
    assert parsed["List-Unsubscribe"] == "<https://x.test/u>"
    assert {p.get_content_type(): p["Content-Transfer-Encoding"] for p in parsed.iter_parts()
            } == {"text/plain": "8bit", "text/html": "8bit"}
    assert "plaît" in parsed.get_body(("plain",)).get_content()
    logged = capsys.readouterr().out
    assert files[0].name in logged
    assert "token=" not in logged and "alice@example.org" not in logged


def test_ses_transport_sends(aws, sent_mail):
    mail.send(mail.Mail(to="bob@example.org", subject="Hello", text="Hi", html="<p>Hi</p>"))
    sent = sent_mail()
    assert len(sent) == 1 and sent[0]["Subject"] == "Hello"
