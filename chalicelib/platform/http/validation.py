"""Request bodies and queries checked against their models; pydantic's errors told in the
contract's words (`name.fr: ...`, never `body.constrained-str`)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chalice.app import Request


def parse_json(request: Request, *, required: bool = False) -> Any:
    from chalicelib.platform.config import settings
    from chalicelib.platform.errors import FieldError, PayloadTooLarge, ValidationFailed

    raw = request.raw_body or b""
    limit = settings().max_body_bytes
    if len(raw) > limit:
        raise PayloadTooLarge(f"The body is larger than {limit} bytes.",
                              errors=[FieldError("body", f"at most {limit} bytes")])
    if not raw.strip():
        if required:
            raise ValidationFailed("This operation needs a JSON body.", code="body_required",
                                   errors=[FieldError("body", "is required")])
        return {}
    try:
        from chalicelib.platform import bounded_json

        return bounded_json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed("The body is not valid JSON.", code="invalid_json",
                               errors=[FieldError("body", str(exc)[:200])]) from None


def validate(model_ref: str, data: Any, *, source: str) -> Any:
    """The body or query as its model, or ValidationFailed naming each wrong field. A
    query whose model has only flat rules is checked without pydantic (query_rules)."""
    if source == "query":
        from chalicelib.platform.http import query_rules

        rules = query_rules.rules_for(model_ref)
        if rules is not None:
            return query_rules.parse(rules, data)
    from pydantic import ValidationError

    from chalicelib.platform.http.models import load_model

    model = load_model(model_ref)
    try:
        if source == "query":
            return model.model_validate(data)
        return model.model_validate_json(json.dumps(integral(data)))
    except ValidationError as exc:
        from chalicelib.platform.errors import ValidationFailed

        raise ValidationFailed.naming(field_errors(exc, source)) from None


def integral(data: Any) -> Any:
    """JSON has one number type: `417.0` is the integer 417 (JSON Schema says so too), so
    integral floats become ints before the strict models see them."""
    if isinstance(data, float) and data.is_integer():
        return int(data)
    if isinstance(data, dict):
        return {k: integral(v) for k, v in data.items()}
    if isinstance(data, list):
        return [integral(v) for v in data]
    return data


# pydantic's names for the members of a union, and its markers: not the contract's words.
_INTERNAL = re.compile(r"^(constrained-|function-|json-or-python|nullable|tagged-union|union"
                       r"|lax-|strict-)|[\[\]]|^(str|int|float|bool|list|dict|bytes|none)$")


def field_errors(exc: Any, source: str) -> list[Any]:
    """pydantic's errors as `field: message`, the field named as in the document
    (`name.fr`, `answers.q1`), one line per field."""
    from chalicelib.platform.errors import FieldError

    messages: dict[str, list[str]] = {}
    for e in exc.errors(include_url=False, include_input=False):
        loc = [str(p) for p in e["loc"]]
        key = loc[-1] == "[key]" if loc else False
        parts = [p for p in loc if not _INTERNAL.search(p)]
        name = ".".join(parts) or source
        message = ("the key " if key else "") + _plain(e["msg"])
        if message not in messages.setdefault(name, []):
            messages[name].append(message)
    # The most precise field first (`name.xx` before `name` when neither form fits).
    ordered = sorted(messages.items(), key=lambda item: -item[0].count("."))
    return [FieldError(name, "; or ".join(found)[:300]) for name, found in ordered]


def _plain(message: str) -> str:
    return re.sub(r"^(Value|Assertion) error, ", "", re.sub(r" or instance of \w+", "", message))


