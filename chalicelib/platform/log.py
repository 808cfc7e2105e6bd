"""Structured JSON logs (Powertools Logger). Never log a password, token or email address:
log ids and counts, not people."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from aws_lambda_powertools import Logger


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stdout is now (test runners swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


logger = Logger(service="agora", level=os.environ.get("AGORA_LOG_LEVEL", "INFO"),
                logger_handler=_StdoutHandler())
