"""Writes each transaction event once into the `transactions` table (WH-08, WH-13, WH-15)."""
