"""Operational metrics as CloudWatch embedded metric format lines (Powertools' `single_metric`):
one JSON line on stdout per count, which CloudWatch Logs turns into a metric with no API
call and no extra dependency. Dimensions name kinds of things, never people."""

from __future__ import annotations

NAMESPACE = "Agora"


def count(name: str, **dimensions: str) -> None:
    """Count one occurrence of `name` (a CamelCase metric name) under `dimensions`."""
    from aws_lambda_powertools.metrics import MetricUnit, single_metric

    with single_metric(name=name, unit=MetricUnit.Count, value=1, namespace=NAMESPACE,
                       default_dimensions={"service": "agora"}) as metric:
        for key, value in dimensions.items():
            metric.add_dimension(name=key, value=value)
