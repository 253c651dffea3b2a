"""Policy as code: the claims registry, the project's cdk-nag pack and Checkov checks."""
