"""No POST answers 500: every endpoint of the three apps, every person, bad input.

The endpoints come from the URL resolver, so pages added later are covered without
touching this file. Path parameters take real ids (the person's own objects and other
people's) and junk; bodies take NUL and other control characters, 100,000-character
strings, unicode, SQL and HTML fragments, missing and repeated fields, wrong types and
huge numbers. Hypothesis adds random combinations on top, derandomized so a run is
repeatable.
"""

import itertools
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.models import ModuleCheckAttempt
from academy.selectors.progress import lesson_blocks
from academy.services.progress import enrolment_create
from tests.academy.factories import (
    CohortFactory,
    CohortMembershipFactory,
    CredentialFactory,
    LearnerFactory,
    ReflectionFactory,
    SelfAssessmentFactory,
)
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    LessonPageFactory,
    ModulePageFactory,
    PathwayModuleFactory,
    PathwayPageFactory,
)
from tests.mentoring.factories import (
    CheckInFactory,
    MatchingRoundFactory,
    MentorFactory,
    MentoringRequestFactory,
    PairFactory,
    PairGoalFactory,
    ShadowingPlacementFactory,
)

pytestmark = pytest.mark.django_db

NAMESPACES = ("academy", "mentoring", "curriculum")
# The Wagtail admin screens the apps add: their viewsets' namespaces and named URLs.
ADMIN_PREFIXES = (
    "academy_",
    "mentoring_",
    "curriculum_",
    "wagtailsnippets_curriculum_",
)

NUL = "Lead\x00er"
HUGE = "x" * 100_000
SENTINEL = 987654321  # stands for a path id, replaced by "-1" for a negative one
FRAGMENTS = [
    "",
    " ",
    NUL,
    "\x1b[31mred\x7f",
    "\r\n\t",
    "'; DROP TABLE academy_enrolment; --",
    "1 OR 1=1",
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example/",
    "https://evil.example/\r\nSet-Cookie: x=1",
    "Ωmega 東京 🌍 \u202eevil",
    "9" * 40,
    "-1",
    "-99999999999999999999",
    "0",
    "1e309",
    "NaN",
    "3.5",
    "true",
    "null",
    "[]",
    "{}",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "on",
    "submit",
    "draft",
]
TEXT_INPUTS = ("text", "email", "url", "search", "tel", None)
# Hidden fields of the admin that say how many inline rows follow.
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


@dataclass
class Endpoint:
    name: str  # "namespace:name"
    params: dict[str, str]  # parameter name -> converter name ("int", "str", ...)
    admin: bool


