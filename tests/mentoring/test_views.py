import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.services.assessments import assessment_start, assessment_submit
from mentoring.models import (
    CheckIn,
    MentoringRequest,
    MentorProfile,
    PairEvent,
    PairGoal,
    PairState,
    ShadowingPlacement,
    ShadowingVisit,
)
from tests.academy.factories import (
    EnrolmentFactory,
    LearnerFactory,
    LearnerProfileFactory,
    UserFactory,
)
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    ModulePageFactory,
)
from tests.mentoring.factories import (
    CheckInFactory,
    MentorFactory,
    MentoringRequestFactory,
    MentorProfileFactory,
    MentorStrengthFactory,
    PairFactory,
    PairGoalFactory,
    ShadowingPlacementFactory,
    ShadowingVisitFactory,
)

pytestmark = pytest.mark.django_db

# Actions on one placement of a pair: their addresses name the pair and the placement.
PLACEMENT_ACTIONS = {
    "mentoring:placement-reciprocal-create",
    "mentoring:placement-confirm",
    "mentoring:visit-create",
    "mentoring:host-feedback",
}

# Measured: the dashboard and a pair's page cost the same whatever the data.
DASHBOARD_QUERIES = 16
PAIR_PAGE_QUERIES = 14


def _html(response) -> str:
    return response.content.decode()


def _today():
    return timezone.localdate()


@pytest.fixture
def trust(framework):
    domain = DomainFactory(framework=framework, code="TR", name="Trust")
    return CompetencyFactory(domain=domain, code="TR.1", name="Building trust")


@pytest.fixture
def vision(framework):
    domain = DomainFactory(framework=framework, code="SP", name="Shared purpose")
    return CompetencyFactory(domain=domain, code="SP.1", name="Shared vision")


def _submit_assessment(user, framework, ratings: dict) -> None:
    """Submit a self-assessment rating {competency: (level, note)}."""
    assessment = assessment_start(user=user, framework=framework)
    assessment_submit(
        assessment=assessment,
        ratings={c.pk: (level, note) for c, (level, note) in ratings.items()},
    )


# Who sees what -------------------------------------------------------------------


def test_mentor_sees_only_their_own_pairs(client, mentor, learner, other_learner):
    PairFactory(mentor=mentor, learner=learner)
    PairFactory(mentor=MentorFactory(), learner=other_learner)
    client.force_login(mentor)
    html = _html(client.get(reverse("mentoring:dashboard")))
    assert "Leaders you mentor or host" in html
    assert learner.get_full_name() in html
    assert other_learner.get_full_name() not in html


def test_learner_sees_only_their_own_pairs_on_my_mentoring(
    client, mentor, learner, other_learner
):
    PairFactory(mentor=mentor, learner=learner)
    someone_else = MentorFactory(first_name="Zed", last_name="Unrelated")
    PairFactory(mentor=someone_else, learner=other_learner)
    client.force_login(learner)
    response = client.get(reverse("mentoring:dashboard"))
    assert response.status_code == 200
    html = _html(response)
    assert "My mentoring" in html
    assert "Leaders you mentor or host" not in html
    assert mentor.get_full_name() in html
    assert "Zed Unrelated" not in html


def test_person_with_neither_profile_gets_a_clear_refusal(client):
    client.force_login(UserFactory())
    response = client.get(reverse("mentoring:dashboard"))
    assert response.status_code == 403
    assert "for mentors and hosts" in _html(response)


