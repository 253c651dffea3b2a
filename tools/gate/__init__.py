"""The compliance gate's tools."""
