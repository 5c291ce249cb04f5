"""A submitted self-assessment stays as it was, by every route into the database."""

import pytest
from django.urls import reverse

from academy.models import (
    AssessmentWindow,
    Cohort,
    Rating,
    SelfAssessment,
    SubmittedIsFrozen,
)
from tests.academy.factories import (
    AssessmentWindowFactory,
    SelfAssessmentFactory,
)
from tests.curriculum.factories import CompetencyFactory, DomainFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def competencies(framework):
    domain = DomainFactory(framework=framework, code="SP", name="Shared purpose")
    return [
        CompetencyFactory(domain=domain, code=f"SP.{n}", name=f"Skill {n}")
        for n in (1, 2)
    ]


@pytest.fixture
def submitted(learner, framework, competencies):
    """The learner's baseline, taken in their cohort's window and submitted."""
    return SelfAssessmentFactory(
        user=learner,
        framework=framework,
        window=AssessmentWindowFactory(cohort__name="Spring 2026"),
        levels={competencies[0]: 2},
        submitted=True,
    )


def test_bulk_create_cannot_slip_a_rating_into_a_submitted_assessment(
    submitted, competencies, learner, framework
):
    draft = SelfAssessmentFactory(user=learner, framework=framework)
    Rating.objects.bulk_create([Rating(assessment=draft, competency=competencies[0])])
    rating = draft.ratings.get()
    rating.level = 3
    Rating.objects.bulk_update([rating], ["level"])  # drafts take bulk writes
    assert draft.ratings.get().level == 3
    with pytest.raises(SubmittedIsFrozen):
        Rating.objects.bulk_create(
            [Rating(assessment=submitted, competency=competencies[1], level=4)]
        )
    assert submitted.ratings.count() == 1


def test_bulk_update_cannot_change_a_submitted_assessment_or_its_ratings(
    submitted, learner, framework
):
    rating = submitted.ratings.get()
    rating.level = 4
    with pytest.raises(SubmittedIsFrozen):
        Rating.objects.bulk_update([rating], ["level"])
    # Nor move it into a draft, where it could be changed.
    rating.assessment = SelfAssessmentFactory(user=learner, framework=framework)
    with pytest.raises(SubmittedIsFrozen):
        Rating.objects.bulk_update([rating], ["assessment"])
    submitted.kind = "exit"
    with pytest.raises(SubmittedIsFrozen):
        SelfAssessment.objects.bulk_update([submitted], ["kind"])
    assert submitted.ratings.get().level == 2
    assert SelfAssessment.objects.get(pk=submitted.pk).kind == "baseline"


def test_staff_cannot_delete_a_window_with_submitted_assessments(
    client, staff, submitted
):
    window = submitted.window
    draft_only = AssessmentWindowFactory(cohort=window.cohort, kind="midpoint")
    draft = SelfAssessmentFactory(window=draft_only)
    client.force_login(staff)
    drop = reverse("academy_assessment_windows:delete", args=[draft_only.pk])
    assert client.post(drop).status_code == 302  # drafts simply let go
    draft.refresh_from_db()
    assert draft.window_id is None

    url = reverse("academy_assessment_windows:delete", args=[window.pk])
    response = client.post(url, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be deleted: learners submitted self-assessments in it" in html
    assert AssessmentWindow.objects.filter(pk=window.pk).exists()
    assert SelfAssessment.objects.get(pk=submitted.pk).window_id == window.pk


def test_staff_cannot_delete_a_cohort_whose_window_holds_submitted_assessments(
    client, staff, submitted
):
    cohort = submitted.window.cohort
    client.force_login(staff)
    url = reverse("academy_cohorts:delete", args=[cohort.pk])
    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "“Spring 2026” cannot be deleted" in response.content.decode()
    assert Cohort.objects.filter(pk=cohort.pk).exists()
    assert SelfAssessment.objects.get(pk=submitted.pk).window_id == submitted.window_id