def test_proposed_pairs_stay_hidden_until_staff_offer_them(client, mentor, learner):
    pair = PairFactory(mentor=mentor, learner=learner, state=PairState.PROPOSED)
    client.force_login(mentor)
    assert learner.get_full_name() not in _html(
        client.get(reverse("mentoring:dashboard"))
    )
    response = client.get(reverse("mentoring:pair-detail", args=[pair.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("mentoring:pair-detail", "get"),
        ("mentoring:pair-calendar", "get"),
        ("mentoring:pair-accept", "post"),
        ("mentoring:pair-decline", "post"),
        ("mentoring:pair-close", "post"),
        ("mentoring:pair-complete", "post"),
        ("mentoring:checkin-create", "get"),
        ("mentoring:checkin-create", "post"),
        ("mentoring:goal-create", "post"),
        ("mentoring:placement-create", "get"),
        ("mentoring:placement-reciprocal-create", "get"),
        ("mentoring:placement-confirm", "post"),
        ("mentoring:visit-create", "post"),
        ("mentoring:host-feedback", "post"),
    ],
)
def test_guessing_another_pairs_id_reveals_nothing(client, other_learner, name, method):
    placement = ShadowingPlacementFactory(confirmed=True)
    CheckInFactory(pair=placement.pair)
    intruder = MentorProfileFactory(user=other_learner).user
    client.force_login(intruder)
    pk = placement.pair.pk
    args = [pk, placement.pk] if name in PLACEMENT_ACTIONS else [pk]
    url = reverse(name, args=args)
    data = {"reason": "x", "text": "x", "met_on": _today().isoformat()}
    response = (
        getattr(client, method)(url, data) if method == "post" else client.get(url)
    )
    assert response.status_code == 404
    placement.refresh_from_db()
    assert placement.pair.state == PairState.ACTIVE
    assert placement.pair.checkins.count() == 1


# Consent -----------------------------------------------------------------------


def test_mentor_cannot_see_a_non_consenting_mentees_self_assessment(
    client, mentor, framework, trust
):
    mentee = LearnerFactory(profile__share_assessment_with_mentor=False)
    _submit_assessment(mentee, framework, {trust: (2, "secret-note-1234")})
    pair = PairFactory(mentor=mentor, learner=mentee)
    client.force_login(mentor)
    for url in (
        reverse("mentoring:dashboard"),
        reverse("mentoring:pair-detail", args=[pair.pk]),
    ):
        html = _html(client.get(url))
        assert "Not shared" in html
        assert "mean rating by domain" not in html
        assert "secret-note-1234" not in html


def test_mentor_sees_a_consenting_mentees_ratings_but_never_their_notes(
    client, mentor, framework, trust, vision
):
    mentee = LearnerFactory(profile__share_assessment_with_mentor=True)
    _submit_assessment(
        mentee,
        framework,
        {trust: (2, "secret-note-1234"), vision: (4, "another secret-note-5678")},
    )
    pair = PairFactory(mentor=mentor, learner=mentee)
    client.force_login(mentor)
    for url in (
        reverse("mentoring:dashboard"),
        reverse("mentoring:pair-detail", args=[pair.pk]),
    ):
        html = _html(client.get(url))
        assert "mean rating by domain" in html
        assert re.search(r"<th scope=\"row\">Trust</th><td>2\.0</td>", html)
        assert re.search(r"<th scope=\"row\">Shared purpose</th><td>4\.0</td>", html)
        assert "secret-note" not in html
        assert "Not shared" not in html


def test_learner_does_not_get_a_summary_of_themselves(client, mentor, framework, trust):
    mentee = LearnerFactory(profile__share_assessment_with_mentor=True)
    _submit_assessment(mentee, framework, {trust: (2, "")})
    pair = PairFactory(mentor=mentor, learner=mentee)
    client.force_login(mentee)
    html = _html(client.get(reverse("mentoring:pair-detail", args=[pair.pk])))
    assert "mean rating by domain" not in html


# Offers ------------------------------------------------------------------------


def test_both_accepting_makes_the_pair_active_and_tells_both_by_email(
    client, mentor, learner, mailoutbox, django_capture_on_commit_callbacks
):
    pair = PairFactory(mentor=mentor, learner=learner, offered=True)
    client.force_login(mentor)
    response = client.post(reverse("mentoring:pair-accept", args=[pair.pk]))
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.state == PairState.OFFERED
    assert pair.mentor_accepted_at

    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentoring:pair-accept", args=[pair.pk]), follow=True
        )
    assert "the pair is active" in _html(response)
    pair.refresh_from_db()
    assert pair.state == PairState.ACTIVE
    assert pair.started_at
    assert sorted(m.to[0] for m in mailoutbox) == sorted([mentor.email, learner.email])
    assert all("is active" in m.subject for m in mailoutbox)


