"""Identity routes: register, login, refresh and GET /me (login, refresh and GET /me at most 3
DynamoDB calls each)."""

from __future__ import annotations

from typing import Any

PASSWORD = "correct horse battery staple"


def run(ctx: Any) -> None:
    from tests.support import create_user

    def ok(answer: Any, status: int) -> Any:
        assert answer.status_code == status, (answer.status_code, answer.json)
        return answer.json

    ctx.measure("auth.register", lambda: ok(ctx.api.post("/auth/register", {
        "name": "Bench Person", "email": "newcomer@example.org", "password": PASSWORD}), 202))
    create_user("bench@example.org", password=PASSWORD)
    pair = ctx.measure("auth.login", lambda: ok(ctx.api.post("/auth/login", {
        "email": "bench@example.org", "password": PASSWORD}), 200))
    pair = ctx.measure("auth.refresh", lambda: ok(ctx.api.post("/auth/refresh", {
        "refresh_token": pair["refresh_token"]}), 200))
    ctx.measure("me.get", lambda: ok(ctx.api.get("/me", token=pair["access_token"]), 200))
