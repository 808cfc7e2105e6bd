"""The OpenAPI 3.1 document, generated from the route declarations and their pydantic models.

Every model of every operation goes through one pydantic schema generation, so two models
never share a name (`document()` refuses a clash rather than letting one overwrite the other).
What a generator cannot know is declared beside the route: path parameter schemas, other
media types (`text/csv`), links to the operations that read what this one creates."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from chalicelib.platform.http.openapi_examples import example_for
from chalicelib.platform.http.openapi_links import OPERATION_IDS, links_of
from chalicelib.platform.http.routing import (
    OPERATIONS,
    PATH_PARAM_SCHEMA,
    Operation,
    load_model,
)

REF = "#/components/schemas/{model}"
STATUS_TEXT = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No content", 302: "Redirect",
    400: "Bad input (the `errors` name the fields)", 401: "No or bad token",
    403: "Not allowed", 404: "Unknown, or not visible to the caller", 409: "Conflict",
    413: "Body too large", 422: "A rule of the domain refuses it",
    429: "Too many attempts (see `Retry-After`)", 503: "Temporarily unavailable",
}
TAGS = {
    "Auth": "Registration, email confirmation, sign-in, sessions and SSO.",
    "Me": "The signed-in person's profile and account.",
    "Terms": "The terms of use: the current version, publishing a new one.",
    "Notifications": "Notification settings, the in-app list, and unsubscribe links.",
    "Privacy": "Data protection rights: export, restriction, erasure.",
    "Communities": "Communities, their members, followers, news and events.",
    "Projects": "Projects inside a community.",
    "Modules": "Participation modules: debates, questionnaires, ideas, budgets, maps.",
    "Contributions": "Contributions, comments, upvotes, reactions, favourites.",
    "Moderation": "Flags, the moderation queue, decisions and appeals.",
    "Analytics": "Community statistics and demographic questions.",
    "Open data": "Public communities and contributions without personal data.",
    "Operations": "Health, this document and its reference page.",
}
PROBLEM_EXAMPLE = {"type": "https://agora.example/problems/validation_error",
                   "title": "The request is not valid", "status": 400,
                   "code": "validation_error", "detail": "email: is not an email address",
                   "errors": [{"field": "email", "message": "is not an email address"}]}


def operation_id(op: Operation) -> str:
    """`list_communities` -> `listCommunities`, unless the route names its own."""
    if op.operation_id or op.name in OPERATION_IDS:
        return op.operation_id or OPERATION_IDS[op.name]
    head, *rest = op.name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _problem_response(status: int) -> dict[str, Any]:
    example = dict(PROBLEM_EXAMPLE) if status == 400 else {
        "type": "https://agora.example/problems/error", "title": STATUS_TEXT.get(status, "Error"),
        "status": status, "code": "error", "detail": STATUS_TEXT.get(status, "Error")}
    return {"description": STATUS_TEXT.get(status, "Error"),
            "content": {"application/problem+json": {
                "schema": {"$ref": REF.format(model="Problem")}, "example": example}}}


def _description(op: Operation) -> str:
    doc = " ".join((op.handler.__doc__ or "").split())
    return doc or op.summary or op.name.replace("_", " ")


def _parameters(op: Operation, query_schema: dict[str, Any] | None) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = [
        {"name": p, "in": "path", "required": True,
         "description": f"The `{p}` of the resource.",
         "schema": dict(op.param_schemas.get(p) or PATH_PARAM_SCHEMA)}
        for p in op.path_params
    ]
    if query_schema:
        required = set(query_schema.get("required", []))
        for name, prop in query_schema.get("properties", {}).items():
            prop = dict(prop)
            prop.pop("title", None)
            parameter = {"name": name, "in": "query", "required": name in required,
                         "schema": prop}
            if "description" in prop:
                parameter["description"] = prop.pop("description")
            parameters.append(parameter)
    return parameters


def _success(op: Operation, schema: dict[str, Any] | None,
             components: dict[str, Any]) -> dict[str, Any]:
    success: dict[str, Any] = {"description": STATUS_TEXT.get(op.status, "OK")}
    if op.status == 302:
        success["headers"] = {"Location": {"description": "Where to go next.",
                                           "schema": {"type": "string"}}}
        return success
    if op.status == 204 or (schema is None and op.status == 202 and not op.answer_schema):
        return success
    media = op.content_type.split(";")[0].strip()
    content: dict[str, Any] = {}
    if schema is not None:
        content[media] = {"schema": schema, "example": example_for(schema, components)}
    else:
        answer = op.answer_schema or {"type": "string"}
        content[media] = {"schema": answer}
    for other, other_schema in op.other_media:
        content[other] = {"schema": other_schema}
    success["content"] = content
    return success


def _operation(op: Operation, mapping: dict[Any, Any],
               components: dict[str, Any]) -> dict[str, Any]:
    query_schema = None
    if op.query:
        ref = mapping[(load_model(op.query), "validation")]["$ref"].rsplit("/", 1)[1]
        query_schema = components[ref]
    out: dict[str, Any] = {
        "operationId": operation_id(op),
        "summary": op.summary,
        "description": _description(op),
        "tags": [op.tag or "Operations"],
        "security": {"required": [{"bearer": []}], "optional": [{}, {"bearer": []}],
                     "none": []}[op.auth],
    }
    parameters = _parameters(op, query_schema)
    if parameters:
        out["parameters"] = parameters
    if op.body:
        schema = mapping[(load_model(op.body), "validation")]
        out["requestBody"] = {"required": op.body_required, "content": {"application/json": {
            "schema": schema, "example": example_for(schema, components, request=True)}}}
    if op.request_body:
        out["requestBody"] = op.request_body
    response = mapping[(load_model(op.response), "serialization")] if op.response else None
    responses: dict[str, Any] = {str(op.status): _success(op, response, components)}
    links = {**links_of(out["operationId"]), **op.links}
    if links:
        responses[str(op.status)]["links"] = links
    # API Gateway throttles every operation (429) and a busy database answers 503.
    errors = set(op.errors) | {400, 429, 503}
    if op.path_params:
        errors.add(404)
    if op.auth != "none":
        errors.add(401)
    if op.body:
        errors.add(413)
    for status in sorted(errors):
        responses[str(status)] = _problem_response(status)
    out["responses"] = responses
    return out


def _models() -> tuple[dict[Any, Any], dict[str, Any]]:
    """Every model of every operation, in one generation: shared definitions, no clashes."""
    from pydantic.json_schema import models_json_schema

    from chalicelib.platform.http.shapes import Problem

    refs: list[tuple[Any, str]] = [(Problem, "serialization")]
    seen: dict[str, Any] = {}
    for op in OPERATIONS:
        for ref, mode in ((op.body, "validation"), (op.query, "validation"),
                          (op.response, "serialization")):
            if not ref:
                continue
            model = load_model(ref)
            other = seen.setdefault(model.__name__, model)
            if other is not model:
                raise RuntimeError(f"two models named {model.__name__}: "
                                   f"{other.__module__} and {model.__module__}")
            refs.append((model, mode))
    mapping, top = models_json_schema(list(dict.fromkeys(refs)), ref_template=REF)
    return mapping, top.get("$defs", {})


def _tidy(node: Any) -> Any:
    """pydantic's `title` on every property is noise for readers and tools."""
    if isinstance(node, dict):
        return {k: _tidy(v) for k, v in node.items()
                if not (k == "title" and isinstance(v, str) and "properties" not in node)}
    if isinstance(node, list):
        return [_tidy(v) for v in node]
    return node


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    mapping, components = _models()
    components = {name: _tidy(schema) for name, schema in components.items()}
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(OPERATIONS, key=lambda o: (o.path, o.method)):
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, mapping, components)
    query_models = {mapping[(load_model(op.query), "validation")]["$ref"].rsplit("/", 1)[1]
                    for op in OPERATIONS if op.query}
    for name in query_models:
        components.pop(name, None)
    used = {op.tag or "Operations" for op in OPERATIONS}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Agora API",
            "version": "1.0.0",
            "summary": "The HTTP contract of Agora, a citizen participation platform.",
            "description": "Errors are RFC 9457 problem+json with a stable `code` and, for bad "
                           "input, `errors` naming each field. Sign in with `POST /auth/login` "
                           "and send `Authorization: Bearer <access_token>`. A readable "
                           "reference of this document is served at `/docs`.",
            "license": {"name": "Proprietary", "identifier": "LicenseRef-Agora"},
            "contact": {"name": "Agora", "url": "https://agora.example/"},
        },
        "servers": [{"url": "/", "description": "This deployment"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS.items()
                 if name in used],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                "description": "The `access_token` of `POST /auth/login` (15 minutes)."}},
        },
    }


def path_regex(path: str) -> re.Pattern[str]:
    """The concrete paths a templated path stands for (`/me/{x}` matches `/me/1`)."""
    return re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(path)) + "$")
