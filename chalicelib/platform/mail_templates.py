"""Email templates (Jinja2), one folder per locale under chalicelib/templates/<locale>/.

A template `<name>.txt` starts with a `Subject: ...` line; an optional `<name>.html` is the
HTML part (autoescaped). Missing locales fall back to English."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FALLBACK = "en"


@lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def exists(name: str, locale: str) -> bool:
    return (TEMPLATES / locale / f"{name}.txt").exists()


def render(name: str, locale: str, **context: Any) -> tuple[str, str, str | None]:
    """(subject, text, html or None) of template `name` in `locale` (or English)."""
    lang = locale if exists(name, locale) else FALLBACK
    text = _env().get_template(f"{lang}/{name}.txt").render(**context)
    first, _, rest = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"template {lang}/{name}.txt must start with 'Subject:'")
    html = None
    if (TEMPLATES / lang / f"{name}.html").exists():
        html = _env().get_template(f"{lang}/{name}.html").render(**context)
    return first.removeprefix("Subject:").strip(), rest.lstrip("\n"), html
