"""Asking for a mentor or a placement, and offering to mentor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.decorators import learner_required
from academy.models import LearnerProfile
from academy.selectors.assessments import assessment_gaps

from ..forms import MentoringRequestForm, MentorProfileForm, mentor_strength_formset
from ..models import MentoringRequest, MentorProfile
from ..services import OpenRequestExists, request_submit, request_withdraw_open


def _open_request(user) -> MentoringRequest | None:
    return (
        MentoringRequest.objects.filter(
            learner=user, status=MentoringRequest.Status.OPEN
        )
        .order_by("-created_at")
        .first()
    )


@learner_required
def request_form(request):
    """Ask for a mentor or a placement; one open request at a time, edited in place."""
    current = _open_request(request.user)
    form = MentoringRequestForm(
        request.POST or None,
        instance=current,
        gaps=assessment_gaps(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            request_submit(
                learner=request.user,
                mentoring_request=form.save(commit=False),
                competencies=form.cleaned_data["competencies"],
            )
        except OpenRequestExists:
            messages.info(
                request,
                _(
                    "You already have an open request. "
                    "You can edit it here or withdraw it."
                ),
            )
            return redirect("mentoring:request")
        messages.success(
            request,
            _("Your request is updated.")
            if current
            else _("Your request is in. Program staff match requests in rounds."),
        )
        return redirect("mentoring:dashboard")
    return TemplateResponse(
        request,
        "mentoring/request_form.html",
        {"form": form, "current": current},
        status=400 if form.is_bound else 200,
    )


@require_POST
@learner_required
def request_withdraw(request):
    if request_withdraw_open(learner=request.user):
        messages.success(request, _("Your request is withdrawn."))
    else:
        messages.info(request, _("You have no open request to withdraw."))
    return redirect("mentoring:dashboard")


def _profile_initial(user) -> dict:
    """Start a new mentor profile from the learner profile, if there is one."""
    learner = LearnerProfile.objects.filter(user=user).first()
    if learner is None:
        return {}
    return {
        "sector": learner.sector,
        "organization": learner.organization,
        "role": learner.job_title,
        "state": learner.state,
    }


@login_required
def mentor_profile(request):
    """Offer to mentor or host; saving the profile opens the mentor dashboard."""
    profile = MentorProfile.objects.filter(user=request.user).first()
    data = request.POST if request.method == "POST" else None
    form = MentorProfileForm(
        data,
        instance=profile,
        initial=None if profile else _profile_initial(request.user),
    )
    strengths = mentor_strength_formset(data=data, instance=profile)
    valid = data is not None and form.is_valid()
    valid = data is not None and strengths.is_valid() and valid
    if valid:
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.user = request.user
            saved.save()
            strengths.instance = saved
            strengths.save()
        messages.success(
            request,
            _("Your mentor profile is saved.")
            if profile
            else _("Thank you for offering to mentor. Your profile is saved."),
        )
        return redirect("mentoring:dashboard")
    return TemplateResponse(
        request,
        "mentoring/profile_form.html",
        {"form": form, "strengths": strengths, "profile": profile},
        status=400 if data is not None else 200,
    )
