"""WH-08: every event source mapping caps its concurrency (ScalingConfig.MaximumConcurrency), so
the poller never drives the function into throttling that would push messages to a DLQ."""

from __future__ import annotations

from typing import Any

from checkov.common.models.consts import ANY_VALUE
from checkov.common.models.enums import CheckCategories

from policies.checkov._cfn import ValueCheck


class EventSourceMaxConcurrency(ValueCheck):
    CLAIMS = ("WH-08",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every event source mapping sets a maximum concurrency",
            id="CKV_FIN_37",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("AWS::Lambda::EventSourceMapping",),
        )

    def get_inspected_key(self) -> str:
        return "Properties/ScalingConfig/MaximumConcurrency"

    def get_expected_value(self) -> Any:
        return ANY_VALUE


check = EventSourceMaxConcurrency()
