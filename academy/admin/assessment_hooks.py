"""Register the self-assessment admin: windows, targets, growth report, records.

academy/wagtail_hooks.py imports this module; importing it is what registers them.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from curriculum.viewsets import ACADEMY_REPORTS_MENU_HOOK, PermissionMenuItem

from .assessments import (
    INDIVIDUAL_RESULTS_PERMISSION,
    AssessmentAdminGroup,
    CohortGrowthReportView,
    LearnerAssessmentsView,
)


@hooks.register("register_admin_viewset")
def register_assessment_viewsets():
    return AssessmentAdminGroup()


@hooks.register("register_admin_urls")
def register_assessment_urls():
    return [
        path(
            "reports/cohort-growth/",
            CohortGrowthReportView.as_view(),
            name="academy_cohort_growth",
        ),
        path(
            "reports/cohort-growth/results/",
            CohortGrowthReportView.as_view(results_only=True),
            name="academy_cohort_growth_results",
        ),
        path(
            "academy/learners/<int:user_id>/assessments/",
            LearnerAssessmentsView.as_view(),
            name="academy_learner_assessments",
        ),
    ]


@hooks.register(ACADEMY_REPORTS_MENU_HOOK)
def register_cohort_growth_menu_item():
    return PermissionMenuItem(
        _("Cohort growth"),
        reverse("academy_cohort_growth"),
        name="cohort-growth",
        icon_name="table",
        order=10,
        permission="academy.view_cohort",
    )


@hooks.register("register_permissions")
def individual_results_permission():
    """Let staff grant the individual-results permission from a group's page."""
    from django.contrib.auth.models import Permission

    app_label, codename = INDIVIDUAL_RESULTS_PERMISSION.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=codename
    )
