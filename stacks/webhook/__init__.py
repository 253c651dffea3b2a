"""The webhook system's stack and constructs."""
