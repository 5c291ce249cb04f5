import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from academy.models import Credential, Rating, Reflection, SelfAssessment
from academy.selectors.reports import cohort_growth
from academy.services.assessments import assessment_start, assessment_submit
from academy.services.credentials import credential_issue
from academy.services.privacy import account_erase
from mentoring.models import CheckIn, MentoringRequest, Pair, PairGoal, PairState
from tests.academy.factories import (
    PASSWORD,
    AssessmentWindowFactory,
    CohortFactory,
    CohortMembershipFactory,
    EnrolmentFactory,
    LessonProgressFactory,
    QuestionAnswerFactory,
    ReflectionFactory,
    SelfAssessmentFactory,
    UserFactory,
)
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from tests.mentoring.factories import (
    CheckInFactory,
    MentorFactory,
    MentoringRequestFactory,
    MentorStrengthFactory,
    PairFactory,
    PairGoalFactory,
    ShadowingPlacementFactory,
    ShadowingVisitFactory,
)

pytestmark = pytest.mark.django_db

PRIVACY = "academy:privacy"
EXPORT = "academy:privacy-export"
ERASE = "academy:privacy-delete"
EXPORT_QUERIES = 21


@pytest.fixture
def competency(framework):
    domain = DomainFactory(framework=framework, code="TR", name="Trust")
    return CompetencyFactory(domain=domain, code="TR.1", name="Building trust")


def _learning_history(user, curriculum_index, competency, *, size: int):
    """Give the person `size` records of every kind the academy keeps."""
    for n in range(size):
        module = ModulePageFactory(parent=curriculum_index, title=f"Module {n}")
        lesson = LessonPageFactory(parent=module, title=f"Lesson {n}")
        enrolment = EnrolmentFactory(
            user=user, module=module, completed_at=timezone.now()
        )
        LessonProgressFactory(user=user, lesson=lesson)
        QuestionAnswerFactory(user=user, lesson=lesson)
        ReflectionFactory(
            user=user, lesson=lesson, text=f"My reflection number {n}", block_id=str(n)
        )
        credential_issue(enrolment=enrolment)
        SelfAssessmentFactory(
            user=user,
            framework=competency.domain.framework,
            levels={competency: 2},
            submitted=True,
        )


def _mentoring_history(learner, competency, *, size: int) -> list[Pair]:
    pairs = []
    for n in range(size):
        request = MentoringRequestFactory(
            learner=learner,
            goals=f"Grow partnerships {n}",
            competencies=[competency],
            status=MentoringRequest.Status.MATCHED,
        )
        pair = PairFactory(learner=learner, request=request, shadowing=True)
        PairGoalFactory(pair=pair, text=f"Goal {n}", added_by=learner)
        CheckInFactory(pair=pair, notes=f"Mentor notes {n}", competencies=[competency])
        placement = ShadowingPlacementFactory(
            pair=pair, confirmed=True, competencies=[competency]
        )
        ShadowingVisitFactory(placement=placement, reflection=f"Visit {n}")
        pairs.append(pair)
    return pairs


# The privacy page ---------------------------------------------------------------


def test_a_mentor_without_a_learner_profile_opens_the_privacy_page(
    client, mentor, django_assert_max_num_queries
):
    client.force_login(mentor)
    with django_assert_max_num_queries(7):
        response = client.get(reverse(PRIVACY))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Who can see what" in page
    assert reverse(EXPORT) in page
    assert reverse(ERASE) in page


def test_a_visitor_must_log_in_to_see_the_privacy_page(client):
    response = client.get(reverse(PRIVACY))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_profile_page_and_the_footer_link_to_the_privacy_page(client, learner):
    client.force_login(learner)
    page = client.get(reverse("academy:profile")).content.decode()
    assert page.count(f'href="{reverse(PRIVACY)}"') >= 2


# The download -------------------------------------------------------------------


