"""End-to-end tests: the webhook pipeline's real handlers against moto in server mode (marker `e2e`)."""
