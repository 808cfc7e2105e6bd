"""The OpenAPI 3.1 document, generated from the route declarations and their pydantic models."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib.platform.http.routing import OPERATIONS, Operation, load_model

REF = "#/components/schemas/{model}"
STATUS_TEXT = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No content", 302: "Redirect",
    400: "Bad input (the `errors` name the fields)", 401: "No or bad token",
    403: "Not allowed", 404: "Unknown, or not visible to the caller", 409: "Conflict",
    413: "Body too large", 422: "A rule of the domain refuses it",
    429: "Too many attempts (see `Retry-After`)", 503: "Temporarily unavailable",
}


def _problem_response(status: int) -> dict[str, Any]:
    return {"description": STATUS_TEXT.get(status, "Error"),
            "content": {"application/problem+json": {
                "schema": {"$ref": REF.format(model="Problem")}}}}


def _parameters(op: Operation, schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """Path parameters, then the query model's fields (which leave the shared schemas)."""
    parameters: list[dict[str, Any]] = [
        {"name": p, "in": "path", "required": True,
         "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
        for p in op.path_params
    ]
    if op.query:
        query_schema = schemas.get(load_model(op.query).__name__, {})
        required = set(query_schema.get("required", []))
        for name, prop in query_schema.get("properties", {}).items():
            parameters.append({"name": name, "in": "query", "required": name in required,
                               "schema": prop})
        schemas.pop(load_model(op.query).__name__, None)
    return parameters


def _operation(op: Operation, schemas: dict[str, Any]) -> dict[str, Any]:
    from pydantic.json_schema import models_json_schema

    refs: list[tuple[Any, str]] = []
    if op.body:
        refs.append((load_model(op.body), "validation"))
    if op.response:
        refs.append((load_model(op.response), "serialization"))
    if op.query:
        refs.append((load_model(op.query), "validation"))
    mapping, top = models_json_schema(refs, ref_template=REF) if refs else ({}, {})
    schemas.update(top.get("$defs", {}))

    parameters = _parameters(op, schemas)
    out: dict[str, Any] = {
        "operationId": f"{op.name}_{op.method.lower()}",
        "summary": op.summary,
        "tags": [op.tag] if op.tag else [],
        "parameters": parameters,
        "responses": {},
    }
    if op.auth == "required":
        out["security"] = [{"bearer": []}]
    elif op.auth == "optional":
        out["security"] = [{}, {"bearer": []}]
    if op.body:
        out["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": mapping[(load_model(op.body), "validation")]}}}

    success: dict[str, Any] = {"description": STATUS_TEXT.get(op.status, "OK")}
    if op.response:
        success["content"] = {op.content_type: {
            "schema": mapping[(load_model(op.response), "serialization")]}}
    elif op.status not in (204, 302):
        success["content"] = {op.content_type: {"schema": {}}}
    out["responses"][str(op.status)] = success

    errors = set(op.errors) | {400}
    if op.path_params:
        errors.add(404)
    if op.auth == "required":
        errors.update({401})
    if op.auth == "optional":
        errors.add(401)
    if op.body:
        errors.add(413)
    for status in sorted(errors):
        out["responses"][str(status)] = _problem_response(status)
    return out


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    from chalicelib.platform.http.shapes import Problem

    schemas: dict[str, Any] = {"Problem": Problem.model_json_schema(ref_template=REF)}
    schemas.update(schemas["Problem"].pop("$defs", {}))
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(OPERATIONS, key=lambda o: (o.path, o.method)):
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Agora API",
            "version": "1.0.0",
            "description": "The HTTP contract of Agora, a citizen participation platform. "
                           "Errors are RFC 9457 problem+json with a stable `code`.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "bearerFormat": "JWT"}},
        },
    }
