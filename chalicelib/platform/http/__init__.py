"""The HTTP door: declarative routes, problem+json, CORS, middleware, the OpenAPI document."""
