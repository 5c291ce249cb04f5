"""Load a large cohort of submitted self-assessments, and time the growth report."""

import datetime
import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.models import (
    AssessmentKind,
    AssessmentWindow,
    Cohort,
    CohortMembership,
    LearnerProfile,
    Rating,
    Sector,
    SelfAssessment,
)
from academy.selectors.reports import cohort_growth
from curriculum.models import Competency, Domain, Framework, ProficiencyLevel

COHORT_NAME = "Benchmark cohort"
FRAMEWORK_SLUG = "benchmark-framework"
LEVEL_NAMES = ["Emerging", "Developing", "Proficient", "Advanced"]
KINDS = [AssessmentKind.BASELINE, AssessmentKind.MIDPOINT, AssessmentKind.EXIT]
# Roughly the academy's mix: mostly public agencies, a solid share of CBOs.
SECTORS = [Sector.STATE_AGENCY, Sector.LOCAL_AGENCY, Sector.TRIBAL, Sector.CBO]
SECTORS += [Sector.CBO, Sector.HEALTH_SYSTEM, Sector.PUBLIC_HEALTH, Sector.OTHER]
BATCH_LEARNERS = 500


class Command(BaseCommand):
    help = (
        "Create a benchmark cohort whose learners submitted self-assessments "
        "(bulk inserts, fixed seed), then optionally time cohort_growth on it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=5000)
        parser.add_argument("--competencies", type=int, default=40)
        parser.add_argument(
            "--assessments",
            type=int,
            default=4,
            help="Per learner: baseline, midpoint, exit, then check-ins.",
        )
        parser.add_argument("--seed", type=int, default=20260112)
        parser.add_argument(
            "--measure", action="store_true", help="Time cohort_growth afterwards."
        )
        parser.add_argument(
            "--no-load",
            action="store_true",
            help="Measure the benchmark data already loaded; create nothing.",
        )
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, **options):
        if not options["no_load"]:
            if Cohort.objects.filter(name=COHORT_NAME).exists():
                raise CommandError(
                    f"“{COHORT_NAME}” exists already; use --no-load to measure it."
                )
            started = time.perf_counter()
            self.load(
                learners=options["learners"],
                competencies=options["competencies"],
                assessments=options["assessments"],
                rng=random.Random(options["seed"]),  # noqa: S311 - seeded sample data
            )
            self.stdout.write(f"Loaded in {time.perf_counter() - started:.1f} s.")
            if connection.vendor == "postgresql":
                # Fresh tables have no planner statistics until autovacuum gets there.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        if options["measure"] or options["no_load"]:
            self.measure(repeat=max(1, options["repeat"]))

    @transaction.atomic
    def load(self, *, learners: int, competencies: int, assessments: int, rng):
        framework = Framework.objects.create(
            title="Benchmark framework", slug=FRAMEWORK_SLUG, is_default=False
        )
        ProficiencyLevel.objects.bulk_create(
            ProficiencyLevel(framework=framework, value=value, name=name, sort_order=i)
            for i, (value, name) in enumerate(enumerate(LEVEL_NAMES, start=1))
        )
        level_names = dict(enumerate(LEVEL_NAMES, start=1))
        domain_count = max(1, competencies // 5)
        domains = Domain.objects.bulk_create(
            Domain(framework=framework, code=f"D{d}", name=f"Domain {d}", sort_order=d)
            for d in range(1, domain_count + 1)
        )
        items = Competency.objects.bulk_create(
            Competency(
                domain=domains[c % domain_count],
                code=f"D{c % domain_count + 1}.{c + 1}",
                name=f"Competency {c + 1}",
                sort_order=c,
            )
            for c in range(competencies)
        )
        start = datetime.date(2026, 1, 12)
        cohort = Cohort.objects.create(
            name=COHORT_NAME,
            start_date=start,
            end_date=start + datetime.timedelta(weeks=36),
        )
        windows = {
            kind: AssessmentWindow.objects.create(
                cohort=cohort,
                kind=kind,
                opens_on=start + datetime.timedelta(weeks=16 * i),
                closes_on=start + datetime.timedelta(weeks=16 * i + 2),
            )
            for i, kind in enumerate(KINDS)
        }
        kinds = [*KINDS, *[AssessmentKind.ANYTIME] * max(0, assessments - 3)]
        kinds = kinds[:assessments]
        password = make_password(None)
        User = get_user_model()
        # The address doubles as the username, whatever field the host logs in by.
        login_fields = {User.USERNAME_FIELD, User.get_email_field_name()}
        for first in range(0, learners, BATCH_LEARNERS):
            numbers = range(first, min(first + BATCH_LEARNERS, learners))
            users = User.objects.bulk_create(
                User(
                    **dict.fromkeys(login_fields, f"bench-{n}@example.org"),
                    first_name="Bench",
                    last_name=str(n),
                    password=password,
                )
                for n in numbers
            )
            LearnerProfile.objects.bulk_create(
                LearnerProfile(
                    user=user,
                    sector=rng.choice(SECTORS),
                    organization="Benchmark agency",
                    job_title="Director",
                    state="NC",
                    years_in_executive_role=rng.randint(0, 10),
                )
                for user in users
            )
            CohortMembership.objects.bulk_create(
                CohortMembership(cohort=cohort, user=user) for user in users
            )
            self.load_assessments(
                users=users,
                framework=framework,
                competencies=items,
                kinds=kinds,
                windows=windows,
                level_names=level_names,
                rng=rng,
            )

    def load_assessments(
        self, *, users, framework, competencies, kinds, windows, level_names, rng
    ):
        """Insert assessments and their frozen ratings directly, then submit them."""
        base = timezone.now() - datetime.timedelta(days=365)
        # Drafts first: a submitted assessment takes no more ratings.
        taken = SelfAssessment.objects.bulk_create(
            SelfAssessment(
                user=user,
                framework=framework,
                kind=kind,
                window=windows.get(kind),
            )
            for user in users
            for kind in kinds
        )
        ratings = []
        for assessment in taken:
            # Later assessments drift upwards, so the report has growth to show.
            lift = kinds.index(assessment.kind) * 0.4
            for competency in competencies:
                level = None
                if rng.random() > 0.08:  # about one in twelve is "not sure yet"
                    level = min(4, max(1, round(rng.gauss(1.8 + lift, 0.8))))
                ratings.append(
                    Rating(
                        assessment=assessment,
                        competency=competency,
                        level=level,
                        competency_code=competency.code,
                        competency_name=competency.name,
                        domain_code=competency.domain.code,
                        domain_name=competency.domain.name,
                        level_name=level_names.get(level, ""),
                    )
                )
        Rating.objects.bulk_create(ratings, batch_size=5000)
        for assessment in taken:
            i = kinds.index(assessment.kind)
            assessment.submitted_at = base + datetime.timedelta(
                days=60 * i, minutes=assessment.user_id
            )
        SelfAssessment.objects.bulk_update(taken, ["submitted_at"], batch_size=5000)

    def measure(self, *, repeat: int):
        cohort = Cohort.objects.filter(name=COHORT_NAME).first()
        if cohort is None:
            raise CommandError(f"Load “{COHORT_NAME}” first.")
        learners = cohort.memberships.count()
        assessments = SelfAssessment.objects.filter(
            user__cohort_memberships__cohort=cohort
        ).count()
        competencies = Competency.objects.filter(
            domain__framework__slug=FRAMEWORK_SLUG
        ).count()
        timings, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                cohort_growth(cohort=cohort, from_kind="baseline", to_kind="exit")
                timings.append(time.perf_counter() - started)
            queries = len(captured)
        self.stdout.write(
            f"cohort_growth over {learners} learners x {competencies} competencies "
            f"x {assessments // max(learners, 1)} assessments: "
            f"{statistics.median(timings):.2f} s ({queries} queries)"
        )
