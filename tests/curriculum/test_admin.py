import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from curriculum.models import Competency, Framework
from tests.curriculum.factories import CompetencyFactory, DomainFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def competency(framework):
    return CompetencyFactory(
        domain=DomainFactory(framework=framework, code="TR", name="Trust"),
        code="TR.1",
        name="Building trust",
        with_indicators=True,
    )


def test_staff_see_the_whole_framework_on_one_overview_page(
    client, staff, competency, django_assert_max_num_queries
):
    client.force_login(staff)
    response = client.get(reverse("curriculum_framework_overview"))
    assert response.status_code == 302
    with django_assert_max_num_queries(18):
        response = client.get(response.url)
    html = response.content.decode()
    assert "TR Trust" in html
    assert "TR.1 Building trust" in html
    overview = html.split('class="framework-overview"')[1]
    assert overview.count('<th scope="row">') == 4  # one indicator per level
    assert "Download CASE JSON" in html


def test_overview_query_count_does_not_grow_with_competencies(
    client, staff, framework, django_assert_max_num_queries
):
    domain = DomainFactory(framework=framework)
    for _ in range(40):
        CompetencyFactory(domain=domain, with_indicators=True)
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_framework:inspect", args=[framework.pk])
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200


def test_learners_cannot_open_the_framework_admin(client, learner, framework):
    client.force_login(learner)
    url = reverse("wagtailsnippets_curriculum_framework:inspect", args=[framework.pk])
    assert client.get(url).status_code == 403


def test_competency_edit_form_edits_indicators_inline_and_keeps_a_revision(
    client, staff, competency
):
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_competency:edit", args=[competency.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "indicators-TOTAL_FORMS" in response.content.decode()

    indicators = list(competency.indicators.order_by("level__value"))
    data = {
        "domain": competency.domain_id,
        "code": "TR.1",
        "name": "Building relational and transactional trust",
        "description": competency.description,
        "indicators-TOTAL_FORMS": len(indicators),
        "indicators-INITIAL_FORMS": len(indicators),
        "indicators-MIN_NUM_FORMS": 0,
        "indicators-MAX_NUM_FORMS": 1000,
    }
    for n, indicator in enumerate(indicators):
        data |= {
            f"indicators-{n}-id": indicator.pk,
            f"indicators-{n}-level": indicator.level_id,
            f"indicators-{n}-description": f"Level {n + 1} behaviour, rewritten.",
            f"indicators-{n}-ORDER": n + 1,
            f"indicators-{n}-DELETE": "",
        }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    competency.refresh_from_db()
    assert competency.name == "Building relational and transactional trust"
    assert competency.indicators.get(level__value=2).description == (
        "Level 2 behaviour, rewritten."
    )
    assert competency.revisions.count() == 1


def test_competency_listing_searches_by_name(client, staff, competency):
    CompetencyFactory(domain=competency.domain, name="Braiding funds", code="FI.1")
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_competency:list")
    html = client.get(url, {"q": "trust"}).content.decode()
    assert "Building trust" in html
    assert "Braiding funds" not in html


def test_staff_import_a_framework_file_from_the_admin(client, staff, framework):
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_framework:import")
    package = (
        b'{"CFDocument": {"identifier": "f1e2d3c4-0000-4000-8000-000000000001", '
        b'"title": "County framework"}, "CFItems": [], "CFAssociations": []}'
    )
    response = client.post(
        url, {"file": SimpleUploadedFile("county.json", package)}, follow=True
    )
    assert response.status_code == 200
    assert "Created framework &#x27;County framework&#x27;" in response.content.decode()
    assert Framework.objects.filter(title="County framework").exists()


def test_a_bad_upload_shows_one_clear_line_and_saves_nothing(client, staff, framework):
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_framework:import")
    before = (Framework.objects.count(), Competency.objects.count())
    response = client.post(
        url, {"file": SimpleUploadedFile("broken.json", b'{"CFDocument": ')}
    )
    assert response.status_code == 200
    assert "broken.json: The file is not valid JSON" in response.content.decode()
    assert (Framework.objects.count(), Competency.objects.count()) == before


