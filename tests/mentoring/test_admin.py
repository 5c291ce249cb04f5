import csv
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.admin import overview_rows
from mentoring.models import MatchingRound, MentoringRequest, Pair, PairState
from tests.academy.factories import LearnerFactory, wagtail_editors_group
from tests.mentoring.factories import (
    MatchingRoundFactory,
    MentorFactory,
    MentoringRequestFactory,
    MentorProfileFactory,
    PairFactory,
)

pytestmark = pytest.mark.django_db

REPORT_MAX_QUERIES = 20


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def round_form(**overrides) -> dict:
    return {
        "name": "Spring 2026",
        "objective": "score",
        "cross_sector": "on",
        "weight_gap": "1.0",
        "weight_state": "0.3",
        "weight_format": "0.2",
        "weight_load": "0.05",
        "unmatched_penalty": "2.0",
        **overrides,
    }


@pytest.fixture
def mentors(mentor):
    """Marcus runs a North Carolina CBO; Maya runs one in Virginia. Two places each."""
    maya = MentorFactory(email="maya@example.org", first_name="Maya", last_name="Ortiz")
    MentorProfileFactory(user=mentor, organization="Charlotte Food Bank", state="NC")
    MentorProfileFactory(user=maya, organization="Richmond Housing Trust", state="VA")
    return mentor, maya


@pytest.fixture
def requests(learner, other_learner):
    """Three county leaders in North Carolina ask for a mentor."""
    third = LearnerFactory(email="priya@example.org", first_name="Priya")
    return [MentoringRequestFactory(learner=p) for p in (learner, other_learner, third)]


def proposed(matching_round) -> list[Pair]:
    return list(
        matching_round.pairs.filter(state=PairState.PROPOSED).select_related(
            "mentor", "learner"
        )
    )


# Matching rounds ----------------------------------------------------------------


def test_staff_run_a_round_review_it_change_a_mentor_drop_a_pair_and_approve(
    client,
    staff,
    mentors,
    requests,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    marcus, maya = mentors
    client.force_login(staff)

    response = client.post(url("mentoring_rounds:add"), round_form())

    matching_round = MatchingRound.objects.get(name="Spring 2026")
    assert response.url == url("mentoring_rounds:inspect", matching_round.pk)
    assert matching_round.created_by == staff
    assert matching_round.status == MatchingRound.Status.DRAFT

    response = client.post(url("mentoring_rounds:run", matching_round.pk), follow=True)

    html = response.content.decode()
    assert "3 pairs proposed" in html
    assert "Requests considered: <strong>3</strong>" in html
    assert "matched: <strong>3</strong>" in html
    pairs = proposed(matching_round)
    assert {p.learner for p in pairs} == {r.learner for r in requests}
    # Marcus shares the learners' state, so he takes both of his places.
    assert sorted(p.mentor.email for p in pairs) == [
        "maya@example.org",
        "mentor@example.org",
        "mentor@example.org",
    ]
    for pair in pairs:
        assert pair.learner.get_full_name() in html
        assert f"{pair.score:.2f}" in html
    assert "Same state <strong>+0.30</strong>" in html
    assert "Meeting format fits <strong>+0.20</strong>" in html
    assert "Charlotte Food Bank" in html
    assert "County or local agency" in html

    to_change, to_drop = [p for p in pairs if p.mentor == marcus]
    client.post(
        url("mentoring_rounds:change_mentor", matching_round.pk, to_change.pk),
        {"mentor": maya.mentor_profile.pk},
    )
    to_change.refresh_from_db()
    assert to_change.mentor == maya
    assert to_change.score_breakdown == {"changed_by_staff": 1.0}
    assert to_change.events.last().actor == staff

    response = client.post(
        url("mentoring_rounds:drop", matching_round.pk, to_drop.pk), follow=True
    )
    assert not Pair.objects.filter(pk=to_drop.pk).exists()
    html = response.content.decode()
    assert "matched: <strong>2</strong>" in html
    assert "unmatched: <strong>1</strong>" in html

    confirm = client.get(url("mentoring_rounds:approve", matching_round.pk))
    assert "Approving offers 2 pairs" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("mentoring_rounds:approve", matching_round.pk))

    matching_round.refresh_from_db()
    assert matching_round.status == MatchingRound.Status.APPROVED
    offered = list(matching_round.pairs.all())
    assert [p.state for p in offered] == [PairState.OFFERED] * 2
    emailed = sorted(m.to[0] for m in mailoutbox)
    expected = sorted(
        email for p in offered for email in (p.mentor.email, p.learner.email)
    )
    assert emailed == expected
    assert len(emailed) == 4


