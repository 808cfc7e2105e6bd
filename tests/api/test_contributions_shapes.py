"""Answers match the response models the OpenAPI document declares: every field the API
sends is declared (nothing undocumented leaks out), and the types validate."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from tests.api.participation import DAY, iso, world


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def undeclared(model: type[BaseModel], data: Any, path: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(data, list):
        for n, item in enumerate(data):
            out += undeclared(model, item, f"{path}[{n}]")
        return out
    if not isinstance(data, dict):
        return out
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None:
            out.append(f"{path}.{key}")
            continue
        for inner in _models_in(field.annotation):
            out += undeclared(inner, value, f"{path}.{key}")
    return out


def check(api, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    from chalicelib.platform.http.routing import OPERATIONS, load_model

    answer = api.call(method, path, body, token=token)
    assert answer.status_code < 300, (path, answer.json)
    template = next(op for op in OPERATIONS if op.method == method and _matches(op.path, path))
    if template.response:
        model = load_model(template.response)
        model.model_validate(answer.json)
        assert undeclared(model, answer.json) == [], (path, undeclared(model, answer.json))
    return answer.json


def _matches(template: str, path: str) -> bool:
    a, b = template.split("/"), path.split("?")[0].split("/")
    return len(a) == len(b) and all(x == y or x.startswith("{") for x, y in zip(a, b, strict=True))


def test_every_participation_answer_matches_its_model(api, make_user):
    w = world(api, make_user)
    cid, pid = w.community_id, w.project_id
    _, token = make_user(pseudonym="pp")
    admin = w.admin
    check(api, "GET", "/communities", token=token)
    check(api, "GET", f"/communities/{cid}", token=admin)
    check(api, "PATCH", f"/communities/{cid}", {"flag_threshold": 2}, token=admin)
    check(api, "POST", f"/communities/{cid}/access-code", token=admin)
    check(api, "POST", f"/communities/{cid}/join", {}, token=token)
    check(api, "POST", f"/communities/{cid}/media",
          {"kind": "logo", "content_type": "image/png", "size": 10}, token=admin)
    check(api, "GET", f"/communities/{cid}/projects")
    check(api, "GET", f"/projects/{pid}", token=admin)
    check(api, "POST", f"/communities/{cid}/updates", {"title": "t", "body": "b"}, token=admin)
    check(api, "GET", f"/communities/{cid}/updates")
    check(api, "POST", f"/communities/{cid}/events",
          {"title": "t", "starts_at": iso(DAY), "ends_at": iso(DAY + 60)}, token=admin)
    check(api, "GET", f"/communities/{cid}/events")
    mid = w.module("map")
    check(api, "GET", f"/modules/{mid}", token=token)
    check(api, "GET", f"/projects/{pid}/modules", token=admin)
    created = check(api, "POST", f"/modules/{mid}/contributions", {
        "title": "t", "body": "b", "location": {"lat": 1, "lon": 2}, "attachments": [
            {"name": "a.png", "content_type": "image/png", "size": 5}]}, token=token)
    contribution = created["id"]
    check(api, "POST", f"/contributions/{contribution}/comments", {"body": "c"}, token=admin)
    check(api, "GET", f"/contributions/{contribution}", token=token)
    check(api, "GET", f"/contributions/{contribution}/comments")
    check(api, "PATCH", f"/contributions/{contribution}", {"body": "d"}, token=token)
    check(api, "POST", f"/contributions/{contribution}/attachments", {"attachments": [
        {"name": "b.pdf", "content_type": "application/pdf", "size": 5}]}, token=token)
    check(api, "GET", f"/modules/{mid}/contributions", token=token)
    check(api, "GET", f"/modules/{mid}/contributions?bbox=0,0,3,3")
    check(api, "GET", f"/modules/{mid}/results")
    check(api, "PUT", f"/contributions/{contribution}/favorite", token=token)
    check(api, "GET", "/me/favorites", token=token)
    api.put(f"/communities/{cid}/follow", token=token)
    check(api, "GET", "/me/follows", token=token)
    questionnaire = w.module("questionnaire", settings={"results": "public"})
    question = check(api, "POST", f"/modules/{questionnaire}/questions",
                     {"prompt": "p", "kind": "scale", "scale": {"min": 0, "max": 3}},
                     token=admin)["id"]
    check(api, "GET", f"/modules/{questionnaire}/questions")
    check(api, "POST", f"/modules/{questionnaire}/responses", {"answers": {question: 2}},
          token=token)
    check(api, "GET", f"/modules/{questionnaire}/results")
    budget = w.module("budget", settings={"budget_total": 10, "results": "public"})
    idea = check(api, "POST", f"/modules/{budget}/contributions",
                 {"title": "i", "body": "b", "cost": 3}, token=token)["id"]
    check(api, "PUT", f"/modules/{budget}/ballot", {"contribution_ids": [idea]}, token=token)
    check(api, "GET", f"/modules/{budget}/ballot", token=token)
    check(api, "GET", f"/modules/{budget}/results")
    check(api, "GET", "/opendata/communities")
    check(api, "GET", f"/opendata/communities/{cid}/contributions")
