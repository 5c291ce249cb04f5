import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.models import Cohort, CohortMembership, Enrolment, LearnerProfile, Sector
from academy.services.cohorts import emails_from_csv, emails_from_text
from tests.academy.factories import (
    CohortFactory,
    CohortMembershipFactory,
    EnrolmentFactory,
    LessonProgressFactory,
    UserFactory,
    wagtail_editors_group,
)
from tests.curriculum.factories import LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db

REPORT_MAX_QUERIES = 14


def cohort_url(view: str, *args) -> str:
    return reverse(f"academy_cohorts:{view}", args=args)


def cohort_form(**overrides) -> dict:
    return {
        "name": "Spring 2026",
        "start_date": "2026-03-02",
        "end_date": "2026-06-26",
        "pathway": "",
        "add_emails": "",
        **overrides,
    }


@pytest.fixture
def editor(db):
    """Someone who may use the Wagtail admin but is not program staff."""
    user = UserFactory(email="editor@example.org")
    user.groups.add(wagtail_editors_group())
    return user


@pytest.fixture
def progress_cohort(curriculum_index, learner, other_learner):
    """Lena finished two of her three modules and four lessons; Omar has not begun."""
    cohort = CohortFactory(name="Winter 2026")
    CohortMembershipFactory(cohort=cohort, user=learner)
    CohortMembershipFactory(cohort=cohort, user=other_learner)
    LearnerProfile.objects.filter(user=learner).update(
        sector=Sector.TRIBAL, organization="Salish Health Board"
    )
    modules = [ModulePageFactory(parent=curriculum_index) for _ in range(3)]
    done = timezone.now()
    for module in modules[:2]:
        EnrolmentFactory(user=learner, module=module, completed_at=done)
    EnrolmentFactory(user=learner, module=modules[2])
    Enrolment.objects.filter(user=learner, module=modules[2]).update(
        last_activity_at=datetime.datetime(2026, 2, 3, 15, 30, tzinfo=datetime.UTC)
    )
    Enrolment.objects.filter(user=learner, completed_at__isnull=False).update(
        last_activity_at=datetime.datetime(2026, 1, 20, 9, 0, tzinfo=datetime.UTC)
    )
    lessons = [LessonPageFactory(parent=modules[0]) for _ in range(5)]
    for lesson in lessons[:4]:
        LessonProgressFactory(user=learner, lesson=lesson, completed_at=done)
    LessonProgressFactory(user=learner, lesson=lessons[4])  # opened, not finished
    return cohort


def test_pasted_text_yields_every_address_in_any_common_form():
    text = (
        'Ana Ruiz <ana@example.org>; "Lee, Kim" <kim@example.org>\n'
        "bob@example.org, carol@example.org  dan@example.org\r\n\n"
        "not-an-email"
    )
    assert emails_from_text(text) == [
        "ana@example.org",
        "kim@example.org",
        "bob@example.org",
        "carol@example.org",
        "dan@example.org",
        "not-an-email",
    ]


def test_a_csv_without_an_email_header_is_read_from_its_first_column():
    data = b"ana@example.org,Ana\nbob@example.org,Bob\n"
    assert emails_from_csv(data) == ["ana@example.org", "bob@example.org"]


def test_staff_create_a_cohort_with_pasted_emails_and_hear_who_was_invited(
    client, staff, learner, other_learner
):
    client.force_login(staff)
    pasted = (
        "LEARNER@example.org; Omar Haddad <other@example.org>\n"
        "learner@example.org,  nobody@example.org\n"
    )
    response = client.post(
        cohort_url("add"), cohort_form(add_emails=pasted), follow=True
    )

    assert response.status_code == 200
    cohort = Cohort.objects.get(name="Spring 2026")
    assert set(cohort.members.all()) == {learner, other_learner}
    html = response.content.decode()
    assert "2 learners added; 1 invited to sign up." in html


