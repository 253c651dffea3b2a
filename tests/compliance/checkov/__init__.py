"""The project's Checkov checks, run through the gate's worker over their PASS and FAIL fixtures."""
