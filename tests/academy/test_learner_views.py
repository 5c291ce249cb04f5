import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

from academy.models import Enrolment, LearnerProfile, Reflection
from academy.selectors.progress import lesson_blocks
from academy.services.progress import enrolment_create, lesson_complete
from tests.academy.factories import ReflectionFactory, UserFactory
from tests.curriculum.factories import LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(curriculum_index):
    module = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    for n in (1, 2):
        LessonPageFactory(parent=module, title=f"Trust lesson {n}")
    return module


def _lessons(module):
    from curriculum.models import LessonPage

    return list(LessonPage.objects.child_of(module).order_by("path"))


def test_new_account_completes_the_profile_before_anything_else(client, home_page):
    user = UserFactory(email="new@example.org")
    client.force_login(user)
    response = client.get(reverse("academy:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("academy:profile"))
    html = client.get(response.url).content.decode()
    assert "Tell us about your work" in html
    for label in ("First name", "Sector", "Organization", "State or territory"):
        assert label in html

    response = client.post(
        reverse("academy:profile") + "?next=/academy/",
        {
            "first_name": "Amara",
            "last_name": "Okafor",
            "sector": "cbo",
            "organization": "Eastside Family Services",
            "job_title": "Executive director",
            "state": "OH",
            "years_in_executive_role": "2",
            "share_assessment_with_mentor": "on",
            "next": "/academy/",
        },
    )
    assert response.status_code == 302
    assert response.url == "/academy/"
    profile = LearnerProfile.objects.get(user=user)
    assert profile.share_assessment_with_mentor
    user.refresh_from_db()
    assert user.get_full_name() == "Amara Okafor"
    assert not profile.is_public_sector


def test_profile_errors_show_in_the_page_and_keep_what_was_typed(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("academy:profile"),
        {
            "sector": "nonsense",
            "organization": "Keep me",
            "years_in_executive_role": "99",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the fields marked below." in html
    assert 'value="Keep me"' in html
    assert "60 or fewer" in html
    assert learner.learner_profile.organization != "Keep me"


def test_enrolment_is_post_only_and_idempotent(client, learner, module):
    client.force_login(learner)
    url = reverse("academy:module-enrol", args=[module.pk])
    assert client.get(url).status_code == 405
    client.post(url)
    client.post(url)
    assert Enrolment.objects.filter(user=learner, module=module).count() == 1


def test_module_page_offers_enrolment_then_shows_progress(client, learner, module):
    client.force_login(learner)
    assert "Enrol in this module" in client.get(module.url).content.decode()
    client.post(reverse("academy:module-enrol", args=[module.pk]))
    lesson_complete(user=learner, lesson=_lessons(module)[0])
    html = client.get(module.url).content.decode()
    assert "1 of 2 lessons complete" in html
    assert 'value="50"' in html
    assert "Continue where you left off" in html


def test_module_with_unmet_prerequisite_says_what_to_take_first(
    client, learner, module, curriculum_index
):
    advanced = ModulePageFactory(parent=curriculum_index, title="Sharing power")
    advanced.prerequisites.set([module])
    advanced.save_revision().publish()
    client.force_login(learner)
    html = client.get(advanced.url).content.decode()
    assert "Take these first" in html
    assert "Enrol in this module" not in html
    response = client.post(
        reverse("academy:module-enrol", args=[advanced.pk]), follow=True
    )
    assert "Complete these modules first: Trust as infrastructure." in (
        response.content.decode()
    )
    assert not Enrolment.objects.filter(user=learner, module=advanced).exists()


def test_lesson_check_shows_right_or_wrong_with_the_explanation(
    client, learner, module
):
    lesson = _lessons(module)[0]
    enrolment_create(user=learner, module=module)
    client.force_login(learner)
    question = lesson.questions.get()
    right, wrong = (
        question.choices.get(correct=True),
        question.choices.get(correct=False),
    )
    url = reverse("academy:question-answer", args=[lesson.pk, question.pk])
    response = client.post(url, {"choice": str(wrong.pk)}, follow=True)
    html = response.content.decode()
    assert "Not quite." in html
    assert "Relational trust: not this one." in html  # the picked choice's feedback
    assert "Kept promises build a record partners rely on." not in html
    assert "Try again" in html
    html = client.post(url, {"choice": str(right.pk)}, follow=True).content.decode()
    assert "Kept promises build a record partners rely on." in html
    assert "Right." in html
    assert "2 attempts so far." in html
    # An empty answer is a message in the page, not an error page.
    response = client.post(url, {}, follow=True)
    assert response.status_code == 200
    assert "Choose an answer first." in response.content.decode()


def test_reflection_saves_with_the_button_and_by_autosave(client, learner, module):
    lesson = _lessons(module)[0]
    client.force_login(learner)
    block_id = next(iter(lesson_blocks(lesson=lesson, block_type="reflection")))
    url = reverse("academy:reflection-save", args=[lesson.pk, block_id])
    client.post(url, {"text": "Our county pays late."})
    assert Reflection.objects.get(user=learner).text == "Our county pays late."
    response = client.post(
        url,
        {"text": "Our county pays late. We can fix it."},
        headers={"accept": "application/json"},
    )
    assert "saved_at" in response.json()
    assert Reflection.objects.get(user=learner).text.endswith("We can fix it.")
    assert "We can fix it." in client.get(lesson.url).content.decode()


def test_a_learner_never_sees_or_changes_another_learners_records(
    client, learner, other_learner, module
):
    lesson = _lessons(module)[0]
    enrolment_create(user=other_learner, module=module)
    block_id = next(iter(lesson_blocks(lesson=lesson, block_type="reflection")))
    ReflectionFactory(
        user=other_learner, lesson=lesson, block_id=block_id, text="Omar's secret"
    )
    client.force_login(learner)
    assert "Omar&#x27;s secret" not in client.get(lesson.url).content.decode()
    assert "Omar" not in client.get(reverse("academy:journal")).content.decode()
    assert (
        "secret"
        not in client.get(reverse("academy:journal-export-csv")).content.decode()
    )
    # Posting to the same lesson and block only ever writes the learner's own row.
    client.post(
        reverse("academy:reflection-save", args=[lesson.pk, block_id]),
        {"text": "Mine"},
    )
    assert Reflection.objects.get(user=other_learner).text == "Omar's secret"
    # Completing a lesson of a module you are not enrolled in changes nothing.
    client.post(reverse("academy:lesson-complete", args=[lesson.pk]))
    assert not learner.lesson_progress.exists()
    assert not other_learner.lesson_progress.filter(completed_at__isnull=False).exists()
    dashboard = client.get(reverse("academy:dashboard")).content.decode()
    assert "Trust as infrastructure" not in dashboard.split("Recommended for you")[0]


def test_unknown_ids_are_404_not_500(client, learner):
    client.force_login(learner)
    assert (
        client.post(reverse("academy:module-enrol", args=[999999])).status_code == 404
    )
    assert (
        client.post(reverse("academy:lesson-complete", args=[999999])).status_code
        == 404
    )
    assert (
        client.post(reverse("academy:question-answer", args=[999999, 1])).status_code
        == 404
    )


def test_journal_lists_and_exports_the_learners_reflections(client, learner, module):
    lesson = _lessons(module)[0]
    ReflectionFactory(user=learner, lesson=lesson, text="Trust takes time, and pay.")
    client.force_login(learner)
    assert (
        "Trust takes time, and pay."
        in client.get(reverse("academy:journal")).content.decode()
    )
    csv_text = client.get(reverse("academy:journal-export-csv")).content.decode()
    assert csv_text.splitlines()[0] == "lesson,prompt,reflection,updated"
    assert '"Trust takes time, and pay."' in csv_text
    markdown = client.get(reverse("academy:journal-export-md")).content.decode()
    assert f"## {lesson.title}" in markdown


@pytest.mark.parametrize("modules_count", [2, 12])
def test_dashboard_query_count_does_not_grow_with_enrolments(
    client, learner, curriculum_index, modules_count, django_assert_max_num_queries
):
    for n in range(modules_count):
        module = ModulePageFactory(parent=curriculum_index, title=f"Module {n}")
        lessons = [LessonPageFactory(parent=module) for _ in range(3)]
        enrolment_create(user=learner, module=module)
        lesson_complete(user=learner, lesson=lessons[0])
    client.force_login(learner)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("academy:dashboard"))
    html = response.content.decode()
    assert html.count("1 of 3 lessons · 33%") == modules_count


@pytest.mark.parametrize("lessons_count", [2, 15])
def test_lesson_page_query_count_is_bounded_for_a_learner(
    client, learner, curriculum_index, lessons_count, django_assert_max_num_queries
):
    module = ModulePageFactory(parent=curriculum_index)
    lessons = [LessonPageFactory(parent=module) for _ in range(lessons_count)]
    enrolment_create(user=learner, module=module)
    client.force_login(learner)
    with django_assert_max_num_queries(34):
        assert client.get(lessons[1].url).status_code == 200
    with django_assert_max_num_queries(34):
        assert client.get(module.url).status_code == 200


def test_welcome_email_follows_email_verification(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="fresh@example.org", verified_email=False)
    EmailAddress.objects.filter(user=user).delete()
    address = EmailAddress.objects.create(
        user=user, email=user.email, verified=False, primary=True
    )
    key = EmailConfirmationHMAC(address).key
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_confirm_email", args=[key]))
    subjects = [m.subject for m in mailoutbox]
    assert "Welcome to the Cross-Sector Leadership Academy" in subjects


def test_learners_can_turn_off_non_essential_email(learner, mailoutbox):
    from academy.tasks import welcome_email

    learner.learner_profile.non_essential_email = False
    learner.learner_profile.save()
    welcome_email.enqueue(learner.pk)
    assert mailoutbox == []


def test_pathway_enrolment_names_the_module_to_take_first_outside_the_pathway(
    client, learner, module, curriculum_index, django_assert_max_num_queries
):
    from tests.curriculum.factories import PathwayModuleFactory, PathwayPageFactory

    opener = ModulePageFactory(parent=curriculum_index, title="Reading a budget")
    advanced = ModulePageFactory(parent=curriculum_index, title="Sharing power")
    advanced.prerequisites.set([module])
    advanced.save_revision().publish()
    pathway = PathwayPageFactory(parent=curriculum_index, title="County director")
    PathwayModuleFactory(pathway=pathway, module=opener)
    PathwayModuleFactory(pathway=pathway, module=advanced)
    client.force_login(learner)

    with django_assert_max_num_queries(25):
        response = client.post(reverse("academy:pathway-enrol", args=[pathway.pk]))
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "You are enrolled in 1 module of “County director”." in html
    assert "To enrol in “Sharing power”, first complete: " in html
    assert f'<a href="{module.url}">Trust as infrastructure</a>' in html
    assert list(
        Enrolment.objects.filter(user=learner).values_list("module_id", flat=True)
    ) == [opener.pk]


def test_a_reflection_with_a_nul_byte_or_over_the_limit_keeps_the_saved_text(
    client, learner, module
):
    lesson = _lessons(module)[0]
    client.force_login(learner)
    block_id = next(iter(lesson_blocks(lesson=lesson, block_type="reflection")))
    url = reverse("academy:reflection-save", args=[lesson.pk, block_id])
    client.post(url, {"text": "Our county pays late."})

    response = client.post(url, {"text": "Pasted\x00 from a PDF"}, follow=True)
    html = response.content.decode()
    assert "Your reflection was not saved" in html
    assert "control character" in html
    assert Reflection.objects.get(user=learner).text == "Our county pays late."

    response = client.post(url, {"text": "x" * 20_001}, follow=True)
    assert "at most 20000 characters" in response.content.decode()
    response = client.post(
        url, {"text": "x" * 20_001}, headers={"accept": "application/json"}
    )
    assert response.status_code == 400
    assert "at most 20000 characters" in response.json()["error"]
    assert Reflection.objects.get(user=learner).text == "Our county pays late."
    assert 'maxlength="20000"' in client.get(lesson.url).content.decode()


def test_the_profile_refuses_control_characters_and_keeps_the_saved_one(
    client, learner
):
    client.force_login(learner)
    organization = learner.learner_profile.organization
    response = client.post(
        reverse("academy:profile"),
        {
            "first_name": "Lena\x1b[31m",
            "last_name": "Ortiz",
            "sector": "local",
            "organization": "County\x00 health",
            "job_title": "Director",
            "state": "NC",
            "years_in_executive_role": "2",
        },
    )
    assert response.status_code == 200
    assert response.content.decode().count("control character") == 2
    learner.refresh_from_db()
    assert learner.first_name == "Lena"
    assert learner.learner_profile.organization == organization


def test_a_page_id_too_long_for_the_database_is_not_found(client, learner):
    client.force_login(learner)
    huge = 2**70
    for name in ("module-enrol", "pathway-enrol", "lesson-complete"):
        assert client.post(reverse(f"academy:{name}", args=[huge])).status_code == 404


def test_a_next_that_is_not_a_path_returns_to_the_dashboard(client, learner):
    client.force_login(learner)
    data = {
        "first_name": "Lena",
        "last_name": "Ortiz",
        "sector": "local",
        "organization": "County health",
        "job_title": "Director",
        "state": "NC",
        "years_in_executive_role": "2",
    }
    for target in ("dashboard", "Lead\x00er", "/academy/\x00", "https://evil.example/"):
        response = client.post(reverse("academy:profile"), {**data, "next": target})
        assert response.status_code == 302
        assert response.url == reverse("academy:dashboard")
    response = client.post(
        reverse("academy:profile"), {**data, "next": "/academy/journal/"}
    )
    assert response.url == "/academy/journal/"


def test_guests_are_offered_sign_up_where_the_site_has_a_sign_up_page(client, module):
    html = client.get(module.url).content.decode()

    assert "Sign up to enrol" in html
    assert "or log in" in html
