"""WH-12: webhook_handler finds its signing secret through `SIGNING_SECRET_ARN`, a reference to a
Secrets Manager secret of its own stack (never a literal, a value or a secret from elsewhere), and
reads the value at run time."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck
from policies.constants import SIGNING_SECRET_VARIABLE, WEBHOOK_HANDLER


class WebhookHandlerSigningSecretReference(TemplateCheck):
    CLAIMS = ("WH-12",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure webhook_handler's signing secret variable references a secret of its stack",
            id="CKV_FIN_84",
            categories=(CheckCategories.SECRETS,),
            supported_resources=("AWS::Lambda::Function",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        if logical_id not in template.functions(WEBHOOK_HANDLER):
            return CheckResult.UNKNOWN
        secret = template.arn_target(template.variable(logical_id, SIGNING_SECRET_VARIABLE))
        if template.type_of(secret) == "AWS::SecretsManager::Secret":
            return CheckResult.PASSED
        return CheckResult.FAILED


check = WebhookHandlerSigningSecretReference()
