"""How a feature declares what it holds about a person: the erasure steps that remove or
anonymise it, and the export sections that show it. Each feature lists them beside its
tables (`<feature>_personal_data.py`); privacy assembles them, features in their fixed order,
phase by phase, and a test fails when a table that holds personal data is covered by no
erasure step.

An erasure step does one bounded batch: `run(user_id, cursor, limit)` answers the cursor of
the next batch, or None when the step is done. Every step is idempotent (a retried batch
finds what it handled already gone, or writes it to the same state again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

EXPORT_TTL = 7 * 24 * 3600  # how long an export (and every link inside it) stays readable

# The phases of an erasure, in order: the person is stopped first, their relations end,
# their content is anonymised with their id still known, then their records and the account.
PHASES = ("access", "relations", "content", "records", "account")

StepRun = Callable[[str, str | None, int], str | None]


@dataclass(frozen=True)
class ErasureStep:
    name: str
    phase: str
    run: StepRun
    covers: tuple[type, ...] = ()  # the tables whose personal data this step erases

    def __post_init__(self) -> None:
        if self.phase not in PHASES:
            raise ValueError(f"{self.name}: phase must be one of {PHASES}")


@dataclass(frozen=True)
class ExportSection:
    """A section of the data export. Sections of one name from several features are merged
    (dicts key by key, lists one after the other)."""

    name: str
    build: Callable[[str], Any]


@dataclass(frozen=True)
class PurgeStep:
    """A step of the retention purge of one consultation: `run(module_id, cursor, limit)`
    deletes one bounded batch and answers the next cursor, None when done."""

    name: str
    run: StepRun


def assemble(declared: list[list[ErasureStep]]) -> list[ErasureStep]:
    """Every feature's steps (features in order), phase by phase."""
    steps = [step for feature in declared for step in feature]
    names = [s.name for s in steps]
    if len(set(names)) != len(names):
        raise ValueError(f"erasure step names repeat: {names}")
    return sorted(steps, key=lambda s: PHASES.index(s.phase))  # stable: keeps feature order


def merge_sections(sections: list[ExportSection], user_id: str) -> dict[str, Any]:
    """The export's sections by name, each built once."""
    document: dict[str, Any] = {}
    for section in sections:
        part = section.build(user_id)
        if section.name not in document:
            document[section.name] = part
        elif isinstance(part, dict):
            document[section.name].update(part)
        else:
            document[section.name].extend(part)
    return document
