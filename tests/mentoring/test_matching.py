"""The matching engine on rounds small enough to solve by hand, and random ones."""

import itertools
import re
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command

from mentoring import matching
from mentoring.matching import (
    Mentor,
    Request,
    RoundSettings,
    Weights,
    greedy,
    pair_blocker,
    pair_breakdown,
    solve,
    total_score,
)

# Only the gap rule counts, so hand-computed scores stay simple.
GAP_ONLY = Weights(gap=1.0, state=0.0, format=0.0, load=0.0)


def request(
    id,
    gaps,
    *,
    side="public",
    state="OR",
    organization="",
    needs_in_person=False,
    wants_virtual=True,
    wants_in_person=False,
):
    return Request(
        id, side, state, organization, gaps, needs_in_person, wants_virtual,
        wants_in_person,
    )  # fmt: skip


def mentor(
    id,
    strengths,
    *,
    side="community",
    state="OR",
    organization="",
    capacity=1,
    virtual=True,
    in_person=True,
    load=0,
):
    return Mentor(
        id, side, state, organization, strengths, capacity, virtual, in_person, load
    )


def pairs(matches):
    return {(m.request_id, m.mentor_id) for m in matches}


def test_mentor_with_one_place_takes_the_request_they_help_most():
    requests = [request(1, {1: 2}), request(2, {2: 2})]
    mentors = [mentor(10, {1: 4, 2: 2}, capacity=1)]

    matches = solve(requests, mentors, RoundSettings(weights=GAP_ONLY))

    assert pairs(matches) == {(1, 10)}
    assert matches[0].score == pytest.approx(1.0)


def test_mentor_with_no_places_left_gets_nobody():
    requests = [request(1, {1: 2})]

    for capacity in (0, -1):
        mentors = [mentor(10, {1: 4}, capacity=capacity)]
        assert solve(requests, mentors, RoundSettings()) == []
        assert greedy(requests, mentors, RoundSettings()) == []


def test_public_learner_never_gets_a_public_mentor_across_sectors():
    requests = [request(1, {1: 2}, side="public")]
    mentors = [
        mentor(10, {1: 4}, side="public"),
        mentor(11, {1: 1}, side="community"),
    ]

    crossed = solve(requests, mentors, RoundSettings(weights=GAP_ONLY))
    relaxed = solve(
        requests, mentors, RoundSettings(weights=GAP_ONLY, cross_sector=False)
    )

    assert pairs(crossed) == {(1, 11)}
    assert pairs(relaxed) == {(1, 10)}
    assert solve(requests, mentors[:1], RoundSettings()) == []


def test_community_learner_never_gets_a_community_mentor_across_sectors():
    requests = [request(1, {1: 2}, side="community")]
    mentors = [
        mentor(10, {1: 4}, side="community"),
        mentor(11, {1: 1}, side="public"),
    ]

    assert pairs(solve(requests, mentors, RoundSettings())) == {(1, 11)}


def test_either_side_pairs_with_both_sectors():
    mentors = [mentor(10, {1: 4}, side="either")]

    for side in ("public", "community", "either"):
        requests = [request(1, {1: 2}, side=side)]
        assert pairs(solve(requests, mentors, RoundSettings())) == {(1, 10)}
    requests = [request(1, {1: 2}, side="either")]
    for side in ("public", "community"):
        mentors = [mentor(10, {1: 4}, side=side)]
        assert pairs(solve(requests, mentors, RoundSettings())) == {(1, 10)}


def test_same_organization_is_never_paired_whatever_its_spelling():
    requests = [request(1, {1: 2}, organization="Lake County HHS")]
    mentors = [
        mentor(10, {1: 4}, organization="  lake county hhs "),
        mentor(11, {1: 1}, organization="Lake County Food Bank"),
    ]

    assert pairs(solve(requests, mentors, RoundSettings())) == {(1, 11)}
    assert pairs(greedy(requests, mentors, RoundSettings())) == {(1, 11)}


def test_empty_organizations_do_not_count_as_the_same():
    requests = [request(1, {1: 2}, organization="")]
    mentors = [mentor(10, {1: 4}, organization=" ")]

    assert pairs(solve(requests, mentors, RoundSettings())) == {(1, 10)}


