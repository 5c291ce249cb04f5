"""Staff deleting a person in the admin's Users section erases the account instead.

A plain delete would stop at the protected self-assessments and pairs; erasure
deals with them the same way as when the person erases their own account.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request

from ..services.privacy import ERASE_ACTION, account_erase


@hooks.register("register_log_actions")
def register_erase_log_action(actions):
    actions.register_action(
        ERASE_ACTION, gettext_lazy("Erase account"), gettext_lazy("Account erased")
    )


@hooks.register("before_delete_user")
def erase_instead_of_delete(request, user):
    """Erase on the confirmed delete; the confirmation page itself stays Wagtail's."""
    if request.method != "POST":
        messages.warning(
            request,
            _(
                "Deleting this user erases the account: their profile, learning "
                "records, self-assessments and what they wrote in mentoring are "
                "deleted, their credentials are withdrawn, and their running pairs "
                "close with a note to the other person."
            ),
        )
        return None
    reference = account_erase(user=user, actor=request.user)
    messages.success(
        request,
        _("The account is erased (audit reference %(reference)s).")
        % {"reference": reference},
    )
    return redirect(
        get_valid_next_url_from_request(request) or "wagtailusers_users:index"
    )


@hooks.register("before_bulk_action")
def erase_instead_of_bulk_delete(request, action_type, objects, action):
    is_user_delete = getattr(action, "model", None) is get_user_model()
    if action_type != "delete" or not is_user_delete:
        return None
    for user in objects:
        account_erase(user=user, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d account is erased.",
            "%(count)d accounts are erased.",
            len(objects),
        )
        % {"count": len(objects)},
    )
    return redirect(action.next_url)
