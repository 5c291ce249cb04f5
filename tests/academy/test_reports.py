import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook

from academy.models import AssessmentWindow, CohortMembership, Sector, TargetLevel
from academy.selectors.reports import cohort_growth, cohort_growth_rows
from academy.services.assessments import assessment_start, assessment_submit
from tests.academy.factories import (
    AssessmentWindowFactory,
    CohortFactory,
    CohortMembershipFactory,
    LearnerFactory,
    SelfAssessmentFactory,
    UserFactory,
    wagtail_editors_group,
)
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    PathwayPageFactory,
)

pytestmark = pytest.mark.django_db

REPORT_URL = "academy_cohort_growth"
SELECTOR_QUERIES = 3
# 19 today: session, user, permissions and menus (other apps' menu hooks add to
# them), 4 for the cohort filter, 3 for the selector; headroom for other apps' menus.
REPORT_MAX_QUERIES = 22

# Six public-agency learners, baseline -> exit; None is "not sure yet".
PUBLIC_ANSWERS = [
    # SP.1        SP.2           TR.1
    ({"SP.1": 1, "SP.2": None, "TR.1": 2}, {"SP.1": 3, "SP.2": 3, "TR.1": None}),
    ({"SP.1": 2, "SP.2": 2, "TR.1": None}, {"SP.1": 3, "SP.2": 3, "TR.1": 2}),
    ({"SP.1": 2, "SP.2": 1, "TR.1": 1}, {"SP.1": 2, "SP.2": 2, "TR.1": 2}),
    ({"SP.1": 1, "SP.2": 2, "TR.1": 2}, {"SP.1": 2, "SP.2": 2, "TR.1": 2}),
    ({"SP.1": 3, "SP.2": 3, "TR.1": 3}, {"SP.1": 4, "SP.2": 3, "TR.1": 4}),
    ({"SP.1": 2, "SP.2": 1, "TR.1": 2}, {"SP.1": 4, "SP.2": 3, "TR.1": 3}),
]
PUBLIC_SECTORS = [Sector.STATE_AGENCY, Sector.LOCAL_AGENCY, Sector.TRIBAL] * 2


@pytest.fixture
def tree(framework):
    """Two domains: SP with two competencies, TR with one."""
    sp = DomainFactory(framework=framework, code="SP", name="Shared purpose")
    tr = DomainFactory(framework=framework, code="TR", name="Trust")
    return {
        "SP.1": CompetencyFactory(domain=sp, code="SP.1", name="Shared vision"),
        "SP.2": CompetencyFactory(domain=sp, code="SP.2", name="Translating"),
        "TR.1": CompetencyFactory(domain=tr, code="TR.1", name="Building trust"),
    }


@pytest.fixture
def windows():
    cohort = CohortFactory(name="Winter 2026")
    return {
        kind: AssessmentWindowFactory(cohort=cohort, kind=kind)
        for kind in ("baseline", "exit")
    }


def _answer(user, window, tree, levels: dict, notes: dict | None = None):
    """Take and submit the window's assessment the way a learner does."""
    assessment = assessment_start(user=user, window=window)
    return assessment_submit(
        assessment=assessment,
        ratings={
            tree[code].pk: (level, (notes or {}).get(code, ""))
            for code, level in levels.items()
        },
    )


def _member(cohort, sector, **kwargs):
    user = LearnerFactory(profile__sector=sector, **kwargs)
    CohortMembershipFactory(cohort=cohort, user=user)
    return user


