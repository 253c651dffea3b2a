"""Lambda entry point of `audit_logger` (SQS event source, partial batch responses)."""

from __future__ import annotations

import os
from typing import Any

from audit_logger.runtime import build_dependencies
from audit_logger.service import Dependencies, handle_batch

DEPENDENCIES: Dependencies = build_dependencies(os.environ)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    return handle_batch(event, DEPENDENCIES)
