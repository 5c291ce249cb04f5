import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from academy.services.assessments import assessment_start, assessment_submit
from mentoring.models import MatchingRound, PairKind, PairState
from tests.academy.factories import PASSWORD, LearnerFactory
from tests.curriculum.factories import CompetencyFactory, DomainFactory
from tests.e2e.accessibility import serious_violations
from tests.mentoring.factories import (
    MentoringRequestFactory,
    MentorProfileFactory,
    PairFactory,
)

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)


def _no_serious_violations(page):
    assert serious_violations(page) == [], page.url


def _log_in(page, base_url: str, email: str):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    # Each person lands on their own home: staff on the admin, others on the site.
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _card(page, kind_label: str):
    """The dashboard card of the pair tagged with `kind_label` ("Shadowing"...)."""
    return page.locator("li.la-pair").filter(has_text=kind_label)


def _part(page, kind_label: str):
    """On the mentor's card for a person, the pair tagged `kind_label` ("You host")."""
    return page.locator(".la-pair__part").filter(has_text=kind_label)


def test_mentor_and_learner_accept_meet_and_complete_a_shadowing_visit(
    page, browser, live_server, home_page, framework
):
    trust = CompetencyFactory(
        domain=DomainFactory(framework=framework, code="TR", name="Trust"),
        code="TR.1",
        name="Building trust",
    )
    marcus = MentorProfileFactory(
        user__email="marcus@example.org",
        user__first_name="Marcus",
        user__last_name="Reed",
        organization="Eastside Family Services",
        role="Executive director",
        sector="cbo",
    ).user
    lena = LearnerFactory(
        email="lena@example.org",
        first_name="Lena",
        last_name="Ortiz",
        profile__share_assessment_with_mentor=True,
        profile__organization="Gaston County DSS",
    )
    assessment_submit(
        assessment=assessment_start(user=lena, framework=framework),
        ratings={trust.pk: (2, "private-evidence-note")},
    )
    request = MentoringRequestFactory(
        learner=lena,
        kind="both",
        goals="Understand how a community-based organization runs intake.",
        competencies=[trust],
        status="matched",
    )
    for kind in (PairKind.MENTORING, PairKind.SHADOWING):
        PairFactory(
            mentor=marcus,
            learner=lena,
            kind=kind,
            request=request,
            offered=True,
            offered_at=timezone.now(),
        )
    base = live_server.url

    # The mentor sees both offers and accepts them.
    _log_in(page, base, "marcus@example.org")
    page.goto(base + "/mentoring/")
    expect(
        page.get_by_role("heading", name="Your mentoring and shadowing", level=1)
    ).to_be_visible()
    # One card for Lena, with both pairs inside.
    expect(page.locator("li.la-pair")).to_have_count(1)
    expect(page.locator(".la-pair__part")).to_have_count(2)
    _no_serious_violations(page)
    for label in ("You mentor", "You host"):
        _part(page, label).get_by_role("button", name="Accept").click()
        expect(page.get_by_text("You accepted. We let you know")).to_be_visible()
        expect(_part(page, label)).to_contain_text("Waiting for Lena Ortiz")

    # The learner accepts both: the pairs are active.
    learner_page = browser.new_context().new_page()
    learner_page.set_default_timeout(10_000)
    _log_in(learner_page, base, "lena@example.org")
    learner_page.goto(base + "/mentoring/")
    expect(learner_page.get_by_role("heading", name="My mentoring")).to_be_visible()
    _no_serious_violations(learner_page)
    for label in ("Your mentor", "Shadowing"):
        _card(learner_page, label).get_by_role("button", name="Accept").click()
        expect(
            learner_page.get_by_text("You have both accepted: the pair is active.")
        ).to_be_visible()
    expect(learner_page.get_by_text("Too early to tell")).to_have_count(2)

    # The learner sets a shared goal and, once it is met, marks it done.
    _card(learner_page, "Your mentor").get_by_role("link", name="Add a goal").click()
    learner_page.get_by_role("textbox", name=re.compile("^Goal")).fill(
        "Map our intake steps."
    )
    learner_page.get_by_role("button", name="Add the goal").click()
    expect(learner_page.get_by_text("The goal is added.")).to_be_visible()
    learner_page.get_by_role("button", name=re.compile("^Mark done")).click()
    expect(learner_page.get_by_text("The goal is marked done.")).to_be_visible()
    goals = learner_page.get_by_role("region", name="Shared goals")
    expect(goals).to_contain_text("Achieved")
    _no_serious_violations(learner_page)

    # The mentor logs a check-in on the mentoring pair.
    page.goto(base + "/mentoring/")
    _part(page, "You mentor").get_by_role("link", name="Log a check-in").click()
    expect(page.get_by_role("heading", name="Log a check-in")).to_be_visible()
    _no_serious_violations(page)
    today = timezone.localdate()
    page.get_by_label("Length in minutes").fill("50")
    page.get_by_label("Notes").fill("Lena mapped her county's intake steps.")
    page.get_by_label("TR.1 Building trust").check()
    page.get_by_label("Next steps").fill("Compare with Eastside's intake.")
    page.get_by_label("Next check-in", exact=True).fill(
        f"{today + timedelta(days=14):%Y-%m-%d}"
    )
    page.get_by_label("Time of the next check-in").fill("14:30")
    page.get_by_label("Meeting link for the next check-in").fill(
        "https://meet.example.org/lena-marcus"
    )
    page.get_by_role("button", name="Save the check-in").click()
    expect(page.get_by_text("The check-in is saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mentoring with Lena Ortiz"
    )
    checkins = page.get_by_role("table", name="Check-ins")
    expect(checkins).to_contain_text("Lena mapped her county's intake steps.")
    expect(checkins).to_contain_text("TR.1")
    expect(page.get_by_role("link", name="Add it to your calendar")).to_be_visible()
    next_time = page.get_by_text(re.compile(r"Next check-in: .* at 2:30 PM"))
    expect(next_time).to_be_visible()
    expect(page.get_by_role("link", name="Join the next check-in")).to_have_attribute(
        "href", "https://meet.example.org/lena-marcus"
    )
    expect(page.get_by_role("table", name="latest self-assessment")).to_contain_text(
        "Trust"
    )
    assert "private-evidence-note" not in page.content()
    _no_serious_violations(page)

    # The host proposes the learning agreement: proposing it is their confirmation.
    page.goto(base + "/mentoring/")
    page.get_by_role("link", name="Shadowing with Lena Ortiz").click()
    expect(page.get_by_text("No learning agreement yet.")).to_be_visible()
    _no_serious_violations(page)
    page.get_by_role("link", name="Propose the learning agreement").click()
    expect(page.get_by_label("Host organization")).to_have_value(
        "Eastside Family Services"
    )
    page.get_by_label("Site or address").fill("12 Main St, Gastonia")
    page.get_by_label("First day").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Last day").fill(f"{today + timedelta(days=30):%Y-%m-%d}")
    page.get_by_label("Learning objectives").fill("Shadow the intake team for a week.")
    page.get_by_label("TR.1 Building trust").check()
    page.get_by_label("Planned hours").fill("16")
    page.get_by_label("Host's confidentiality rules").fill("No client names leave.")
    page.get_by_label("Rules for the visitor").fill("Sign in at reception.")
    _no_serious_violations(page)
    page.get_by_role("button", name="Propose the agreement").click()
    expect(
        page.get_by_text("You proposed the learning agreement. Lena Ortiz confirms")
    ).to_be_visible()
    expect(page.get_by_text("Host confirmed on")).to_be_visible()
    confirm_as_host = page.get_by_role("button", name="Confirm the agreement as host")
    expect(confirm_as_host).to_have_count(0)
    expect(page.get_by_text("Waiting for the visitor to confirm")).to_be_visible()

    # The visitor confirms and logs a visit with a reflection.
    learner_page.goto(base + "/mentoring/")
    _card(learner_page, "Shadowing").get_by_role(
        "link", name="Marcus Reed", exact=True
    ).click()
    expect(
        learner_page.get_by_text("Shadow the intake team for a week.")
    ).to_be_visible()
    learner_page.get_by_role("button", name="Confirm the agreement as visitor").click()
    expect(
        learner_page.get_by_text("The agreement is confirmed by both of you.")
    ).to_be_visible()
    learner_page.get_by_role("link", name="Log a visit").click()
    learner_page.get_by_label("Hours").fill("4")
    learner_page.get_by_label("Your reflection on the visit").fill(
        "Eastside triages in ten minutes; we take two days."
    )
    learner_page.get_by_role("button", name="Save the visit").click()
    expect(learner_page.get_by_text("The visit is logged.")).to_be_visible()
    visits = learner_page.get_by_role("table", name="Visits")
    expect(visits).to_contain_text("we take two days")
    expect(learner_page.get_by_text("4 of 16 planned hours logged")).to_be_visible()
    _no_serious_violations(learner_page)

    # The host sees the reflection and the hours on the dashboard.
    page.goto(base + "/mentoring/")
    expect(_part(page, "You host")).to_contain_text("4 of 16 planned hours logged")
    expect(_part(page, "You mentor")).to_contain_text("On track")
    _no_serious_violations(page)
    page.get_by_role("link", name="Shadowing with Lena Ortiz").click()
    expect(page.get_by_role("table", name="Visits")).to_contain_text("we take two days")
    page.get_by_label("Your feedback to the visitor").fill(
        "Sharp questions. Come back for the spring budget cycle."
    )
    page.get_by_role("button", name="Save feedback").click()
    expect(page.get_by_text("Your feedback is saved.")).to_be_visible()
    _no_serious_violations(page)
    learner_page.reload()
    expect(learner_page.get_by_text("Come back for the spring budget")).to_be_visible()

    # The learner returns the visit: the mentor spends a day at the county agency.
    learner_page.get_by_role("link", name="Plan the return visit").click()
    expect(learner_page.get_by_label("Host organization")).to_have_value(
        "Gaston County DSS"
    )
    learner_page.get_by_label("First day").fill(f"{today:%Y-%m-%d}")
    learner_page.get_by_label("Last day").fill(f"{today + timedelta(days=7):%Y-%m-%d}")
    learner_page.get_by_label("Learning objectives").fill(
        "Sit in on the eligibility huddle."
    )
    learner_page.get_by_label("Planned hours").fill("8")
    learner_page.get_by_role("button", name="Propose the agreement").click()
    expect(learner_page.get_by_text("You proposed the return visit.")).to_be_visible()
    expect(
        learner_page.get_by_role("button", name="Confirm the agreement as host")
    ).to_have_count(0)
    _no_serious_violations(learner_page)

    # The mentor confirms as visitor, visits and reflects; the learner gives feedback.
    page.reload()
    returned = page.get_by_role("article", name=re.compile("^Return visit"))
    returned.get_by_role("button", name="Confirm the agreement as visitor").click()
    expect(
        page.get_by_text("The agreement is confirmed by both of you.")
    ).to_be_visible()
    page.get_by_role("link", name="Log a visit").click()
    page.get_by_label("Hours").fill("6")
    page.get_by_label("Your reflection on the visit").fill(
        "The county settles eligibility in one room."
    )
    page.get_by_role("button", name="Save the visit").click()
    expect(page.get_by_text("The visit is logged.")).to_be_visible()
    learner_page.reload()
    learner_page.get_by_label("Your feedback to the visitor").fill(
        "Marcus asked what our caseworkers need from CBOs."
    )
    learner_page.get_by_role("button", name="Save feedback").click()
    expect(learner_page.get_by_text("Your feedback is saved.")).to_be_visible()
    returned = learner_page.get_by_role("article", name=re.compile("^Return visit"))
    expect(returned).to_contain_text("one room")
    expect(returned).to_contain_text("6 of 8 planned hours logged")
    expect(returned).to_contain_text("what our caseworkers need")
    expect(
        learner_page.get_by_text("Both visits together: 10 of 24 planned hours logged.")
    ).to_be_visible()
    learner_page.get_by_role("link", name="The first visit, to Eastside").click()
    expect(
        learner_page.get_by_role("article", name=re.compile("^First visit"))
    ).to_contain_text("we take two days")
    _no_serious_violations(learner_page)
    learner_page.context.close()
    page.goto(base + "/mentoring/")
    expect(_part(page, "You host")).to_contain_text("10 of 24 planned hours logged")

    states = set(lena.learner_pairs.values_list("state", flat=True))
    assert states == {PairState.ACTIVE}


def test_learner_asks_for_a_mentor_and_a_leader_offers_to_mentor(
    page, browser, live_server, home_page, framework
):
    domain = DomainFactory(framework=framework, code="TR", name="Trust")
    trust = CompetencyFactory(domain=domain, code="TR.1", name="Building trust")
    CompetencyFactory(domain=domain, code="TR.2", name="Keeping promises")
    lena = LearnerFactory(email="lena@example.org", first_name="Lena")
    assessment_submit(
        assessment=assessment_start(user=lena, framework=framework),
        ratings={trust.pk: (1, "")},
    )
    base = live_server.url

    # The request form starts from the learner's largest gap.
    _log_in(page, base, "lena@example.org")
    page.goto(base + "/mentoring/")
    page.get_by_role("link", name="Ask for a mentor or placement").click()
    expect(page.get_by_label("TR.1 Building trust (gap of 2)")).to_be_checked()
    expect(page.get_by_label("TR.2 Keeping promises")).not_to_be_checked()
    _no_serious_violations(page)
    # The in-person rule is on the form before the learner chooses.
    expect(page.get_by_text("with a host in your state who hosts")).to_be_visible()
    page.get_by_label("Both").check()
    page.get_by_label("Your goals, in your own words").fill(
        "Run intake with our county partner as one team."
    )
    page.get_by_role("button", name="Send your request").click()
    expect(page.get_by_text("Shadowing happens in person: tick this")).to_be_visible()
    expect(page.get_by_label("Your goals, in your own words")).to_have_value(
        "Run intake with our county partner as one team."
    )
    _no_serious_violations(page)
    page.get_by_label("In-person meetings suit me").check()
    page.get_by_role("button", name="Send your request").click()
    expect(page.get_by_text("Your request is in.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw your request")).to_be_visible()

    # Another leader offers to mentor, and gets the mentor's dashboard.
    host = browser.new_context().new_page()
    host.set_default_timeout(10_000)
    LearnerFactory(email="dana@example.org", first_name="Dana")
    _log_in(host, base, "dana@example.org")
    host.goto(base + "/mentoring/")
    host.get_by_role("link", name="Offer to mentor or host").click()
    expect(host.get_by_role("heading", name="Offer to mentor or host")).to_be_visible()
    _no_serious_violations(host)
    host.get_by_label("Hosts shadowing visits").check()
    host.get_by_label("Strength 1: competency").select_option(
        label="TR.1 Building trust"
    )
    host.get_by_label("Strength 1: your level").select_option(label="4 Advanced")
    host.get_by_role("button", name="Save your mentor profile").click()
    expect(host.get_by_text("Say where you can host shadowing visits.")).to_be_visible()
    expect(host.get_by_label("Strength 1: competency")).to_have_value(str(trust.pk))
    _no_serious_violations(host)
    host.get_by_label("Region where I can host").fill("The Charlotte metro area")
    host.get_by_role("button", name="Save your mentor profile").click()
    expect(host.get_by_text("Thank you for offering to mentor.")).to_be_visible()
    expect(
        host.get_by_role("heading", name="Leaders you mentor or host")
    ).to_be_visible()
    expect(host.get_by_role("link", name="Mentoring", exact=True)).to_be_visible()
    _no_serious_violations(host)


def test_staff_run_a_round_review_the_reasons_and_approve_it(
    page, browser, live_server, home_page, staff, mailoutbox
):
    MentorProfileFactory(
        user__email="host@example.org",
        user__first_name="Marcus",
        sector="cbo",
        state="NC",
        organization="Eastside Family Services",
    )
    lena = LearnerFactory(email="lena@example.org", first_name="Lena")
    MentoringRequestFactory(learner=lena, goals="Learn how CBOs manage intake.")
    # Priya runs a CBO too: the round pairs across sectors, so nobody fits her.
    priya = LearnerFactory(
        email="priya@example.org", first_name="Priya", profile__sector="cbo"
    )
    MentoringRequestFactory(learner=priya, goals="Learn how counties budget.")
    base = live_server.url

    # Program staff create a round, run it and read why the pair was proposed.
    _log_in(page, base, "staff@example.org")
    page.goto(base + "/admin/mentoring/rounds/new/")
    page.get_by_role("textbox", name="Name").fill("Spring round")
    page.get_by_role("button", name=re.compile(r"^(Save|Create)$")).click()
    expect(page.get_by_text("Spring round").first).to_be_visible()
    spring = MatchingRound.objects.get(name="Spring round")
    page.goto(base + reverse("mentoring_rounds:inspect", args=[spring.pk]))
    page.get_by_role("button", name="Run matching").click()
    proposal = page.get_by_role("main")
    expect(proposal).to_contain_text("Lena")
    expect(proposal).to_contain_text("Marcus")
    expect(proposal).to_contain_text("Same state")
    unmatched = page.get_by_role("region", name="Unmatched requests")
    expect(unmatched).to_contain_text("Priya")
    expect(unmatched).to_contain_text(
        "Why: No mentor from the other sector had a place left."
    )
    page.reload()  # without the one-off "pairs proposed" message
    _no_serious_violations(page)

    # Approve: only now are both people asked.
    assert mailoutbox == []
    page.get_by_role("link", name="Approve round").click()
    page.get_by_role("button", name="Yes, approve and send the offers").click()
    expect(page.get_by_text("Round approved: 1 pair offered.")).to_be_visible()
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == ["host@example.org", "lena@example.org"]

    # The mentor and the learner both accept; the pair is active.
    host = browser.new_context().new_page()
    host.set_default_timeout(10_000)
    _log_in(host, base, "host@example.org")
    host.goto(base + "/mentoring/")
    host.locator("li.la-pair").first.get_by_role("button", name="Accept").click()
    learner = browser.new_context().new_page()
    learner.set_default_timeout(10_000)
    _log_in(learner, base, "lena@example.org")
    learner.goto(base + "/mentoring/")
    learner.locator("li.la-pair").first.get_by_role("button", name="Accept").click()
    expect(
        learner.get_by_text("You have both accepted: the pair is active.")
    ).to_be_visible()
    _no_serious_violations(learner)