@pytest.fixture
def growth_cohort(tree, windows):
    """Six public-agency and two CBO members, plus people who must not count."""
    cohort = windows["baseline"].cohort
    for sector, (before, after) in zip(PUBLIC_SECTORS, PUBLIC_ANSWERS, strict=True):
        user = _member(cohort, sector)
        _answer(user, windows["baseline"], tree, before)
        _answer(user, windows["exit"], tree, after)
    for _ in range(2):
        user = _member(cohort, Sector.CBO)
        _answer(user, windows["baseline"], tree, dict.fromkeys(tree, 1))
        _answer(user, windows["exit"], tree, dict.fromkeys(tree, 4))
    # A member who skipped the exit assessment, with an anytime check-in instead.
    dropout = _member(cohort, Sector.STATE_AGENCY)
    _answer(dropout, windows["baseline"], tree, dict.fromkeys(tree, 4))
    _answer(dropout, None, tree, dict.fromkeys(tree, 1))
    # Someone who answered both windows but is no longer a member.
    removed = LearnerFactory(profile__sector=Sector.STATE_AGENCY)
    _answer(removed, windows["baseline"], tree, dict.fromkeys(tree, 4))
    _answer(removed, windows["exit"], tree, dict.fromkeys(tree, 1))
    return cohort


def _by_code(items):
    return {item["code"]: item["cells"] for item in items}


def test_growth_is_the_mean_change_of_learners_who_rated_both_times(growth_cohort):
    growth = cohort_growth(cohort=growth_cohort, from_kind="baseline", to_kind="exit")

    competencies = _by_code(growth["competencies"])
    shared_vision = competencies["SP.1"]["public"]
    assert (shared_vision.n, shared_vision.before, shared_vision.after) == (6, 1.83, 3)
    assert shared_vision.change == 1.17  # (18 - 11) / 6
    # Lena's "not sure" at baseline leaves her out of SP.2 on both sides.
    translating = competencies["SP.2"]["public"]
    assert (translating.n, translating.before, translating.after) == (5, 1.8, 2.6)
    assert translating.change == 0.8
    shared_purpose = _by_code(growth["domains"])["SP"]["public"]
    assert shared_purpose.n == 6
    assert (shared_purpose.before, shared_purpose.after) == (1.82, 2.82)  # 20/11, 31/11
    assert shared_purpose.change == 1.0


def test_groups_of_fewer_than_five_are_suppressed(growth_cohort):
    growth = cohort_growth(cohort=growth_cohort, from_kind="baseline", to_kind="exit")

    competencies = _by_code(growth["competencies"])
    for cell in (
        competencies["SP.1"]["community"],  # two CBO learners
        competencies["SP.1"]["other"],  # nobody
        competencies["TR.1"]["public"],  # two of six said "not sure" once
        _by_code(growth["domains"])["TR"]["public"],
    ):
        assert cell.suppressed
        assert (cell.n, cell.before, cell.after, cell.change) == (None,) * 4
    assert not competencies["SP.1"]["public"].suppressed


def test_a_smaller_minimum_shows_the_community_group(growth_cohort):
    growth = cohort_growth(
        cohort=growth_cohort, from_kind="baseline", to_kind="exit", min_group=2
    )

    cbo = _by_code(growth["competencies"])["TR.1"]["community"]
    assert (cbo.n, cbo.before, cbo.after, cbo.change) == (2, 1, 4, 3)


def test_growth_needs_two_different_kinds(growth_cohort):
    with pytest.raises(ValueError, match="two different"):
        cohort_growth(cohort=growth_cohort, from_kind="exit", to_kind="exit")


def test_rows_list_each_domain_then_its_competencies_for_every_group(growth_cohort):
    rows = cohort_growth_rows(
        cohort=growth_cohort, from_kind="baseline", to_kind="exit"
    )

    order = [(r["scope"], r["domain"][:2], r["competency"][:4]) for r in rows[::3]]
    assert order == [
        ("Domain", "SP", ""),
        ("Competency", "SP", "SP.1"),
        ("Competency", "SP", "SP.2"),
        ("Domain", "TR", ""),
        ("Competency", "TR", "TR.1"),
    ]
    assert [r["sector_group"] for r in rows[:3]] == [
        "Public agency",
        "Community-based organization",
        "Other sectors",
    ]
    assert rows[1]["n"] == "fewer than 5"


def _seed(cohort, competencies, size):
    """Members who each answered the baseline and exit windows."""
    windows = {
        kind: AssessmentWindowFactory(cohort=cohort, kind=kind)
        for kind in ("baseline", "exit")
    }
    framework = competencies[0].domain.framework
    for i in range(size):
        user = _member(cohort, [Sector.STATE_AGENCY, Sector.CBO, Sector.OTHER][i % 3])
        for kind, level in (("baseline", 1 + i % 2), ("exit", 3)):
            SelfAssessmentFactory(
                user=user,
                framework=framework,
                window=windows[kind],
                levels=dict.fromkeys(competencies, level),
                submitted=True,
            )


