"""The academy's admin screens: cohorts, credentials, self-assessments, audit, erasure.

academy/wagtail_hooks.py imports the modules that register hooks.
"""
