"""The privacy page: what is kept and who sees it, the data download, erasure."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..forms_privacy import AccountEraseForm, confirmation_word
from ..selectors.privacy import privacy_export, privacy_summary
from ..services.privacy import account_erase
from ..timezones import iso_local


@require_GET
@login_required
def privacy_page(request):
    """Open to anyone logged in: a mentor may have no learner profile."""
    return TemplateResponse(
        request,
        "academy/privacy/privacy.html",
        {"summary": privacy_summary(user=request.user)},
    )


@require_GET
@login_required
def privacy_export_view(request):
    document = {
        "exported_at": iso_local(timezone.now()),
        **privacy_export(user=request.user),
    }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="my-academy-data-{timezone.localdate():%Y-%m-%d}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_erase_view(request):
    """Erase the account once the person re-enters their password and confirms."""
    form = AccountEraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_erase(user=request.user, actor=request.user)
        logout(request)
        messages.success(
            request,
            _("Your account is erased. Thank you for learning with the academy."),
        )
        return redirect("/")
    return TemplateResponse(
        request,
        "academy/privacy/erase.html",
        {"form": form, "word": confirmation_word()},
        status=400 if form.is_bound else 200,
    )
