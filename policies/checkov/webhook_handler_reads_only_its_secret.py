"""WH-12: webhook_handler's role may `secretsmanager:GetSecretValue` on the signing secret its
`SIGNING_SECRET_ARN` names and on no other secret."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, exact_grant
from policies.constants import SIGNING_SECRET_VARIABLE, WEBHOOK_HANDLER


class WebhookHandlerReadsOnlyItsSecret(TemplateCheck):
    CLAIMS = ("WH-12",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure webhook_handler's role may read its signing secret and no other secret",
            id="CKV_FIN_85",
            categories=(CheckCategories.IAM,),
            supported_resources=("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        return exact_grant(
            template,
            logical_id,
            handler=WEBHOOK_HANDLER,
            variable=SIGNING_SECRET_VARIABLE,
            resource_type="AWS::SecretsManager::Secret",
            action="secretsmanager:GetSecretValue",
        )


check = WebhookHandlerReadsOnlyItsSecret()
