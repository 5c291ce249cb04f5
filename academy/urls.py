from django.urls import path

from .views import assessments, checks, credentials, journal, learner, privacy

app_name = "academy"

urlpatterns = [
    path("", learner.dashboard, name="dashboard"),
    path("profile/", learner.profile, name="profile"),
    path(
        "assessments/", assessments.assessment_history_view, name="assessment-history"
    ),
    path("assessments/take/", assessments.assessment_take, name="assessment-take"),
    path(
        "assessments/compare/",
        assessments.assessment_compare_view,
        name="assessment-compare",
    ),
    path(
        "assessments/<int:pk>/", assessments.assessment_detail, name="assessment-detail"
    ),
    path(
        "assessments/history.csv",
        assessments.assessment_export,
        {"fmt": "csv"},
        name="assessment-export-csv",
    ),
    path(
        "assessments/history.json",
        assessments.assessment_export,
        {"fmt": "json"},
        name="assessment-export-json",
    ),
    path("privacy/", privacy.privacy_page, name="privacy"),
    path("privacy/export.json", privacy.privacy_export_view, name="privacy-export"),
    path("privacy/delete/", privacy.account_erase_view, name="privacy-delete"),
    path("journal/", journal.journal, name="journal"),
    path(
        "journal/reflections.csv",
        journal.journal_export,
        {"fmt": "csv"},
        name="journal-export-csv",
    ),
    path(
        "journal/reflections.md",
        journal.journal_export,
        {"fmt": "md"},
        name="journal-export-md",
    ),
    path("modules/<int:module_id>/enrol/", learner.module_enrol, name="module-enrol"),
    path(
        "pathways/<int:pathway_id>/enrol/",
        learner.pathway_enrolment,
        name="pathway-enrol",
    ),
    path(
        "lessons/<int:lesson_id>/complete/",
        learner.lesson_mark_complete,
        name="lesson-complete",
    ),
    path(
        "lessons/<int:lesson_id>/questions/<int:question_id>/",
        checks.question_answer_view,
        name="question-answer",
    ),
    path("modules/<int:module_id>/check/", checks.module_check, name="module-check"),
    path(
        "modules/<int:module_id>/check/start/",
        checks.module_check_start_view,
        name="module-check-start",
    ),
    path(
        "modules/<int:module_id>/check/<int:attempt_id>/submit/",
        checks.module_check_submit_view,
        name="module-check-submit",
    ),
    path(
        "modules/<int:module_id>/check/<int:attempt_id>/",
        checks.module_check_result,
        name="module-check-result",
    ),
    path(
        "lessons/<int:lesson_id>/reflections/<str:block_id>/",
        learner.reflection,
        name="reflection-save",
    ),
    path(
        "credentials/<uuid:public_id>/",
        credentials.credential_detail,
        name="credential-detail",
    ),
    path(
        "verify/<uuid:public_id>/",
        credentials.credential_verify,
        name="credential-verify",
    ),
    path(
        "verify/<uuid:public_id>/badge.json",
        credentials.credential_badge,
        name="credential-badge",
    ),
]