def test_an_approved_round_is_read_only(client, staff, mentors, requests):
    matching_round = MatchingRoundFactory()
    client.force_login(staff)
    client.post(url("mentoring_rounds:run", matching_round.pk))
    client.post(url("mentoring_rounds:approve", matching_round.pk))
    pair = matching_round.pairs.first()

    page = client.get(url("mentoring_rounds:inspect", matching_round.pk))
    edit = client.get(url("mentoring_rounds:edit", matching_round.pk))
    rerun = client.post(url("mentoring_rounds:run", matching_round.pk), follow=True)
    drop = client.post(url("mentoring_rounds:drop", matching_round.pk, pair.pk))

    html = page.content.decode()
    assert "approved and read-only" in html
    assert url("mentoring_rounds:run", matching_round.pk) not in html
    assert url("mentoring_rounds:edit", matching_round.pk) not in html
    assert edit.url == url("mentoring_rounds:inspect", matching_round.pk)
    assert "can no longer change" in rerun.content.decode()
    assert drop.status_code == 302
    assert matching_round.pairs.count() == 3
    assert not matching_round.pairs.filter(state=PairState.PROPOSED).exists()


def test_a_mentor_without_a_place_left_cannot_be_chosen(
    client, staff, mentors, requests
):
    marcus, maya = mentors
    maya.mentor_profile.capacity = 1
    maya.mentor_profile.save()
    matching_round = MatchingRoundFactory()
    client.force_login(staff)
    client.post(url("mentoring_rounds:run", matching_round.pk))
    pair = matching_round.pairs.filter(mentor=marcus).first()

    page = client.get(url("mentoring_rounds:inspect", matching_round.pk))
    response = client.post(
        url("mentoring_rounds:change_mentor", matching_round.pk, pair.pk),
        {"mentor": maya.mentor_profile.pk},
        follow=True,
    )

    assert page.context["mentor_choices"] == []
    assert "No other mentor has a place left." in page.content.decode()
    assert "That mentor has no place left in this round." in response.content.decode()
    pair.refresh_from_db()
    assert pair.mentor == marcus


def test_a_round_cannot_be_approved_before_it_has_run(client, staff):
    matching_round = MatchingRoundFactory()
    client.force_login(staff)

    response = client.post(
        url("mentoring_rounds:approve", matching_round.pk), follow=True
    )

    assert "Run matching before approving the round." in response.content.decode()
    matching_round.refresh_from_db()
    assert matching_round.status == MatchingRound.Status.DRAFT


def test_a_negative_load_weight_is_refused(client, staff):
    client.force_login(staff)

    response = client.post(url("mentoring_rounds:add"), round_form(weight_load="-1"))

    assert response.status_code == 200
    assert "The load weight cannot be negative." in response.content.decode()
    assert not MatchingRound.objects.exists()


def test_deleting_a_round_under_review_takes_its_proposal_with_it(
    client, staff, mentors, requests
):
    matching_round = MatchingRoundFactory()
    client.force_login(staff)
    client.post(url("mentoring_rounds:run", matching_round.pk))
    assert Pair.objects.count() == 3

    client.post(url("mentoring_rounds:delete", matching_round.pk))

    assert not MatchingRound.objects.exists()
    assert not Pair.objects.exists()
    assert all(
        r.status == MentoringRequest.Status.OPEN for r in MentoringRequest.objects.all()
    )


