"""Demo-only content: the home page, the demo accounts and their story.

Never run in production. Every write goes through the academy's services where one
exists, so the demo holds only what the product itself could have made.
"""

import datetime
import random
import unicodedata

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page, Site

from curriculum.conf import mentor_group_name, program_staff_group_name

from . import demo_roster as roster
from .models import HomePage

DEMO_PASSWORD = "academy-demo"  # noqa: S105 - published in the README on purpose
DEMO_ACCOUNTS = {
    "learner@example.org": {
        "first_name": "Lena",
        "last_name": "Ortiz",
        "groups": [],
        "role": "learner",
    },
    "mentor@example.org": {
        "first_name": "Marcus",
        "last_name": "Hale",
        "groups": [mentor_group_name],
        "role": "mentor and shadowing host",
    },
    "staff@example.org": {
        "first_name": "Sam",
        "last_name": "Rivera",
        "groups": [program_staff_group_name, lambda: "Editors"],
        "role": "program staff (Wagtail admin)",
    },
}
# The demo people are fictional: loading them must never email anyone.
QUIET_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def root_ensure() -> Page:
    """Recreate Wagtail's tree root (a flushed database has none)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.add_root(title="Root", slug="root")


@transaction.atomic
def home_page_ensure() -> HomePage:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or root_ensure()
        home = HomePage(
            title="Lead across sectors",
            slug="home",
            introduction=(
                "<p>A learning academy for new executive leaders of public human "
                "services agencies and community-based organizations: practical "
                "modules, a self-assessment against a shared competency framework, "
                "and mentoring and shadowing with a leader from the other sector.</p>"
            ),
        )
        welcome = (
            root.get_children()
            .exclude(content_type__model="homepage")
            .filter(slug="home")
        )
        for page in welcome:
            page.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def demo_accounts_ensure() -> list:
    """Create or refresh the demo accounts with verified emails and their groups."""
    User = get_user_model()
    users = []
    for email, details in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "username": email.split("@")[0],
                "first_name": details["first_name"],
                "last_name": details["last_name"],
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        for group_name in details["groups"]:
            group, _ = Group.objects.get_or_create(name=group_name())
            user.groups.add(group)
        users.append(user)
    return users


def _day(days: int) -> datetime.date:
    """Return the date `days` from today (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=days)


def _moment(days: int, hour: int) -> datetime.datetime:
    """Return a time of day `days` from today, in the site's time zone."""
    moment = datetime.datetime.combine(_day(days), datetime.time(hour))
    return timezone.make_aware(moment)


def _demo_user(email: str):
    return get_user_model().objects.get(email=email)


def _email_for(first_name: str, last_name: str) -> str:
    """Return an ASCII address at example.org for a fictional person."""
    local = unicodedata.normalize("NFKD", f"{first_name}.{last_name}".lower())
    return local.encode("ascii", "ignore").decode() + "@example.org"