def _walk(resolver, namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if pattern.namespace and namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace, pattern


def _params(pattern: URLPattern) -> dict[str, str]:
    converters = getattr(pattern.pattern, "converters", {})
    names = list(converters) or list(pattern.pattern.regex.groupindex)
    return {
        name: type(converters[name]).__name__.removesuffix("Converter").lower()
        if name in converters
        else "regex"
        for name in names
    }


def endpoints() -> list[Endpoint]:
    """Every named URL of the three apps and of the admin screens they add."""
    found = {}
    for namespace, pattern in _walk(get_resolver()):
        if namespace in NAMESPACES:
            name, admin = f"{namespace}:{pattern.name}", False
        elif namespace and namespace.startswith(ADMIN_PREFIXES):
            name, admin = f"{namespace}:{pattern.name}", True
        elif namespace is None and pattern.name.startswith(ADMIN_PREFIXES):
            name, admin = pattern.name, True
        else:
            continue
        found.setdefault(name, Endpoint(name, _params(pattern), admin))
    return list(found.values())


class _FormFields(HTMLParser):
    """Collect the names and current values of a page's form fields."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.text: set[str] = set()  # fields a person types into
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if name and (
            tag == "textarea" or (tag == "input" and attrs.get("type") in TEXT_INPUTS)
        ):
            self.text.add(name)
        if tag in ("input", "textarea") and name:
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self.fields.setdefault(name, "")
            else:
                self.fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and attrs.get("value"):
            if not self.fields.get(self._select) or "selected" in attrs:
                self.fields[self._select] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


class Fields(dict):
    """A page's form fields with their values; `text` names the typed-in ones."""

    text: frozenset = frozenset()


def form_fields(client: Client, url: str) -> Fields:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return Fields()
    parser = _FormFields()
    parser.feed(response.content.decode(errors="replace"))
    parser.fields.pop("csrfmiddlewaretoken", None)
    fields = Fields(parser.fields)
    # The admin's search box and side-panel width are not part of the form.
    fields.text = frozenset(parser.text - {"q", "wagtail-side-panel-width"})
    return fields


@pytest.fixture
def world(learner, other_learner, mentor, staff, framework, curriculum_index):
    """A small academy: each person has their own records, and others have theirs."""
    domain = DomainFactory(framework=framework, code="TR", name="Trust")
    trust = CompetencyFactory(domain=domain, code="TR.1", with_indicators=True)
    module = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    lesson = LessonPageFactory(parent=module)
    later = ModulePageFactory(parent=curriculum_index, title="Sharing power")
    later.prerequisites.set([module])
    later.save_revision().publish()
    pathway = PathwayPageFactory(parent=curriculum_index)
    PathwayModuleFactory(pathway=pathway, module=later)
    for person in (learner, other_learner):
        enrolment_create(user=person, module=module)
    blocks = list(lesson_blocks(lesson=lesson, block_type="reflection"))
    question = lesson.questions.get()
    module.check_questions = module.check_pass_mark = 1
    module.save_revision().publish()
    other_sitting = ModuleCheckAttempt.objects.create(
        user=other_learner, module=module, question_ids=[question.pk], pass_mark=1
    )
    ReflectionFactory(user=other_learner, lesson=lesson, block_id=blocks[0])
    own_pair = PairFactory(mentor=mentor, learner=learner)
    PairGoalFactory(pair=own_pair, competency=trust)
    CheckInFactory(pair=own_pair)
    other_mentor = MentorFactory()
    other_pair = PairFactory(mentor=other_mentor, learner=other_learner)
    shadowing = PairFactory(mentor=mentor, learner=learner, shadowing=True)
    placement = ShadowingPlacementFactory(pair=shadowing, confirmed=True)
    other_placement = ShadowingPlacementFactory(confirmed=True)
    MentoringRequestFactory(learner=other_learner, competencies=[trust])
    round_ = MatchingRoundFactory()
    proposed = PairFactory(
        mentor=other_mentor,
        learner=LearnerFactory(),
        offered=True,
        state="proposed",
        round=round_,
    )
    cohort = CohortFactory()
    CohortMembershipFactory(cohort=cohort, user=learner)
    credential = CredentialFactory(user=learner, module=module)
    other_credential = CredentialFactory(user=other_learner, module=module)
    own_assessment = SelfAssessmentFactory(user=learner, framework=framework)
    other_assessment = SelfAssessmentFactory(
        user=other_learner, framework=framework, submitted=True
    )
    ints = {
        "module_id": [module.pk, later.pk, lesson.pk],
        "pathway_id": [pathway.pk, module.pk],
        "lesson_id": [lesson.pk, module.pk],
        "question_id": [question.pk, lesson.pk],
        "attempt_id": [other_sitting.pk],
        "pk": [
            own_pair.pk,
            other_pair.pk,
            shadowing.pk,
            own_assessment.pk,
            other_assessment.pk,
            round_.pk,
            cohort.pk,
            credential.pk,
            framework.pk,
            trust.pk,
        ],
        "placement_pk": [placement.pk, other_placement.pk],
        "pair_pk": [proposed.pk, other_pair.pk],
        "user_pk": [learner.pk, other_learner.pk],
        "user_id": [learner.pk, other_learner.pk],
        "revision_id": [1],
    }
    return {
        "ints": ints,
        "all_ids": sorted({i for ids in ints.values() for i in ids}),
        "strs": {
            "block_id": blocks,
            "identifier": [framework.identifier, str(trust.identifier)],
        },
        "uuids": [credential.public_id, other_credential.public_id],
        "actors": {"learner": learner, "mentor": mentor, "staff": staff},
    }


def _path_values(world, name: str, kind: str) -> list:
    if kind == "int":
        own = world["ints"].get(name, world["all_ids"][:4])
        return [*own, 0, 2**70, SENTINEL]
    if kind == "uuid":
        return [*world["uuids"], uuid.uuid4()]
    if name.startswith("revision_id_"):
        return ["earliest", "latest"]
    own = world["strs"].get(name, [str(i) for i in world["all_ids"][:2]])
    return [*own, "x", "a\x00b", "\r\nLocation: //evil", "é" * 300]


def urls_for(world, endpoint: Endpoint, limit: int) -> list[str]:
    """Addresses of an endpoint: its own objects first, then others' and junk."""
    choices = [_path_values(world, n, k) for n, k in endpoint.params.items()]
    urls = []
    for values in itertools.islice(itertools.product(*choices), limit):
        kwargs = dict(zip(endpoint.params, values, strict=True))
        try:
            url = reverse(endpoint.name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        urls.append(url.replace(str(SENTINEL), "-1"))
    return urls


def hostile(fields: dict[str, str], value: str) -> dict[str, str]:
    """The page's own form, every field but the inline-row counts set to value."""
    return {k: v if k.endswith(MANAGEMENT) else value for k, v in fields.items()}


def typed(fields: Fields, value: str) -> dict[str, str]:
    """The page's own form as it comes, with value in every field a person types."""
    text = getattr(fields, "text", frozenset())
    if not text:
        return {}
    return {k: value if k in text else v for k, v in fields.items()}


def _post(client: Client, url: str, data) -> int:
    if isinstance(data, bytes):
        response = client.post(
            url, data, content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.post(url, data)
    if response.status_code >= 500:
        error = response.exc_info[1] if response.exc_info else None
        return f"{response.status_code} {error!r}"[:300]
    return response.status_code


def _clients(world) -> dict[str, Client]:
    clients = {}
    for role, user in world["actors"].items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    return clients


def _battery(fields: dict[str, str], *, full: bool) -> list:
    if not full:
        return [hostile(fields, NUL) or {"text": NUL}]
    every_field = {name: [NUL, HUGE] for name in fields} or {"text": [NUL, HUGE]}
    return [
        {},
        typed(fields, "Plain words\x00"),
        typed(fields, "y" * (20_000 + 1)),
        hostile(fields, NUL) or {"text": NUL, "next": NUL},
        hostile(fields, HUGE) or {"text": HUGE},
        hostile(fields, "9" * 40) or {"choice": "9" * 40},
        hostile(fields, "-1"),
        every_field,  # each field repeated, once hostile and once huge
        b"text=%00%ff%fe&choice=%00&next=%0d%0a",
    ]


def test_no_post_to_any_endpoint_answers_500(world):
    """Each endpoint, each person, each address: the hostile bodies never crash."""
    clients = _clients(world)
    failures = []
    found = [e for e in endpoints() if not e.admin]
    assert {"academy:reflection-save", "mentoring:checkin-create"} <= {
        e.name for e in found
    }
    for endpoint in found:
        urls = urls_for(world, endpoint, limit=8)
        for role, client in clients.items():
            fields = form_fields(client, urls[0]) if urls else {}
            for n, url in enumerate(urls):
                for data in _battery(fields, full=n == 0):
                    status = _post(client, url, data)
                    if not isinstance(status, int):
                        failures.append(f"{role} POST {url}: {status}")
    assert not failures, "\n".join(failures)


def test_no_post_to_the_academys_admin_screens_answers_500(world):
    """Framework import, cohorts, revocation, rounds: NUL and huge text never crash."""
    clients = _clients(world)
    failures = []
    found = [e for e in endpoints() if e.admin]
    assert {
        "wagtailsnippets_curriculum_framework:import",
        "academy_cohorts:add",
        "academy_credentials:revoke",
        "mentoring_rounds:run",
    } <= {e.name for e in found}
    for endpoint in found:
        for url in urls_for(world, endpoint, limit=2):
            for role in ("staff", "learner"):
                client = clients[role]
                fields = form_fields(client, url) if role == "staff" else {}
                bodies = [hostile(fields, NUL) or {"name": NUL}]
                if role == "staff":
                    bodies += [
                        hostile(fields, HUGE) or {"name": HUGE},
                        typed(fields, "Plain words\x00"),
                        typed(fields, HUGE),
                    ]
                for data in bodies:
                    status = _post(client, url, data)
                    if not isinstance(status, int):
                        failures.append(f"{role} POST {url}: {status}")
    assert not failures, "\n".join(failures)


def test_uploading_hostile_framework_files_in_the_admin_never_answers_500(world):
    client = _clients(world)["staff"]
    url = reverse("wagtailsnippets_curriculum_framework:import")
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name, content in [
        ("nul.csv", b"ID number,Short name\nA,\x00\n"),
        ("latin.json", '{"CFDocument": "é"}'.encode("latin-1")),
        ("huge.json", b" " * (5 * 1024 * 1024 + 1)),
        ("deep.json", b"[" * 100_000),
        ("escaped.json", b'{"CFDocument": {"identifier": "\\u0000", "title": "x"}}'),
    ]:
        status = _post(client, url, {"file": SimpleUploadedFile(name, content)})
        assert isinstance(status, int), f"{name}: {status}"


TEXT = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(
        alphabet=st.characters(min_codepoint=0, exclude_categories=["Cs"]),
        max_size=40,
    ),
    st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(["\x00", "\x1b", "é", "🌍", "a", "9"]),
        st.integers(min_value=1, max_value=30_000),
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def test_random_posts_never_answer_500(world):
    """Hypothesis mixes endpoints, people, addresses and bodies at random."""
    clients = _clients(world)
    found = [e for e in endpoints() if not e.admin]
    targets = [
        (role, url)
        for endpoint in found
        for url in urls_for(world, endpoint, limit=4)
        for role in clients
    ]
    fields = {}
    for role, url in targets:
        fields.setdefault(url, form_fields(clients[role], url))
    vocabulary = sorted({name for names in fields.values() for name in names})
    vocabulary += ["text", "next", "choice", "action", "reason", "Name\x00"]
    ids = [str(i) for i in world["all_ids"]]

    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        target=st.sampled_from(targets),
        keep=st.booleans(),
        extra=st.dictionaries(
            st.sampled_from(vocabulary),
            st.lists(st.one_of(TEXT, st.sampled_from(ids)), min_size=1, max_size=3),
            max_size=6,
        ),
    )
    def post(target, keep, extra):
        role, url = target
        data = dict(fields[url]) if keep else {}
        data.update(extra)
        status = _post(clients[role], url, data)
        assert isinstance(status, int), f"{role} POST {url} {sorted(data)}: {status}"

    post()
