"""A tiny app declared with the routing mechanism, to test it apart from any real area."""

from __future__ import annotations

from chalice import Chalice
from pydantic import Field

from chalicelib.platform.http.middleware import http_middleware
from chalicelib.platform.http.routing import AgoraBlueprint, Operation, Req
from chalicelib.platform.http.shapes import Body, Out

REGISTRY: list[Operation] = []
bp = AgoraBlueprint(__name__, registry=REGISTRY)


class ThingIn(Body):
    name: str = Field(min_length=1, max_length=20)
    size: int = Field(ge=0)


class ThingOut(Out):
    id: str
    name: str
    size: int


@bp.op("POST", "/things/{tid}", body="tests.api.routing_fixture:ThingIn",
       response="tests.api.routing_fixture:ThingOut", status=201, auth="none")
def create_thing(req: Req) -> ThingOut:
    return ThingOut(id=req.params["tid"], name=req.body.name, size=req.body.size)


@bp.op("GET", "/throttled", auth="none")
def throttled(req: Req) -> None:
    from pynamodb.exceptions import GetError

    cause = Exception("throttled")
    cause.response = {"Error": {"Code": "ProvisionedThroughputExceededException"}}  # type: ignore[attr-defined]
    raise GetError("Failed to get item") from cause


app = Chalice(app_name="routing-fixture", configure_logs=False)
app.register_middleware(http_middleware, "http")
app.register_blueprint(bp)
