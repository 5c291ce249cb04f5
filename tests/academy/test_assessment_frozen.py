"""A submitted self-assessment stays as it was, by every route into the database."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from academy.models import (
    AssessmentWindow,
    Cohort,
    Rating,
    SelfAssessment,
    SubmittedIsFrozen,
)
from academy.services.assessments import assessment_erase
from tests.academy.factories import (
    AssessmentWindowFactory,
    CohortFactory,
    SelfAssessmentFactory,
)
from tests.curriculum.factories import CompetencyFactory, DomainFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The frozen-record triggers are installed on PostgreSQL only.",
)


def _raw(sql: str, params=(), *, erasing: bool = False) -> int:
    """Run one statement as any other database client would; return rows touched."""
    with transaction.atomic(), connection.cursor() as cursor:
        if erasing:
            cursor.execute("SET LOCAL academy.erasing = 'on'")
        cursor.execute(sql, params)
        return cursor.rowcount


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


def test_staff_cannot_turn_a_window_with_submissions_into_another_kind_or_cohort(
    client, staff, submitted
):
    window = submitted.window
    other_cohort = CohortFactory(name="Autumn 2026")
    url = reverse("academy_assessment_windows:edit", args=[window.pk])
    client.force_login(staff)
    form = {
        "cohort": window.cohort_id,
        "kind": "midpoint",
        "opens_on": "2026-01-05",
        "closes_on": "2026-03-31",
    }

    response = client.post(url, form)

    assert response.status_code == 200
    assert "its cohort and kind cannot change" in response.content.decode()
    response = client.post(
        url, {**form, "kind": window.kind, "cohort": other_cohort.pk}
    )
    assert "its cohort and kind cannot change" in response.content.decode()
    window.refresh_from_db()
    assert (window.kind, window.cohort.name) == ("baseline", "Spring 2026")
    # Extending the window is still fine.
    response = client.post(url, {**form, "kind": window.kind})
    assert response.status_code == 302
    window.refresh_from_db()
    assert str(window.closes_on) == "2026-03-31"


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


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE academy_selfassessment SET kind = 'exit' WHERE id = %s",
        "UPDATE academy_selfassessment SET submitted_at = NULL WHERE id = %s",
        "DELETE FROM academy_selfassessment WHERE id = %s",
        "UPDATE academy_rating SET level = 4 WHERE assessment_id = %s",
        "DELETE FROM academy_rating WHERE assessment_id = %s",
        "INSERT INTO academy_rating (assessment_id, competency_id, level, skipped,"
        " note, competency_code, competency_name, domain_code, domain_name,"
        " level_name) SELECT %s, c.id, 1, false, '', '', '', '', '', ''"
        " FROM curriculum_competency c WHERE c.code = 'SP.2'",
    ],
)
def test_the_database_refuses_raw_sql_that_would_change_a_submitted_assessment(
    submitted, sql
):
    with pytest.raises(DatabaseError, match="frozen"):
        _raw(sql, [submitted.pk])
    stored = SelfAssessment.objects.get(pk=submitted.pk)
    assert (stored.kind, stored.submitted_at) == ("baseline", submitted.submitted_at)
    assert list(stored.ratings.values_list("competency__code", "level")) == [
        ("SP.1", 2)
    ]


@postgresql_only
def test_the_database_lets_drafts_be_edited(learner, framework, competencies):
    draft = SelfAssessmentFactory(
        user=learner, framework=framework, levels={competencies[0]: 1}
    )
    assert _raw(
        "UPDATE academy_rating SET level = 3 WHERE assessment_id = %s", [draft.pk]
    )
    assert _raw("DELETE FROM academy_rating WHERE assessment_id = %s", [draft.pk])
    assert _raw(
        "UPDATE academy_selfassessment SET submitted_at = now() WHERE id = %s",
        [draft.pk],
    )
    assert SelfAssessment.objects.get(pk=draft.pk).is_submitted


@postgresql_only
def test_erasure_passes_the_triggers_and_only_for_its_own_transaction(
    submitted, learner
):
    assert assessment_erase(user=learner) == 1
    assert not Rating.objects.filter(assessment__user=learner).exists()
    # Erasure switched itself off again: a later raw delete in the same
    # transaction (this test runs in one) is refused.
    other = SelfAssessmentFactory(submitted=True)
    with pytest.raises(DatabaseError, match="frozen"):
        _raw("DELETE FROM academy_selfassessment WHERE id = %s", [other.pk])
    # The erasure setting lets deletes through, never changes.
    with pytest.raises(DatabaseError, match="frozen"):
        _raw(
            "UPDATE academy_selfassessment SET kind = 'exit' WHERE id = %s",
            [other.pk],
            erasing=True,
        )
