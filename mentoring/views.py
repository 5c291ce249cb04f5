from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .selectors import mentor_is_active


@login_required
def dashboard(request):
    if not mentor_is_active(user=request.user):
        raise PermissionDenied(_("The mentoring dashboard is for mentors and hosts."))
    return TemplateResponse(request, "mentoring/dashboard.html", {})
