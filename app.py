"""Agora's Lambda entry point: creates the app and registers blueprints and event handlers."""

from chalice import Chalice

from chalicelib.api import auth, health, me
from chalicelib.api.middleware import http_middleware
from chalicelib.events import uploads

app = Chalice(app_name="agora", configure_logs=False)
app.register_middleware(http_middleware, "http")

for blueprint in (health.bp, auth.bp, me.bp):
    app.register_blueprint(blueprint)

for handlers in (uploads.bp,):
    app.register_blueprint(handlers)
