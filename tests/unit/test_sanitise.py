"""No stored markup can run script in a browser."""

from __future__ import annotations

import pytest

from chalicelib.platform import sanitise
from chalicelib.platform.errors import ValidationFailed

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_rich_text_keeps_no_active_content(attack):
    cleaned = sanitise.rich("ok " + attack)
    lowered = cleaned.lower()
    for bad in ("<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "style="):
        assert bad not in lowered


@pytest.mark.parametrize("attack", ATTACKS)
def test_plain_text_keeps_no_markup_at_all(attack):
    cleaned = sanitise.plain("ok " + attack, max_length=500)
    assert "<" not in cleaned and ">" not in cleaned


def test_plain_text_is_escaped_not_lost():
    assert sanitise.plain("Fish & chips < 5€") == "Fish &amp; chips &lt; 5€"
    assert sanitise.unescaped(sanitise.plain("Fish & chips < 5€")) == "Fish & chips < 5€"


def test_rich_text_keeps_formatting_and_safe_links():
    cleaned = sanitise.rich('<p><strong>Yes</strong> <a href="https://a.example">see</a></p>')
    assert "<strong>Yes</strong>" in cleaned
    assert 'href="https://a.example"' in cleaned and 'rel="noopener noreferrer nofollow"' in cleaned


def test_text_that_is_only_markup_is_refused_naming_the_field():
    with pytest.raises(ValidationFailed) as raised:
        sanitise.rich("<script>alert(1)</script>", "body")
    assert raised.value.errors[0].field == "body"
    with pytest.raises(ValidationFailed):
        sanitise.plain("x" * 201, "title")
