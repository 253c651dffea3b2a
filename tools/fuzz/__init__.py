"""Coverage-guided fuzzing (atheris) of the webhook's parsers; optional, see `python -m tools.fuzz --help`."""
