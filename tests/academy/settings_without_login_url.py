"""The test settings of a host site that never set LOGIN_URL and has no log-in page."""

from cms.settings.test import *  # noqa: F403

del LOGIN_URL  # noqa: F821
# Like a new `wagtail start` project: Wagtail answers Django's default /accounts/login/.
ROOT_URLCONF = "tests.academy.urlconfs.wagtail_only"
