"""TX-09 / MW-08: no ECS container gets a secret, password or credential as a plain environment
variable; those come in as ECS `Secrets` (a variable naming where a secret lives is fine)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, environment_variables
from policies.checkov.reference_lists import SECRET_NAME, SECRET_REFERENCE_NAME


def is_secret_name(name: str) -> bool:
    variable = name.rsplit(".", 1)[-1]
    return bool(SECRET_NAME.search(variable)) and not SECRET_REFERENCE_NAME.search(variable)


class EcsTaskSecretsNotInEnvironment(ResourceCheck):
    CLAIMS = ("TX-09", "MW-08")

    def __init__(self) -> None:
        super().__init__(
            name="Ensure no ECS container receives a secret as a plain environment variable",
            id="CKV_FIN_78",
            categories=(CheckCategories.SECRETS,),
            supported_resources=("AWS::ECS::TaskDefinition",),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        names = environment_variables(conf)
        return CheckResult.FAILED if any(map(is_secret_name, names)) else CheckResult.PASSED


check = EcsTaskSecretsNotInEnvironment()
