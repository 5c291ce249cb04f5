"""Admin registrations for this app (viewsets, menus, reports)."""
