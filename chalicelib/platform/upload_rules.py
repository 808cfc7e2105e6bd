"""What an upload must be: its real type is read from its first bytes, not from what the
client claimed."""

from __future__ import annotations

from dataclasses import dataclass

SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"%PDF-", 0, "application/pdf"),
)

# Upload kinds: key prefix -> (allowed real types, maximum bytes)
IMAGES = ("image/jpeg", "image/png", "image/webp", "image/gif")
KINDS: dict[str, tuple[tuple[str, ...], int]] = {
    "avatar": (IMAGES, 5 * 1024 * 1024),
    "cover": (IMAGES, 5 * 1024 * 1024),
    "logo": (IMAGES, 5 * 1024 * 1024),
    "attachment": ((*IMAGES, "application/pdf"), 10 * 1024 * 1024),
}


def sniff(head: bytes) -> str | None:
    for signature, offset, content_type in SIGNATURES:
        if head[offset:offset + len(signature)] == signature:
            if content_type == "image/webp" and not head.startswith(b"RIFF"):
                continue
            return content_type
    return None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""
    content_type: str | None = None


def kind_of(key: str) -> str | None:
    """Keys are `<kind>/<owner id>/<upload id>`."""
    kind = key.split("/", 1)[0]
    return kind if kind in KINDS else None


def judge(key: str, size: int, head: bytes) -> Verdict:
    kind = kind_of(key)
    if kind is None:
        return Verdict(False, "unknown upload kind")
    allowed, max_bytes = KINDS[kind]
    if size <= 0 or size > max_bytes:
        return Verdict(False, f"size {size} outside 1..{max_bytes}")
    real = sniff(head)
    if real not in allowed:
        return Verdict(False, f"content is {real or 'unrecognised'}, not one of {allowed}")
    return Verdict(True, content_type=real)