def test_a_learner_downloads_everything_the_academy_keeps_about_them(
    client, learner, curriculum_index, competency
):
    _learning_history(learner, curriculum_index, competency, size=1)
    (pair,) = _mentoring_history(learner, competency, size=1)
    mentor = pair.mentor
    client.force_login(learner)

    response = client.get(reverse(EXPORT))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "learner@example.org"
    assert data["learner_profile"]["job_title"] == "Deputy director"
    assert data["enrolments"][0]["module"] == "Module 0"
    assert data["lesson_progress"][0]["lesson"] == "Lesson 0"
    assert len(data["knowledge_check_answers"]) == 1
    assert data["reflections"][0]["text"] == "My reflection number 0"
    assert data["self_assessments"][0]["ratings"][0]["level"] == 2
    assert data["credentials"][0]["module"] == "Module 0"
    assert data["mentoring_requests"][0]["goals"] == "Grow partnerships 0"
    exported_pair = data["pairs"][0]
    assert exported_pair["with"] == mentor.get_full_name()
    assert exported_pair["goals"][0]["text"] == "Goal 0"
    assert exported_pair["checkins"][0]["notes"] == "Mentor notes 0"
    assert exported_pair["shadowing_placements"][0]["visits"][0]["reflection"] == (
        "Visit 0"
    )
    # The mentor appears by name only: never their email.
    assert mentor.email not in response.content.decode()


def test_a_mentor_downloads_their_profile_strengths_and_the_feedback_they_wrote(
    client, mentor, competency
):
    pair = PairFactory(mentor=mentor, shadowing=True)
    MentorStrengthFactory(mentor=mentor.mentor_profile, competency=competency)
    ShadowingPlacementFactory(pair=pair, host_feedback="A thoughtful visitor.")
    client.force_login(mentor)

    data = json.loads(client.get(reverse(EXPORT)).content)

    assert data["mentor_profile"]["strengths"] == [{"competency": "TR.1", "level": 3}]
    placement = data["pairs"][0]["shadowing_placements"][0]
    assert placement["you_host"] is True
    assert placement["host_feedback"] == "A thoughtful visitor."
    assert pair.learner.email not in json.dumps(data)


@pytest.mark.parametrize("size", [1, 4])
def test_the_download_query_count_does_not_grow_with_the_records(
    client, learner, curriculum_index, competency, django_assert_max_num_queries, size
):
    _learning_history(learner, curriculum_index, competency, size=size)
    _mentoring_history(learner, competency, size=size)
    client.force_login(learner)
    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = client.get(reverse(EXPORT))
    assert len(json.loads(response.content)["pairs"]) == size


# Erasing one's own account ------------------------------------------------------


def test_erasing_needs_the_current_password_and_keeps_the_account_otherwise(
    client, learner
):
    client.force_login(learner)
    response = client.post(
        reverse(ERASE), {"password": "not my password", "confirmation": "erase"}
    )
    assert response.status_code == 400
    assert "That is not your current password." in response.content.decode()
    assert get_user_model().objects.filter(pk=learner.pk).exists()


def test_erasing_needs_the_typed_confirmation(client, learner):
    client.force_login(learner)
    response = client.post(reverse(ERASE), {"password": PASSWORD, "confirmation": ""})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=learner.pk).exists()