@pytest.mark.parametrize("size", [6, 40])
def test_the_growth_queries_do_not_grow_with_the_cohort(
    client, staff, tree, size, django_assert_num_queries, django_assert_max_num_queries
):
    cohort = CohortFactory()
    _seed(cohort, list(tree.values()), size)
    client.force_login(staff)
    client.get(reverse(REPORT_URL))  # warm the session and menus

    with django_assert_num_queries(SELECTOR_QUERIES):
        growth = cohort_growth(cohort=cohort, from_kind="baseline", to_kind="exit")
    with django_assert_max_num_queries(REPORT_MAX_QUERIES):
        response = client.get(reverse(REPORT_URL), {"cohort": cohort.pk})

    assert response.status_code == 200
    public = _by_code(growth["competencies"])["SP.1"]["public"]
    assert public.suppressed if size == 6 else public.n == 14  # every third learner


def test_staff_see_the_report_with_baseline_to_exit_by_default(
    client, staff, growth_cohort
):
    client.force_login(staff)

    response = client.get(reverse(REPORT_URL))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Winter 2026, Baseline to Exit" in html
    assert "fewer than 5" in html
    assert "+1.17" in html
    assert "Download CSV" in html


def test_staff_can_compare_other_windows(client, staff, growth_cohort, tree):
    client.force_login(staff)

    response = client.get(
        reverse(REPORT_URL),
        {"cohort": growth_cohort.pk, "from_kind": "baseline", "to_kind": "midpoint"},
    )

    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert "No member of this cohort has rated themselves in both yet." in (
        response.content.decode()
    )


def test_the_report_exports_as_csv(client, staff, growth_cohort):
    client.force_login(staff)

    response = client.get(reverse(REPORT_URL), {"export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    domain = next(
        r
        for r in rows
        if r["Domain"] == "SP Shared purpose"
        and r["Level"] == "Domain"
        and r["Sector group"] == "Public agency"
    )
    assert domain["Learners"] == "6"
    assert (domain["Mean before"], domain["Mean after"]) == ("1.82", "2.82")
    assert domain["Mean change"] == "1.0"
    community = next(
        r
        for r in rows
        if r["Competency"] == "SP.1 Shared vision"
        and r["Sector group"] == "Community-based organization"
    )
    assert community["Learners"] == "fewer than 5"
    assert community["Mean before"] == community["Mean change"] == ""


def test_the_report_exports_as_xlsx(client, staff, growth_cohort):
    client.force_login(staff)

    response = client.get(reverse(REPORT_URL), {"export": "xlsx"})

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *data = workbook.active.iter_rows(values_only=True)
    rows = [dict(zip(header, row, strict=True)) for row in data]
    vision = next(
        r
        for r in rows
        if r["Competency"] == "SP.1 Shared vision"
        and r["Sector group"] == "Public agency"
    )
    assert (vision["Learners"], vision["Mean change"]) == (6, 1.17)
    assert len(rows) == 15  # (2 domains + 3 competencies) x 3 sector groups


def test_learners_cannot_open_the_growth_report(client, learner, growth_cohort):
    client.force_login(learner)

    response = client.get(reverse(REPORT_URL), {"export": "csv"})

    assert response.status_code == 403
    assert "text/csv" not in response.get("Content-Type", "")


def test_the_report_is_in_the_reports_menu_for_staff(client, staff):
    client.force_login(staff)

    response = client.get(reverse("wagtailadmin_home"))

    assert reverse(REPORT_URL) in response.content.decode()


@pytest.fixture
def lenas_record(tree, windows, learner):
    CohortMembership.objects.create(cohort=windows["baseline"].cohort, user=learner)
    _answer(
        learner,
        windows["baseline"],
        tree,
        {"SP.1": 2, "TR.1": None},
        notes={"SP.1": "Chaired the county-tribal data sharing meeting"},
    )
    return reverse("academy_learner_assessments", args=[learner.pk])


def test_program_staff_cannot_open_one_learners_answers_by_default(
    client, staff, lenas_record
):
    client.force_login(staff)

    response = client.get(lenas_record)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_staff_granted_individual_results_see_ratings_and_notes(
    client, staff, lenas_record
):
    staff.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="academy", codename="view_individual_results"
        )
    )
    client.force_login(staff)

    response = client.get(lenas_record)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Chaired the county-tribal data sharing meeting" in html
    assert "Not sure yet" in html
    assert "Lena" in html


