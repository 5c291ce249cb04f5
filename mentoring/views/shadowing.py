"""Shadowing placements: the learning agreement, its confirmation, visits, feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import HostFeedbackForm, PlacementForm, VisitForm
from ..models import PairKind
from .context import pair_focus_ids
from .helpers import (
    active_or_redirect,
    detail_or_404,
    detail_url,
    error_text,
    form_page,
    member_pair_or_404,
    safe_next,
)


def _placement_or_404(pair):
    placement = getattr(pair, "placement", None)
    if placement is None:
        raise Http404(_("This pair has no shadowing placement."))
    return placement


@login_required
def placement_create(request, pk: int):
    pair = detail_or_404(request, pk)
    if not pair.as_mentor:
        raise PermissionDenied(_("The host proposes the learning agreement."))
    if pair.kind != PairKind.SHADOWING:
        raise Http404(_("Only shadowing pairs have placements."))
    if getattr(pair, "placement", None) is not None:
        messages.info(request, _("This pair already has a learning agreement."))
        return redirect(detail_url(pair))
    if refused := active_or_redirect(request, pair):
        return refused
    profile = getattr(pair.mentor, "mentor_profile", None)
    form = PlacementForm(
        request.POST or None,
        focus_ids=pair_focus_ids(pair=pair),
        initial={"host_organization": profile.organization if profile else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_create(
                pair=pair, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("The learning agreement is proposed. Confirm it, then so will %s.")
                % (pair.learner.get_full_name() or pair.learner.email),
            )
            return redirect(detail_url(pair) + "#placement")
    return form_page(
        request,
        pair,
        form,
        title=_("Propose the learning agreement"),
        intro=_(
            "Set out what the visit is for and the rules of your site. Both of you "
            "confirm it before the first visit."
        ),
        submit=_("Propose the agreement"),
    )


@require_POST
@login_required
def placement_confirm(request, pk: int):
    pair = member_pair_or_404(request, pk)
    placement = _placement_or_404(pair)
    try:
        placement = services.placement_confirm(placement=placement, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if placement.agreement_confirmed:
            messages.success(request, _("The agreement is confirmed by both of you."))
        else:
            messages.success(request, _("You confirmed the learning agreement."))
    return redirect(safe_next(request, detail_url(pair) + "#placement"))


@login_required
def visit_create(request, pk: int):
    pair = detail_or_404(request, pk)
    placement = _placement_or_404(pair)
    if pair.as_mentor:
        raise PermissionDenied(_("The visitor logs their visits."))
    if refused := active_or_redirect(request, pair):
        return refused
    if not placement.agreement_confirmed:
        messages.error(request, _("Both host and visitor confirm the agreement first."))
        return redirect(detail_url(pair) + "#placement")
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_log(
                placement=placement, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The visit is logged."))
            return redirect(detail_url(pair) + "#placement")
    return form_page(
        request,
        pair,
        form,
        title=_("Log a shadowing visit"),
        intro=_("Your host reads your reflection too."),
        submit=_("Save the visit"),
    )


@login_required
def host_feedback(request, pk: int):
    pair = detail_or_404(request, pk)
    placement = _placement_or_404(pair)
    if not pair.as_mentor:
        raise PermissionDenied(_("The host writes the feedback."))
    form = HostFeedbackForm(
        request.POST or None, initial={"text": placement.host_feedback}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.host_feedback_save(
                placement=placement, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Your feedback is saved."))
            return redirect(detail_url(pair) + "#placement")
    return form_page(
        request,
        pair,
        form,
        title=_("Feedback to the visitor"),
        intro=_("The visitor reads it on the pair's page."),
        submit=_("Save feedback"),
    )
