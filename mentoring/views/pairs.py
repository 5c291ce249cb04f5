"""The dashboard and a pair's page, with the actions of the pair's lifecycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academy.selectors.privacy import person_display_name

from .. import services
from ..forms import CheckInForm, GoalForm, HostFeedbackForm, ReasonForm
from ..ics import checkin_event
from ..models import MentorProfile, PairState
from .context import checkin_start, dashboard_context, pair_focus_ids
from .helpers import (
    active_or_redirect,
    detail_or_404,
    detail_url,
    error_text,
    form_page,
    member_pair_or_404,
    safe_next,
)


@login_required
def dashboard(request):
    context = dashboard_context(user=request.user)
    if context is None:
        raise PermissionDenied(
            _(
                "The mentoring dashboard is for mentors and hosts, and for learners "
                "who have completed their profile."
            )
        )
    return TemplateResponse(request, "mentoring/dashboard.html", context)


@login_required
def pair_detail_view(request, pk: int):
    pair = detail_or_404(request, pk)
    for placement in pair.placement_list:
        if placement.i_host:
            placement.feedback_form = HostFeedbackForm(
                initial={"text": placement.host_feedback},
                auto_id=f"feedback_{placement.pk}_%s",
            )
    return TemplateResponse(request, "mentoring/pair_detail.html", {"pair": pair})


@login_required
def pair_calendar(request, pk: int):
    pair = member_pair_or_404(request, pk)
    latest = pair.checkins.order_by("-met_on", "-pk").first()
    # Only a running pair plans check-ins; an ended one keeps each side's own words.
    if pair.state != PairState.ACTIVE or latest is None or not latest.next_checkin_on:
        return TemplateResponse(
            request, "mentoring/no_checkin_planned.html", {"pair": pair}, status=404
        )
    day = latest.next_checkin_on
    body = checkin_event(
        uid=f"pair-{pair.pk}-checkin-{day:%Y%m%d}@{request.get_host()}",
        start=checkin_start(checkin=latest),
        minutes=latest.minutes,
        meeting_url=latest.meeting_url,
        summary=_("Check-in: %(mentor)s and %(learner)s")
        % {
            "mentor": person_display_name(pair.mentor),
            "learner": person_display_name(pair.learner),
        },
        description=latest.next_steps,
        url=request.build_absolute_uri(detail_url(pair)),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="next-checkin-{day:%Y-%m-%d}.ics"'
    )
    return response


@require_POST
@login_required
def pair_accept(request, pk: int):
    pair = member_pair_or_404(request, pk)
    try:
        pair = services.pair_accept(pair=pair, user=request.user)
    except services.CapacityFull as full:
        messages.error(request, _(str(full)))
    except MentorProfile.DoesNotExist:
        messages.error(
            request,
            _("The mentor has no mentor profile yet. Program staff will sort it out."),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if pair.state == PairState.ACTIVE:
            messages.success(request, _("You have both accepted: the pair is active."))
        else:
            messages.success(
                request, _("You accepted. We let you know when the other person does.")
            )
    return redirect(safe_next(request, detail_url(pair)))


@login_required
def pair_decline(request, pk: int):
    pair = member_pair_or_404(request, pk)
    if pair.state != PairState.OFFERED:
        messages.error(request, _("This offer is no longer open."))
        return redirect(detail_url(pair))
    form = ReasonForm(request.POST or None, required=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_decline(
                pair=pair, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(detail_url(pair))
        messages.success(
            request, _("You declined the offer. Program staff will look again.")
        )
        return redirect("mentoring:dashboard")
    return form_page(
        request,
        pair,
        form,
        title=_("Decline this offer"),
        intro=_("Nobody is penalized for declining. A reason helps staff match again."),
        submit=_("Decline the offer"),
    )


@login_required
def pair_close(request, pk: int):
    """Offer both ways to end an active pair: complete it, or close it early."""
    pair = member_pair_or_404(request, pk)
    if refused := active_or_redirect(request, pair):
        return refused
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_close(
                pair=pair, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(detail_url(pair))
        messages.success(request, _("The pair is closed."))
        return redirect("mentoring:dashboard")
    return TemplateResponse(
        request,
        "mentoring/pair_close.html",
        {"pair": pair, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def pair_complete(request, pk: int):
    pair = member_pair_or_404(request, pk)
    try:
        services.pair_complete(pair=pair, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(detail_url(pair))
    messages.success(request, _("The pair is complete. Thank you both."))
    return redirect(detail_url(pair))


@login_required
def checkin_create(request, pk: int):
    pair = detail_or_404(request, pk)
    if refused := active_or_redirect(request, pair):
        return refused
    form = CheckInForm(request.POST or None, focus_ids=pair_focus_ids(pair=pair))
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_log(pair=pair, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The check-in is saved."))
            return redirect(detail_url(pair))
    return form_page(
        request,
        pair,
        form,
        title=_("Log a check-in"),
        intro=_("A few lines after each conversation keep the pair on track."),
        submit=_("Save the check-in"),
    )


@require_POST
@login_required
def goal_achieved(request, pk: int, goal_pk: int):
    """Mark one of the pair's goals done, or undo it."""
    pair = member_pair_or_404(request, pk)
    goal = pair.goals.filter(pk=goal_pk).first()
    if goal is None:
        raise Http404(_("No such goal."))
    achieved = request.POST.get("achieved") == "1"
    try:
        services.goal_set_achieved(goal=goal, user=request.user, achieved=achieved)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The goal is marked done.")
            if achieved
            else _("The goal is marked not done yet."),
        )
    return redirect(f"{detail_url(pair)}#goals-title")


@login_required
def goal_create(request, pk: int):
    pair = detail_or_404(request, pk)
    if refused := active_or_redirect(request, pair):
        return refused
    form = GoalForm(request.POST or None, focus_ids=pair_focus_ids(pair=pair))
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_add(pair=pair, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The goal is added."))
            return redirect(detail_url(pair))
    return form_page(
        request,
        pair,
        form,
        title=_("Add a shared goal"),
        submit=_("Add the goal"),
    )