def test_accepting_when_the_mentor_is_full_explains_and_changes_nothing(
    client, mentor, learner
):
    PairFactory(mentor=mentor, mentor_profile__capacity=1)
    pair = PairFactory(
        mentor=mentor, learner=learner, offered=True, mentor_accepted_at=timezone.now()
    )
    client.force_login(learner)
    response = client.post(
        reverse("mentoring:pair-accept", args=[pair.pk]), follow=True
    )
    assert response.status_code == 200
    assert "no place left" in _html(response)
    pair.refresh_from_db()
    assert pair.state == PairState.OFFERED


def test_accepting_an_offer_that_is_no_longer_open_shows_a_message(
    client, mentor, learner
):
    pair = PairFactory(mentor=mentor, learner=learner, state=PairState.EXPIRED)
    client.force_login(learner)
    response = client.post(
        reverse("mentoring:pair-accept", args=[pair.pk]), follow=True
    )
    assert "no longer open" in _html(response)


def test_declining_sends_the_request_back_to_the_pool(client, mentor, learner):
    request = MentoringRequestFactory(
        learner=learner, status=MentoringRequest.Status.MATCHED
    )
    pair = PairFactory(mentor=mentor, learner=learner, offered=True, request=request)
    client.force_login(learner)
    assert "Reason (optional)" in _html(
        client.get(reverse("mentoring:pair-decline", args=[pair.pk]))
    )
    response = client.post(
        reverse("mentoring:pair-decline", args=[pair.pk]),
        {"reason": "I need someone in Ohio."},
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    request.refresh_from_db()
    assert pair.state == PairState.DECLINED
    assert request.status == MentoringRequest.Status.OPEN
    assert PairEvent.objects.filter(pair=pair, note="I need someone in Ohio.").exists()


# Working together --------------------------------------------------------------


def test_either_person_logs_a_check_in_with_the_competencies_discussed(
    client, mentor, learner, trust
):
    pair = PairFactory(mentor=mentor, learner=learner)
    PairGoalFactory(pair=pair, competency=trust, text="Rebuild trust with the county")
    client.force_login(learner)
    url = reverse("mentoring:checkin-create", args=[pair.pk])
    html = _html(client.get(url))
    assert "Your shared goals and the request" in html
    assert "TR.1 Building trust" in html
    response = client.post(
        url,
        {
            "met_on": (_today() - timedelta(days=1)).isoformat(),
            "minutes": "50",
            "notes": "Talked about the late contract payments.",
            "competencies": [trust.pk],
            "next_steps": "Call the county budget office.",
            "next_checkin_on": (_today() + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get(pair=pair)
    assert checkin.logged_by == learner
    assert list(checkin.competencies.all()) == [trust]

    client.force_login(mentor)
    html = _html(client.get(reverse("mentoring:pair-detail", args=[pair.pk])))
    assert "Talked about the late contract payments." in html
    assert "Call the county budget office." in html


@pytest.mark.parametrize(
    ("met_on", "next_on", "message"),
    [
        (1, None, "cannot be in the future"),
        (-2, -5, "must come after the date you met"),
    ],
)
def test_a_check_in_with_impossible_dates_is_refused_and_nothing_is_lost(
    client, mentor, learner, met_on, next_on, message
):
    pair = PairFactory(mentor=mentor, learner=learner)
    client.force_login(mentor)
    response = client.post(
        reverse("mentoring:checkin-create", args=[pair.pk]),
        {
            "met_on": (_today() + timedelta(days=met_on)).isoformat(),
            "minutes": "45",
            "notes": "Notes I do not want to type twice.",
            "next_checkin_on": ""
            if next_on is None
            else (_today() + timedelta(days=next_on)).isoformat(),
        },
    )
    assert response.status_code == 400
    html = _html(response)
    assert message in html
    assert "Nothing is saved yet" in html
    assert "Notes I do not want to type twice." in html
    assert not CheckIn.objects.exists()


def test_a_goal_is_added_to_the_pair(client, mentor, learner, trust):
    pair = PairFactory(mentor=mentor, learner=learner)
    client.force_login(mentor)
    url = reverse("mentoring:goal-create", args=[pair.pk])
    assert client.post(url, {"text": "  "}).status_code == 400
    response = client.post(
        url, {"text": "Chair a joint meeting with the county", "competency": trust.pk}
    )
    assert response.status_code == 302
    goal = PairGoal.objects.get(pair=pair)
    assert goal.competency == trust


def test_nothing_is_logged_on_a_pair_that_is_not_active(client, mentor, learner):
    pair = PairFactory(mentor=mentor, learner=learner, offered=True)
    client.force_login(mentor)
    response = client.post(
        reverse("mentoring:checkin-create", args=[pair.pk]),
        {"met_on": _today().isoformat(), "minutes": "45"},
        follow=True,
    )
    assert "This pair is not active." in _html(response)
    assert not CheckIn.objects.exists()


def test_closing_a_pair_asks_for_a_reason(client, mentor, learner):
    pair = PairFactory(mentor=mentor, learner=learner)
    client.force_login(learner)
    url = reverse("mentoring:pair-close", args=[pair.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Say why the pair is closing." in _html(response)
    pair.refresh_from_db()
    assert pair.state == PairState.ACTIVE
    client.post(url, {"reason": "I changed jobs."})
    pair.refresh_from_db()
    assert pair.state == PairState.CLOSED
    assert pair.close_reason == "I changed jobs."


def test_completing_a_pair_thanks_both(
    client, mentor, learner, mailoutbox, django_capture_on_commit_callbacks
):
    pair = PairFactory(mentor=mentor, learner=learner)
    client.force_login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentoring:pair-complete", args=[pair.pk]), follow=True
        )
    assert "The pair is complete." in _html(response)
    pair.refresh_from_db()
    assert pair.state == PairState.COMPLETED
    assert len(mailoutbox) == 2


# The calendar ------------------------------------------------------------------


def test_next_check_in_downloads_as_a_calendar_event(client, mentor, learner):
    pair = PairFactory(mentor=mentor, learner=learner)
    CheckInFactory(pair=pair, met_on=_today() - timedelta(days=30))
    latest = CheckInFactory(
        pair=pair,
        met_on=_today() - timedelta(days=2),
        next_checkin_on=_today() + timedelta(days=12),
        next_steps="Bring the budget, the draft MOU; and questions.",
    )
    client.force_login(learner)
    response = client.get(reverse("mentoring:pair-calendar", args=[pair.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert body.rstrip().endswith("END:VCALENDAR")
    # Planned before times were kept: nine in the morning, in the site's zone.
    start = f"DTSTART;TZID=America/New_York:{latest.next_checkin_on:%Y%m%d}T090000"
    assert start in body
    assert "draft MOU\\; and questions" in body


def test_calendar_without_a_planned_check_in_explains_itself(client, mentor, learner):
    pair = PairFactory(mentor=mentor, learner=learner)
    CheckInFactory(pair=pair, next_checkin_on=None)
    client.force_login(mentor)
    response = client.get(reverse("mentoring:pair-calendar", args=[pair.pk]))
    assert response.status_code == 404
    assert "No check-in is planned yet" in _html(response)


# The dashboard -----------------------------------------------------------------


def test_overdue_pairs_are_flagged_in_words_and_listed_first(client, mentor):
    late = LearnerFactory(first_name="Olive", last_name="Overdue")
    PairFactory(
        mentor=mentor, learner=late, started_at=timezone.now() - timedelta(days=45)
    )
    fine = LearnerFactory(first_name="Tara", last_name="Ontrack")
    on_track = PairFactory(mentor=mentor, learner=fine)
    CheckInFactory(
        pair=on_track,
        met_on=_today() - timedelta(days=3),
        next_checkin_on=_today() + timedelta(days=10),
    )
    client.force_login(mentor)
    html = _html(client.get(reverse("mentoring:dashboard")))
    assert html.index("Olive Overdue") < html.index("Tara Ontrack")
    assert "1 pair needs a check-in" in html
    card = html[html.index("pair--overdue") : html.index("Tara Ontrack")]
    assert "Olive Overdue" in card
    assert "Needs a check-in" in card
    assert "On track" in html


def test_dashboard_shows_progress_goals_and_shadowing_hours(
    client, mentor, learner, curriculum_index
):
    modules = [ModulePageFactory(parent=curriculum_index) for _ in range(3)]
    EnrolmentFactory(user=learner, module=modules[0], completed_at=timezone.now())
    EnrolmentFactory(user=learner, module=modules[1])
    EnrolmentFactory(user=learner, module=modules[2])
    placement = ShadowingPlacementFactory(
        pair__mentor=mentor, pair__learner=learner, planned_hours=16, confirmed=True
    )
    ShadowingVisitFactory(placement=placement, hours="6.5")
    PairGoalFactory(pair=placement.pair, text="See how a CBO runs intake")
    client.force_login(mentor)
    html = _html(client.get(reverse("mentoring:dashboard")))
    assert "1 of 3 modules completed" in html
    assert "6.5 of 16 planned hours logged" in html
    assert "See how a CBO runs intake" in html
    assert "Too early to tell" in html


@pytest.mark.parametrize("count", [2, 20])
def test_dashboard_queries_do_not_grow_with_pairs(
    client, mentor, framework, trust, django_assert_max_num_queries, count
):
    for n in range(count):
        mentee = LearnerFactory(profile__share_assessment_with_mentor=True)
        _submit_assessment(mentee, framework, {trust: (2, "")})
        pair = PairFactory(
            mentor=mentor,
            learner=mentee,
            shadowing=n % 2 == 0,
            state=PairState.OFFERED if n % 5 == 4 else PairState.ACTIVE,
        )
        PairGoalFactory(pair=pair, competency=trust)
        CheckInFactory(pair=pair, competencies=[trust])
        if n % 2 == 0:
            ShadowingVisitFactory(placement__pair=pair)
    LearnerProfileFactory(user=mentor)
    PairFactory(learner=mentor)
    client.force_login(mentor)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("mentoring:dashboard"))
    assert response.status_code == 200
    assert _html(response).count("mean rating by domain") >= count * 4 // 5


@pytest.mark.parametrize("count", [2, 20])
def test_pair_page_queries_do_not_grow_with_its_records(
    client, mentor, framework, trust, django_assert_max_num_queries, count
):
    mentee = LearnerFactory(profile__share_assessment_with_mentor=True)
    _submit_assessment(mentee, framework, {trust: (2, "")})
    placement = ShadowingPlacementFactory(
        pair__mentor=mentor, pair__learner=mentee, competencies=[trust], confirmed=True
    )
    for _n in range(count):
        PairGoalFactory(pair=placement.pair, competency=trust)
        CheckInFactory(pair=placement.pair, competencies=[trust])
        ShadowingVisitFactory(placement=placement)
    client.force_login(mentor)
    with django_assert_max_num_queries(PAIR_PAGE_QUERIES):
        response = client.get(
            reverse("mentoring:pair-detail", args=[placement.pair.pk])
        )
    assert response.status_code == 200


# Shadowing ---------------------------------------------------------------------


def test_host_proposes_the_agreement_both_confirm_and_the_visitor_logs_visits(
    client, mentor, learner, trust
):
    MentorProfileFactory(user=mentor, organization="Eastside Family Services")
    pair = PairFactory(mentor=mentor, learner=learner, shadowing=True)
    client.force_login(mentor)
    url = reverse("mentoring:placement-create", args=[pair.pk])
    assert 'value="Eastside Family Services"' in _html(client.get(url))
    agreement = {
        "host_organization": "Eastside Family Services",
        "site": "12 Main St, Gastonia",
        "starts_on": _today().isoformat(),
        "ends_on": (_today() - timedelta(days=1)).isoformat(),
        "objectives": "See how intake works from the front desk.",
        "competencies": [trust.pk],
        "planned_hours": "16",
        "confidentiality_rules": "No client names leave the building.",
        "visitor_rules": "Sign in at reception.",
    }
    response = client.post(url, agreement)
    assert response.status_code == 400
    assert "The last day cannot come before the first." in _html(response)
    assert "See how intake works from the front desk." in _html(response)
    agreement["ends_on"] = (_today() + timedelta(days=30)).isoformat()
    assert client.post(url, agreement).status_code == 302
    placement = ShadowingPlacement.objects.get(pair=pair)
    assert list(placement.competencies.all()) == [trust]

    confirm = reverse("mentoring:placement-confirm", args=[pair.pk, placement.pk])
    client.post(confirm)
    client.force_login(learner)
    visit_url = reverse("mentoring:visit-create", args=[pair.pk, placement.pk])
    response = client.get(visit_url, follow=True)
    assert "Both host and visitor confirm the agreement first." in _html(response)
    client.post(confirm)
    placement.refresh_from_db()
    assert placement.agreement_confirmed

    response = client.post(
        visit_url,
        {
            "visited_on": _today().isoformat(),
            "hours": "4",
            "reflection": "Their intake team triages in ten minutes.",
        },
    )
    assert response.status_code == 302
    assert ShadowingVisit.objects.get(placement=placement).logged_by == learner

    client.force_login(mentor)
    client.post(
        reverse("mentoring:host-feedback", args=[pair.pk, placement.pk]),
        {"text": "Sharp questions; come back in spring."},
    )
    client.force_login(learner)
    html = _html(client.get(reverse("mentoring:pair-detail", args=[pair.pk])))
    assert "Their intake team triages in ten minutes." in html
    assert "4 of 16 planned hours logged" in html
    assert "No client names leave the building." in html
    assert "Sharp questions; come back in spring." in html


def test_only_the_host_proposes_and_only_the_visitor_logs_visits(
    client, mentor, learner
):
    pair = PairFactory(mentor=mentor, learner=learner, shadowing=True)
    client.force_login(learner)
    response = client.get(reverse("mentoring:placement-create", args=[pair.pk]))
    assert response.status_code == 403
    placement = ShadowingPlacementFactory(pair=pair, confirmed=True)
    client.force_login(mentor)
    response = client.post(
        reverse("mentoring:visit-create", args=[pair.pk, placement.pk]),
        {"visited_on": _today().isoformat(), "hours": "2", "reflection": "Mine."},
    )
    assert response.status_code == 403
    client.force_login(learner)
    response = client.post(
        reverse("mentoring:host-feedback", args=[pair.pk, placement.pk]),
        {"text": "Great host."},
    )
    assert response.status_code == 403
    assert not ShadowingVisit.objects.exists()


# Requests and mentor profiles --------------------------------------------------


def test_request_form_prefills_the_largest_gaps_first(
    client, learner, framework, trust, vision
):
    steady = CompetencyFactory(domain=trust.domain, code="TR.2", name="Keeping it")
    _submit_assessment(
        learner, framework, {trust: (2, ""), vision: (1, ""), steady: (3, "")}
    )
    client.force_login(learner)
    html = _html(client.get(reverse("mentoring:request")))
    assert "From your latest self-assessment, largest gap first" in html
    assert html.index("SP.1 Shared vision (gap of 2)") < html.index(
        "TR.1 Building trust (gap of 1)"
    )
    checked = re.findall(
        r'<input type="checkbox" name="competencies" value="(\d+)"[^>]*checked', html
    )
    assert sorted(checked) == sorted([str(trust.pk), str(vision.pk)])
    assert f'value="{steady.pk}"' in html


def test_learner_sends_edits_and_withdraws_one_request(client, learner, trust):
    client.force_login(learner)
    url = reverse("mentoring:request")
    data = {
        "kind": "mentoring",
        "goals": "Lead a joint budget process with the county.",
        "competencies": [trust.pk],
        "wants_virtual": "on",
    }
    assert client.post(url, data).status_code == 302
    data["goals"] = "Lead the joint budget process, and present it."
    assert client.post(url, data).status_code == 302
    request = MentoringRequest.objects.get(learner=learner)
    assert request.goals == "Lead the joint budget process, and present it."
    assert list(request.competencies.all()) == [trust]

    html = _html(client.get(reverse("mentoring:dashboard")))
    assert "Withdraw your request" in html
    client.post(reverse("mentoring:request-withdraw"))
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.WITHDRAWN
    assert "Ask for a mentor or placement" in _html(
        client.get(reverse("mentoring:dashboard"))
    )


def test_shadowing_request_needs_in_person_meetings(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("mentoring:request"),
        {"kind": "shadowing", "goals": "See a county agency from inside."},
    )
    assert response.status_code == 400
    assert "Shadowing happens in person" in _html(response)
    assert "See a county agency from inside." in _html(response)
    assert not MentoringRequest.objects.exists()


def test_request_form_needs_a_learner_profile(client):
    client.force_login(UserFactory())
    response = client.get(reverse("mentoring:request"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("academy:profile"))


def _profile_data(**extra) -> dict:
    data = {
        "sector": "state",
        "organization": "Ohio Department of Job and Family Services",
        "role": "Deputy director",
        "state": "OH",
        "bio": "Twenty years in county and state human services.",
        "capacity": "2",
        "accepting": "on",
        "hosts_shadowing": "on",
        "offers_virtual": "on",
        "host_region": "Columbus",
        "strengths-TOTAL_FORMS": "3",
        "strengths-INITIAL_FORMS": "0",
        "strengths-MIN_NUM_FORMS": "0",
        "strengths-MAX_NUM_FORMS": "15",
    }
    data.update(extra)
    return data


def test_someone_offers_to_mentor_and_gets_the_mentor_dashboard(
    client, learner, trust, vision
):
    client.force_login(learner)
    html = _html(client.get(reverse("mentoring:mentor-profile")))
    assert learner.learner_profile.organization in html
    response = client.post(
        reverse("mentoring:mentor-profile"),
        _profile_data(
            **{
                "strengths-0-competency": trust.pk,
                "strengths-0-level": "4",
                "strengths-1-competency": vision.pk,
                "strengths-1-level": "3",
            }
        ),
    )
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=learner)
    assert {(s.competency_id, s.level) for s in profile.strengths.all()} == {
        (trust.pk, 4),
        (vision.pk, 3),
    }
    html = _html(client.get(reverse("mentoring:dashboard")))
    assert "Leaders you mentor or host" in html
    assert "My mentoring" in html


def test_mentor_profile_errors_keep_everything_and_never_crash(client, trust):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("mentoring:mentor-profile"),
        _profile_data(
            host_region="",
            **{
                "strengths-0-competency": trust.pk,
                "strengths-0-level": "4",
                "strengths-1-competency": trust.pk,
                "strengths-1-level": "2",
            },
        ),
    )
    assert response.status_code == 400
    html = _html(response)
    assert "Say where you can host shadowing visits." in html
    assert "Twenty years in county and state human services." in html
    assert not MentorProfile.objects.exists()
    response = client.post(
        reverse("mentoring:mentor-profile"),
        _profile_data(
            **{
                "strengths-0-competency": trust.pk,
                "strengths-0-level": "4",
                "strengths-1-competency": trust.pk,
                "strengths-1-level": "2",
            },
        ),
    )
    assert response.status_code == 400
    assert not MentorProfile.objects.exists()


def test_mentor_edits_their_strengths(client, trust, vision):
    profile = MentorProfileFactory()
    strength = MentorStrengthFactory(mentor=profile, competency=trust, level=2)
    client.force_login(profile.user)
    response = client.post(
        reverse("mentoring:mentor-profile"),
        _profile_data(
            **{
                "strengths-TOTAL_FORMS": "4",
                "strengths-INITIAL_FORMS": "1",
                "strengths-0-id": strength.pk,
                "strengths-0-mentor": profile.pk,
                "strengths-0-competency": trust.pk,
                "strengths-0-level": "2",
                "strengths-0-DELETE": "on",
                "strengths-1-competency": vision.pk,
                "strengths-1-level": "4",
            }
        ),
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert [(s.competency, s.level) for s in profile.strengths.all()] == [(vision, 4)]
    assert profile.organization == "Ohio Department of Job and Family Services"


def test_an_offer_to_a_mentor_without_a_profile_explains_instead_of_failing(
    client, mentor, learner
):
    pair = PairFactory(
        mentor=mentor,
        learner=learner,
        offered=True,
        learner_accepted_at=timezone.now(),
        mentor_profile=False,
    )
    client.force_login(mentor)
    html = _html(client.get(reverse("mentoring:dashboard")))
    assert "Complete your mentor profile" in html
    response = client.post(
        reverse("mentoring:pair-accept", args=[pair.pk]), follow=True
    )
    assert response.status_code == 200
    assert "no mentor profile yet" in _html(response)
    pair.refresh_from_db()
    assert pair.state == PairState.OFFERED


def test_a_mentor_bio_over_the_limit_or_with_a_nul_byte_is_refused(client):
    profile = MentorProfileFactory(bio="Twenty years in county government.")
    client.force_login(profile.user)
    for text, message in [
        ("b" * 20_001, "at most 20000 characters"),
        ("County\x00 leader", "control character"),
    ]:
        response = client.post(
            reverse("mentoring:mentor-profile"), _profile_data(bio=text)
        )
        assert response.status_code == 400
        assert message in _html(response)
    profile.refresh_from_db()
    assert profile.bio == "Twenty years in county government."


def test_check_in_notes_with_control_characters_are_refused_and_kept_on_screen(
    client, mentor, learner
):
    pair = PairFactory(mentor=mentor, learner=learner)
    client.force_login(mentor)
    response = client.post(
        reverse("mentoring:checkin-create", args=[pair.pk]),
        {
            "met_on": _today().isoformat(),
            "minutes": "45",
            "notes": "We met\x0b at the county office.",
            "next_steps": "n" * 20_001,
        },
    )
    assert response.status_code == 400
    html = _html(response)
    assert "control character" in html
    assert "at most 20000 characters" in html
    assert not CheckIn.objects.exists()


def test_accepting_with_a_next_that_is_not_a_path_opens_the_pair(
    client, mentor, learner
):
    pair = PairFactory(mentor=mentor, learner=learner, offered=True)
    client.force_login(mentor)
    url = reverse("mentoring:pair-accept", args=[pair.pk])
    response = client.post(url, {"next": "Lead\x00er"})
    assert response.status_code == 302
    assert response.url == reverse("mentoring:pair-detail", args=[pair.pk])


def test_a_competency_id_too_long_for_the_database_is_a_form_error(
    client, learner, trust
):
    client.force_login(learner)
    response = client.post(
        reverse("mentoring:request"),
        {
            "kind": "mentoring",
            "goals": "Run a joint budget with the county.",
            "competencies": [trust.pk, "9" * 40],
            "wants_virtual": "on",
        },
    )
    assert response.status_code in (200, 400)
    assert "Select a valid choice" in _html(response)
    assert not MentoringRequest.objects.filter(learner=learner).exists()
