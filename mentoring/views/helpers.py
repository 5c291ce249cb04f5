"""Shared by the mentoring views: finding the user's pair, redirects and form pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from curriculum.validators import find_control_character

from ..models import PairState
from .context import member_pair, pair_detail


def safe_next(request, fallback: str) -> str:
    """Return the posted `next` address if it stays on this site, else the fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would read any other word as a view name.
    if (
        target.startswith("/")
        and find_control_character(target) is None
        and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        return target
    return fallback


def detail_url(pair) -> str:
    return reverse("mentoring:pair-detail", args=[pair.pk])


def member_pair_or_404(request, pk: int):
    """Return the user's pair; anyone else gets a 404, so ids reveal nothing."""
    pair = member_pair(user=request.user, pk=pk)
    if pair is None:
        raise Http404(_("No such pair."))
    return pair


def detail_or_404(request, pk: int):
    pair = pair_detail(user=request.user, pk=pk)
    if pair is None:
        raise Http404(_("No such pair."))
    return pair


def error_text(error: ValidationError) -> str:
    return " ".join(_(message) for message in error.messages)


def form_page(request, pair, form, *, title, intro="", submit, **extra):
    """Render the shared form page; a form sent back with errors answers 400."""
    return TemplateResponse(
        request,
        "mentoring/pair_form.html",
        {
            "pair": pair,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            **extra,
        },
        status=400 if form.is_bound else 200,
    )


def active_or_redirect(request, pair):
    if pair.state != PairState.ACTIVE:
        messages.error(request, _("This pair is not active."))
        return redirect(detail_url(pair))
    return None
