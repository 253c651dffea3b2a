"""Command-line tools: the gate, the DLQ replay, the benchmark, the deploy-after-gate command."""