def test_learners_and_mentors_cannot_open_the_mentoring_admin(
    client, request, mentors, requests, staff
):
    matching_round = MatchingRoundFactory()
    pair = PairFactory()
    urls = [
        url("mentoring_rounds:index"),
        url("mentoring_rounds:add"),
        url("mentoring_rounds:inspect", matching_round.pk),
        url("mentoring_rounds:approve", matching_round.pk),
        url("mentoring_pairs:index"),
        url("mentoring_pairs:add"),
        url("mentoring_pairs:inspect", pair.pk),
        url("mentoring_mentors:index"),
        url("mentoring_requests:index"),
        url("mentoring_requests:inspect", requests[0].pk),
        url("mentoring_overview"),
        url("mentoring_overview") + "?export=csv",
    ]
    for person in ("learner", "mentor"):
        client.force_login(request.getfixturevalue(person))
        for address in urls:
            response = client.get(address)
            assert response.status_code == 403, address
            assert "no access to the admin" in response.content.decode(), address
        run = client.post(url("mentoring_rounds:run", matching_round.pk))
        assert run.status_code == 403

    matching_round.refresh_from_db()
    assert matching_round.status == MatchingRound.Status.DRAFT
    assert not matching_round.pairs.exists()


def test_staff_see_every_mentoring_screen_in_the_mentoring_menu(client, staff):
    client.force_login(staff)

    response = client.get(url("wagtailadmin_home"))

    html = response.content.decode()
    for address in (
        url("mentoring_rounds:index"),
        url("mentoring_pairs:index"),
        url("mentoring_requests:index"),
        url("mentoring_mentors:index"),
        url("mentoring_overview"),
    ):
        assert address in html


# Pairs, mentors and requests ------------------------------------------------------


def test_staff_make_a_pair_by_hand_and_both_people_hear_about_it(
    client, staff, learner, mentors, mailoutbox, django_capture_on_commit_callbacks
):
    marcus, _ = mentors
    not_a_mentor = LearnerFactory(email="nobody@example.org")
    client.force_login(staff)

    form = client.get(url("mentoring_pairs:add")).context["form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("mentoring_pairs:add"),
            {"mentor": marcus.pk, "learner": learner.pk, "kind": "shadowing"},
        )

    assert marcus in form.fields["mentor"].queryset
    assert not_a_mentor not in form.fields["mentor"].queryset
    assert marcus not in form.fields["learner"].queryset
    pair = Pair.objects.get()
    assert response.url == url("mentoring_pairs:inspect", pair.pk)
    assert (pair.mentor, pair.learner, pair.kind) == (marcus, learner, "shadowing")
    assert pair.state == PairState.OFFERED
    assert sorted(m.to[0] for m in mailoutbox) == [learner.email, marcus.email]
    inspect = client.get(response.url).content.decode()
    assert "created by staff" in inspect
    assert "approved → offered" in inspect
    assert staff.get_full_name() in inspect


def test_no_one_is_paired_with_themselves_by_hand(client, staff, learner):
    MentorProfileFactory(user=learner)
    client.force_login(staff)

    response = client.post(
        url("mentoring_pairs:add"),
        {"mentor": learner.pk, "learner": learner.pk, "kind": "mentoring"},
    )

    assert response.status_code == 200
    assert "A learner cannot mentor themselves." in response.content.decode()
    assert not Pair.objects.exists()


def test_staff_filter_pairs_by_sector_pairing(client, staff, learner, mentors):
    marcus, _ = mentors
    public_to_cbo = PairFactory(learner=learner, mentor=marcus)
    state_mentor = MentorFactory(email="state@example.org")
    MentorProfileFactory(user=state_mentor, sector="state")
    cbo_learner = LearnerFactory(profile__sector="cbo")
    cbo_to_public = PairFactory(learner=cbo_learner, mentor=state_mentor)
    client.force_login(staff)

    response = client.get(url("mentoring_pairs:index"), {"pairing": "public-community"})
    other_way = client.get(
        url("mentoring_pairs:index"), {"pairing": "community-public"}
    )

    assert list(response.context["object_list"]) == [public_to_cbo]
    assert list(other_way.context["object_list"]) == [cbo_to_public]
    assert "public learner / CBO mentor" in response.content.decode()


