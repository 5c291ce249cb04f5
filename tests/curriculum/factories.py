"""Factories for the curriculum app's models."""