def test_learners_cannot_import_frameworks(client, learner):
    client.force_login(learner)
    url = reverse("wagtailsnippets_curriculum_framework:import")
    response = client.post(url, {"file": SimpleUploadedFile("x.json", b"{}")})
    assert response.status_code in (302, 403)
    assert Framework.objects.count() == 0


def test_admin_import_shows_a_control_character_or_oversized_file_as_a_form_error(
    client, staff, framework
):
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_framework:import")
    before = (Framework.objects.count(), Competency.objects.count())
    package = (
        b'{"CFDocument": {"identifier": "f1e2d3c4-0000-4000-8000-000000000002", '
        b'"title": "County\\u0000 framework"}, "CFItems": []}'
    )
    response = client.post(url, {"file": SimpleUploadedFile("nul.json", package)})
    assert response.status_code == 200
    assert "nul.json: The framework contains a control character" in (
        response.content.decode()
    )

    huge = SimpleUploadedFile("huge.csv", b"x" * (5 * 1024 * 1024 + 1))
    response = client.post(url, {"file": huge})
    assert response.status_code == 200
    assert "huge.csv: the file is larger than 5 MB." in response.content.decode()
    assert (Framework.objects.count(), Competency.objects.count()) == before


def test_competency_edit_refuses_a_control_character_in_an_inline_indicator(
    client, staff, competency
):
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_competency:edit", args=[competency.pk])
    indicators = list(competency.indicators.order_by("level__value"))
    data = {
        "domain": competency.domain_id,
        "code": "TR.1",
        "name": "Building relational trust",
        "description": competency.description,
        "indicators-TOTAL_FORMS": len(indicators),
        "indicators-INITIAL_FORMS": len(indicators),
        "indicators-MIN_NUM_FORMS": 0,
        "indicators-MAX_NUM_FORMS": 1000,
    }
    for n, indicator in enumerate(indicators):
        data |= {
            f"indicators-{n}-id": indicator.pk,
            f"indicators-{n}-level": indicator.level_id,
            f"indicators-{n}-description": f"Level {n + 1}\x07 behaviour.",
            f"indicators-{n}-ORDER": n + 1,
            f"indicators-{n}-DELETE": "",
        }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "contains a control character" in response.content.decode()
    competency.refresh_from_db()
    assert competency.name == "Building trust"
    assert "\x07" not in competency.indicators.get(level__value=2).description


def test_deleting_a_framework_still_in_use_explains_instead_of_failing(
    client, staff, competency, framework
):
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_framework:delete", args=[framework.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert Framework.objects.filter(pk=framework.pk).exists()


def test_mangled_inline_rows_and_choosers_are_form_errors_not_failures(
    client, staff, competency
):
    client.force_login(staff)
    url = reverse("wagtailsnippets_curriculum_competency:edit", args=[competency.pk])
    indicators = list(competency.indicators.order_by("level__value"))
    data = {
        "domain": "not-a-number",
        "code": "TR.1",
        "name": "Building trust, renamed",
        "description": competency.description,
        "indicators-TOTAL_FORMS": len(indicators),
        "indicators-INITIAL_FORMS": len(indicators),
        "indicators-MIN_NUM_FORMS": 0,
        "indicators-MAX_NUM_FORMS": 1000,
    }
    for n, indicator in enumerate(indicators):
        data |= {
            f"indicators-{n}-id": "row\x00" if n == 0 else indicator.pk,
            f"indicators-{n}-level": indicator.level_id,
            f"indicators-{n}-description": "Level behaviour.",
            f"indicators-{n}-ORDER": "first",
            f"indicators-{n}-DELETE": "",
        }
    response = client.post(url, data)
    assert response.status_code == 200
    competency.refresh_from_db()
    assert competency.name == "Building trust"