def test_staff_list_and_search_mentor_profiles(client, staff, mentors):
    client.force_login(staff)

    everyone = client.get(url("mentoring_mentors:index"))
    found = client.get(url("mentoring_mentors:index"), {"q": "Richmond"})
    virginia = client.get(url("mentoring_mentors:index"), {"state": "VA"})

    assert "Charlotte Food Bank" in everyone.content.decode()
    assert [p.organization for p in found.context["object_list"]] == [
        "Richmond Housing Trust"
    ]
    assert [p.organization for p in virginia.context["object_list"]] == [
        "Richmond Housing Trust"
    ]
    assert "Maya Ortiz" in found.content.decode()


def test_staff_give_a_mentor_their_strengths_in_the_profile_form(
    client, staff, mentors
):
    from tests.curriculum.factories import CompetencyFactory

    marcus, _ = mentors
    competency = CompetencyFactory()
    profile = marcus.mentor_profile
    client.force_login(staff)
    data = {
        "user": marcus.pk,
        "sector": "cbo",
        "organization": "Charlotte Food Bank",
        "role": "Executive director",
        "state": "NC",
        "bio": "",
        "capacity": "3",
        "accepting": "on",
        "offers_virtual": "on",
        "host_region": "",
        "strengths-TOTAL_FORMS": "1",
        "strengths-INITIAL_FORMS": "0",
        "strengths-MIN_NUM_FORMS": "0",
        "strengths-MAX_NUM_FORMS": "1000",
        "strengths-0-competency": competency.pk,
        "strengths-0-level": "4",
        "strengths-0-id": "",
        "strengths-0-ORDER": "1",
        "strengths-0-DELETE": "",
    }

    response = client.post(url("mentoring_mentors:edit", profile.pk), data)

    assert response.status_code == 302, response.context["form"].errors
    profile.refresh_from_db()
    assert profile.capacity == 3
    assert [(s.competency, s.level) for s in profile.strengths.all()] == [
        (competency, 4)
    ]


def test_staff_filter_requests_by_status_and_inspect_one(client, staff, requests):
    requests[0].status = MentoringRequest.Status.WITHDRAWN
    requests[0].save()
    client.force_login(staff)

    listing = client.get(url("mentoring_requests:index"), {"status": "withdrawn"})
    inspect = client.get(url("mentoring_requests:inspect", requests[0].pk))

    assert list(listing.context["object_list"]) == [requests[0]]
    assert requests[0].goals in inspect.content.decode()


# The program overview ------------------------------------------------------------


@pytest.fixture
def program(learner, other_learner, mentors):
    """Lena's pair is overdue; Omar's offer waits; Priya (a CBO leader) is on track."""
    marcus, maya = mentors
    state_mentor = MentorFactory(email="sol@example.org", first_name="Sol")
    MentorProfileFactory(user=state_mentor, sector="state", capacity=1)
    priya = LearnerFactory(email="priya@example.org", profile__sector="cbo")
    spring = MatchingRoundFactory(name="Spring 2026", status="approved")
    lena_pair = PairFactory(
        learner=learner,
        mentor=marcus,
        started_at=timezone.now() - timedelta(days=40),
    )
    PairFactory(learner=other_learner, mentor=marcus, offered=True, round=spring)
    PairFactory(learner=priya, mentor=state_mentor)
    MentoringRequestFactory(learner=other_learner, kind="shadowing")
    MentoringRequestFactory(learner=priya)
    MentoringRequestFactory(status=MentoringRequest.Status.MATCHED)
    return lena_pair


def overview_figures(response) -> dict:
    return {
        (row["section"], row["item"], row["detail"]): row["count"]
        for row in response.context["object_list"]
    }


