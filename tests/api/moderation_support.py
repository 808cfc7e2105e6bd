"""Helpers for moderation tests: a community with a module, an author, moderators and
people who flag, built through the API as real admins and participants would."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.api.participation import World, world


@dataclass
class Stage:
    api: Any
    make_user: Any
    w: World
    module_id: str
    author_id: str
    author: str
    moderator_id: str
    moderator: str
    people: list[tuple[str, str]] = field(default_factory=list)

    @property
    def cid(self) -> str:
        return self.w.community_id

    def contribution(self, title: str = "Bike lanes", token: str | None = None) -> str:
        return self.w.contribute(self.module_id, token or self.author, title=title,
                                 body="Paint them green")["id"]

    def comment(self, contribution_id: str, body: str = "You are all fools",
                token: str | None = None) -> str:
        answer = self.api.post(f"/contributions/{contribution_id}/comments", {"body": body},
                               token=token or self.author)
        assert answer.status_code == 201, answer.json
        return answer.json["id"]

    def person(self, name: str = "Flagger") -> tuple[str, str]:
        made = self.make_user(name=name)
        self.people.append(made)
        return made

    def flag(self, item_id: str, token: str, reason: str = "spam", note: str | None = None,
             kind: str = "contributions") -> Any:
        body: dict[str, Any] = {"reason": reason}
        if note is not None:
            body["note"] = note
        return self.api.post(f"/{kind}/{item_id}/flags", body, token=token)

    def flagged(self, item_id: str, count: int = 1, kind: str = "contributions",
                reason: str = "spam") -> list[tuple[str, str]]:
        """`count` new people flag the item; each answer must be 202."""
        flaggers = []
        for _ in range(count):
            user_id, token = self.person()
            answer = self.flag(item_id, token, reason=reason, kind=kind)
            assert answer.status_code == 202, answer.json
            flaggers.append((user_id, token))
        return flaggers

    def decide(self, item_id: str, action: str, token: str | None = None,
               reason: str = "It breaks the rules.", rule: str | None = "Code of Conduct §2"
               ) -> Any:
        body: dict[str, Any] = {"action": action, "reason": reason}
        if rule:
            body["rule"] = rule
        return self.api.post(f"/moderation/{item_id}/decision", body,
                             token=token or self.moderator)

    def add_moderator(self, name: str = "Second Moderator") -> tuple[str, str]:
        user_id, token = self.make_user(name=name)
        answer = self.api.put(f"/communities/{self.cid}/members/{user_id}",
                              {"role": "moderator"}, token=self.w.admin)
        assert answer.status_code == 204, answer.json
        return user_id, token

    def queue(self, token: str | None = None, **params: Any) -> Any:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.api.get(f"/communities/{self.cid}/moderation" + (f"?{query}" if query
                                                                       else ""),
                            token=token or self.moderator)

    def set_threshold(self, threshold: int) -> None:
        answer = self.api.patch(f"/communities/{self.cid}", {"flag_threshold": threshold},
                                token=self.w.admin)
        assert answer.status_code == 200, answer.json


def stage(api: Any, make_user: Any, *, threshold: int | None = None,
          visibility: str = "public") -> Stage:
    w = world(api, make_user, visibility=visibility)
    module_id = w.module("ideas")
    author_id, author = make_user(name="Alex Author")
    moderator_id, moderator = make_user(name="Mo Moderator")
    for user_id, role in ((author_id, "member"), (moderator_id, "moderator")):
        answer = api.put(f"/communities/{w.community_id}/members/{user_id}", {"role": role},
                         token=w.admin)
        assert answer.status_code == 204, answer.json
    s = Stage(api, make_user, w, module_id, author_id, author, moderator_id, moderator)
    if threshold is not None:
        s.set_threshold(threshold)
    return s


def case_of(item_id: str) -> Any:
    from chalicelib.moderation import moderation_tables as moderation

    return moderation.get_case(item_id)


def public_view(api: Any, contribution_id: str) -> Any:
    return api.get(f"/contributions/{contribution_id}")
