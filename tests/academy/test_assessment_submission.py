"""Submitting a self-assessment: once only, asking first about skipped competencies."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from academy.models import Answer, SelfAssessment, SubmittedIsFrozen
from academy.services.assessments import assessment_start, assessment_submit
from tests.academy.factories import SelfAssessmentFactory
from tests.curriculum.factories import CompetencyFactory, DomainFactory

pytestmark = pytest.mark.django_db

TAKE = reverse("academy:assessment-take")


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


def _answers(tree, levels: dict[str, str], notes=None) -> dict[str, str]:
    fields = {f"level-{tree[code].pk}": level for code, level in levels.items()}
    for code, note in (notes or {}).items():
        fields[f"note-{tree[code].pk}"] = note
    return fields


def _draft_pk(client) -> int:
    html = client.get(TAKE).content.decode()
    return int(html.split('name="assessment" value="')[1].split('"')[0])


def test_double_clicking_submit_keeps_one_submitted_assessment(client, learner, tree):
    client.force_login(learner)
    form = {
        "assessment": _draft_pk(client),
        "action": "submit",
        **_answers(tree, {"SP.1": "2", "SP.2": "3", "TR.1": "1"}),
    }
    first = client.post(TAKE, form)
    second = client.post(TAKE, form, follow=True)

    submitted = SelfAssessment.objects.get(user=learner)
    assert first.url == reverse("academy:assessment-history")
    assert submitted.is_submitted
    assert second.redirect_chain[-1][0] == reverse(
        "academy:assessment-detail", args=[submitted.pk]
    )
    assert "already submitted" in second.content.decode()


def test_submitting_a_submitted_assessment_again_changes_nothing(learner, tree):
    draft = assessment_start(user=learner)
    done = assessment_submit(assessment=draft, ratings={tree["SP.1"].pk: (2, "")})
    again = assessment_submit(assessment=draft, ratings={tree["SP.1"].pk: (4, "")})
    assert again.pk == done.pk
    assert again.submitted_at == done.submitted_at
    assert SelfAssessment.objects.filter(user=learner).count() == 1
    assert done.ratings.get(competency=tree["SP.1"]).level == 2


def test_submitting_with_skipped_competencies_asks_first_and_keeps_the_draft(
    client, learner, tree, django_assert_max_num_queries
):
    client.force_login(learner)
    form = {
        "assessment": _draft_pk(client),
        "action": "submit",
        **_answers(tree, {"SP.1": "2"}, {"SP.1": "Ran the planning day"}),
    }
    response = client.post(TAKE, form, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [(f"{TAKE}?confirm={form['assessment']}", 302)]
    assert "Some competencies are not rated" in html
    assert "Submit anyway" in html
    assert "Go back and rate them" in html
    assert html.index("SP Shared purpose") < html.index("SP.2 Translating")
    assert html.index("TR Trust") < html.index("TR.1 Building trust")
    assert f'{TAKE}#competency-{tree["SP.2"].pk}"' in html
    assert "SP.1 Shared vision" not in html
    draft = SelfAssessment.objects.get(user=learner)
    assert not draft.is_submitted
    assert draft.ratings.get().note == "Ran the planning day"
    back = client.get(TAKE).content.decode()
    assert f'id="competency-{tree["SP.2"].pk}"' in back
    assert "Ran the planning day" in back


@pytest.mark.parametrize("count", [3, 30])
def test_the_confirmation_step_runs_a_fixed_number_of_queries(
    client, learner, framework, count, django_assert_max_num_queries
):
    domain = DomainFactory(framework=framework)
    competencies = [
        CompetencyFactory(domain=domain, with_indicators=True) for _ in range(count)
    ]
    client.force_login(learner)
    form = {"assessment": _draft_pk(client), "action": "submit"}
    form |= {f"level-{c.pk}": "2" for c in competencies[: count // 2]}
    with django_assert_max_num_queries(26):
        assert client.post(TAKE, form).status_code == 302
    with django_assert_max_num_queries(22):
        response = client.get(TAKE, {"confirm": form["assessment"]})
    assert "Some competencies are not rated" in response.content.decode()
    with django_assert_max_num_queries(26):
        response = client.post(TAKE, {**form, "action": "confirm"})
    assert response.status_code == 302


def test_submit_anyway_records_skipped_as_not_rated_not_as_not_sure(
    client, learner, tree
):
    client.force_login(learner)
    pk = _draft_pk(client)
    client.post(
        TAKE,
        {"assessment": pk, "action": "submit"}
        | _answers(tree, {"SP.1": "2", "SP.2": "unsure"}),
    )
    response = client.post(TAKE, {"assessment": pk, "action": "confirm"})

    assert response.url == reverse("academy:assessment-history")
    submitted = SelfAssessment.objects.get(user=learner)
    assert submitted.is_submitted
    answers = {r.competency_code: r.answer for r in submitted.ratings.all()}
    assert answers == {
        "SP.1": Answer.RATED,
        "SP.2": Answer.NOT_SURE,
        "TR.1": Answer.NOT_RATED,
    }
    detail = client.get(reverse("academy:assessment-detail", args=[pk]))
    html = detail.content.decode()
    assert "SP.2 Translating</th><td>Not sure yet</td>" in html
    assert "TR.1 Building trust</th><td>Not rated</td>" in html


def test_history_comparison_charts_and_export_tell_not_sure_from_not_rated(
    client, learner, framework, tree
):
    # Trust: "not sure yet" first (a level-less rating from before "not rated"
    # existed), then skipped. Shared purpose is rated both times.
    SelfAssessmentFactory(
        user=learner,
        framework=framework,
        levels={tree["SP.1"]: 1, tree["SP.2"]: 2, tree["TR.1"]: None},
        submitted=True,
    )
    client.force_login(learner)
    pk = _draft_pk(client)
    client.post(
        TAKE,
        {"assessment": pk, "action": "submit"}
        | _answers(tree, {"SP.1": "3", "SP.2": "3"}),
    )
    client.post(TAKE, {"assessment": pk, "action": "confirm"})

    history = client.get(reverse("academy:assessment-history")).content.decode()
    trust_chart = history.split("Trust: mean rating over time")[1].split("</svg>")[0]
    assert "not sure yet" in trust_chart
    assert "not rated" in trust_chart
    trust_table = history.split("Trust: mean rating</caption>")[1]
    trust_table = trust_table.split("</table>")[0]
    assert "<td>Not sure yet</td>" in trust_table
    assert "<td>Not rated</td>" in trust_table
    assert '<th scope="row">Trust</th><td>Not sure yet</td><td>Not rated</td>' in (
        history
    )

    compare = client.get(reverse("academy:assessment-compare")).content.decode()
    assert "TR.1 Building trust</th><td>Not sure yet</td><td>Not rated</td>" in (
        compare
    )

    data = json.loads(client.get(reverse("academy:assessment-export-json")).content)
    trust = [
        [r["answer"] for r in a["ratings"] if r["code"] == "TR.1"]
        for a in data["assessments"]
    ]
    assert trust == [["not_sure"], ["not_rated"]]
    csv_text = client.get(reverse("academy:assessment-export-csv")).content.decode()
    assert "not sure yet" in csv_text
    assert "not rated" in csv_text


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("Led the\x00 session", "control character"),
        ("x" * 20_001, "the most is 20,000"),
    ],
)
def test_a_bad_note_is_explained_in_the_page_and_other_answers_stay(
    client, learner, tree, note, message
):
    client.force_login(learner)
    form = {
        "assessment": _draft_pk(client),
        "action": "save",
        **_answers(
            tree,
            {"SP.1": "2", "TR.1": "3"},
            {"SP.1": note, "TR.1": "Mended a rift with the county"},
        ),
    }
    response = client.post(TAKE, form)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Evidence for SP.1 Shared vision" in html
    assert f'aria-describedby="note-{tree["SP.1"].pk}-error"' in html
    assert "Mended a rift with the county" in html
    assert f'id="c{tree["TR.1"].pk}-l3" value="3" checked' in html
    assert not SelfAssessment.objects.get(user=learner).ratings.exists()


def test_an_assessment_taken_months_ago_keeps_its_date_and_stays_frozen(
    client, learner, tree
):
    # 17:00 UTC falls on the same calendar day in every US time zone.
    taken_on = (timezone.now() - timedelta(days=120)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    draft = assessment_start(user=learner)
    submitted = assessment_submit(assessment=draft, submitted_at=taken_on)

    assert SelfAssessment.objects.get(pk=submitted.pk).submitted_at == taken_on
    with pytest.raises(SubmittedIsFrozen):
        submitted.save()
    client.force_login(learner)
    history = client.get(reverse("academy:assessment-history")).content.decode()
    assert f"{taken_on:%b} {taken_on.day}, {taken_on.year}" in history


def test_an_assessment_cannot_be_dated_in_the_future(learner, tree):
    draft = assessment_start(user=learner)
    with pytest.raises(ValidationError):
        assessment_submit(
            assessment=draft, submitted_at=timezone.now() + timedelta(days=1)
        )
    assert not SelfAssessment.objects.get(pk=draft.pk).is_submitted


@pytest.mark.parametrize(
    "query",
    [
        {"confirm": "²"},
        {"window": "²"},
        {"confirm": "9" * 5000},
        {"window": "9" * 5000},
    ],
)
def test_odd_numbers_in_the_address_never_break_the_assessment_page(
    client, learner, framework, query
):
    from tests.curriculum.factories import CompetencyFactory, DomainFactory

    CompetencyFactory(domain=DomainFactory(framework=framework))
    client.force_login(learner)
    response = client.get(reverse("academy:assessment-take"), query)
    assert response.status_code in (200, 302, 404)


@pytest.mark.parametrize("value", ["²", "9" * 5000])
def test_odd_numbers_in_the_comparison_address_never_break_it(
    client, learner, framework, value
):
    from tests.academy.factories import SelfAssessmentFactory

    for _n in range(2):
        SelfAssessmentFactory(user=learner, framework=framework, submitted=True)
    client.force_login(learner)
    for name in ("first", "second"):
        response = client.get(reverse("academy:assessment-compare"), {name: value})
        assert response.status_code == 200
