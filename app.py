"""Agora's Lambda entry point: creates the app and registers blueprints and event handlers."""

from chalice import Chalice

from chalicelib.api import health
from chalicelib.api.middleware import http_middleware
from chalicelib.api.participation import BLUEPRINTS as PARTICIPATION
from chalicelib.events import uploads

app = Chalice(app_name="agora", configure_logs=False)
app.register_middleware(http_middleware, "http")

for blueprint in (health.bp,):
    app.register_blueprint(blueprint)

for blueprint in PARTICIPATION:
    app.register_blueprint(blueprint)

for handlers in (uploads.bp,):
    app.register_blueprint(handlers)
