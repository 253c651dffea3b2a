"""MW-01: no Lambda function carries inline code; its code is a file under `lambdas/` (an asset)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, dig, is_set, properties


class LambdaCodeNotInline(ResourceCheck):
    CLAIMS = ("MW-01",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure no Lambda function has inline code (Code.ZipFile)",
            id="CKV_FIN_3",
            categories=(CheckCategories.SUPPLY_CHAIN,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        inline = dig(properties(conf), "Code", "ZipFile")
        return CheckResult.FAILED if is_set(inline) else CheckResult.PASSED


check = LambdaCodeNotInline()
