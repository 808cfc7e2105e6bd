"""Outgoing email.

`send()` builds an RFC 5322 message and hands it to a transport: SES in AWS (and in tests,
through moto), or, in the local stage, an outbox folder of `.eml` files that a person can
open to click a confirmation link. Only ids and file names are logged, never addresses or
links (they carry tokens).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as _default_policy
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol

# RFC 5322 allows 998 characters a line; folding at 78 would encode a long header that has no
# space to fold at (a List-Unsubscribe URL) as an RFC 2047 word, which no client reads.
POLICY = _default_policy.clone(max_line_length=998)


# SES's answers that no retry can change for this message's recipient (a throttle, an outage
# or a timeout is retried instead).
REJECTED = {"MessageRejected", "InvalidParameterValue"}


class Undeliverable(Exception):
    """The mail service refused this message for good (the recipient's address, say): record
    it for the person and go on with the others."""


@dataclass
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    category: str = "account"


class Transport(Protocol):
    def deliver(self, message: EmailMessage, mail: Mail) -> str: ...


class SESTransport:
    def deliver(self, message: EmailMessage, mail: Mail) -> str:
        from botocore.exceptions import ClientError

        from chalicelib.platform.aws.clients import client

        try:
            answer = client("ses").send_raw_email(
                Source=str(message["From"]), Destinations=[mail.to],
                RawMessage={"Data": message.as_bytes()},
            )
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in REJECTED:
                raise Undeliverable(err.response["Error"]["Code"]) from None
            raise
        return str(answer["MessageId"])


class OutboxTransport:
    """Local stage only: every message becomes a file under the outbox folder."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def deliver(self, message: EmailMessage, mail: Mail) -> str:
        from chalicelib.platform import clock, ids

        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = clock.now_dt().strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{stamp}-{ids.new_id()}.eml"
        # A person opens the file and copies a link from it: text parts in 8bit, so a link is
        # one unbroken line (quoted-printable cuts it with soft breaks and writes = as =3D).
        for part in message.walk():
            if part.get_content_maintype() == "text":
                part.set_content(part.get_content(), subtype=part.get_content_subtype(),
                                 cte="8bit")
        partial = path.with_suffix(".tmp")  # whoever lists the folder sees whole files only
        partial.write_bytes(message.as_bytes())
        partial.replace(path)
        from chalicelib.platform.log import logger

        # The name only: the links carry tokens (the local mail viewer shows them).
        logger.info("mail written to outbox", extra={"file": path.name})
        return path.name


def build(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="agora.local")
    for name, value in mail.headers.items():
        message[name] = value
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    message.policy = POLICY  # bodies were encoded as before; headers fold when written
    return message


def transport() -> Transport:
    from chalicelib.platform.config import settings

    cfg = settings()
    if cfg.mail_transport == "outbox":
        return OutboxTransport(cfg.outbox_dir)
    return SESTransport()


def send(mail: Mail, via: Transport | None = None) -> str:
    from chalicelib.platform.config import settings
    from chalicelib.platform.log import logger

    message = build(mail, settings().mail_from)
    message_id = (via or transport()).deliver(message, mail)
    logger.info("mail sent", extra={"category": mail.category, "message_id": message_id})
    return message_id