def test_excluded_pairs_are_never_proposed_again():
    requests = [request(1, {1: 2})]
    mentors = [mentor(10, {1: 4}), mentor(11, {1: 1})]
    excluded = {(1, 10)}

    assert pairs(solve(requests, mentors, RoundSettings(), excluded)) == {(1, 11)}
    assert pairs(greedy(requests, mentors, RoundSettings(), excluded)) == {(1, 11)}
    assert solve(requests, mentors[:1], RoundSettings(), excluded) == []


def test_shadowing_needs_an_in_person_host_in_the_same_state():
    requests = [request(1, {1: 2}, state="AR", needs_in_person=True)]
    virtual_only = mentor(10, {1: 4}, state="AR", in_person=False)
    elsewhere = mentor(11, {1: 4}, state="TX", in_person=True)
    host = mentor(12, {1: 1}, state=" ar", in_person=True)

    matches = solve(requests, [virtual_only, elsewhere, host], RoundSettings())

    assert pairs(matches) == {(1, 12)}
    assert solve(requests, [virtual_only, elsewhere], RoundSettings()) == []


def test_raising_the_state_weight_flips_the_best_mentor():
    requests = [request(1, {1: 2}, state="OR")]
    mentors = [
        mentor(10, {1: 4}, state="WA"),  # gap 1.0
        mentor(11, {1: 3}, state="OR"),  # gap 0.75
    ]

    def best(state_weight):
        weights = Weights(gap=1.0, state=state_weight, format=0.0, load=0.0)
        return pairs(solve(requests, mentors, RoundSettings(weights=weights)))

    assert best(0.2) == {(1, 10)}
    assert best(0.5) == {(1, 11)}


def test_load_weight_spreads_pairs_across_mentors():
    requests = [request(1, {1: 1}), request(2, {1: 1})]
    mentors = [mentor(10, {1: 4}, capacity=2), mentor(11, {1: 3}, capacity=2)]

    def chosen(load_weight):
        weights = Weights(gap=1.0, state=0.0, format=0.0, load=load_weight)
        matches = solve(requests, mentors, RoundSettings(weights=weights))
        return sorted(m.mentor_id for m in matches)

    assert chosen(0.05) == [10, 10]
    assert chosen(0.5) == [10, 11]


def test_coverage_objective_matches_more_people_than_score():
    requests = [request(1, {1: 2}), request(2, {1: 2, 2: 2}, organization="Home")]
    mentors = [
        mentor(10, {1: 4}),  # covers request 1 fully, request 2 half
        mentor(11, {1: 1}, organization="home"),  # weak, and request 2's employer
    ]

    def matched(**settings):
        return solve(requests, mentors, RoundSettings(weights=GAP_ONLY, **settings))

    by_score = matched(objective="score")
    by_coverage = matched(objective="coverage")

    assert pairs(by_score) == {(1, 10)}
    assert pairs(by_coverage) == {(1, 11), (2, 10)}
    assert total_score(by_coverage) == pytest.approx(0.75)
    # A given price is a trade-off: one more person must be worth the score lost.
    assert len(matched(objective="coverage", unmatched_penalty=0.1)) == 1
    assert len(matched(objective="coverage", unmatched_penalty=0.5)) == 2


def test_exact_solver_beats_greedy_where_greedy_grabs_the_best_pair_first():
    requests = [request(1, {1: 1}), request(2, {2: 1})]
    mentors = [
        mentor(10, {1: 4, 2: 3}),  # request 1: 1.0, request 2: 0.75
        mentor(11, {1: 3, 2: 1}),  # request 1: 0.75, request 2: 0.25
    ]
    settings = RoundSettings(weights=GAP_ONLY)

    assert pairs(greedy(requests, mentors, settings)) == {(1, 10), (2, 11)}
    assert total_score(greedy(requests, mentors, settings)) == pytest.approx(1.25)
    assert pairs(solve(requests, mentors, settings)) == {(1, 11), (2, 10)}
    assert total_score(solve(requests, mentors, settings)) == pytest.approx(1.5)


