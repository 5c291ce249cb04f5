"""What the academy's templates expect of the host site's ``base.html``."""

# The blocks every academy page fills; the host's base.html must define each one.
REQUIRED_BASE_BLOCKS = ("title", "content", "extra_css", "extra_js")

# Blocks the academy overrides when the host defines them; none is needed.
OPTIONAL_BASE_BLOCKS = ("messages",)