def test_the_overview_counts_requests_rounds_pairs_capacity_and_overdue_pairs(
    client, staff, program
):
    client.force_login(staff)

    response = client.get(url("mentoring_overview"))

    assert response.status_code == 200
    figures = overview_figures(response)
    assert figures[("Requests", "Open requests", "")] == 2
    assert figures[("Requests", "Open: A mentor", "")] == 1
    assert figures[("Requests", "Open: A shadowing placement", "")] == 1
    assert figures[("Matching rounds", "Spring 2026", "Approved; 1 offered")] == 1
    assert figures[("Pairs by status", "Active", "")] == 2
    assert figures[("Pairs by status", "Offered", "")] == 1
    assert figures[("Pairs by status", "Completed", "")] == 0
    by_pairing = {
        (item, detail): n
        for (section, item, detail), n in figures.items()
        if section == "Pairs by status and sector pairing"
    }
    assert by_pairing == {
        ("Active", "public learner / CBO mentor"): 1,
        ("Active", "CBO learner / public mentor"): 1,
        ("Offered", "public learner / CBO mentor"): 1,
    }
    capacity = {
        item: (n, detail)
        for (section, item, detail), n in figures.items()
        if section == "Mentor capacity"
    }
    marcus = f"{program.mentor.get_full_name()} (Charlotte Food Bank)"
    assert capacity[marcus] == (1, "1 of 2 places taken; 1 offer awaiting an answer")
    assert capacity["Maya Ortiz (Richmond Housing Trust)"] == (0, "0 of 2 places taken")
    overdue = [
        (item, n, detail)
        for (section, item, detail), n in figures.items()
        if section == "Overdue check-ins"
    ]
    started = timezone.localdate(program.started_at)
    # Forty days ago, counted in local days (a daylight-saving change may fall between).
    days = (timezone.localdate() - started).days
    assert days in (39, 40, 41)
    assert overdue == [
        (
            f"{program.mentor.get_full_name()} with {program.learner.get_full_name()}",
            days,
            f"no check-in since starting on {started}",
        )
    ]
    assert "Download CSV" in response.content.decode()


