"""The HTTP contract frontends build on (../shared/API.md): every route it names exists with
its method, and the status codes it promises are the ones the routes answer with."""

from __future__ import annotations

import pytest

CONTRACT = [
    ("POST", "/auth/register"),
    ("POST", "/auth/confirm"),
    ("POST", "/auth/login"),
    ("POST", "/auth/refresh"),
    ("POST", "/auth/logout"),
    ("POST", "/auth/password/forgot"),
    ("POST", "/auth/password/reset"),
    ("GET", "/auth/sso/{provider}/start"),
    ("GET", "/auth/sso/{provider}/callback"),
    ("POST", "/auth/sso/exchange"),
    ("GET", "/me"),
    ("PATCH", "/me"),
    ("POST", "/me/email"),
    ("POST", "/me/password"),
    ("POST", "/me/media"),
    ("GET", "/me/notification-settings"),
    ("PUT", "/me/notification-settings"),
    ("GET", "/me/notifications"),
    ("POST", "/me/notifications/read"),
    ("GET", "/me/favorites"),
    ("GET", "/me/follows"),
    ("POST", "/me/export"),
    ("GET", "/me/export"),
    ("PUT", "/me/restrictions"),
    ("DELETE", "/me"),
    ("POST", "/communities"),
    ("GET", "/communities"),
    ("GET", "/communities/{cid}"),
    ("PATCH", "/communities/{cid}"),
    ("POST", "/communities/{cid}/access-code"),
    ("POST", "/communities/{cid}/join"),
    ("GET", "/communities/{cid}/members"),
    ("PUT", "/communities/{cid}/members/{uid}"),
    ("DELETE", "/communities/{cid}/members/{uid}"),
    ("PUT", "/communities/{cid}/follow"),
    ("DELETE", "/communities/{cid}/follow"),
    ("PUT", "/projects/{pid}/follow"),
    ("DELETE", "/projects/{pid}/follow"),
    ("PUT", "/modules/{mid}/follow"),
    ("DELETE", "/modules/{mid}/follow"),
    ("POST", "/visits"),
    ("POST", "/communities/{cid}/projects"),
    ("GET", "/communities/{cid}/projects"),
    ("GET", "/projects/{pid}"),
    ("PATCH", "/projects/{pid}"),
    ("POST", "/projects/{pid}/modules"),
    ("GET", "/projects/{pid}/modules"),
    ("GET", "/modules/{mid}"),
    ("PATCH", "/modules/{mid}"),
    ("POST", "/communities/{cid}/updates"),
    ("GET", "/communities/{cid}/updates"),
    ("POST", "/communities/{cid}/events"),
    ("GET", "/communities/{cid}/events"),
    ("GET", "/communities/{cid}/analytics"),
    ("POST", "/modules/{mid}/contributions"),
    ("GET", "/modules/{mid}/contributions"),
    ("GET", "/contributions/{id}"),
    ("PATCH", "/contributions/{id}"),
    ("DELETE", "/contributions/{id}"),
    ("POST", "/contributions/{id}/comments"),
    ("GET", "/contributions/{id}/comments"),
    ("PUT", "/contributions/{id}/upvote"),
    ("DELETE", "/contributions/{id}/upvote"),
    ("PUT", "/contributions/{id}/reactions/{reaction}"),
    ("DELETE", "/contributions/{id}/reactions/{reaction}"),
    ("PUT", "/contributions/{id}/favorite"),
    ("DELETE", "/contributions/{id}/favorite"),
    ("POST", "/contributions/{id}/flags"),
    ("POST", "/comments/{id}/flags"),
    ("PATCH", "/comments/{id}"),
    ("DELETE", "/comments/{id}"),
    ("POST", "/modules/{mid}/questions"),
    ("GET", "/modules/{mid}/questions"),
    ("POST", "/modules/{mid}/responses"),
    ("PUT", "/modules/{mid}/ballot"),
    ("GET", "/modules/{mid}/ballot"),
    ("GET", "/modules/{mid}/results"),
    ("GET", "/communities/{cid}/moderation"),
    ("POST", "/moderation/{item_id}/decision"),
    ("POST", "/moderation/{item_id}/appeal"),
    ("GET", "/communities/{cid}/moderation/log"),
    ("GET", "/opendata/communities"),
    ("GET", "/opendata/communities/{cid}/contributions"),
    ("GET", "/opendata/communities/{cid}/export"),
    ("GET", "/terms"),
    ("POST", "/terms"),
    ("POST", "/me/terms/accept"),
    ("GET", "/health"),
    ("GET", "/openapi.json"),
]

# Success statuses API.md states outright.
STATUSES = {
    ("POST", "/auth/register"): 202,
    ("POST", "/auth/logout"): 204,
    ("POST", "/auth/password/forgot"): 202,
    ("POST", "/auth/password/reset"): 204,
    ("POST", "/me/media"): 201,
    ("POST", "/me/export"): 202,
    ("DELETE", "/me"): 202,
    ("POST", "/communities/{cid}/access-code"): 201,
    ("POST", "/contributions/{id}/flags"): 202,
    ("POST", "/comments/{id}/flags"): 202,
    ("PUT", "/projects/{pid}/follow"): 204,
    ("DELETE", "/projects/{pid}/follow"): 204,
    ("PUT", "/modules/{mid}/follow"): 204,
    ("DELETE", "/modules/{mid}/follow"): 204,
    ("POST", "/visits"): 204,
    ("POST", "/terms"): 201,
    ("POST", "/me/terms/accept"): 204,
}


def _routes() -> dict[tuple[str, str], int]:
    import app  # noqa: F401  (registers every blueprint)
    from chalicelib.platform.http.routing import OPERATIONS

    return {(op.method, op.path): op.status for op in OPERATIONS}


@pytest.mark.parametrize(("method", "path"), CONTRACT)
def test_every_route_of_the_contract_exists(method: str, path: str) -> None:
    assert (method, path) in _routes()


@pytest.mark.parametrize(("route", "status"), sorted(STATUSES.items()))
def test_promised_success_statuses(route: tuple[str, str], status: int) -> None:
    assert _routes()[route] == status


def test_every_contract_route_is_in_the_openapi_document(api) -> None:
    document = api.get("/openapi.json").json
    for method, path in CONTRACT:
        assert method.lower() in document["paths"].get(path, {}), (method, path)
