"""Writes for the academy, grouped by subject; views, admin and commands call these."""
