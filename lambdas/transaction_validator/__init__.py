"""The web tier's synchronous transaction check (TX-10): a structured verdict for any input."""