def test_the_program_staff_group_does_not_get_individual_results():
    group = Group.objects.get(name="Program staff")

    codenames = set(group.permissions.values_list("codename", flat=True))

    assert "view_individual_results" not in codenames
    assert {"view_cohort", "add_assessmentwindow", "add_targetlevel"} <= codenames


def test_staff_open_an_assessment_window_for_a_cohort(client, staff):
    cohort = CohortFactory(name="Spring 2026")
    client.force_login(staff)

    response = client.post(
        reverse("academy_assessment_windows:add"),
        {
            "cohort": cohort.pk,
            "kind": "midpoint",
            "opens_on": "2026-04-06",
            "closes_on": "2026-04-17",
        },
    )

    assert response.status_code == 302
    window = AssessmentWindow.objects.get(cohort=cohort)
    assert (window.kind, window.opens_on) == ("midpoint", datetime.date(2026, 4, 6))
    listing = client.get(reverse("academy_assessment_windows:index"))
    assert "Spring 2026" in listing.content.decode()


def test_a_window_cannot_close_before_it_opens(client, staff):
    cohort = CohortFactory()
    client.force_login(staff)

    response = client.post(
        reverse("academy_assessment_windows:add"),
        {
            "cohort": cohort.pk,
            "kind": "exit",
            "opens_on": "2026-04-17",
            "closes_on": "2026-04-06",
        },
    )

    assert response.status_code == 200
    assert "The window must close after it opens." in response.content.decode()
    assert not AssessmentWindow.objects.exists()


def test_staff_set_a_pathway_target_and_are_recorded_as_its_author(
    client, staff, tree, curriculum_index
):
    pathway = PathwayPageFactory(parent=curriculum_index, title="County directors")
    client.force_login(staff)

    response = client.post(
        reverse("academy_target_levels:add"),
        {"pathway": pathway.pk, "competency": tree["SP.1"].pk, "level": 4},
    )

    assert response.status_code == 302
    target = TargetLevel.objects.get()
    assert (target.pathway, target.level, target.set_by) == (pathway, 4, staff)
    listing = client.get(reverse("academy_target_levels:index"))
    assert "County directors" in listing.content.decode()


def test_a_default_target_is_listed_as_default_and_must_be_a_framework_level(
    client, staff, tree
):
    client.force_login(staff)
    url = reverse("academy_target_levels:add")

    too_high = client.post(url, {"competency": tree["TR.1"].pk, "level": 9})
    response = client.post(url, {"competency": tree["TR.1"].pk, "level": 3})
    again = client.post(url, {"competency": tree["TR.1"].pk, "level": 2})

    assert "Choose one of the framework&#x27;s levels: 1, 2, 3, 4." in (
        too_high.content.decode()
    )
    assert response.status_code == 302
    assert "already has a default target" in again.content.decode()
    target = TargetLevel.objects.get()
    assert (target.pathway, target.level, target.set_by) == (None, 3, staff)
    listing = client.get(reverse("academy_target_levels:index"), {"pathway": "null"})
    assert "Default" in listing.content.decode()
    assert "TR.1 Building trust" in listing.content.decode()


def test_learners_cannot_open_the_window_or_target_admin(client, learner):
    client.force_login(learner)

    for name in ("academy_assessment_windows:index", "academy_target_levels:add"):
        assert client.get(reverse(name)).status_code == 403


