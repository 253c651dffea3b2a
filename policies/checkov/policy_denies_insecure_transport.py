"""MW-04: every SQS queue, SNS topic and S3 bucket policy denies requests made without TLS
(a `Deny` for every principal on `aws:SecureTransport` false)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import ResourceCheck, as_list, clean, properties, statements


def denies_plain_http(statement: dict[str, Any]) -> bool:
    principal = statement.get("Principal")
    everyone = principal == "*" or as_list(clean(principal).get("AWS")) == ["*"]
    condition = clean(statement.get("Condition"))
    insecure = any(
        str(value).lower() == "false"
        for operator in ("Bool", "BoolIfExists")
        for value in as_list(clean(condition.get(operator)).get("aws:SecureTransport"))
    )
    return statement.get("Effect") == "Deny" and everyone and insecure and bool(statement.get("Action"))


class PolicyDeniesInsecureTransport(ResourceCheck):
    CLAIMS = ("MW-04",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure every queue, topic and bucket policy denies requests without TLS",
            id="CKV_FIN_14",
            categories=(CheckCategories.ENCRYPTION,),
            supported_resources=("AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy"),
        )

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        document = properties(conf).get("PolicyDocument")
        if any(denies_plain_http(statement) for statement in statements(document)):
            return CheckResult.PASSED
        return CheckResult.FAILED


check = PolicyDeniesInsecureTransport()
