"""Helpers for participation tests: a community with a project and modules, built through
the API (what a real admin does), and a few shortcuts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.platform import clock

DAY = 24 * 3600


def iso(offset: float = 0) -> str:
    return clock.iso(clock.now() + offset)


@dataclass
class World:
    api: Any
    admin_id: str
    admin: str  # token
    community_id: str
    project_id: str

    def module(self, type_: str = "ideas", *, opens: float = -DAY, closes: float = 30 * DAY,
               settings: dict[str, Any] | None = None, title: Any = "A module") -> str:
        body: dict[str, Any] = {"type": type_, "title": title, "opens_at": iso(opens),
                                "closes_at": iso(closes)}
        if settings is not None:
            body["settings"] = settings
        answer = self.api.post(f"/projects/{self.project_id}/modules", body, token=self.admin)
        assert answer.status_code == 201, answer.json
        return answer.json["id"]

    def contribute(self, module_id: str, token: str, **fields: Any) -> dict[str, Any]:
        body = {"body": "Some text", **fields}
        answer = self.api.post(f"/modules/{module_id}/contributions", body, token=token)
        assert answer.status_code == 201, answer.json
        return answer.json


def world(api: Any, make_user: Any, *, visibility: str = "public",
          languages: list[str] | None = None) -> World:
    admin_id, admin = make_user(platform_admin=True, name="Ada Admin")
    body: dict[str, Any] = {"name": {"en": "Riverside", "fr": "Bord de rivière"},
                            "visibility": visibility}
    if languages:
        body["languages"] = languages
    answer = api.post("/communities", body, token=admin)
    assert answer.status_code == 201, answer.json
    community_id = answer.json["id"]
    answer = api.post(f"/communities/{community_id}/projects", {"title": "Parks"}, token=admin)
    assert answer.status_code == 201, answer.json
    return World(api, admin_id, admin, community_id, answer.json["id"])