def test_a_learner_erases_their_account_and_lands_home_logged_out(
    client,
    home_page,
    learner,
    curriculum_index,
    competency,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _learning_history(learner, curriculum_index, competency, size=1)
    (pair,) = _mentoring_history(learner, competency, size=1)
    mentor = pair.mentor
    PairGoalFactory(pair=pair, text="The mentor's goal", added_by=mentor)
    CheckInFactory(pair=pair, notes="The learner's own notes", logged_by=learner)
    credential = Credential.objects.get(user=learner)
    client.force_login(learner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(ERASE), {"password": PASSWORD, "confirmation": "erase"}
        )

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert "Your account is erased" in home.content.decode()
    assert not home.wsgi_request.user.is_authenticated
    assert not get_user_model().objects.filter(email="learner@example.org").exists()
    # What they wrote is gone, submitted self-assessments too.
    assert not SelfAssessment.objects.exists()
    assert not Rating.objects.exists()
    assert not Reflection.objects.exists()
    assert not MentoringRequest.objects.exists()
    assert not CheckIn.objects.filter(notes="The learner's own notes").exists()
    assert list(PairGoal.objects.values_list("text", flat=True)) == [
        "The mentor's goal"
    ]
    # The mentor keeps the pair, its dates and what they wrote.
    pair.refresh_from_db()
    assert pair.state == PairState.CLOSED
    assert pair.learner_id is None
    assert pair.started_at is not None
    assert CheckIn.objects.filter(notes="Mentor notes 0").exists()
    (notice,) = mailoutbox
    assert notice.to == [mentor.email]
    assert "the other person has left the academy" in notice.body
    assert "program staff can propose a new match for you" in notice.body
    assert "learner@example.org" not in notice.body
    assert "Lena" not in notice.body
    # The credential is withdrawn: still checkable, no longer naming anyone.
    credential.refresh_from_db()
    assert credential.user_id is None
    assert credential.recipient_name == ""
    assert credential.revoked_at is not None
    verify = client.get(
        reverse("academy:credential-verify", args=[credential.public_id])
    )
    assert "Withdrawn" in verify.content.decode()
    assert learner.get_full_name() not in verify.content.decode()
    badge = client.get(reverse("academy:credential-badge", args=[credential.public_id]))
    assert badge.status_code == 410
    assert learner.get_full_name() not in badge.content.decode()
    # The audit log says an account was erased, by whom, never whose email.
    entry = ModelLogEntry.objects.get(action="academy.erase_account")
    assert entry.data["by"] == "self"
    assert "learner@example.org" not in json.dumps(entry.data) + entry.label


def test_the_mentor_sees_the_closed_pair_with_a_former_participant(
    client, learner, competency
):
    (pair,) = _mentoring_history(learner, competency, size=1)
    client.force_login(learner)
    client.post(reverse(ERASE), {"password": PASSWORD, "confirmation": "erase"})

    client.force_login(pair.mentor)
    page = client.get(reverse("mentoring:pair-detail", args=[pair.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "a former participant" in text
    assert "Mentor notes 0" in text
    assert client.get(reverse("mentoring:dashboard")).status_code == 200


def test_a_mentor_who_leaves_puts_the_offered_learner_back_in_the_pool(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    mentor = MentorFactory()
    request = MentoringRequestFactory(status=MentoringRequest.Status.MATCHED)
    pair = PairFactory(
        mentor=mentor, learner=request.learner, request=request, offered=True
    )
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(ERASE), {"password": PASSWORD, "confirmation": "erase"})

    request.refresh_from_db()
    pair.refresh_from_db()
    assert request.status == MentoringRequest.Status.OPEN
    assert pair.state == PairState.CLOSED
    assert pair.mentor_id is None
    assert [m.to for m in mailoutbox] == [[request.learner.email]]


# Staff erasing an account from the admin ----------------------------------------


def test_a_superuser_deleting_a_learner_in_the_admin_erases_the_account(
    client, learner, competency, mailoutbox, django_capture_on_commit_callbacks
):
    SelfAssessmentFactory(
        user=learner,
        framework=competency.domain.framework,
        levels={competency: 3},
        submitted=True,
    )
    (pair,) = _mentoring_history(learner, competency, size=1)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtailusers_users:delete", args=[learner.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Deleting this user erases the account" in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=learner.pk).exists()
    assert not SelfAssessment.objects.exists()
    pair.refresh_from_db()
    assert pair.state == PairState.CLOSED
    assert [m.to for m in mailoutbox] == [[pair.mentor.email]]
    entry = ModelLogEntry.objects.get(action="academy.erase_account")
    assert entry.user_id == admin.pk
    assert entry.data["by"] == "staff"
    assert "learner@example.org" not in entry.label


def test_a_superuser_deleting_a_mentor_in_bulk_erases_the_account(client, mentor):
    pair = PairFactory(mentor=mentor)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = (
        reverse("wagtail_bulk_action", args=("auth", "user", "delete"))
        + f"?id={mentor.pk}"
    )

    response = client.post(url)

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=mentor.pk).exists()
    pair.refresh_from_db()
    assert pair.mentor_id is None
    assert ModelLogEntry.objects.filter(action="academy.erase_account").count() == 1


def test_staff_still_open_the_mentoring_and_credential_screens_after_an_erasure(
    client, learner, curriculum_index
):
    pair = PairFactory(learner=learner)
    CheckInFactory(pair=pair)
    module = ModulePageFactory(parent=curriculum_index)
    credential = credential_issue(
        enrolment=EnrolmentFactory(user=learner, module=module)
    )
    account_erase(user=learner, actor=None)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    for url in (
        reverse("mentoring_pairs:index"),
        reverse("mentoring_pairs:inspect", args=[pair.pk]),
        reverse("mentoring_overview"),
        reverse("academy_credentials:index"),
        reverse("academy_credentials:inspect", args=[credential.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("mentoring_pairs:inspect", args=[pair.pk]))
    assert "a former participant" in page.content.decode()


def test_the_cohort_growth_report_stops_counting_an_erased_learner(learner, competency):
    cohort = CohortFactory(name="Winter 2026")
    CohortMembershipFactory(cohort=cohort, user=learner)
    for kind, level in (("baseline", 1), ("exit", 4)):
        window = AssessmentWindowFactory(cohort=cohort, kind=kind)
        assessment_submit(
            assessment=assessment_start(user=learner, window=window),
            ratings={competency.pk: (level, "")},
        )

    def counted() -> int:
        growth = cohort_growth(
            cohort=cohort, from_kind="baseline", to_kind="exit", min_group=1
        )
        cells = {item["code"]: item["cells"] for item in growth["competencies"]}
        return sum(cell.n or 0 for cell in cells.get("TR.1", {}).values())

    assert counted() == 1
    account_erase(user=learner, actor=None)
    assert counted() == 0


def test_erasure_forgets_the_cohort_invitations_sent_to_the_persons_address(learner):
    from academy.models import CohortInvitation

    other = CohortInvitation.objects.create(
        cohort=CohortFactory(), email="someone.else@example.org"
    )
    CohortInvitation.objects.create(cohort=CohortFactory(), email=learner.email.upper())
    account_erase(user=learner, actor=None)
    assert list(CohortInvitation.objects.all()) == [other]


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_five_wrong_passwords_lock_the_erase_form_for_a_while(
    client, learner, fresh_cache
):
    client.force_login(learner)
    for _ in range(5):
        client.post(reverse(ERASE), {"password": "guess", "confirmation": "erase"})

    response = client.post(
        reverse(ERASE), {"password": PASSWORD, "confirmation": "erase"}
    )

    assert response.status_code == 400
    assert "Too many wrong passwords" in response.content.decode()
    assert get_user_model().objects.filter(pk=learner.pk).exists()


def test_a_control_character_in_the_form_is_a_message_not_an_error(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse(ERASE), {"password": PASSWORD, "confirmation": "era\x00se"}
    )
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    assert get_user_model().objects.filter(pk=learner.pk).exists()


def test_the_download_leaves_out_proposals_staff_have_not_offered_yet(client, learner):
    PairFactory(learner=learner, state=PairState.PROPOSED, started_at=None)
    client.force_login(learner)
    data = json.loads(client.get(reverse(EXPORT)).content)
    assert data["pairs"] == []


def test_the_download_tells_not_sure_yet_from_not_rated(client, learner, competency):
    skipped = CompetencyFactory(domain=competency.domain, code="TR.2", name="Skipped")
    assessment_submit(
        assessment=assessment_start(user=learner), ratings={competency.pk: (None, "")}
    )
    client.force_login(learner)
    data = json.loads(client.get(reverse(EXPORT)).content)

    answers = {
        r["competency"]: r["answer"] for r in data["self_assessments"][0]["ratings"]
    }
    assert answers == {competency.code: "not_sure", skipped.code: "not_rated"}
