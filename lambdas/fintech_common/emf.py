"""CloudWatch embedded metric format (EMF): metrics as one JSON log line, no API call.

CloudWatch Logs extracts the metrics from the line asynchronously, so counting costs the
request path nothing but a print (WH-15: no PutMetricData on the request path).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

COUNT: Final = "Count"


def metric_document(
    *, namespace: str, dimensions: Mapping[str, str], counts: Mapping[str, int], timestamp_ms: int
) -> dict[str, Any]:
    """The EMF document recording each of `counts` (unit Count) under `dimensions`."""
    return {
        "_aws": {
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [
                {
                    "Namespace": namespace,
                    "Dimensions": [sorted(dimensions)],
                    "Metrics": [{"Name": name, "Unit": COUNT} for name in counts],
                }
            ],
        },
        **dimensions,
        **counts,
    }


@dataclass(frozen=True, slots=True)
class Metrics:
    """Emits counts in one namespace with the `Environment` dimension, one line per call."""

    namespace: str
    environment: str
    clock: Callable[[], float] = field(default=time.time)

    def count(self, counts: Mapping[str, int]) -> None:
        document = metric_document(
            namespace=self.namespace,
            dimensions={"Environment": self.environment},
            counts=counts,
            timestamp_ms=int(self.clock() * 1000),
        )
        sys.stdout.write(json.dumps(document, separators=(",", ":")) + "\n")
        sys.stdout.flush()
