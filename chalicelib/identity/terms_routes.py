"""The terms of use: read the current version, publish a new one, accept it."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Terms"


@bp.op("GET", "/terms", response="terms_schemas:TermsOut", auth="none", tag=TAG,
       errors=(404,))
def get_terms(req: Req) -> dict[str, Any]:
    """The current terms of use: version, publication date and text per locale."""
    from chalicelib.identity import terms

    return terms.current_terms()


@bp.op("POST", "/terms", body="terms_schemas:TermsIn", response="terms_schemas:TermsOut",
       status=201, tag=TAG, errors=(403, 409))
def publish_terms(req: Req) -> dict[str, Any]:
    """Platform admins publish a new version; every account is told (email and in-app) and
    must accept it before participating again."""
    from chalicelib.identity import terms

    return terms.publish(req.user, dict(req.body.text))


@bp.op("POST", "/me/terms/accept", body="terms_schemas:AcceptTermsIn", status=204, tag="Me",
       errors=(404, 409))
def accept_terms(req: Req) -> None:
    """Accept the current terms of use (idempotent); an older version answers 409
    `terms_outdated`."""
    from chalicelib.identity import terms

    terms.accept(req.user, req.body.version)
