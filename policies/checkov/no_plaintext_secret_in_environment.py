"""MW-08: no Lambda function or ECS container gets a secret in plain text through its environment:
no credential-shaped value, no dynamic reference CloudFormation would resolve into the variable, and
no literal in a variable named like a secret (naming where the secret lives, an ARN or a name, is fine)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, environment_variables, text
from policies.checkov.reference_lists import SECRET_NAME, SECRET_REFERENCE_NAME, SECRET_VALUE

RESOLVED_SECRETS = ("{{resolve:secretsmanager:", "{{resolve:ssm-secure:")


def exposes_secret(name: str, value: Any) -> bool:
    literal = text(value)
    if SECRET_VALUE.search(literal) or any(reference in literal for reference in RESOLVED_SECRETS):
        return True
    variable = name.rsplit(".", 1)[-1]
    named_secret = bool(SECRET_NAME.search(variable)) and not SECRET_REFERENCE_NAME.search(variable)
    return named_secret and isinstance(value, str) and value != "" and not value.startswith("arn:")


class NoPlaintextSecretInEnvironment(ResourceCheck):
    CLAIMS = ("MW-08",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure no function or container environment variable holds a secret in plain text",
            id="CKV_FIN_23",
            categories=(CheckCategories.SECRETS,),
            supported_resources=("AWS::Lambda::Function", "AWS::ECS::TaskDefinition"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        if any(exposes_secret(name, value) for name, value in environment_variables(conf).items()):
            return CheckResult.FAILED
        return CheckResult.PASSED


check = NoPlaintextSecretInEnvironment()