def test_adding_someone_already_in_the_cohort_says_so(client, staff, learner):
    cohort = CohortFactory(name="Autumn 2026")
    CohortMembershipFactory(cohort=cohort, user=learner)
    newcomer = UserFactory(email="newcomer@example.org")
    client.force_login(staff)

    response = client.post(
        cohort_url("edit", cohort.pk),
        cohort_form(
            name="Autumn 2026",
            add_emails="learner@example.org newcomer@example.org bad@",
        ),
        follow=True,
    )

    assert set(cohort.members.all()) == {learner, newcomer}
    assert (
        "1 learner added; 1 already a member; 1 not an email address: bad@."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    "content",
    [
        b"Name,Email\nLena,LEARNER@example.org\nOmar,other@example.org\n",
        "\ufeffEmail;Name\nlearner@example.org;Lena\nother@example.org;Omar\n".encode(),
    ],
    ids=["with-header", "with-bom-and-semicolons"],
)
def test_staff_add_learners_from_a_csv_file(
    client, staff, learner, other_learner, content
):
    client.force_login(staff)
    upload = SimpleUploadedFile("learners.csv", content, content_type="text/csv")

    response = client.post(
        cohort_url("add"), cohort_form(emails_csv=upload), follow=True
    )

    assert set(Cohort.objects.get().members.all()) == {learner, other_learner}
    assert "2 learners added." in response.content.decode()


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        "email\nrené@example.org\n".encode("latin-1"),
    ],
    ids=["binary", "latin-1"],
)
def test_a_file_that_is_not_utf8_csv_shows_an_error_and_saves_nothing(
    client, staff, learner, content
):
    client.force_login(staff)
    upload = SimpleUploadedFile("learners.csv", content, content_type="text/csv")

    response = client.post(
        cohort_url("add"),
        cohort_form(add_emails="learner@example.org", emails_csv=upload),
    )

    assert response.status_code == 200
    assert "learners.csv: The file is not" in response.content.decode()
    assert not Cohort.objects.exists()
    assert not CohortMembership.objects.exists()


def test_a_cohort_cannot_end_before_it_starts(client, staff):
    client.force_login(staff)

    response = client.post(
        cohort_url("add"), cohort_form(start_date="2026-06-01", end_date="2026-05-01")
    )

    assert response.status_code == 200
    assert "The cohort must end after it starts." in response.content.decode()
    assert not Cohort.objects.exists()


def test_added_learners_are_emailed_about_their_cohort(
    client,
    staff,
    learner,
    other_learner,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            cohort_url("add"),
            cohort_form(add_emails="learner@example.org\nother@example.org"),
        )

    assert sorted(m.to[0] for m in mailoutbox) == [
        "learner@example.org",
        "other@example.org",
    ]
    assert all("Spring 2026" in m.subject + m.body for m in mailoutbox)


def test_learners_cannot_open_the_cohort_admin_or_its_report(
    client, learner, progress_cohort
):
    client.force_login(learner)

    assert client.get(cohort_url("index")).status_code == 403
    assert client.get(cohort_url("inspect", progress_cohort.pk)).status_code == 403
    report = client.get(cohort_url("report", progress_cohort.pk) + "?export=csv")
    assert report.status_code == 403


def test_editors_who_are_not_program_staff_cannot_open_the_report(
    client, editor, progress_cohort
):
    client.force_login(editor)

    response = client.get(cohort_url("report", progress_cohort.pk))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_staff_see_members_and_a_link_to_the_report_in_the_listing(
    client, staff, progress_cohort
):
    client.force_login(staff)

    response = client.get(cohort_url("index"))

    html = response.content.decode()
    assert "Winter 2026" in html
    assert cohort_url("report", progress_cohort.pk) in html
    assert response.context["object_list"][0].member_count == 2


def test_staff_see_each_member_with_a_remove_button_when_inspecting_a_cohort(
    client, staff, learner, progress_cohort
):
    client.force_login(staff)

    response = client.get(cohort_url("inspect", progress_cohort.pk))

    html = response.content.decode()
    assert "learner@example.org" in html
    assert "other@example.org" in html
    assert cohort_url("remove_member", progress_cohort.pk, learner.pk) in html
    assert cohort_url("report", progress_cohort.pk) in html


