"""Time the matching engine on a generated round, against the greedy baseline."""

import random
import time

from django.core.management.base import BaseCommand, CommandError

from mentoring import matching

# The academy's mix: public-agency learners outnumber CBO ones, CBO mentors
# outnumber public ones, and about a fifth of both can sit on either side.
REQUEST_SIDES = ["public"] * 45 + ["community"] * 35 + ["either"] * 20
MENTOR_SIDES = ["public"] * 35 + ["community"] * 45 + ["either"] * 20


def generate_round(
    *,
    requests: int,
    mentors: int,
    capacity: int,
    states: int,
    competencies: int,
    seed: int,
) -> tuple[list[matching.Request], list[matching.Mentor], set[tuple[int, int]]]:
    """Return a round of requests, mentors and excluded pairs drawn from the seed."""
    rng = random.Random(seed)  # noqa: S311 - seeded sample data, not for security
    state_codes = [f"S{i:02d}" for i in range(max(states, 1))]
    organizations = [f"Organization {i}" for i in range(max(requests // 3, 1))]
    competency_ids = list(range(1, max(competencies, 1) + 1))

    def sample(low: int, high: int) -> list[int]:
        return rng.sample(competency_ids, min(rng.randint(low, high), competencies))

    engine_requests = []
    for i in range(requests):
        needs_in_person = rng.random() < 0.25
        engine_requests.append(
            matching.Request(
                id=i + 1,
                side=rng.choice(REQUEST_SIDES),
                state=rng.choice(state_codes),
                organization=rng.choice(organizations),
                gaps={c: rng.randint(1, 3) for c in sample(3, 6)},
                needs_in_person=needs_in_person,
                wants_virtual=not needs_in_person or rng.random() < 0.3,
                wants_in_person=needs_in_person or rng.random() < 0.4,
            )
        )
    engine_mentors = [
        matching.Mentor(
            id=100_000 + j,
            side=rng.choice(MENTOR_SIDES),
            state=rng.choice(state_codes),
            organization=rng.choice(organizations),
            strengths={c: rng.choice([2, 3, 3, 4, 4]) for c in sample(4, 10)},
            capacity=rng.randint(1, max(capacity, 1)),
            virtual=rng.random() < 0.85,
            in_person=rng.random() < 0.55,
            load=rng.randint(0, 3),
        )
        for j in range(mentors)
    ]
    excluded = {
        (rng.randint(1, requests), 100_000 + rng.randrange(mentors))
        for _ in range(requests // 10)
    } if requests and mentors else set()  # fmt: skip
    return engine_requests, engine_mentors, excluded


class Command(BaseCommand):
    help = (
        "Generate a matching round in memory (fixed seed, no database), run the "
        "engine and the greedy baseline, and fail if the engine scores lower."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=10_000)
        parser.add_argument("--mentors", type=int, default=2_000)
        parser.add_argument(
            "--capacity", type=int, default=5, help="Most places a mentor has left."
        )
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--states", type=int, default=10)
        parser.add_argument("--competencies", type=int, default=40)
        parser.add_argument(
            "--top-k",
            type=int,
            default=30,
            help="Mentors kept per request; 0 solves exactly (slow and memory-hungry "
            "past a few thousand requests).",
        )

    def handle(self, *args, **options):
        requests, mentors, excluded = generate_round(
            requests=options["requests"],
            mentors=options["mentors"],
            capacity=options["capacity"],
            states=options["states"],
            competencies=options["competencies"],
            seed=options["seed"],
        )
        settings = matching.RoundSettings(top_k=options["top_k"] or None)

        started = time.perf_counter()
        baseline = matching.greedy(requests, mentors, settings, excluded)
        greedy_seconds = time.perf_counter() - started
        started = time.perf_counter()
        matches = matching.solve(requests, mentors, settings, excluded)
        seconds = time.perf_counter() - started

        score = matching.total_score(matches)
        greedy_score = matching.total_score(baseline)
        places = sum(m.capacity for m in mentors)
        self.stdout.write(
            f"round: {len(requests)} requests, {len(mentors)} mentors, {places} "
            f"places, {len(excluded)} excluded pairs, top_k {settings.top_k}; "
            f"greedy {len(baseline)} pairs in {greedy_seconds:.2f} s"
        )
        self.stdout.write(
            f"matched {len(matches)} pairs in {seconds:.2f} s; "
            f"total score {score:.2f}; greedy baseline {greedy_score:.2f}"
        )
        # Float noise only: the engine's optimum contains the greedy solution.
        if score < greedy_score - 1e-9 * max(1.0, abs(greedy_score)):
            raise CommandError("The engine scored below the greedy baseline.")