def test_the_overview_exports_as_csv(client, staff, program):
    client.force_login(staff)

    response = client.get(url("mentoring_overview"), {"export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["Section", "Item", "Number", "Detail"]
    by_state = {
        r["Item"]: r["Number"] for r in rows if r["Section"] == "Pairs by status"
    }
    assert by_state["Active"] == "2"
    assert by_state["Offered"] == "1"
    assert any(r["Section"] == "Overdue check-ins" for r in rows)


def test_the_overview_exports_as_xlsx(client, staff, program):
    client.force_login(staff)

    response = client.get(url("mentoring_overview"), {"export": "xlsx"})

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *data = workbook.active.iter_rows(values_only=True)
    assert header == ("Section", "Item", "Number", "Detail")
    rows = [dict(zip(header, row, strict=True)) for row in data]
    open_requests = next(r for r in rows if r["Item"] == "Open requests")
    assert open_requests["Number"] == 2
    active = next(
        r for r in rows if r["Section"] == "Pairs by status" and r["Item"] == "Active"
    )
    assert active["Number"] == 2


def add_program(size: int, start: int = 0) -> None:
    """Add pairs with their own mentors, learners, requests and rounds."""
    for i in range(start, start + size):
        matching_round = (
            MatchingRoundFactory(name=f"Round {i // 3}") if i % 3 == 0 else None
        )
        mentor = MentorFactory()
        MentorProfileFactory(user=mentor, sector="cbo" if i % 2 else "state")
        learner = LearnerFactory(profile__sector="state" if i % 2 else "cbo")
        MentoringRequestFactory(learner=learner)
        PairFactory(
            mentor=mentor,
            learner=learner,
            round=matching_round or MatchingRound.objects.order_by("-pk").first(),
            started_at=timezone.now() - timedelta(days=35 + i),
            state=PairState.ACTIVE if i % 4 else PairState.COMPLETED,
        )


def test_the_overview_needs_the_same_queries_for_3_or_30_pairs(client, staff):
    client.force_login(staff)
    add_program(3)
    client.get(url("mentoring_overview"))  # fills per-process caches

    with CaptureQueriesContext(connection) as small:
        client.get(url("mentoring_overview"))
    with CaptureQueriesContext(connection) as small_figures:
        overview_rows()
    add_program(27, start=3)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url("mentoring_overview"))
    with CaptureQueriesContext(connection) as large_figures:
        overview_rows()

    assert Pair.objects.count() == 30
    figures = overview_figures(response)
    assert figures[("Requests", "Open requests", "")] == 30
    assert figures[("Pairs by status", "Active", "")] == 22
    assert len([k for k in figures if k[0] == "Overdue check-ins"]) == 22
    assert len([k for k in figures if k[0] == "Matching rounds"]) == 10
    # One query each for requests, rounds, pairs, mentors and overdue pairs.
    assert len(small_figures) == len(large_figures) == 5
    assert len(small) == len(large) <= REPORT_MAX_QUERIES


# match_mentors --------------------------------------------------------------------


def test_match_mentors_dry_run_prints_the_proposal_and_saves_nothing(mentors, requests):
    MatchingRoundFactory(name="Spring 2026")
    out = io.StringIO()

    call_command("match_mentors", "--round", "Spring 2026", "--dry-run", stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    for request in requests:
        assert sum(request.learner.email in line for line in lines) == 1
    assert sum("<mentor@example.org>" in line for line in lines) == 2
    assert "score 0.500  (gap +0.000, state +0.300, format +0.200, load +0.000)" in (
        out.getvalue()
    )
    assert lines[-1] == (
        "Dry run: 3 pairs from 3 requests considered; 0 unmatched. Nothing was saved."
    )
    assert not Pair.objects.exists()
    assert MatchingRound.objects.get().status == MatchingRound.Status.DRAFT


def test_match_mentors_stores_the_proposal_for_review(mentors, requests):
    matching_round = MatchingRoundFactory(name="Spring 2026")
    out = io.StringIO()

    call_command("match_mentors", "--round", "Spring 2026", stdout=out)

    matching_round.refresh_from_db()
    assert matching_round.status == MatchingRound.Status.PROPOSED
    assert matching_round.pairs.filter(state=PairState.PROPOSED).count() == 3
    assert "3 pairs from 3 requests considered; 0 unmatched" in out.getvalue()


def test_match_mentors_with_an_unknown_round_says_so(mentors, requests):
    with pytest.raises(CommandError, match='no matching round named "Autumn"'):
        call_command("match_mentors", "--round", "Autumn", stdout=io.StringIO())
    assert not MatchingRound.objects.exists()


def test_staff_adding_a_second_open_request_for_a_learner_see_why_not(client, staff):
    learner = LearnerFactory()
    first = MentoringRequestFactory(learner=learner)
    client.force_login(staff)
    response = client.post(
        url("mentoring_requests:add"),
        {
            "learner": learner.pk,
            "kind": "mentoring",
            "goals": "Another ask.",
            "wants_virtual": "on",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "This learner already has an open request." in response.content.decode()
    assert list(MentoringRequest.objects.filter(learner=learner)) == [first]


def test_a_mentor_bio_with_a_control_character_is_refused_in_the_admin(
    client, staff, mentors
):
    marcus, _ = mentors
    profile = marcus.mentor_profile
    bio = profile.bio
    client.force_login(staff)
    data = {
        "user": marcus.pk,
        "sector": "cbo",
        "organization": "Charlotte Food Bank",
        "role": "Executive director",
        "state": "NC",
        "bio": "Pasted from a PDF\x0c with a form feed.",
        "capacity": "3",
        "accepting": "on",
        "host_region": "",
        "strengths-TOTAL_FORMS": "0",
        "strengths-INITIAL_FORMS": "0",
        "strengths-MIN_NUM_FORMS": "0",
        "strengths-MAX_NUM_FORMS": "1000",
    }

    response = client.post(url("mentoring_mentors:edit", profile.pk), data)

    assert response.status_code == 200
    assert "control character" in response.content.decode()
    profile.refresh_from_db()
    assert profile.bio == bio
    assert profile.capacity != 3


def test_the_overview_shows_its_downloads_as_buttons(client, staff, program):
    from bs4 import BeautifulSoup

    client.force_login(staff)
    html = client.get(url("mentoring_overview")).content.decode()
    header = BeautifulSoup(html, "html.parser").select_one("#w-slim-header-buttons")
    downloads = {
        link.get_text(strip=True): link["href"]
        for link in header.select("a.w-header-button")
    }
    assert set(downloads) == {"Download CSV", "Download XLSX"}
    assert client.get(downloads["Download XLSX"]).status_code == 200


def _column_cells(html: str, heading: str) -> list:
    """The body cells under a listing's column heading."""
    from bs4 import BeautifulSoup

    table = BeautifulSoup(html, "html.parser").select_one("table.listing")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    index = headings.index(heading)
    return [row.select("td")[index] for row in table.select("tbody tr")]


def test_staff_run_a_round_for_one_request_and_read_1_pair_proposed(
    client, staff, mentors, learner
):
    MentoringRequestFactory(learner=learner)
    matching_round = MatchingRoundFactory()
    client.force_login(staff)
    response = client.post(url("mentoring_rounds:run", matching_round.pk), follow=True)
    html = response.content.decode()
    assert "Matching ran: 1 pair proposed. Review it, then approve the round." in html
    assert "1 pairs" not in html

    response = client.post(
        url("mentoring_rounds:approve", matching_round.pk), follow=True
    )
    html = response.content.decode()
    assert "Round approved: 1 pair offered." in html
    assert "1 pairs" not in html


@pytest.mark.parametrize("others", [0, 10])
def test_staff_read_pair_scores_to_two_decimals(
    client, staff, learner, others, django_assert_max_num_queries
):
    pair = PairFactory(learner=learner, score=0.2620689655172414)
    PairFactory.create_batch(others, score=None)
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        listing = client.get(url("mentoring_pairs:index")).content.decode()
    scores = [cell.get_text(strip=True) for cell in _column_cells(listing, "Score")]
    assert sorted(scores) == ["0.26", *["–"] * others]
    inspect = client.get(url("mentoring_pairs:inspect", pair.pk)).content.decode()
    assert "0.26" in inspect
    assert "0.2620689655172414" not in inspect


def test_pairs_are_listed_and_counted_by_status_not_state(client, staff, learner):
    pair = PairFactory(learner=learner)
    client.force_login(staff)
    listing = client.get(url("mentoring_pairs:index")).content.decode()
    assert [c.get_text(strip=True) for c in _column_cells(listing, "Status")] == [
        "Active"
    ]
    inspect = client.get(url("mentoring_pairs:inspect", pair.pk)).content.decode()
    assert "<dt>Status</dt>" in " ".join(inspect.split()).replace("> ", ">").replace(
        " <", "<"
    )
    overview = client.get(url("mentoring_overview")).content.decode()
    assert "Pairs by status" in overview
    assert "Pairs by state" not in overview


def test_whether_a_mentor_takes_new_mentees_shows_as_a_yes_no_icon(
    client, staff, mentors, django_assert_max_num_queries
):
    marcus, maya = mentors
    maya.mentor_profile.accepting = False
    maya.mentor_profile.save()
    client.force_login(staff)
    with django_assert_max_num_queries(14):
        listing = client.get(url("mentoring_mentors:index")).content.decode()
    icons = [
        cell.select_one("svg")["class"]
        for cell in _column_cells(listing, "Taking new mentees")
    ]
    assert sorted("icon-check" in icon for icon in icons) == [False, True]
    assert sorted("icon-cross" in icon for icon in icons) == [False, True]


def test_an_editor_without_mentoring_permissions_is_turned_away(client):
    editor = LearnerFactory(email="editor@example.org")
    editor.groups.add(wagtail_editors_group())
    matching_round = MatchingRoundFactory()
    client.force_login(editor)

    for address in (
        url("mentoring_overview"),
        url("mentoring_overview") + "?export=csv",
        url("mentoring_pairs:add"),
        url("mentoring_rounds:approve", matching_round.pk),
    ):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"] == reverse("wagtailadmin_home"), address
