"""WH-12, MW-06, MW-08: the signing secret and the API key never appear in the template."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.template_queries import referenced_id, resources_of_type
from tests.webhook_stack import WEBHOOK_STACKS

pytestmark = pytest.mark.synth


def secret(template: dict[str, Any]) -> dict[str, Any]:
    [resource] = resources_of_type(template, "AWS::SecretsManager::Secret").values()
    return resource


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_signing_secret_is_generated_by_secrets_manager_not_written_in_the_template(
    assembly: Any, stack: str
) -> None:
    properties = secret(assembly.templates[stack])["Properties"]
    assert "SecretString" not in properties
    assert "GenerateSecretString" in properties


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_secret_value_is_the_signing_key_itself_not_a_json_document(assembly: Any, stack: str) -> None:
    generator = secret(assembly.templates[stack])["Properties"]["GenerateSecretString"]
    assert "SecretStringTemplate" not in generator
    assert "GenerateStringKey" not in generator


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_secret_is_encrypted_with_a_customer_managed_key(assembly: Any, stack: str) -> None:
    template = assembly.templates[stack]
    key_id = referenced_id(secret(template)["Properties"]["KmsKeyId"])
    assert template["Resources"][key_id]["Type"] == "AWS::KMS::Key"


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_secret_is_retained_when_the_stack_is_deleted(assembly: Any, stack: str) -> None:
    resource = secret(assembly.templates[stack])
    assert (resource["DeletionPolicy"], resource["UpdateReplacePolicy"]) == ("Retain", "Retain")


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_the_api_key_value_is_generated_by_api_gateway(assembly: Any, stack: str) -> None:
    [api_key] = resources_of_type(assembly.templates[stack], "AWS::ApiGateway::ApiKey").values()
    assert "Value" not in api_key.get("Properties", {})


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_function_environment_holds_a_literal_that_is_not_plain_configuration(
    assembly: Any, stack: str
) -> None:
    template = assembly.templates[stack]
    for function in resources_of_type(template, "AWS::Lambda::Function").values():
        for name, value in function["Properties"]["Environment"]["Variables"].items():
            assert not isinstance(value, str) or name in ("METRICS_NAMESPACE", "ENVIRONMENT"), (name, value)


@pytest.mark.parametrize("stack", WEBHOOK_STACKS)
def test_no_output_exposes_a_secret_value(assembly: Any, stack: str) -> None:
    rendered = json.dumps(assembly.templates[stack]["Outputs"])
    assert "SecretString" not in rendered
    assert "resolve:secretsmanager" not in rendered
