"""Acknowledging a cdk-nag finding and skipping a cfn-lint check, each with its reason next
to the resource it concerns (tests/infra asserts every reason says something)."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Validations
from constructs import Construct


def ack(construct: Construct, rule: str, reason: str) -> None:
    Validations.of(construct).acknowledge(Acknowledgment(id=rule, reason=reason))


def lint_ignore(construct: Construct, check: str, reason: str) -> None:
    """cfn-lint: skip one check on a resource CDK generates (the reason stays in the
    template's metadata)."""
    resource = construct.node.default_child or construct
    resource.add_metadata("cfn-lint", {  # type: ignore[union-attr]
        "config": {"ignore_checks": [check]}, "reason": reason})