def test_the_first_edit_of_an_imported_competency_compares_with_the_import(
    client, staff
):
    from curriculum.interchange import parse_case
    from curriculum.services import framework_import

    package = {
        "CFDocument": {
            "identifier": "f1e2d3c4-0000-4000-8000-000000000002",
            "title": "County framework",
        },
        "CFItems": [
            {
                "identifier": "f1e2d3c4-0000-4000-8000-000000000003",
                "humanCodingScheme": "TR",
                "fullStatement": "Trust",
                "CFItemType": "Domain",
            },
            {
                "identifier": "f1e2d3c4-0000-4000-8000-000000000004",
                "humanCodingScheme": "TR.1",
                "fullStatement": "Building trust",
                "CFItemType": "Competency",
            },
        ],
        "CFAssociations": [
            {
                "identifier": "f1e2d3c4-0000-4000-8000-000000000005",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "f1e2d3c4-0000-4000-8000-000000000004"},
                "destinationNodeURI": {
                    "identifier": "f1e2d3c4-0000-4000-8000-000000000003"
                },
            }
        ],
    }
    framework_import(spec=parse_case(package))
    competency = Competency.objects.get(code="TR.1")
    assert competency.revisions.count() == 1

    client.force_login(staff)
    edit_url = reverse(
        "wagtailsnippets_curriculum_competency:edit", args=[competency.pk]
    )
    response = client.post(
        edit_url,
        {
            "domain": competency.domain_id,
            "code": "TR.1",
            "name": "Building trust across sectors",
            "description": "",
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
            "indicators-MIN_NUM_FORMS": 0,
            "indicators-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    imported, edited = competency.revisions.order_by("created_at", "pk")
    compare = reverse(
        "wagtailsnippets_curriculum_competency:revisions_compare",
        args=[competency.pk, imported.pk, edited.pk],
    )
    history = client.get(
        reverse("wagtailsnippets_curriculum_competency:history", args=[competency.pk])
    ).content.decode()
    assert "Compare with previous version" in history
    html = client.get(compare).content.decode()
    assert "Building trust across sectors" in html
    assert "Building trust" in html.replace("Building trust across sectors", "")


def test_re_importing_a_framework_revises_only_the_competencies_that_changed():
    from curriculum.data import shipped_framework_path
    from curriculum.interchange.academy_yaml import parse_framework_yaml
    from curriculum.services import framework_import

    spec = parse_framework_yaml(shipped_framework_path().read_text())
    framework_import(spec=spec)
    assert not Competency.objects.filter(_revisions__isnull=True).exists()

    spec.title = "Renamed framework"
    changed = spec.domains[0].competencies[0]
    changed.name = "A clearer name"
    framework_import(spec=spec)
    twice = (
        Competency.objects.filter(_revisions__isnull=False)
        .annotate(n=models.Count("_revisions"))
        .filter(n=2)
    )
    assert list(twice.values_list("name", flat=True)) == ["A clearer name"]


@pytest.mark.parametrize("extra", [1, 12])
def test_retired_and_default_show_as_yes_no_icons(
    client, staff, competency, extra, django_assert_max_num_queries
):
    from bs4 import BeautifulSoup

    for n in range(extra):
        CompetencyFactory(
            domain=DomainFactory(framework=competency.domain.framework),
            code=f"TR.{n + 2}",
            retired=n == 0,
        )
    client.force_login(staff)
    for url_name, heading in [
        ("wagtailsnippets_curriculum_competency:list", "Retired"),
        ("wagtailsnippets_curriculum_framework:list", "Default framework"),
    ]:
        with django_assert_max_num_queries(16):
            html = client.get(reverse(url_name)).content.decode()
        table = BeautifulSoup(html, "html.parser").select_one("table.listing")
        headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        column = headings.index(heading)
        cells = [row.select("td")[column] for row in table.select("tbody tr")]
        assert cells
        for cell in cells:
            icon = cell.select_one("svg")
            assert {"icon-check", "icon-cross"} & set(icon["class"]), heading
            assert cell.get_text(strip=True) in {"True", "False"}  # the icon's title
