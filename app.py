"""Agora's Lambda entry point: creates the app and registers blueprints and event handlers."""

from chalice import Chalice

from chalicelib.api import analytics as analytics_routes
from chalicelib.api import auth, health, me, privacy
from chalicelib.api import moderation as moderation_routes
from chalicelib.api import notifications as notification_routes
from chalicelib.api.middleware import http_middleware
from chalicelib.api.participation import BLUEPRINTS as PARTICIPATION
from chalicelib.events import analytics as analytics_events
from chalicelib.events import moderation as moderation_events
from chalicelib.events import notifications as notification_events
from chalicelib.events import privacy as privacy_events
from chalicelib.events import retention, uploads

app = Chalice(app_name="agora", configure_logs=False)
app.register_middleware(http_middleware, "http")

for blueprint in (
    health.bp,
    auth.bp,
    me.bp,
    privacy.bp,
    notification_routes.bp,
    *PARTICIPATION,
    moderation_routes.bp,
    analytics_routes.bp,
):
    app.register_blueprint(blueprint)

for handlers in (
    uploads.bp,
    privacy_events.bp,
    retention.bp,
    notification_events.bp,
    moderation_events.bp,
    analytics_events.bp,
):
    app.register_blueprint(handlers)
