"""Mail: the outbox transport writes RFC 5322 files and logs subject and links, never the
address; the SES transport sends through SES."""

from __future__ import annotations

import email

from chalicelib.platform.aws import mail


def test_outbox_writes_an_eml_and_logs_links_not_addresses(tmp_path, capsys):
    message = mail.Mail(to="alice@example.org", subject="Confirm your address",
                        text="Click https://app.agora.test/confirm?token=abc to confirm.",
                        headers={"List-Unsubscribe": "<https://x.test/u>"})
    mail.send(message, via=mail.OutboxTransport(str(tmp_path)))
    files = list(tmp_path.glob("*.eml"))
    assert len(files) == 1
    parsed = email.message_from_bytes(files[0].read_bytes())
    assert parsed["To"] == "alice@example.org"
    assert parsed["Subject"] == "Confirm your address"
    assert parsed["Message-ID"] and parsed["Date"]
    assert parsed["List-Unsubscribe"] == "<https://x.test/u>"
    logged = capsys.readouterr().out
    assert "https://app.agora.test/confirm?token=abc" in logged
    assert "alice@example.org" not in logged


def test_ses_transport_sends(aws, sent_mail):
    mail.send(mail.Mail(to="bob@example.org", subject="Hello", text="Hi", html="<p>Hi</p>"))
    sent = sent_mail()
    assert len(sent) == 1 and sent[0]["Subject"] == "Hello"
