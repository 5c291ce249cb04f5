import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from academy.models import Rating, SelfAssessment, SubmittedIsFrozen, TargetLevel
from academy.selectors.assessments import (
    assessment_compare,
    assessment_gaps,
    gap_modules,
    growth_by_domain,
)
from academy.services.assessments import (
    assessment_erase,
    assessment_save,
    assessment_start,
    assessment_submit,
)
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    ModuleCompetencyFactory,
    ModulePageFactory,
)

pytestmark = pytest.mark.django_db


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


def _submit(user, tree, levels: dict[str, int | None], notes=None):
    assessment = assessment_start(user=user)
    return assessment_submit(
        assessment=assessment,
        ratings={
            tree[code].pk: (level, (notes or {}).get(code, ""))
            for code, level in levels.items()
        },
    )


def test_a_draft_can_be_saved_and_finished_later(learner, tree):
    draft = assessment_start(user=learner)
    assessment_save(assessment=draft, ratings={tree["SP.1"].pk: (2, "Led one session")})
    again = assessment_start(user=learner)
    assert again.pk == draft.pk
    assert again.ratings.get().note == "Led one session"
    submitted = assessment_submit(assessment=again, ratings={tree["TR.1"].pk: (3, "")})
    levels = dict(submitted.ratings.values_list("competency_code", "level"))
    assert levels == {"SP.1": 2, "SP.2": None, "TR.1": 3}
    assert submitted.ratings.get(competency_code="SP.2").skipped  # not rated


def test_a_submitted_assessment_can_never_be_changed_or_deleted(learner, tree):
    assessment = _submit(learner, tree, {"SP.1": 2, "SP.2": 1, "TR.1": 3})
    rating = assessment.ratings.get(competency_code="SP.1")
    rating.level = 4
    with pytest.raises(SubmittedIsFrozen):
        rating.save()
    with pytest.raises(SubmittedIsFrozen):
        Rating.objects.filter(assessment=assessment).update(level=4)
    with pytest.raises(SubmittedIsFrozen):
        assessment.delete()
    with pytest.raises(SubmittedIsFrozen):
        SelfAssessment.objects.filter(pk=assessment.pk).delete()
    with pytest.raises(ValidationError):
        assessment_save(assessment=assessment, ratings={tree["SP.1"].pk: (4, "")})
    assert assessment.ratings.get(competency_code="SP.1").level == 2


def test_ratings_stay_readable_after_the_framework_changes(client, learner, tree):
    assessment = _submit(learner, tree, {"SP.1": 2, "SP.2": 1, "TR.1": 3})
    tree["SP.1"].name = "Co-creating a vision"
    tree["SP.1"].save()
    tree["TR.1"].retired = True
    tree["TR.1"].save()
    client.force_login(learner)
    html = client.get(reverse("academy:assessment-detail", args=[assessment.pk]))
    html = html.content.decode()
    assert "SP.1 Shared vision" in html
    assert "TR.1 Building trust" in html
    # A new assessment asks only about current competencies, with the new name.
    take = client.get(reverse("academy:assessment-take")).content.decode()
    assert "Co-creating a vision" in take
    assert "Building trust" not in take


def test_growth_by_domain_matches_hand_worked_means(learner, tree):
    first = _submit(learner, tree, {"SP.1": 1, "SP.2": 2, "TR.1": None})
    second = _submit(learner, tree, {"SP.1": 3, "SP.2": 4, "TR.1": 2})
    series = {s.code: s for s in growth_by_domain(assessments=[first, second])}
    # SP: (1+2)/2 = 1.5 then (3+4)/2 = 3.5; TR: not rated, then 2.
    assert [v for _a, v in series["SP"].points] == [1.5, 3.5]
    assert [v for _a, v in series["TR"].points] == [None, 2]


def test_comparison_sorts_competencies_into_rose_fell_stayed(learner, tree):
    first = _submit(learner, tree, {"SP.1": 1, "SP.2": 3, "TR.1": 2})
    second = _submit(learner, tree, {"SP.1": 3, "SP.2": 2, "TR.1": 2})
    groups = assessment_compare(first=first, second=second)
    assert [(r.code, r.change) for r in groups["rose"]] == [("SP.1", 2)]
    assert [(r.code, r.change) for r in groups["fell"]] == [("SP.2", -1)]
    assert [r.code for r in groups["stayed"]] == ["TR.1"]


def test_gaps_use_targets_and_rank_modules_by_gap_size(learner, tree, curriculum_index):
    TargetLevel.objects.create(competency=tree["TR.1"], level=4)  # default target 3
    _submit(learner, tree, {"SP.1": 1, "SP.2": 3, "TR.1": 3})
    gaps = assessment_gaps(user=learner)
    # SP.1: 3 - 1 = 2; TR.1: 4 - 3 = 1; SP.2 meets its target.
    assert [(g.code, g.size) for g in gaps] == [("SP.1", 2), ("TR.1", 1)]

    vision = ModulePageFactory(parent=curriculum_index, title="Shared purpose")
    trust = ModulePageFactory(parent=curriculum_index, title="Trust")
    unrelated = ModulePageFactory(parent=curriculum_index, title="Translating")
    ModuleCompetencyFactory(module=vision, competency=tree["SP.1"])
    ModuleCompetencyFactory(module=trust, competency=tree["TR.1"])
    ModuleCompetencyFactory(module=unrelated, competency=tree["SP.2"])
    ranked = [e["module"].title for e in gap_modules(user=learner, gaps=gaps)]
    assert ranked == ["Shared purpose", "Trust"]


