"""Lambda entry point of `transaction_processor` (SQS event source, partial batch responses)."""

from __future__ import annotations

import os
from typing import Any

from transaction_processor.runtime import build_dependencies
from transaction_processor.service import Dependencies, handle_batch

DEPENDENCIES: Dependencies = build_dependencies(os.environ)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, list[dict[str, str]]]:
    return handle_batch(event, DEPENDENCIES)