def test_the_report_shows_each_members_progress(client, staff, progress_cohort):
    client.force_login(staff)

    response = client.get(cohort_url("report", progress_cohort.pk))

    assert response.status_code == 200
    rows = {row.email: row for row in response.context["object_list"]}
    lena, omar = rows["learner@example.org"], rows["other@example.org"]
    assert (lena.modules_enrolled, lena.modules_completed) == (3, 2)
    assert lena.lessons_completed == 4
    assert lena.sector_display == "Tribal government"
    assert lena.organization == "Salish Health Board"
    assert lena.last_activity == datetime.datetime(
        2026, 2, 3, 15, 30, tzinfo=datetime.UTC
    )
    assert (omar.modules_enrolled, omar.modules_completed) == (0, 0)
    assert (omar.lessons_completed, omar.last_activity) == (0, None)
    html = response.content.decode()
    assert "Salish Health Board" in html
    assert "Download CSV" in html


def test_the_report_exports_as_csv(client, staff, learner, progress_cohort):
    client.force_login(staff)

    response = client.get(cohort_url("report", progress_cohort.pk) + "?export=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    rows = {row["Email"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["learner@example.org"]["Name"] == learner.get_full_name()
    assert rows["learner@example.org"]["Modules completed"] == "2"
    assert rows["learner@example.org"]["Modules enrolled"] == "3"
    assert rows["learner@example.org"]["Lessons completed"] == "4"
    # ISO 8601 in the reader's zone (the site's, for staff), whole seconds.
    assert rows["learner@example.org"]["Last activity"] == "2026-02-03T10:30:00-05:00"
    assert rows["other@example.org"]["Modules completed"] == "0"
    assert rows["other@example.org"]["Last activity"] == ""


def test_the_report_exports_as_xlsx(client, staff, progress_cohort):
    client.force_login(staff)

    response = client.get(cohort_url("report", progress_cohort.pk) + "?export=xlsx")

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *data = workbook.active.iter_rows(values_only=True)
    rows = {
        row[header.index("Email")]: dict(zip(header, row, strict=True)) for row in data
    }
    assert rows["learner@example.org"]["Modules completed"] == 2
    assert rows["learner@example.org"]["Lessons completed"] == 4
    assert rows["learner@example.org"]["Sector"] == "Tribal government"
    assert rows["other@example.org"]["Modules enrolled"] == 0


@pytest.mark.parametrize("size", [3, 30])
def test_the_report_query_count_does_not_grow_with_the_cohort(
    client, staff, curriculum_index, size, django_assert_max_num_queries
):
    cohort = CohortFactory()
    modules = [ModulePageFactory(parent=curriculum_index) for _ in range(2)]
    lesson = LessonPageFactory(parent=modules[0])
    for _ in range(size):
        member = CohortMembershipFactory(cohort=cohort).user
        EnrolmentFactory(user=member, module=modules[0], completed_at=timezone.now())
        EnrolmentFactory(user=member, module=modules[1])
        LessonProgressFactory(user=member, lesson=lesson, completed_at=timezone.now())
    client.force_login(staff)
    url = cohort_url("report", cohort.pk)

    client.get(url)  # the first request fills per-process caches (content types)
    with django_assert_max_num_queries(REPORT_MAX_QUERIES):
        response = client.get(url)
    assert len(response.context["object_list"]) == size


def test_staff_remove_a_member(client, staff, learner, progress_cohort):
    client.force_login(staff)

    response = client.post(
        cohort_url("remove_member", progress_cohort.pk, learner.pk), follow=True
    )

    assert learner not in progress_cohort.members.all()
    assert progress_cohort.members.count() == 1
    assert f"from {progress_cohort.name}" in response.content.decode()


def test_only_staff_can_remove_a_member(
    client, learner, other_learner, editor, progress_cohort
):
    url = cohort_url("remove_member", progress_cohort.pk, other_learner.pk)
    for user, refused in ((learner, 403), (editor, 302)):
        client.force_login(user)
        assert client.post(url).status_code == refused

    assert other_learner in progress_cohort.members.all()
