"""Register the academy's audit-log actions: credential revocations, results viewed.

academy/wagtail_hooks.py imports this module; importing it is what registers them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from ..services.audit import CREDENTIAL_REVOKED, RESULTS_VIEWED


@hooks.register("register_log_actions")
def register_academy_log_actions(actions):
    @actions.register_action(CREDENTIAL_REVOKED)
    class CredentialRevoked(LogFormatter):
        label = _("Revoke credential")
        message = _("Credential revoked")

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    @actions.register_action(RESULTS_VIEWED)
    class ResultsViewed(LogFormatter):
        label = _("View a learner's self-assessment results")

        def format_message(self, log_entry):
            return _("Viewed the self-assessment results of learner #%(id)s") % {
                "id": log_entry.data.get("learner_id", log_entry.object_id)
            }
