"""Agora's Lambda entry point: creates the app and registers every feature's routes and its
queue and schedule handlers. Route modules import only the routing declarations at load time
(a route imports what it needs when it runs), so this stays cheap on a cold start."""

from chalice import Chalice

from chalicelib.analytics import analytics_handlers, analytics_routes
from chalicelib.communities import community_routes, project_routes
from chalicelib.contributions import (
    ballot_handlers,
    ballot_routes,
    contribution_routes,
    favorite_routes,
)
from chalicelib.identity import auth_routes, me_routes, terms_routes
from chalicelib.moderation import moderation_handlers, moderation_routes
from chalicelib.modules import module_handlers, module_routes
from chalicelib.notifications import audience_sources, notification_handlers, notification_routes
from chalicelib.opendata import opendata_routes
from chalicelib.platform import outbox_handlers, upload_handlers
from chalicelib.platform.http import operations_routes
from chalicelib.platform.http.methods import register_other_methods
from chalicelib.platform.http.middleware import http_middleware
from chalicelib.platform.http.routing import authenticate_with
from chalicelib.platform.principal import Principal
from chalicelib.privacy import privacy_handlers, privacy_routes, retention_handlers

app = Chalice(app_name="agora", configure_logs=False)
app.register_middleware(http_middleware, "http")


def _authenticate(token: str, participating: bool = False) -> Principal:
    from chalicelib.identity import authentication

    return authentication.authenticate(token, participating)


authenticate_with(_authenticate)


def _answer_audience(target: str, event: object, page: dict) -> tuple[list[str], dict | None]:
    from chalicelib.contributions import answer_audience

    return answer_audience.page(target, event, page)


audience_sources.register("answer_of", _answer_audience)

for routes in (
    operations_routes,
    auth_routes,
    me_routes,
    terms_routes,
    privacy_routes,
    notification_routes,
    community_routes,
    project_routes,
    module_routes,
    ballot_routes,
    contribution_routes,
    opendata_routes,
    favorite_routes,
    moderation_routes,
    analytics_routes,
):
    app.register_blueprint(routes.bp)
register_other_methods(app)

for handlers in (
    outbox_handlers,
    upload_handlers,
    privacy_handlers,
    retention_handlers,
    notification_handlers,
    module_handlers,
    ballot_handlers,
    moderation_handlers,
    analytics_handlers,
):
    app.register_blueprint(handlers.bp)
