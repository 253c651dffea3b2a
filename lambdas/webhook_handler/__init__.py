"""POST /webhook: verify, validate and publish payment webhooks (WH-09, WH-11, WH-12, WH-13, WH-15)."""
