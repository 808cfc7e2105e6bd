"""Which passwords are accepted: 12 to 128 characters, no composition rules, and not guessable
by zxcvbn (score 3 or more), which also weighs the person's own name and email."""

from __future__ import annotations

from chalicelib.platform.errors import ValidationFailed

MIN_LENGTH = 12
MAX_LENGTH = 128

MIN_SCORE = 3
SITE_WORDS = ("agora", "civocracy", "participation", "citizen")


def weakness(password: str, personal: tuple[str | None, ...] = ()) -> str | None:
    """Why `password` is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters long"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters long"
    from zxcvbn import zxcvbn

    inputs: list[str] = list(SITE_WORDS)
    for value in personal:
        if value:
            inputs.append(value)
            inputs.extend(part for part in value.replace("@", " ").replace(".", " ").split()
                          if len(part) > 2)
    result = zxcvbn(password, user_inputs=inputs, max_length=MAX_LENGTH)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    reasons = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
    why = " ".join(r.strip() for r in reasons if r and r.strip())
    return ("is too easy to guess (strength "
            f"{result['score']} of 4, at least {MIN_SCORE} needed)" + (f": {why}" if why else "."))


def require_strong(password: str, personal: tuple[str | None, ...] = (),
                   field: str = "password") -> None:
    problem = weakness(password, personal)
    if problem:
        raise ValidationFailed.field(field, problem, code="weak_password")
