"""Reads for the academy, grouped by subject."""
