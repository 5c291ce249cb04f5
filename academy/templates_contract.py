"""What the academy's templates expect of the host site's ``base.html``."""

# The blocks every academy page fills; the host's base.html must define each one.
REQUIRED_BASE_BLOCKS = ("title", "content", "extra_css", "extra_js")

# Blocks the academy empties when the host defines them, to show its own instead.
OPTIONAL_BASE_BLOCKS = ("messages", "breadcrumbs")
