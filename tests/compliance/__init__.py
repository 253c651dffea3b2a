"""Every custom verifier's passing and failing example (GT-05)."""
