"""Shadowing placements: the learning agreement, its confirmation, visits, feedback.

A shadowing pair has a first visit (the learner visits the mentor's organization)
and may have its return visit; each placement has its own host and visitor.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.people import person_label

from .. import services
from ..forms import HostFeedbackForm, PlacementForm, VisitForm
from ..models import PairKind, ShadowingPlacement
from .context import pair_focus_ids, placement_initial
from .helpers import (
    active_or_redirect,
    detail_or_404,
    detail_url,
    error_text,
    form_page,
    member_pair_or_404,
    safe_next,
)


def _placement_or_404(pair, placement_pk: int) -> ShadowingPlacement:
    """Return the pair's placement; another pair's is as unknown as a guessed id."""
    for placement in pair.placements.all():
        if placement.pk == placement_pk:
            return placement
    raise Http404(_("No such placement."))


def _placement_url(pair, placement) -> str:
    return f"{detail_url(pair)}#placement-{placement.pk}"


def _person(user) -> str:
    return person_label(user)


@login_required
def placement_create(request, pk: int):
    """The mentor proposes the learning agreement of the first visit."""
    pair = detail_or_404(request, pk)
    if not pair.as_mentor:
        raise PermissionDenied(_("The host proposes the learning agreement."))
    if pair.kind != PairKind.SHADOWING:
        raise Http404(_("Only shadowing pairs have placements."))
    if pair.first_placement is not None:
        messages.info(request, _("This pair already has a learning agreement."))
        return redirect(_placement_url(pair, pair.first_placement))
    if refused := active_or_redirect(request, pair):
        return refused
    form = PlacementForm(
        request.POST or None,
        focus_ids=pair_focus_ids(pair=pair),
        initial=placement_initial(pair=pair, mentor_visits=False),
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.placement_create(
                pair=pair, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("You proposed the learning agreement. %s confirms it next.")
                % _person(pair.learner),
            )
            return redirect(_placement_url(pair, placement))
    return form_page(
        request,
        pair,
        form,
        title=_("Propose the learning agreement"),
        intro=_(
            "Set out what the visit is for and the rules of your site. Proposing it "
            "is your confirmation; the visitor confirms it before the first visit."
        ),
        submit=_("Propose the agreement"),
    )


@login_required
def placement_reciprocal_create(request, pk: int, placement_pk: int):
    """The first visit's visitor invites their host back: the return visit."""
    pair = detail_or_404(request, pk)
    first = _placement_or_404(pair, placement_pk)
    if not first.i_visit:
        raise PermissionDenied(_("The visitor of the first visit plans the return."))
    if first.mentor_visits or pair.return_placement is not None:
        messages.info(request, _("The return visit is already planned."))
        return redirect(_placement_url(pair, pair.return_placement or first))
    if not first.has_visits:
        messages.info(request, _("Plan the return visit after your first visit."))
        return redirect(_placement_url(pair, first))
    if refused := active_or_redirect(request, pair):
        return refused
    form = PlacementForm(
        request.POST or None,
        focus_ids=pair_focus_ids(pair=pair),
        initial=placement_initial(pair=pair, mentor_visits=not first.mentor_visits),
    )
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.placement_reciprocal_create(
                placement=first, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("You proposed the return visit. %s confirms it next.")
                % _person(first.host),
            )
            return redirect(_placement_url(pair, placement))
    return form_page(
        request,
        pair,
        form,
        title=_("Plan the return visit"),
        intro=_(
            "This time you host, at your own organization. Set out what the visit "
            "is for and the rules of your site. Proposing it is your confirmation; "
            "your visitor confirms it before the visit."
        ),
        submit=_("Propose the agreement"),
    )


@require_POST
@login_required
def placement_confirm(request, pk: int, placement_pk: int):
    pair = member_pair_or_404(request, pk)
    placement = _placement_or_404(pair, placement_pk)
    try:
        placement = services.placement_confirm(placement=placement, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if placement.agreement_confirmed:
            messages.success(request, _("The agreement is confirmed by both of you."))
        else:
            messages.success(request, _("You confirmed the learning agreement."))
    return redirect(safe_next(request, _placement_url(pair, placement)))


@login_required
def visit_create(request, pk: int, placement_pk: int):
    pair = detail_or_404(request, pk)
    placement = _placement_or_404(pair, placement_pk)
    if not placement.i_visit:
        raise PermissionDenied(_("The visitor logs their visits."))
    if refused := active_or_redirect(request, pair):
        return refused
    if not placement.agreement_confirmed:
        messages.error(request, _("Both host and visitor confirm the agreement first."))
        return redirect(_placement_url(pair, placement))
    form = VisitForm(request.POST or None, placement=placement)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_log(
                placement=placement, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The visit is logged."))
            return redirect(_placement_url(pair, placement))
    return form_page(
        request,
        pair,
        form,
        title=_("Log a shadowing visit"),
        intro=_("Your host reads your reflection too."),
        submit=_("Save the visit"),
    )


@login_required
def host_feedback(request, pk: int, placement_pk: int):
    pair = detail_or_404(request, pk)
    placement = _placement_or_404(pair, placement_pk)
    if not placement.i_host:
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
            return redirect(_placement_url(pair, placement))
    return form_page(
        request,
        pair,
        form,
        title=_("Feedback to the visitor"),
        intro=_("The visitor reads it on the pair's page."),
        submit=_("Save feedback"),
    )
