"""TX-12: the stacks' outputs and their environment-specific export names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.webapp_stack import ENVIRONMENTS

pytestmark = pytest.mark.synth
REGIONAL_OUTPUTS = {"AlbDnsName", "DatabaseEndpoint", "ValidatorFunctionArn", "SessionsTableName"}


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_regional_stack_outputs_the_claimed_values(assembly: Any, env: str) -> None:
    assert set(assembly.templates[f"WebApp-{env}"]["Outputs"]) >= REGIONAL_OUTPUTS


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_edge_stack_outputs_the_cloudfront_domain(assembly: Any, env: str) -> None:
    output = assembly.templates[f"WebAppEdge-{env}"]["Outputs"]["CloudFrontDomainName"]
    assert output["Value"]["Fn::GetAtt"][1] == "DomainName"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_every_export_name_carries_the_environment(assembly: Any, env: str) -> None:
    for stack in (f"WebApp-{env}", f"WebAppEdge-{env}"):
        for output in assembly.templates[stack]["Outputs"].values():
            if "Export" in output:
                assert output["Export"]["Name"].startswith(f"fintech-{env}-")


def test_dev_and_prod_exports_never_collide(assembly: Any) -> None:
    names = [
        output["Export"]["Name"]
        for stack in ("WebApp-dev", "WebApp-prod", "WebAppEdge-dev", "WebAppEdge-prod")
        for output in assembly.templates[stack]["Outputs"].values()
        if "Export" in output
    ]
    assert len(names) == len(set(names))
