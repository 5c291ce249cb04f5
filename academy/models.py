"""Models of the academy app."""