def test_taking_an_assessment_in_the_browser_form(client, learner, tree):
    client.force_login(learner)
    url = reverse("academy:assessment-take")
    html = client.get(url).content.decode()
    assert "SP Shared purpose" in html
    assert 'value="unsure"' in html
    fields = {
        f"level-{tree['SP.1'].pk}": "2",
        f"note-{tree['SP.1'].pk}": "Ran our first joint planning day",
        f"level-{tree['SP.2'].pk}": "unsure",
    }
    client.post(url, {**fields, "action": "save"})
    assessment = SelfAssessment.objects.get(user=learner)
    assert assessment.submitted_at is None
    assert "Ran our first joint planning day" in client.get(url).content.decode()
    response = client.post(
        url, {**fields, f"level-{tree['TR.1'].pk}": "3", "action": "submit"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_submitted


def test_a_bad_level_is_explained_and_keeps_what_was_typed(client, learner, tree):
    client.force_login(learner)
    url = reverse("academy:assessment-take")
    response = client.post(
        url,
        {
            f"level-{tree['SP.1'].pk}": "9",
            f"note-{tree['SP.1'].pk}": "Keep this note",
            "action": "submit",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose one of the framework" in html
    assert "Keep this note" in html
    assert not SelfAssessment.objects.filter(submitted_at__isnull=False).exists()


def test_history_shows_charts_with_tables_of_the_same_numbers(client, learner, tree):
    _submit(learner, tree, {"SP.1": 1, "SP.2": 2, "TR.1": 2})
    _submit(learner, tree, {"SP.1": 3, "SP.2": 4, "TR.1": 3})
    client.force_login(learner)
    html = client.get(reverse("academy:assessment-history")).content.decode()
    # The profile and one chart per domain, each drawn for a wide and a narrow frame.
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 6
    assert "<title" in html
    assert html.count("<table>") >= 3
    assert (
        '<tr><th scope="row">Shared purpose</th><td>1.5</td><td>3.5</td><td>+2.0</td>'
        in html
    )
    assert "http://" not in html.split("<svg")[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_another_learner_cannot_open_my_assessment(
    client, learner, other_learner, tree
):
    mine = _submit(
        learner, tree, {"SP.1": 1, "SP.2": 2, "TR.1": 2}, {"SP.1": "private"}
    )
    client.force_login(other_learner)
    assert (
        client.get(reverse("academy:assessment-detail", args=[mine.pk])).status_code
        == 404
    )
    csv_text = client.get(reverse("academy:assessment-export-csv")).content.decode()
    assert "private" not in csv_text
    compare = client.get(reverse("academy:assessment-compare"), {"first": mine.pk})
    assert compare.status_code == 302  # the other learner has nothing to compare


def test_history_exports_as_csv_and_json(client, learner, tree):
    _submit(
        learner, tree, {"SP.1": 2, "SP.2": None, "TR.1": 3}, {"TR.1": "Mended a rift"}
    )
    client.force_login(learner)
    csv_text = client.get(reverse("academy:assessment-export-csv")).content.decode()
    assert csv_text.splitlines()[0].startswith("submitted_at,kind,domain,code")
    assert "Mended a rift" in csv_text
    data = json.loads(client.get(reverse("academy:assessment-export-json")).content)
    ratings = data["assessments"][0]["ratings"]
    assert {r["code"]: r["level"] for r in ratings} == {
        "SP.1": 2,
        "SP.2": None,
        "TR.1": 3,
    }


@pytest.mark.parametrize("count", [3, 30])
def test_assessment_pages_run_a_fixed_number_of_queries(
    client, learner, framework, count, django_assert_max_num_queries
):
    domain = DomainFactory(framework=framework)
    competencies = [
        CompetencyFactory(domain=domain, with_indicators=True) for _ in range(count)
    ]
    for level in (1, 3):
        assessment_submit(
            assessment=assessment_start(user=learner),
            ratings={c.pk: (level, "") for c in competencies},
        )
    client.force_login(learner)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("academy:assessment-take")).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("academy:assessment-history")).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("academy:assessment-compare")).status_code == 200


def test_erasing_an_account_removes_every_self_assessment_and_rating(
    learner, other_learner, tree
):
    _submit(learner, tree, {"SP.1": 2, "SP.2": 1, "TR.1": 3})
    _submit(learner, tree, {"SP.1": 3, "SP.2": 2, "TR.1": 3})
    draft = assessment_start(user=learner)
    assessment_save(assessment=draft, ratings={tree["SP.1"].pk: (4, "Draft note")})
    kept = _submit(other_learner, tree, {"SP.1": 1, "SP.2": 1, "TR.1": 1})

    assert assessment_erase(user=learner) == 3

    assert not SelfAssessment.objects.filter(user=learner).exists()
    assert not Rating.objects.filter(assessment__user=learner).exists()
    assert kept.ratings.count() == 3
    assert assessment_erase(user=learner) == 0
