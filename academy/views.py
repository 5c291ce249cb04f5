from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse


@login_required
def dashboard(request):
    return TemplateResponse(request, "academy/dashboard.html", {})