def _person_ensure(*, first_name: str, last_name: str):
    """Create a fictional person with a verified address who cannot log in."""
    email = _email_for(first_name, last_name)
    user, created = get_user_model().objects.get_or_create(
        email=email,
        defaults={
            "username": email.split("@")[0],
            "first_name": first_name,
            "last_name": last_name,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _competencies(*codes: str) -> list:
    from curriculum.models import Competency

    return list(Competency.objects.filter(code__in=codes, retired=False))


@transaction.atomic
def demo_program_ensure():
    """Give the demo people profiles, and a cohort of both sectors with its windows."""
    from academy.models import AssessmentWindow, Cohort, LearnerProfile
    from academy.services.cohorts import cohort_add_members
    from curriculum.models import PathwayPage
    from mentoring.models import MentorProfile, MentorStrength

    learner = _demo_user("learner@example.org")
    mentor = _demo_user("mentor@example.org")
    # Reset to the story each time, so earlier demos lose the names they used.
    LearnerProfile.objects.update_or_create(
        user=learner, defaults=roster.LEARNER_PROFILE
    )
    profile, _created = MentorProfile.objects.update_or_create(
        user=mentor, defaults=roster.MENTOR_PROFILE
    )
    levels = dict(roster.MENTOR_STRENGTHS)
    for competency in _competencies(*levels):
        MentorStrength.objects.get_or_create(
            mentor=profile,
            competency=competency,
            defaults={"level": levels[competency.code]},
        )
    members = [learner]
    for first, last, sector, organization, title, state in roster.COHORT_LEARNERS:
        person = _person_ensure(first_name=first, last_name=last)
        LearnerProfile.objects.get_or_create(
            user=person,
            defaults={
                "sector": sector,
                "organization": organization,
                "job_title": title,
                "state": state,
                "years_in_executive_role": len(last) % 4,
            },
        )
        members.append(person)
    cohort, _created = Cohort.objects.get_or_create(
        name=roster.COHORT_NAME,
        defaults={
            "start_date": _day(roster.COHORT_START),
            "end_date": _day(roster.COHORT_END),
            "pathway": PathwayPage.objects.filter(slug="new-county-director").first(),
        },
    )
    for kind, opens, closes in roster.WINDOWS:
        AssessmentWindow.objects.get_or_create(
            cohort=cohort,
            kind=kind,
            defaults={"opens_on": _day(opens), "closes_on": _day(closes)},
        )
    cohort_add_members(cohort=cohort, emails=[person.email for person in members])
    return cohort


# The demo learner's evidence, by assessment and competency code.
LEARNER_NOTES = {
    "baseline": {
        "TR.1": "I rely on the county's contract rules; I have not yet asked a "
        "partner what they need from us.",
        "FI.3": "Our contracts pay partners 60 days late and I only learnt that "
        "from a complaint.",
    },
    "midpoint": {
        "TR.1": "Monthly calls with two partners; we now share a payment calendar.",
        "FI.3": "Payments reach partners in 30 days since we changed the sign-off.",
    },
    "anytime": {
        "TR.1": "Partners brought a problem to me before it became a complaint.",
        "DA.1": "Drafted a data-sharing agreement with the food bank.",
    },
}
# (kind, days from today, hour, lift over the baseline) for the demo learner.
LEARNER_HISTORY = (
    ("baseline", -172, 9, 0),
    ("midpoint", -64, 14, 1),
    ("anytime", -12, 11, 2),
)
MAX_LIFT = 2
# Where the demo learner's notes tell a story, the levels follow it.
LEARNER_STORY = {"TR.1": (1, 2, 3), "FI.3": (1, 2, 3)}


def _levels(*, codes: list[str], seed: str, lift: int, high: int) -> dict[str, int]:
    """Return a level per competency code: the same start each time, grown by `lift`.

    Growth draws are fixed per competency, so a later assessment never rates a
    competency lower than an earlier one with a smaller lift.
    """
    rng = random.Random(seed)  # noqa: S311 - made-up demo ratings, fixed seed
    levels = {}
    for code in codes:
        start = rng.choice((1, 1, 2, 2, 2, 3))
        steps = [rng.random() < 0.55 for _step in range(MAX_LIFT)]
        levels[code] = min(high, start + sum(steps[:lift]))
    return levels


def _assessment_submitted(*, user, window, levels, notes, when):
    """Take, save and submit one self-assessment dated `when`, as a learner would."""
    from academy.services.assessments import (
        assessment_save,
        assessment_start,
        assessment_submit,
    )
    from curriculum.models import Competency

    draft = assessment_start(user=user, window=window)
    ids = dict(
        Competency.objects.filter(
            domain__framework=draft.framework, retired=False
        ).values_list("code", "pk")
    )
    answers = {
        ids[code]: (level, notes.get(code, ""))
        for code, level in levels.items()
        if code in ids
    }
    assessment_save(assessment=draft, ratings=answers)
    return assessment_submit(assessment=draft, submitted_at=when)


@transaction.atomic
def demo_assessments_ensure(*, cohort) -> None:
    """Give each cohort member a baseline and a midpoint; the demo learner more."""
    from academy.models import SelfAssessment
    from curriculum.models import Competency
    from curriculum.selectors import framework_default

    framework = framework_default()
    if framework is None:
        return
    codes = list(
        Competency.objects.filter(domain__framework=framework, retired=False)
        .order_by("domain__sort_order", "sort_order", "pk")
        .values_list("code", flat=True)
    )
    high = max(framework.levels.values_list("value", flat=True), default=4)
    windows = {w.kind: w for w in cohort.assessment_windows.all()}
    learner = _demo_user("learner@example.org")
    members = cohort.members.exclude(pk=learner.pk).order_by("email")
    plan = [
        (learner, kind, days, hour, lift) for kind, days, hour, lift in LEARNER_HISTORY
    ]
    for n, person in enumerate(members):
        plan.append((person, "baseline", -178 + n % 12, 10, 0))
        plan.append((person, "midpoint", -73 + n % 12, 15, 1))
    for person, kind, days, hour, lift in plan:
        taken = SelfAssessment.objects.submitted().filter(user=person, kind=kind)
        if taken.exists():
            continue
        levels = _levels(codes=codes, seed=person.email, lift=lift, high=high)
        notes = LEARNER_NOTES[kind] if person == learner else {}
        if person == learner:
            levels.update({code: story[lift] for code, story in LEARNER_STORY.items()})
        if person == learner and kind == "baseline":
            # Early on, the demo learner is not sure yet about data sharing.
            levels.update({code: None for code in codes if code.startswith("DA.")})
        _assessment_submitted(
            user=person,
            window=windows.get(kind),
            levels=levels,
            notes=notes,
            when=_moment(days, hour),
        )


LESSON_REFLECTIONS = (
    "Our partners would give four different answers; residents would name "
    "stable housing first, and none of us would.",
    "We share a goal on paper but each of us reports on our own programs.",
    "Next quarter I will ask two partners to set one family outcome with us.",
)


def _lesson_worked_through(*, user, lesson, reflection: str) -> None:
    """Open a lesson, reflect, answer its checks correctly and complete it."""
    from academy.models import QuestionAnswer
    from academy.selectors.progress import lesson_blocks
    from academy.services.checks import question_answer
    from academy.services.progress import (
        lesson_complete,
        lesson_open,
        reflection_save,
    )
    from curriculum.selectors import lesson_questions

    lesson_open(user=user, lesson=lesson)
    for block_id in lesson_blocks(lesson=lesson, block_type="reflection"):
        reflection_save(user=user, lesson=lesson, block_id=block_id, text=reflection)
    for question in lesson_questions(lesson=lesson):
        if not QuestionAnswer.objects.filter(user=user, question=question).exists():
            question_answer(
                user=user,
                lesson=lesson,
                question_id=question.pk,
                choice_ids=[c.pk for c in question.choices.all() if c.correct],
            )
    lesson_complete(user=user, lesson=lesson)


def _module_check_passed(*, user, module) -> None:
    """Sit the module's check once, answering every question right."""
    from academy.selectors.checks import module_check_questions, module_check_state
    from academy.services.checks import module_check_start, module_check_submit

    if not module_check_state(user=user, module=module).required:
        return
    attempt = module_check_start(user=user, module=module)
    module_check_submit(
        user=user,
        attempt_id=attempt.pk,
        responses={
            q.pk: [c.pk for c in q.choices.all() if c.correct]
            for q in module_check_questions(attempt=attempt)
        },
    )


@transaction.atomic
def demo_learning_ensure() -> None:
    """Complete one module (its credential follows) and start the next one."""
    from academy.models import Enrolment
    from academy.selectors.progress import module_lessons
    from academy.services.progress import enrolment_create, lesson_open
    from curriculum.models import ModulePage, PathwayPage

    learner = _demo_user("learner@example.org")
    pathway = PathwayPage.objects.filter(slug="new-county-director").first()
    done = ModulePage.objects.live().filter(slug="shared-purpose-across-sectors")
    going = ModulePage.objects.live().filter(slug="trust-as-infrastructure")
    module = done.first()
    if module is not None:
        enrolment = enrolment_create(user=learner, module=module, pathway=pathway)
        if enrolment.completed_at is None:
            for lesson, text in zip(
                module_lessons(module=module), LESSON_REFLECTIONS, strict=False
            ):
                _lesson_worked_through(user=learner, lesson=lesson, reflection=text)
            _module_check_passed(user=learner, module=module)
    module = going.first()
    if (
        module is not None
        and not Enrolment.objects.filter(user=learner, module=module).exists()
    ):
        enrolment_create(user=learner, module=module, pathway=pathway)
        lessons = module_lessons(module=module)
        if lessons:
            _lesson_worked_through(
                user=learner, lesson=lessons[0], reflection=LESSON_REFLECTIONS[0]
            )
        if len(lessons) > 1:
            lesson_open(user=learner, lesson=lessons[1])


def _active_pair(*, mentor, learner, kind: str, staff, days: int):
    """Return the two people's pair of this kind, offered by staff and accepted.

    A new pair is dated `days` from today, so it starts before what it logs.
    """
    from mentoring.models import Pair, PairEvent, PairState
    from mentoring.services import pair_accept, pair_create

    pair = Pair.objects.filter(mentor=mentor, learner=learner, kind=kind).first()
    if pair is not None:
        return pair
    pair = pair_create(mentor=mentor, learner=learner, kind=kind, actor=staff)
    pair_accept(pair=pair, user=mentor)
    pair = pair_accept(pair=pair, user=learner)
    if pair.state == PairState.ACTIVE:
        # The services stamp the present; this story began weeks ago.
        when = _moment(days, 10)
        Pair.objects.filter(pk=pair.pk).update(
            created_at=when,
            offered_at=when,
            mentor_accepted_at=when,
            learner_accepted_at=when,
            started_at=when,
        )
        PairEvent.objects.filter(pair=pair).update(at=when)
        pair.refresh_from_db()
    return pair


# (who adds it, goal, competency code)
PAIR_GOALS = (
    ("learner", "Map every step between a signed contract and a partner's first "
     "payment.", "FI.3"),
    ("mentor", "Hold one listening session with partners before the budget is set.",
     "TR.1"),
)  # fmt: skip
# (days from today, minutes, who logs it, notes, next steps, competency codes)
PAIR_CHECKINS = (
    (-41, 60, "mentor", "First conversation: what each of us wants from the year.",
     "Lena lists the partners she meets least often.", ("TR.1",)),
    (-20, 45, "learner", "Looked at two partners' cash-flow problems side by side.",
     "Marcus introduces Lena to the alliance's finance lead.", ("FI.3",)),
    (-4, 45, "mentor", "Talked through how the county's contracts pay CBOs, and "
     "where the delays come from.", "Lena maps the payment steps; Marcus shares "
     "the alliance's cash-flow plan.", ("FI.3", "GV.1")),
)  # fmt: skip


@transaction.atomic
def demo_pair_ensure() -> None:
    """Pair the demo mentor with the demo learner, with shared goals and check-ins."""
    from mentoring.models import PairKind, PairState
    from mentoring.services import checkin_log, goal_add

    learner = _demo_user("learner@example.org")
    mentor = _demo_user("mentor@example.org")
    staff = _demo_user("staff@example.org")
    pair = _active_pair(
        mentor=mentor, learner=learner, kind=PairKind.MENTORING, staff=staff, days=-48
    )
    if pair.state != PairState.ACTIVE:
        return
    people = {"learner": learner, "mentor": mentor}
    for who, text, code in PAIR_GOALS:
        if not pair.goals.filter(text=text).exists():
            goal_add(
                pair=pair,
                user=people[who],
                text=text,
                competency=next(iter(_competencies(code)), None),
            )
    for n, (days, minutes, who, notes, steps, codes) in enumerate(PAIR_CHECKINS):
        if pair.checkins.filter(notes=notes).exists():
            continue
        last = n == len(PAIR_CHECKINS) - 1
        checkin_log(
            pair=pair,
            user=people[who],
            met_on=_day(days),
            minutes=minutes,
            notes=notes,
            next_steps=steps,
            next_checkin_on=_day(10) if last else None,
            competencies=_competencies(*codes),
        )


@transaction.atomic
def demo_shadowing_ensure() -> None:
    """Give the demo pair a shadowing exchange: one visit done, the return planned."""
    from decimal import Decimal

    from mentoring.models import PairKind, PairState, ShadowingPlacement
    from mentoring.services import (
        checkin_log,
        goal_add,
        host_feedback_save,
        placement_confirm,
        placement_create,
        placement_reciprocal_create,
        visit_log,
    )

    learner = _demo_user("learner@example.org")
    mentor = _demo_user("mentor@example.org")
    staff = _demo_user("staff@example.org")
    pair = _active_pair(
        mentor=mentor, learner=learner, kind=PairKind.SHADOWING, staff=staff, days=-45
    )
    if pair.state != PairState.ACTIVE or pair.placements.exists():
        return
    first = placement_create(
        pair=pair,
        actor=mentor,
        host_organization=roster.MENTOR_ORGANIZATION,
        site="The alliance's family centre, 12 Larkspur Street, Aspen Valley",
        starts_on=_day(-31),
        ends_on=_day(-30),
        objectives=(
            "See how a community organization plans around late public payments, "
            "and sit in on a family intake."
        ),
        competencies=_competencies("FI.3", "TR.1"),
        planned_hours=12,
        confidentiality_rules="No names or case details leave the building.",
        visitor_rules="Observe intakes only with the family's agreement.",
    )
    for person in (mentor, learner):
        first = placement_confirm(placement=first, user=person)
    # Agreed a week before the visit, not on the day the demo was loaded.
    ShadowingPlacement.objects.filter(pk=first.pk).update(
        created_at=_moment(-40, 10),
        host_confirmed_at=_moment(-40, 10),
        visitor_confirmed_at=_moment(-38, 16),
    )
    visit_log(
        placement=first,
        user=learner,
        visited_on=_day(-31),
        hours=Decimal("6.5"),
        reflection=(
            "Watching the finance lead juggle three late invoices showed me what our "
            "sign-off delays cost a partner."
        ),
    )
    host_feedback_save(
        placement=first,
        user=mentor,
        text="Lena asked the questions our staff have wanted a county to ask.",
    )
    back = placement_reciprocal_create(
        placement=first,
        user=learner,
        host_organization=roster.LEARNER_ORGANIZATION,
        site="County administration building, Aspen Valley",
        starts_on=_day(16),
        ends_on=_day(16),
        objectives="See how the county approves and pays a partner's invoice.",
        competencies=_competencies("FI.3"),
        planned_hours=6,
    )
    if back.host_confirmed_at is None:
        placement_confirm(placement=back, user=learner)
    ShadowingPlacement.objects.filter(pk=back.pk).update(
        created_at=_moment(-27, 10), host_confirmed_at=_moment(-27, 10)
    )
    goal_add(
        pair=pair,
        user=mentor,
        text="Each of us leaves the other's visit with one change to try at home.",
        competency=next(iter(_competencies("TR.1")), None),
    )
    checkin_log(
        pair=pair,
        user=learner,
        met_on=_day(-29),
        minutes=30,
        notes="Debrief of the visit: what surprised each of us about the other side.",
        next_steps="Lena plans the return visit around an invoice approval meeting.",
        next_checkin_on=_day(16),
        competencies=_competencies("FI.3"),
    )


def _round_mentors_ensure() -> None:
    """Create the fictional mentors who take part in matching rounds."""
    from mentoring.models import MentorProfile, MentorStrength

    group, _created = Group.objects.get_or_create(name=mentor_group_name())
    for (
        first,
        last,
        sector,
        organization,
        role,
        state,
        hosts,
        strengths,
    ) in roster.ROUND_MENTORS:
        person = _person_ensure(first_name=first, last_name=last)
        person.groups.add(group)
        profile, _created = MentorProfile.objects.get_or_create(
            user=person,
            defaults={
                "sector": sector,
                "organization": organization,
                "role": role,
                "state": state,
                "capacity": 2,
                "hosts_shadowing": hosts,
                "offers_in_person": hosts,
            },
        )
        levels = dict(strengths)
        for competency in _competencies(*levels):
            MentorStrength.objects.get_or_create(
                mentor=profile,
                competency=competency,
                defaults={"level": levels[competency.code]},
            )


def _requests_submit(requests) -> None:
    """Send each learner's request for a mentor or a shadowing placement."""
    from academy.models import LearnerProfile
    from mentoring.models import MentoringRequest
    from mentoring.services import OpenRequestExists, request_submit

    for last_name, kind, goals in requests:
        profile = LearnerProfile.objects.select_related("user").get(
            user__last_name=last_name, user__email__endswith="@example.org"
        )
        try:
            request_submit(
                learner=profile.user,
                mentoring_request=MentoringRequest(
                    kind=kind,
                    goals=goals,
                    wants_virtual=True,
                    wants_in_person=kind != "mentoring",
                ),
                competencies=_competencies("TR.1", "FI.1"),
            )
        except OpenRequestExists:
            continue


@transaction.atomic
def demo_rounds_ensure() -> None:
    """Run one matching round to the end and leave a second one open for review."""
    from mentoring.models import MatchingRound
    from mentoring.services import pair_accept, round_approve, round_propose

    staff = _demo_user("staff@example.org")
    _round_mentors_ensure()
    if not MatchingRound.objects.filter(name=roster.FINISHED_ROUND).exists():
        _requests_submit(roster.FINISHED_ROUND_REQUESTS)
        finished = MatchingRound.objects.create(
            name=roster.FINISHED_ROUND, created_by=staff
        )
        round_propose(round=finished, actor=staff)
        for pair in round_approve(round=finished, actor=staff):
            pair_accept(pair=pair, user=pair.mentor)
            pair_accept(pair=pair, user=pair.learner)
    if not MatchingRound.objects.filter(name=roster.OPEN_ROUND).exists():
        _requests_submit(roster.OPEN_ROUND_REQUESTS)
        waiting = MatchingRound.objects.create(name=roster.OPEN_ROUND, created_by=staff)
        round_propose(round=waiting, actor=staff)


def demo_load() -> list:
    """Load the whole demo, sending no email, and return the demo accounts."""
    from academy.services.setup import academy_setup

    with override_settings(EMAIL_BACKEND=QUIET_MAIL), transaction.atomic():
        home_page_ensure()
        academy_setup()
        accounts = demo_accounts_ensure()
        cohort = demo_program_ensure()
        demo_assessments_ensure(cohort=cohort)
        demo_learning_ensure()
        demo_pair_ensure()
        demo_shadowing_ensure()
        demo_rounds_ensure()
    return accounts
