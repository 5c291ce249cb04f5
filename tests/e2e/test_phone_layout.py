"""Every learner and mentor page fits a phone: no sideways scroll, no tiny text."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.services.assessments import assessment_save, assessment_start
from mentoring.models import PairKind
from tests.academy.factories import (
    PASSWORD,
    CredentialFactory,
    EnrolmentFactory,
    LearnerFactory,
    LessonProgressFactory,
    ReflectionFactory,
    SelfAssessmentFactory,
)
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    LessonPageFactory,
    ModuleCompetencyFactory,
    ModulePageFactory,
)
from tests.e2e.accessibility import serious_violations
from tests.mentoring.factories import (
    CheckInFactory,
    MentorFactory,
    MentorProfileFactory,
    PairFactory,
    PairGoalFactory,
    ShadowingPlacementFactory,
    ShadowingVisitFactory,
)

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
SMALLEST_TEXT_PX = 11

# Measure what a reader sees: the page's width, and the smallest text on screen.
# SVG text is scaled by the drawing's viewBox, so its size is the computed font
# size times the scale from user units to screen pixels.
MEASURE = """
() => {
  const tooWide = [];
  const limit = window.innerWidth;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > limit + 0.5 && el.checkVisibility()) {
      tooWide.push(el.tagName.toLowerCase() + "." + el.classList.value
                   + " right=" + Math.round(box.right));
    }
  }
  let smallest = null;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    if (!el.checkVisibility({checkOpacity: true, visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width && r.height);
    if (!rects.length) continue;
    if (el.closest(".la-sr-only")) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      size = size * Math.min(Math.hypot(m.a, m.b), Math.hypot(m.c, m.d));
    }
    if (smallest === null || size < smallest.size) {
      smallest = {size, text: node.textContent.trim().slice(0, 40),
                  tag: el.tagName.toLowerCase()};
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    tooWide: tooWide.slice(0, 5),
    smallest,
  };
}
"""

LONG_DOMAIN = "Systems thinking and collaborative governance across public agencies"


def _problems(page, url: str) -> list[str]:
    """Open the page and say what does not fit, in words a reviewer can act on."""
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    found = page.evaluate(MEASURE)
    problems = []
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(
            f"{url} scrolls sideways: {found['scrollWidth']} > "
            f"{found['innerWidth']} ({'; '.join(found['tooWide'])})"
        )
    smallest = found["smallest"]
    if smallest and smallest["size"] < SMALLEST_TEXT_PX:
        problems.append(
            f"{url} has {smallest['size']:.1f}px text: "
            f"<{smallest['tag']}> {smallest['text']!r}"
        )
    if found["innerWidth"] == PHONE["width"]:
        # The phone layout rearranges tables and charts: it must stay accessible.
        problems += [f"{url}: {v}" for v in serious_violations(page)]
    return problems


def _log_in(page, base_url: str, email: str):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Log out").wait_for()


@pytest.fixture
def academy(curriculum_index, framework):
    """A learner deep into the program, with a mentor and a shadowing host."""
    governance = DomainFactory(framework=framework, code="SG", name=LONG_DOMAIN)
    trust_domain = DomainFactory(framework=framework, code="TR", name="Trust")
    competencies = [
        CompetencyFactory(
            domain=governance,
            code="SG.1",
            name="Designing shared governance for cross-sector partnerships",
            with_indicators=True,
        ),
        CompetencyFactory(
            domain=governance,
            code="SG.2",
            name="Reading the incentives of every partner",
            with_indicators=True,
        ),
        CompetencyFactory(
            domain=trust_domain,
            code="TR.1",
            name="Building relational and transactional trust",
            with_indicators=True,
        ),
    ]
    module = ModulePageFactory(
        parent=curriculum_index,
        title="Trust as infrastructure for intergovernmental collaboration",
    )
    for competency in competencies:
        ModuleCompetencyFactory(module=module, competency=competency)
    lesson = LessonPageFactory(parent=module, title="Relational and transactional")
    LessonPageFactory(parent=module, title="Repairing trust")

    lena = LearnerFactory(
        email="lena.ortiz-whitfield@gaston-county-human-services.example.org",
        first_name="Lena",
        last_name="Ortiz-Whitfield",
        profile__share_assessment_with_mentor=True,
    )
    EnrolmentFactory(user=lena, module=module)
    LessonProgressFactory(user=lena, lesson=lesson)
    ReflectionFactory(user=lena, lesson=lesson)
    credential = CredentialFactory(user=lena, module=module)
    now = timezone.now()
    for months_ago, levels in ((6, (1, 1, 2)), (3, (2, 2, 2)), (0, (3, 2, 4))):
        SelfAssessmentFactory(
            user=lena,
            framework=framework,
            levels=dict(zip(competencies, levels, strict=True)),
            submitted=now - datetime.timedelta(days=30 * months_ago, hours=1),
        )
    draft = assessment_start(user=lena, framework=framework)
    assessment_save(assessment=draft, ratings={competencies[0].pk: (2, "")})

    marcus = MentorFactory(
        email="marcus.reed@eastside-family-services.example.org",
        first_name="Marcus",
        last_name="Reed",
    )
    MentorProfileFactory(
        user=marcus, organization="Eastside Family Services of the Piedmont"
    )
    mentoring = PairFactory(mentor=marcus, learner=lena)
    for competency in competencies:
        PairGoalFactory(pair=mentoring, competency=competency)
    for weeks_ago in (1, 4):
        CheckInFactory(
            pair=mentoring,
            met_on=timezone.localdate() - datetime.timedelta(weeks=weeks_ago),
            competencies=competencies,
        )
    shadowing = PairFactory(mentor=marcus, learner=lena, kind=PairKind.SHADOWING)
    first_visit = ShadowingPlacementFactory(
        pair=shadowing,
        confirmed=True,
        host_organization="Eastside Family Services of the Piedmont",
        competencies=competencies,
    )
    ShadowingVisitFactory(placement=first_visit, hours=Decimal("4.5"))
    # A second mentee whose host has not proposed the agreement yet.
    newcomer = PairFactory(mentor=marcus, kind=PairKind.SHADOWING)
    offer = PairFactory(mentor=marcus, offered=True, offered_at=now)
    return {
        "lena": lena,
        "marcus": marcus,
        "module": module,
        "lesson": lesson,
        "credential": credential,
        "draft": draft,
        "latest": lena.self_assessments.filter(submitted_at__isnull=False).latest(
            "submitted_at"
        ),
        "mentoring": mentoring,
        "shadowing": shadowing,
        "first_visit": first_visit,
        "newcomer": newcomer,
        "offer": offer,
    }


def _learner_urls(academy) -> list[str]:
    credential = academy["credential"]
    pair, shadowing = academy["mentoring"], academy["shadowing"]
    placement = academy["first_visit"]
    return [
        reverse("academy:dashboard"),
        reverse("academy:profile"),
        "/curriculum/",
        academy["module"].url,
        academy["lesson"].url,
        reverse("academy:assessment-take"),
        reverse("academy:assessment-take") + f"?confirm={academy['draft'].pk}",
        reverse("academy:assessment-history"),
        reverse("academy:assessment-detail", args=[academy["latest"].pk]),
        reverse("academy:assessment-compare"),
        reverse("academy:journal"),
        reverse("academy:privacy"),
        reverse("academy:privacy-delete"),
        reverse("academy:credential-detail", args=[credential.public_id]),
        reverse("academy:credential-verify", args=[credential.public_id]),
        reverse("mentoring:dashboard"),
        reverse("mentoring:request"),
        reverse("mentoring:pair-detail", args=[pair.pk]),
        reverse("mentoring:pair-detail", args=[shadowing.pk]),
        reverse("mentoring:checkin-create", args=[pair.pk]),
        reverse("mentoring:goal-create", args=[pair.pk]),
        reverse("mentoring:pair-close", args=[pair.pk]),
        reverse("mentoring:visit-create", args=[shadowing.pk, placement.pk]),
        reverse(
            "mentoring:placement-reciprocal-create", args=[shadowing.pk, placement.pk]
        ),
    ]


def _mentor_urls(academy) -> list[str]:
    pair, shadowing = academy["mentoring"], academy["shadowing"]
    return [
        reverse("mentoring:dashboard"),
        reverse("mentoring:mentor-profile"),
        reverse("mentoring:pair-detail", args=[pair.pk]),
        reverse("mentoring:pair-detail", args=[shadowing.pk]),
        reverse("mentoring:pair-detail", args=[academy["offer"].pk]),
        reverse("mentoring:checkin-create", args=[pair.pk]),
        reverse("mentoring:goal-create", args=[pair.pk]),
        reverse("mentoring:pair-close", args=[shadowing.pk]),
        reverse("mentoring:pair-decline", args=[academy["offer"].pk]),
        reverse("mentoring:placement-create", args=[academy["newcomer"].pk]),
    ]


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_learner_reads_every_page_without_scrolling_sideways_or_squinting(
    new_context, live_server, academy, viewport
):
    page = new_context(viewport=viewport).new_page()
    page.set_default_timeout(10_000)
    _log_in(page, live_server.url, academy["lena"].email)
    problems = []
    for url in _learner_urls(academy):
        problems += _problems(page, live_server.url + url)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_mentor_reads_every_page_without_scrolling_sideways_or_squinting(
    new_context, live_server, academy, viewport
):
    page = new_context(viewport=viewport).new_page()
    page.set_default_timeout(10_000)
    _log_in(page, live_server.url, academy["marcus"].email)
    problems = []
    for url in _mentor_urls(academy):
        problems += _problems(page, live_server.url + url)
    assert problems == [], "\n".join(problems)


def test_check_ins_on_a_phone_read_as_sentences_not_a_word_per_line(
    new_context, live_server, academy
):
    CheckInFactory(
        pair=academy["mentoring"],
        notes="Lena mapped the county's intake steps against Eastside's.",
    )
    page = new_context(viewport=PHONE).new_page()
    page.set_default_timeout(10_000)
    _log_in(page, live_server.url, academy["lena"].email)
    page.goto(
        live_server.url
        + reverse("mentoring:pair-detail", args=[academy["mentoring"].pk])
    )
    checkins = page.get_by_role("table", name="Check-ins")
    notes = checkins.get_by_role("cell", name="Lena mapped the county")
    # The notes take the phone's width, so a line holds a phrase, not one word.
    assert notes.bounding_box()["width"] >= 0.8 * PHONE["width"]
