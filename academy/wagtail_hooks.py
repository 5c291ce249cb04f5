"""Register the academy's admin screens and its learner tools on curriculum pages."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from wagtail import hooks

from .admin import (
    assessment_hooks,  # noqa: F401 - registers self-assessment admin
    audit,  # noqa: F401 - registers the audit-log actions
    check_hooks,  # noqa: F401 - registers the question bank and its statistics
    menu,  # noqa: F401 - the Academy menu every screen is registered into
    privacy,  # noqa: F401 - erasure from the admin's Users
)
from .admin.cohorts import CohortViewSet
from .admin.credentials import credential_viewset
from .models import Credential, Enrolment
from .selectors.checks import module_check_state
from .selectors.progress import lesson_state, modules_progress, prerequisites_unmet
from .services.progress import lesson_open


def _account_urls() -> dict:
    """Where guests go to join: the host site's sign-up page if it has one."""
    login_url = resolve_url(settings.LOGIN_URL)
    try:
        signup_url = reverse("account_signup")
    except NoReverseMatch:
        # No sign-up page: guests are offered the log-in page alone, never a
        # "Sign up" that leads to a log-in form.
        signup_url = ""
    return {"login_url": login_url, "signup_url": signup_url}


def _learner(request):
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or getattr(request, "is_preview", False)
    ):
        return None
    return user


@hooks.register("curriculum_module_context")
def module_learner_context(*, request, page):
    user = _learner(request)
    context = {
        "module_actions_template": "academy/includes/module_actions.html",
        **_account_urls(),
    }
    if user is None:
        return context
    enrolment = Enrolment.objects.filter(user=user, module=page).first()
    context.update(
        enrolment=enrolment,
        unmet_prerequisites=[]
        if enrolment
        else prerequisites_unmet(user=user, module=page),
    )
    if enrolment is not None:
        enrolment.module = page
        progress = modules_progress(user=user, enrolments=[enrolment])[page.pk]
        context.update(
            module_check=module_check_state(user=user, module=page),
            module_progress=progress,
            completed_lesson_ids=progress["completed_ids"],
            credential=Credential.objects.filter(user=user, module=page).first()
            if enrolment.completed_at
            else None,
        )
    return context


@hooks.register("curriculum_lesson_context")
def lesson_learner_context(*, request, page):
    user = _learner(request)
    context = {
        "lesson_notice_template": "academy/includes/lesson_notice.html",
        **_account_urls(),
    }
    if user is None:
        return context
    state = lesson_state(user=user, lesson=page)
    context.update(state)
    enrolment = state["enrolment"]
    if enrolment is not None:
        unmet = prerequisites_unmet(user=user, module=enrolment.module)
        context["unmet_prerequisites"] = unmet
        if not unmet:
            context["lesson_progress"] = lesson_open(
                user=user, lesson=page, enrolment=enrolment
            )
            if enrolment.completed_at is None:
                context["module_check"] = module_check_state(
                    user=user, module=enrolment.module
                )
            context.update(
                lesson_actions_template="academy/includes/lesson_actions.html",
                check_form_template="academy/includes/check_form.html",
            )
    context["reflection_form_template"] = "academy/includes/reflection_form.html"
    return context


@hooks.register("curriculum_pathway_context")
def pathway_learner_context(*, request, page):
    return {
        "pathway_actions_template": "academy/includes/pathway_actions.html",
        **_account_urls(),
    }


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet()


@hooks.register("register_admin_viewset")
def register_credential_viewset():
    return credential_viewset
