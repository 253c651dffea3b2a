"""Lambda entry point of `webhook_handler` (API Gateway REST, Lambda proxy integration)."""

from __future__ import annotations

import os
from typing import Any

from webhook_handler.runtime import build_dependencies
from webhook_handler.service import Dependencies, handle_webhook

DEPENDENCIES: Dependencies = build_dependencies(os.environ)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_webhook(event, DEPENDENCIES, request_id=getattr(context, "aws_request_id", None))
