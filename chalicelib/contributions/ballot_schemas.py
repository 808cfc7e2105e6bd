"""Budget ballots and the results of every module type."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from chalicelib.modules.module_schemas import ModuleType
from chalicelib.platform.http.shapes import Body, Out, Page, Timestamp


class BallotIn(Body):
    contribution_ids: Annotated[list[Annotated[str, Field(min_length=1, max_length=64)]],
                                Field(max_length=100, json_schema_extra={"uniqueItems": True})]


class BallotOut(Out):
    contribution_ids: list[str]
    total_cost: int
    budget_total: int
    min_choices: int
    max_choices: int
    version: int
    updated_at: Timestamp | None = None


class OptionTally(Out):
    option: str
    count: int


class QuestionResult(Out):
    id: str
    prompt: str
    kind: str
    answered: int
    options: list[OptionTally] | None = None
    scale: dict[str, int] | None = None
    average: float | None = None


class IdeaResult(Out):
    id: str
    title: str
    cost: int | None = None
    votes: int


class ResultsOut(Out):
    module_id: str
    type: ModuleType
    locale: str | None
    status: str
    questions: list[QuestionResult] | None = None
    responses: int | None = None
    ideas: list[IdeaResult] | None = None
    ballots: int | None = None
    stances: dict[str, int] | None = None
    contributions: int | None = None
    next_cursor: str | None = None


class ResultsQuery(Page):
    pass