def test_someone_without_view_cohort_cannot_open_the_report(client, growth_cohort):
    editor = UserFactory(email="editor@example.org")
    editor.groups.add(wagtail_editors_group())
    client.force_login(editor)

    response = client.get(reverse(REPORT_URL))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def _header_downloads(html: str) -> dict[str, str]:
    """The download buttons shown in the report's header, by label."""
    from bs4 import BeautifulSoup

    header = BeautifulSoup(html, "html.parser").select_one("#w-slim-header-buttons")
    links = header.select("a.w-header-button") if header else []
    return {link.get_text(strip=True): link["href"] for link in links}


def test_the_growth_report_shows_its_downloads_as_buttons(
    client, staff, growth_cohort, django_assert_max_num_queries
):
    client.force_login(staff)
    with django_assert_max_num_queries(REPORT_MAX_QUERIES):
        response = client.get(
            reverse(REPORT_URL),
            {"cohort": growth_cohort.pk, "from_kind": "baseline", "to_kind": "exit"},
        )
    downloads = _header_downloads(response.content.decode())
    assert set(downloads) == {"Download CSV", "Download XLSX"}
    assert "export=csv" in downloads["Download CSV"]
    assert f"cohort={growth_cohort.pk}" in downloads["Download CSV"]
    assert "export=xlsx" in downloads["Download XLSX"]


def test_the_growth_report_offers_its_choice_as_a_labelled_form(
    client, staff, growth_cohort
):
    from bs4 import BeautifulSoup

    client.force_login(staff)
    html = client.get(reverse(REPORT_URL)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one("main form[method=get]")
    assert form is not None
    labels = {
        label["for"]: label.get_text(strip=True) for label in form.select("label")
    }
    assert labels == {"id_cohort": "Cohort", "id_from_kind": "From", "id_to_kind": "To"}
    assert form.select_one("#id_cohort option[selected]").get_text() == "Winter 2026"
    assert form.select_one("#id_from_kind option[selected]")["value"] == "baseline"
    assert form.select_one("#id_to_kind option[selected]")["value"] == "exit"
    assert form.find("button", string="Show growth")["type"] == "submit"
    # One form only: no second copy of the fields hidden in a filter drawer.
    assert len(soup.select("#id_cohort")) == 1


def test_the_cohort_progress_report_shows_its_downloads_as_buttons(
    client, staff, growth_cohort
):
    client.force_login(staff)
    url = reverse("academy_cohorts:report", args=[growth_cohort.pk])
    downloads = _header_downloads(client.get(url).content.decode())
    assert set(downloads) == {"Download CSV", "Download XLSX"}
    assert (
        client.get(downloads["Download CSV"])["Content-Type"]
        == "text/csv; charset=utf-8"
    )


@pytest.mark.parametrize(
    "query",
    [
        {"from_kind": ""},
        {"to_kind": ""},
        {"from_kind": "", "export": "csv"},
        {"from_kind": "nonsense", "to_kind": ""},
    ],
)
def test_an_empty_or_odd_growth_choice_asks_again_instead_of_failing(
    client, staff, growth_cohort, query
):
    client.force_login(staff)
    response = client.get(reverse(REPORT_URL), {"cohort": growth_cohort.pk, **query})
    assert response.status_code == 200


def test_the_growth_report_opens_on_the_furthest_window_the_cohort_has_reached(
    client, staff, tree, windows
):
    cohort = windows["baseline"].cohort
    windows["midpoint"] = AssessmentWindowFactory(cohort=cohort, kind="midpoint")
    for _ in range(2):
        user = _member(cohort, Sector.CBO)
        _answer(user, windows["baseline"], tree, dict.fromkeys(tree, 1))
        _answer(user, windows["midpoint"], tree, dict.fromkeys(tree, 3))
    client.force_login(staff)

    html = client.get(reverse(REPORT_URL)).content.decode()

    assert "Baseline to Midpoint" in html


def test_a_superuser_can_grant_individual_results_on_the_groups_page(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    group = Group.objects.get(name="Program staff")
    permission = Permission.objects.get(
        content_type__app_label="academy", codename="view_individual_results"
    )
    client.force_login(admin)

    response = client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "see individual learners" in html
    assert f'value="{permission.pk}"' in html
