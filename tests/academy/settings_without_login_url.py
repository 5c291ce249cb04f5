"""The test settings of a host site that never set LOGIN_URL."""

from cms.settings.test import *  # noqa: F403

del LOGIN_URL  # noqa: F821
