"""WH-12: the secret webhook_handler reads is the signing secret itself: Secrets Manager generates
it as a plain string (no JSON `SecretStringTemplate`/`GenerateStringKey` around it) and the template
holds no value (`SecretString`), so the handler's HMAC key is exactly the secret's value."""

from __future__ import annotations

from checkov.common.models.enums import CheckCategories, CheckResult

from policies.checkov._cfn import Template, TemplateCheck, clean, is_set
from policies.constants import SIGNING_SECRET_VARIABLE, WEBHOOK_HANDLER

WRAPPED_IN_JSON = ("SecretStringTemplate", "GenerateStringKey")


class SigningSecretPlainValue(TemplateCheck):
    CLAIMS = ("WH-12",)

    def __init__(self) -> None:
        super().__init__(
            name="Ensure the webhook signing secret is a generated plain value, not JSON or a literal",
            id="CKV_FIN_86",
            categories=(CheckCategories.SECRETS,),
            supported_resources=("AWS::SecretsManager::Secret",),
        )

    def scan_in_template(self, template: Template, logical_id: str) -> CheckResult:
        signing_secrets = template.named_by(
            WEBHOOK_HANDLER, SIGNING_SECRET_VARIABLE, "AWS::SecretsManager::Secret"
        )
        if logical_id not in signing_secrets:
            return CheckResult.UNKNOWN
        props = template.properties(logical_id)
        generated = clean(props.get("GenerateSecretString"))
        if "GenerateSecretString" not in props or is_set(props.get("SecretString")):
            return CheckResult.FAILED
        if any(key in generated for key in WRAPPED_IN_JSON):
            return CheckResult.FAILED
        return CheckResult.PASSED


check = SigningSecretPlainValue()
