from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from curriculum.models import LessonPage, ModulePage, PathwayPage
from curriculum.validators import find_control_character

from ..decorators import learner_required
from ..forms import LearnerProfileForm, ReflectionForm
from ..models import LearnerProfile
from ..selectors.dashboard import learner_dashboard
from ..services import progress as progress_services
from ..services.progress import (
    ChecksOutstanding,
    NotEnrolled,
    PrerequisitesUnmet,
    enrolment_create,
    pathway_enrol,
    reflection_save,
)
from ..timezones import time_zone_remember


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would read any other word as a view name.
    if (
        target.startswith("/")
        and find_control_character(target) is None
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return fallback


# Page ids are 32-bit integers; a longer number in an address names no page.
PAGE_ID_MAX = 2**31 - 1


def _live_page_or_404(model, pk: int):
    if pk > PAGE_ID_MAX:
        raise Http404
    return get_object_or_404(model.objects.live(), pk=pk)


@learner_required
def dashboard(request):
    return TemplateResponse(
        request, "academy/dashboard.html", learner_dashboard(user=request.user)
    )


@login_required
def profile(request):
    instance = LearnerProfile.objects.filter(user=request.user).first()
    form = LearnerProfileForm(
        request.POST or None, instance=instance, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        time_zone_remember(request=request, user=request.user, profile=saved)
        messages.success(request, _("Your profile is saved."))
        return redirect(_safe_next(request, "academy:dashboard"))
    return TemplateResponse(
        request,
        "academy/profile.html",
        {"form": form, "onboarding": instance is None, "next": _safe_next(request, "")},
    )


@require_POST
@learner_required
def module_enrol(request, module_id: int):
    module = _live_page_or_404(ModulePage, module_id)
    try:
        enrolment_create(user=request.user, module=module)
    except PrerequisitesUnmet as unmet:
        messages.warning(request, str(unmet))
        return redirect(module.url)
    messages.success(request, _("You are enrolled in “%s”.") % module.title)
    return redirect(module.url)


@require_POST
@learner_required
def pathway_enrolment(request, pathway_id: int):
    pathway = _live_page_or_404(PathwayPage, pathway_id)
    result = pathway_enrol(user=request.user, pathway=pathway)
    if result.enrolments:
        messages.success(
            request,
            ngettext(
                "You are enrolled in %(count)d module of “%(title)s”.",
                "You are enrolled in %(count)d modules of “%(title)s”.",
                len(result.enrolments),
            )
            % {"count": len(result.enrolments), "title": pathway.title},
        )
    for module, first in result.waiting.items():
        messages.warning(
            request,
            format_html(
                _("To enrol in “{module}”, first complete: {first}."),
                module=module.title,
                first=format_html_join(
                    ", ", '<a href="{}">{}</a>', ((m.url, m.title) for m in first)
                ),
            ),
        )
    return redirect("academy:dashboard")


def _prerequisites_message(request, unmet: PrerequisitesUnmet) -> None:
    messages.warning(
        request,
        format_html(
            _("This module builds on others. Complete these first: {first}."),
            first=format_html_join(
                ", ", '<a href="{}">{}</a>', ((m.url, m.title) for m in unmet.modules)
            ),
        ),
    )


def _lesson(lesson_id: int) -> LessonPage:
    return _live_page_or_404(LessonPage, lesson_id)


@require_POST
@learner_required
def lesson_mark_complete(request, lesson_id: int):
    lesson = _lesson(lesson_id)
    try:
        progress_services.lesson_mark_complete(user=request.user, lesson=lesson)
    except NotEnrolled:
        messages.warning(request, _("Enrol in the module to keep your progress."))
        return redirect(lesson.url)
    except PrerequisitesUnmet as unmet:
        _prerequisites_message(request, unmet)
        return redirect(lesson.url)
    except ChecksOutstanding:
        messages.warning(
            request,
            _("Answer every knowledge check correctly to complete this lesson."),
        )
        return redirect(lesson.url)
    messages.success(request, _("Lesson complete."))
    return redirect(lesson.url)


@require_POST
@learner_required
def reflection(request, lesson_id: int, block_id: str):
    lesson = _lesson(lesson_id)
    form = ReflectionForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if form.is_valid():
        try:
            saved = reflection_save(
                user=request.user,
                lesson=lesson,
                block_id=block_id,
                text=form.cleaned_data["text"],
            )
        except ValueError as error:
            if wants_json:
                return JsonResponse({"error": str(error)}, status=400)
            messages.error(request, str(error))
        else:
            if wants_json:
                return JsonResponse({"saved_at": saved.updated_at.isoformat()})
            messages.success(request, _("Your reflection is saved."))
    else:
        # The last saved text stays as it was; say why this one was not kept.
        error = " ".join(form.errors.get("text", [])) or _("Check your reflection.")
        if wants_json:
            return JsonResponse({"error": error}, status=400)
        messages.error(request, _("Your reflection was not saved: %s") % error)
    return redirect(f"{lesson.url}#block-{block_id}")
