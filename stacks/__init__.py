"""CDK stacks and constructs of the two systems (webhook pipeline, transaction web app)."""
