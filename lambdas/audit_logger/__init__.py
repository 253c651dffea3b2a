"""Appends every transaction event to the `audit_logs` table, PutItem only (WH-08, WH-13, WH-14, WH-15)."""