def test_breakdown_explains_each_rule_and_sums_to_the_score():
    requests = [
        request(1, {1: 2, 2: 2}, state="OR", wants_virtual=False, wants_in_person=True)
    ]
    mentors = [mentor(10, {1: 4, 2: 2}, state="or", in_person=True, load=2)]

    (match,) = solve(requests, mentors, RoundSettings())

    assert match.breakdown == pytest.approx(
        {"gap": 0.75, "state": 0.3, "format": 0.2, "load": -0.1}
    )
    assert match.score == pytest.approx(1.15)


def test_a_pair_that_does_not_beat_unmatched_is_left_out():
    requests = [request(1, {1: 2})]
    mentors = [mentor(10, {}, state="WA", virtual=False, in_person=False, load=3)]

    assert solve(requests, mentors, RoundSettings()) == []
    assert greedy(requests, mentors, RoundSettings()) == []
    assert len(solve(requests, mentors, RoundSettings(objective="coverage"))) == 1


def test_unknown_settings_are_refused():
    with pytest.raises(ValueError, match="side"):
        solve([request(1, {1: 1}, side="private")], [mentor(10, {})], RoundSettings())
    with pytest.raises(ValueError, match="objective"):
        RoundSettings(objective="fairness")
    with pytest.raises(ValueError, match="load"):
        Weights(load=-0.1)
    with pytest.raises(ValueError, match="top_k"):
        RoundSettings(top_k=0)


# Random rounds ----------------------------------------------------------------


