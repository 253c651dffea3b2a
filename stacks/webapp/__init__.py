"""The webapp system's stack and constructs."""
