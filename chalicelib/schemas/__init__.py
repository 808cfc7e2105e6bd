"""Pydantic request and response models. The same models validate requests and generate the
OpenAPI document. Request bodies forbid unknown fields."""