def random_round(seed, n_requests, n_mentors, *, capacity=3, competencies=6):
    rng = np.random.default_rng(seed)
    sides = ["public", "community", "either"]
    states = ["OR", "WA", "AR"]
    organizations = ["", "Lake County", "Food Bank", "HealthierHere"]

    def pick(options):
        return options[int(rng.integers(len(options)))]

    def levels(low, high, size):
        chosen = rng.choice(competencies, size=size, replace=False)
        return {int(c): int(rng.integers(low, high + 1)) for c in chosen}

    requests = [
        request(
            i,
            levels(1, 3, int(rng.integers(1, 4))),
            side=pick(sides),
            state=pick(states),
            organization=pick(organizations),
            needs_in_person=bool(rng.random() < 0.3),
            wants_virtual=bool(rng.random() < 0.7),
            wants_in_person=bool(rng.random() < 0.5),
        )
        for i in range(n_requests)
    ]
    mentors = [
        mentor(
            100 + j,
            levels(1, 4, int(rng.integers(0, 5))),
            side=pick(sides),
            state=pick(states),
            organization=pick(organizations),
            capacity=int(rng.integers(0, capacity + 1)),
            virtual=bool(rng.random() < 0.8),
            in_person=bool(rng.random() < 0.6),
            load=int(rng.integers(0, 4)),
        )
        for j in range(n_mentors)
    ]
    excluded = {
        (int(rng.integers(n_requests)), 100 + int(rng.integers(n_mentors)))
        for _ in range(n_requests // 4)
    }
    weights = Weights(
        gap=1.0,
        state=float(rng.uniform(0, 0.6)),
        format=float(rng.uniform(0, 0.4)),
        load=float(rng.uniform(0, 0.4)),
    )
    return requests, mentors, excluded, weights


def assert_follows_the_rules(matches, requests, mentors, settings, excluded):
    by_id = {r.id: r for r in requests}
    mentor_by_id = {m.id: m for m in mentors}
    assert len({m.request_id for m in matches}) == len(matches)
    for mentor_id in {m.mentor_id for m in matches}:
        taken = sum(m.mentor_id == mentor_id for m in matches)
        assert taken <= mentor_by_id[mentor_id].capacity
    for m in matches:
        r, host = by_id[m.request_id], mentor_by_id[m.mentor_id]
        blocker = pair_blocker(
            r, host, cross_sector=settings.cross_sector, excluded=excluded
        )
        assert blocker is None
        assert m.score == pytest.approx(sum(m.breakdown.values()))
        assert set(m.breakdown) == {"gap", "state", "format", "load"}
        if settings.objective == "score":
            assert m.score > 0


@pytest.mark.parametrize("seed", range(20))
def test_random_rounds_never_score_below_greedy(seed):
    requests, mentors, excluded, weights = random_round(seed, 40, 12)
    for cross_sector in (True, False):
        exact = RoundSettings(weights=weights, cross_sector=cross_sector)
        pruned = RoundSettings(weights=weights, cross_sector=cross_sector, top_k=2)

        best = solve(requests, mentors, exact, excluded)
        quick = solve(requests, mentors, pruned, excluded)
        baseline = greedy(requests, mentors, exact, excluded)

        assert_follows_the_rules(best, requests, mentors, exact, excluded)
        assert_follows_the_rules(quick, requests, mentors, pruned, excluded)
        assert_follows_the_rules(baseline, requests, mentors, exact, excluded)
        assert total_score(best) >= total_score(quick) - 1e-9
        assert total_score(quick) >= total_score(baseline) - 1e-9
        assert pairs(greedy(requests, mentors, pruned, excluded)) == pairs(baseline)


@pytest.mark.parametrize("seed", range(10))
def test_random_rounds_by_coverage_match_at_least_as_many_as_greedy(seed):
    requests, mentors, excluded, weights = random_round(seed, 40, 12)
    settings = RoundSettings(weights=weights, objective="coverage")

    best = solve(requests, mentors, settings, excluded)
    baseline = greedy(requests, mentors, settings, excluded)
    by_score = solve(requests, mentors, RoundSettings(weights=weights), excluded)

    assert_follows_the_rules(best, requests, mentors, settings, excluded)
    assert len(best) >= len(baseline)
    assert len(best) >= len(by_score)


def brute_force(requests, mentors, settings, excluded):
    """Return the best (pairs, total score) over every assignment, by the objective."""
    w = settings.weights
    options = [
        [None]
        + [
            j
            for j, m in enumerate(mentors)
            if pair_blocker(r, m, cross_sector=settings.cross_sector, excluded=excluded)
            is None
        ]
        for r in requests
    ]
    best = None
    for choice in itertools.product(*options):
        counts = [choice.count(j) for j in range(len(mentors))]
        if any(c > max(m.capacity, 0) for c, m in zip(counts, mentors, strict=True)):
            continue
        score = sum(
            sum(pair_breakdown(r, mentors[j], w).values())
            for r, j in zip(requests, choice, strict=True)
            if j is not None
        ) - sum(w.load * c * (c - 1) / 2 for c in counts)
        matched = sum(j is not None for j in choice)
        key = (matched, score) if settings.objective == "coverage" else (0, score)
        if best is None or key > best:
            best = key
    return best


@pytest.mark.parametrize("seed", range(25))
def test_exact_solver_finds_the_brute_force_optimum(seed):
    requests, mentors, excluded, weights = random_round(seed, 6, 3, capacity=2)
    for objective in ("score", "coverage"):
        settings = RoundSettings(weights=weights, objective=objective)

        matches = solve(requests, mentors, settings, excluded)
        matched, score = brute_force(requests, mentors, settings, excluded)

        assert total_score(matches) == pytest.approx(score)
        if objective == "coverage":
            assert len(matches) == matched


@pytest.mark.parametrize("seed", range(5))
def test_sparse_solver_agrees_with_the_dense_one(seed, monkeypatch):
    requests, mentors, excluded, weights = random_round(seed, 60, 15)
    settings = RoundSettings(weights=weights)
    dense = solve(requests, mentors, settings, excluded)

    monkeypatch.setattr(matching, "DENSE_CELLS", 0)
    sparse = solve(requests, mentors, settings, excluded)

    assert total_score(sparse) == pytest.approx(total_score(dense))


def test_benchmark_reports_one_line_without_touching_the_database():
    out = StringIO()

    call_command(
        "bench_matching",
        "--requests=300",
        "--mentors=60",
        "--capacity=3",
        "--top-k=5",
        stdout=out,
    )

    last = out.getvalue().strip().splitlines()[-1]
    found = re.fullmatch(
        r"matched (\d+) pairs in \d+\.\d\d s; "
        r"total score (\d+\.\d\d); greedy baseline (\d+\.\d\d)",
        last,
    )
    assert found
    assert int(found[1]) > 0
    assert float(found[2]) >= float(found[3])
