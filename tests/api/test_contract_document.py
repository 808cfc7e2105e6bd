"""The OpenAPI document is exactly as strict as the server (issue 14): what the server checks
is stated, what it answers validates, and a person can read and generate from it. Unit-level
checks on the generated document, plus a few requests that prove the server agrees."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.api.participation import world


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    import app  # noqa: F401
    from chalicelib.platform.http.openapi import document

    return document()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, item in document["paths"].items()
            for method, op in item.items()]


def _by_id(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    return next(op for _, _, op in _operations(document) if op["operationId"] == operation_id)


def _schema(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _body(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    op = _by_id(document, operation_id)
    return _schema(document, op["requestBody"]["content"]["application/json"]["schema"])


def _validator(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator({**schema, "components": document["components"]},
                                           format_checker=jsonschema.FormatChecker())


# ---- names, descriptions, tags, security --------------------------------------------------

def test_operation_ids_are_camel_case_verbs_a_person_would_choose(document):
    ids = [op["operationId"] for _, _, op in _operations(document)]
    assert len(ids) == len(set(ids))
    assert {"login", "getMe", "listCommunities", "register", "createContribution"} <= set(ids)
    for operation_id in ids:
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z]*)*", operation_id), operation_id
        assert not operation_id.endswith(("Get", "Post", "Put", "Patch", "Delete"))


def test_every_operation_has_a_description_and_defined_tags(document):
    defined = {tag["name"] for tag in document["tags"]}
    for method, path, op in _operations(document):
        assert op["description"].strip(), (method, path)
        assert op["tags"] and set(op["tags"]) <= defined, (method, path)


def test_security_is_stated_on_every_operation(document):
    for method, path, op in _operations(document):
        assert "security" in op, (method, path)
    assert _by_id(document, "login")["security"] == []
    assert _by_id(document, "getHealth")["security"] == []
    assert _by_id(document, "getMe")["security"] == [{"bearer": []}]
    assert _by_id(document, "listCommunities")["security"] == [{}, {"bearer": []}]


def test_no_two_models_share_a_component_name():
    """`CommunityList` of open data once overwrote the communities' one: GET /communities
    was documented with localised objects while it answers strings."""
    import app  # noqa: F401
    from chalicelib.platform.http.routing import OPERATIONS, load_model

    models: dict[str, Any] = {}
    for op in OPERATIONS:
        for ref in (op.body, op.query, op.response):
            if ref:
                model = load_model(ref)
                assert models.setdefault(model.__name__, model) is model, model.__name__


# ---- constraints the server enforces ------------------------------------------------------

def test_identity_constraints_are_stated(document):
    register = _body(document, "register")["properties"]
    assert register["email"]["format"] == "email"
    assert (register["password"]["minLength"], register["password"]["maxLength"]) == (12, 128)
    assert _body(document, "resetPassword")["properties"]["password"]["minLength"] == 12
    change = _body(document, "changePassword")["properties"]["new_password"]
    assert (change["minLength"], change["maxLength"]) == (12, 128)
    assert _body(document, "changeEmail")["properties"]["email"]["format"] == "email"
    media = _body(document, "uploadProfileMedia")["properties"]
    assert media["content_type"]["enum"] == ["image/jpeg", "image/png", "image/webp",
                                             "image/gif"]
    assert (media["size"]["minimum"], media["size"]["maximum"]) == (1, 5 * 1024 * 1024)


def test_path_query_and_text_constraints_are_stated(document):
    react = _by_id(document, "addReaction")["parameters"]
    reaction = next(p for p in react if p["name"] == "reaction")
    assert "thumbs_up" in reaction["schema"]["enum"]
    analytics = {p["name"]: p["schema"] for p in
                 _by_id(document, "getCommunityAnalytics")["parameters"]}
    for day in ("from", "to"):
        analytics[day] = next(o for o in analytics[day].get("anyOf", [analytics[day]])
                              if o.get("type") == "string")
        assert analytics[day]["format"] == "date" and analytics[day]["pattern"]
        assert re.match(analytics[day]["pattern"], "2026-05-04")
        assert not re.match(analytics[day]["pattern"], "1999-12-31")
    name = _body(document, "createCommunity")["properties"]["name"]
    as_map = next(o for o in name["anyOf"] if o.get("type") == "object")
    assert as_map["propertyNames"]["enum"] == ["en", "fr", "de", "es"]


def test_names_state_the_characters_the_server_refuses(document):
    name = _body(document, "patchMe")["properties"]["name"]
    for refused in ("a\u0007b", "   ", "\u200bx"):
        assert not re.match(name["pattern"], refused), repr(refused)
    assert re.match(name["pattern"], "Zoë Quinn")


def test_answers_state_their_timestamps(document):
    community = document["components"]["schemas"]["CommunityOut"]["properties"]
    assert community["created_at"]["format"] == "date-time"


def test_required_bodies_are_required(api, make_user, document):
    _, token = make_user()
    for operation_id, method, path in (("patchMe", "PATCH", "/me"),
                                       ("putNotificationSettings", "PUT",
                                        "/me/notification-settings")):
        assert _by_id(document, operation_id)["requestBody"]["required"] is True
        answer = api.call(method, path, token=token)
        assert answer.status_code == 400, (path, answer.json)
        assert answer.json["errors"] == [{"field": "body", "message": "is required"}]
    assert _by_id(document, "joinCommunity")["requestBody"]["required"] is False


def test_an_integral_number_is_an_integer(api, make_user):
    w = world(api, make_user)
    answer = api.patch(f"/communities/{w.community_id}", {"flag_threshold": 3.0},
                       token=w.admin)
    assert answer.status_code == 200, answer.json
    refused = api.patch(f"/communities/{w.community_id}", {"flag_threshold": 3.5},
                        token=w.admin)
    assert refused.status_code == 400
    assert api.get(f"/communities/{w.community_id}/projects?limit=5.0").status_code == 200


def test_errors_name_fields_in_the_contract_words(api, make_user):
    _, admin = make_user(platform_admin=True)
    answer = api.post("/communities", {"name": {"zz": "x", "fr": ""}}, token=admin)
    assert answer.status_code == 400
    text = str(answer.json)
    assert "constrained" not in text and "dict[" not in text and "[key]" not in text, text
    fields = {e["field"] for e in answer.json["errors"]}
    assert fields <= {"name", "name.zz", "name.fr"}, fields
    bad = api.post("/communities", {"name": 5}, token=admin)
    assert [e["field"] for e in bad.json["errors"]] == ["name"]


# ---- answers validate; examples; media types ---------------------------------------------

def test_list_communities_answers_what_it_documents(api, make_user, document):
    w = world(api, make_user)
    api.post(f"/communities/{w.community_id}/updates", {"title": "Hi", "body": "News"},
             token=w.admin)
    schema = _by_id(document, "listCommunities")["responses"]["200"]["content"][
        "application/json"]["schema"]
    for token in (None, w.admin):
        answer = api.get("/communities", token=token)
        assert answer.status_code == 200
        _validator(document, schema).validate(answer.json)
    open_schema = _by_id(document, "listOpenCommunities")["responses"]["200"]["content"][
        "application/json"]["schema"]
    _validator(document, open_schema).validate(api.get("/opendata/communities").json)


def test_every_example_validates_against_its_schema(document):
    checked = 0
    for _, path, op in _operations(document):
        media = list(op.get("requestBody", {}).get("content", {}).items())
        for response in op["responses"].values():
            media += list(response.get("content", {}).items())
        for _, content in media:
            if "example" in content:
                _validator(document, content["schema"]).validate(content["example"])
                checked += 1
        if "requestBody" in op and op["requestBody"]["content"].get("application/json"):
            assert "example" in op["requestBody"]["content"]["application/json"], path
    assert checked > 150


def test_csv_answers_are_documented(document):
    for operation_id in ("getCommunityAnalytics", "exportOpenContributions"):
        assert "text/csv" in _by_id(document, operation_id)["responses"]["200"]["content"]


def test_links_connect_the_main_flows(document):
    ids = {op["operationId"] for _, _, op in _operations(document)}
    created = _by_id(document, "createCommunity")["responses"]["201"]["links"]
    assert created["createProject"]["parameters"] == {"cid": "$response.body#/id"}
    for producer in ("createProject", "createModule", "createContribution", "addComment",
                     "login", "register"):
        op = _by_id(document, producer)
        links = next(r["links"] for r in op["responses"].values() if "links" in r)
        for link in links.values():
            assert link["operationId"] in ids
            target = _by_id(document, link["operationId"])
            names = {p["name"] for p in target.get("parameters", [])}
            assert set(link.get("parameters", {})) <= names, (producer, link)
