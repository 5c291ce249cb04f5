"""Match learners' requests to mentors: pure functions over arrays, no Django.

Hard rules, all enforced in `solve` and `greedy`:

- a mentor takes at most `capacity` requests (the places left now), a request
  gets at most one mentor;
- with `cross_sector` on, a "public" request only meets a "community" mentor and
  the other way round; "either" (health systems, public health, philanthropy,
  other) sits on whichever side is needed, so an "either" request meets any
  mentor and an "either" mentor meets any request;
- never the same organization (compared stripped and case-insensitively; an
  empty organization never equals anything);
- never an excluded (request id, mentor id) pair;
- a request that needs in person (shadowing) needs an in-person mentor in the
  same state (states compare like organizations).

`solve_round` runs `solve` twice so that a request for both a mentor and a
shadowing host (`split`) gets a mentor alone when no host fits, and says why
each request it leaves without a mentor (or without a host) went so.

A pair's score is the sum of its `breakdown`:

- "gap": sum of gap * min(strength, 4) / 4 over the request's gaps, divided by
  the sum of its gaps (0..1), times `weights.gap`;
- "state": `weights.state` when both are in the same state;
- "format": `weights.format` when the mentor offers a format the request wants
  (a request that needs in person wants in person);
- "load": -`weights.load` * (mentor's active mentees + slot), where slot is
  0 for the mentor's first pair of this round, 1 for the second and so on.

Objective "score" maximises the total score; a pair is proposed only when its
score beats leaving the request unmatched (0). Objective "coverage" adds a price
P to every pair, so the engine maximises total score + P * pairs: with
`unmatched_penalty=None` P is derived from the weights and the problem size so
that matching more people always wins; a given number is used as the price.

The exact solver expands each mentor into `capacity` slot columns and solves
the assignment problem on the graph of feasible pairs, split into its connected
components: `scipy.optimize.linear_sum_assignment` on a dense matrix when a
component is small, `scipy.sparse.csgraph.min_weight_full_bipartite_matching`
with one "unmatched" column per request when it is not. With `top_k` set, each
request keeps only its `top_k` best mentors plus the greedy baseline's pair,
so the result is never worse than `greedy` but may miss the optimum.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import (
    connected_components,
    min_weight_full_bipartite_matching,
)

PUBLIC, COMMUNITY, EITHER = "public", "community", "either"
SIDES = (PUBLIC, COMMUNITY, EITHER)
OBJECTIVES = ("score", "coverage")
MAX_LEVEL = 4
# Components up to this many request x slot cells go to the dense solver (32 MB).
DENSE_CELLS = 4_000_000
# Request x mentor cells scored at once; bounds memory on large rounds.
CHUNK_CELLS = 2_000_000
# Candidate list length per request for `greedy` when no top_k is set; longer
# lists are computed on demand, so this changes speed, never the result.
GREEDY_LIST = 32


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    side: str
    state: str
    organization: str
    gaps: dict[int, int]
    needs_in_person: bool
    wants_virtual: bool
    wants_in_person: bool
    # Asks for a mentor and a shadowing host: a mentor alone if no host fits.
    split: bool = False


@dataclass(frozen=True, slots=True)
class Mentor:
    id: int
    side: str
    state: str
    organization: str
    strengths: dict[int, int]
    capacity: int
    virtual: bool
    in_person: bool
    load: int = 0
    hosts: bool = True  # hosts shadowing visits (needed for in-person shadowing)


@dataclass(frozen=True, slots=True)
class Weights:
    gap: float = 1.0
    state: float = 0.3
    format: float = 0.2
    load: float = 0.05

    def __post_init__(self):
        # A negative load weight would make later slots cheaper than earlier ones.
        if self.load < 0:
            raise ValueError("The load weight cannot be negative.")


@dataclass(frozen=True, slots=True)
class RoundSettings:
    weights: Weights = field(default_factory=Weights)
    cross_sector: bool = True
    objective: str = "score"
    unmatched_penalty: float | None = None
    top_k: int | None = None

    def __post_init__(self):
        if self.objective not in OBJECTIVES:
            raise ValueError(f"Unknown objective {self.objective!r}.")
        if self.top_k is not None and self.top_k < 1:
            raise ValueError("top_k must be at least 1, or None for exact.")


@dataclass(frozen=True, slots=True)
class Match:
    request_id: int
    mentor_id: int
    score: float
    breakdown: dict[str, float]


# One pair, in plain Python: the reference the array code must agree with ------


def _key(text: str) -> str:
    return (text or "").strip().casefold()


def _side(side: str) -> str:
    normal = _key(side)
    if normal not in SIDES:
        raise ValueError(f"Unknown side {side!r}; use one of {SIDES}.")
    return normal


def _same(a: str, b: str) -> bool:
    return bool(_key(a)) and _key(a) == _key(b)


def pair_blocker(
    request: Request,
    mentor: Mentor,
    *,
    cross_sector: bool = True,
    excluded: Collection[tuple[int, int]] = frozenset(),
) -> str | None:
    """Return the hard rule forbidding the pair, or None; capacity is not checked."""
    # The rules, in order: "side", "organization", "excluded", "in-person".
    request_side, mentor_side = _side(request.side), _side(mentor.side)
    if (
        cross_sector
        and EITHER not in (request_side, mentor_side)
        and request_side == mentor_side
    ):
        return "side"
    if _same(request.organization, mentor.organization):
        return "organization"
    if (request.id, mentor.id) in excluded:
        return "excluded"
    if request.needs_in_person and not (
        mentor.in_person and mentor.hosts and _same(request.state, mentor.state)
    ):
        return "in-person"
    return None


def pair_breakdown(
    request: Request, mentor: Mentor, weights: Weights, *, slot: int = 0
) -> dict[str, float]:
    """Return the score of the pair by rule; the score is the sum of the values."""
    gaps = {c: g for c, g in request.gaps.items() if g > 0}
    total_gap = sum(gaps.values())
    covered = sum(
        g * min(max(mentor.strengths.get(c, 0), 0), MAX_LEVEL) / MAX_LEVEL
        for c, g in gaps.items()
    )
    wants_in_person = request.wants_in_person or request.needs_in_person
    fits = (request.wants_virtual and mentor.virtual) or (
        wants_in_person and mentor.in_person
    )
    return {
        "gap": weights.gap * covered / total_gap if total_gap else 0.0,
        "state": weights.state if _same(request.state, mentor.state) else 0.0,
        "format": weights.format if fits else 0.0,
        "load": -weights.load * (mentor.load + slot),
    }


def total_score(matches: Sequence[Match]) -> float:
    """Return the sum of the matches' scores."""
    return math.fsum(m.score for m in matches)


# The round as arrays ----------------------------------------------------------


def _codes(values: Sequence[str], table: dict[str, int]) -> np.ndarray:
    """Code normalised strings as integers shared through table; empty is -1."""
    out = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        normal = _key(value)
        out[i] = table.setdefault(normal, len(table)) if normal else -1
    return out


def _unique_ids(items, what: str) -> None:
    if len({item.id for item in items}) != len(items):
        raise ValueError(f"{what} ids must be unique.")


class _Round:
    """The round's requests and mentors as arrays, scored a block of rows at a time.

    Values are score + bonus at the mentor's first free slot; -inf marks a
    forbidden pair.
    """

    def __init__(self, requests, mentors, settings: RoundSettings, excluded):
        _unique_ids(requests, "Request")
        _unique_ids(mentors, "Mentor")
        self.requests, self.mentors, self.settings = requests, mentors, settings
        self.weights = w = settings.weights
        n_r, n_m = self.n_r, self.n_m = len(requests), len(mentors)

        competencies: dict[int, int] = {}
        for r in requests:
            for c in r.gaps:
                competencies.setdefault(c, len(competencies))
        for m in mentors:
            for c in m.strengths:
                competencies.setdefault(c, len(competencies))
        gaps = np.zeros((n_r, len(competencies)))
        for i, r in enumerate(requests):
            for c, g in r.gaps.items():
                if g > 0:
                    gaps[i, competencies[c]] = g
        sums = gaps.sum(axis=1, keepdims=True)
        self.gap_share = np.divide(gaps, sums, out=np.zeros_like(gaps), where=sums > 0)
        strengths = np.zeros((len(competencies), n_m))
        for j, m in enumerate(mentors):
            for c, level in m.strengths.items():
                strengths[competencies[c], j] = min(max(level, 0), MAX_LEVEL)
        self.strength = strengths / MAX_LEVEL

        side_code = {s: i for i, s in enumerate(SIDES)}
        self.r_side = np.array([side_code[_side(r.side)] for r in requests], int)
        self.m_side = np.array([side_code[_side(m.side)] for m in mentors], int)
        states: dict[str, int] = {}
        self.r_state = _codes([r.state for r in requests], states)
        self.m_state = _codes([m.state for m in mentors], states)
        organizations: dict[str, int] = {}
        self.r_org = _codes([r.organization for r in requests], organizations)
        self.m_org = _codes([m.organization for m in mentors], organizations)
        self.r_needs = np.array([r.needs_in_person for r in requests], bool)
        self.r_virtual = np.array([r.wants_virtual for r in requests], bool)
        self.r_in_person = np.array(
            [r.wants_in_person or r.needs_in_person for r in requests], bool
        )
        self.m_virtual = np.array([m.virtual for m in mentors], bool)
        self.m_in_person = np.array([m.in_person for m in mentors], bool)
        self.m_hosts = np.array([m.in_person and m.hosts for m in mentors], bool)
        self.capacity = np.array([max(m.capacity, 0) for m in mentors], np.int64)
        load = np.array([m.load for m in mentors], float)
        self.bonus = self._bonus(load)
        self.m_offset = self.bonus - w.load * load

        request_index = {r.id: i for i, r in enumerate(requests)}
        mentor_index = {m.id: j for j, m in enumerate(mentors)}
        pairs = sorted(
            (request_index[r], mentor_index[m])
            for r, m in excluded
            if r in request_index and m in mentor_index
        )
        self.ex_rows = np.array([p[0] for p in pairs], np.int64)
        self.ex_cols = np.array([p[1] for p in pairs], np.int64)

    def _bonus(self, load: np.ndarray) -> float:
        """Return what each pair earns on top of its score under the objective."""
        settings, w = self.settings, self.weights
        if settings.objective == "score" or not self.n_m:
            return 0.0
        if settings.unmatched_penalty is not None:
            return float(settings.unmatched_penalty)
        # Maximum matching wins when P beats any augmenting path's loss:
        # j * (hi - lo) - lo for a path with j < n swaps (Berge).
        rules = (w.gap, w.state, w.format)
        hi = sum(max(x, 0.0) for x in rules) - w.load * load.min()
        lo = sum(min(x, 0.0) for x in rules)
        lo -= w.load * (load.max() + max(self.capacity.max() - 1, 0))
        n = min(self.n_r, int(self.capacity.sum()))
        return 1.0 + max(0.0, -lo) + n * (hi - lo)

    def values(self, start: int, stop: int) -> np.ndarray:
        """Return every pair's value for requests start..stop, -inf if forbidden."""
        w = self.weights
        rows = slice(start, stop)
        out = self.gap_share[rows] @ self.strength
        out *= w.gap
        r_state = self.r_state[rows, None]
        same_state = (r_state == self.m_state) & (r_state >= 0)
        out += w.state * same_state
        fits = (self.r_virtual[rows, None] & self.m_virtual) | (
            self.r_in_person[rows, None] & self.m_in_person
        )
        out += w.format * fits
        out += self.m_offset
        allowed = np.broadcast_to(self.capacity > 0, out.shape).copy()
        if self.settings.cross_sector:
            r_side = self.r_side[rows, None]
            either = SIDES.index(EITHER)
            allowed &= (
                (r_side == either) | (self.m_side == either) | (r_side != self.m_side)
            )
        r_org = self.r_org[rows, None]
        allowed &= (r_org != self.m_org) | (r_org < 0)
        allowed &= ~self.r_needs[rows, None] | (same_state & self.m_hosts)
        lo, hi = np.searchsorted(self.ex_rows, [start, stop])
        allowed[self.ex_rows[lo:hi] - start, self.ex_cols[lo:hi]] = False
        out[~allowed] = -np.inf
        return out

    def candidates(self, limit: int | None):
        """Return each request's best worthwhile mentors, best first, as CSR arrays.

        `more[i]` tells whether request i has worthwhile mentors beyond its list.
        """
        n_r, n_m = self.n_r, self.n_m
        counts = np.zeros(n_r + 1, np.int64)
        more = np.zeros(n_r, bool)
        mentors, values = [], []
        step = max(1, CHUNK_CELLS // max(n_m, 1))
        for start in range(0, n_r, step):
            stop = min(n_r, start + step)
            block = self.values(start, stop)
            if limit is not None and limit < n_m:
                cols = np.argpartition(block, n_m - limit, axis=1)[:, n_m - limit :]
                more[start:stop] = (block > 0).sum(axis=1) > limit
                block = np.take_along_axis(block, cols, axis=1)
            else:
                cols = np.broadcast_to(np.arange(n_m), block.shape)
            order = np.lexsort((cols, -block), axis=1)
            cols = np.take_along_axis(cols, order, axis=1)
            block = np.take_along_axis(block, order, axis=1)
            keep = block > 0
            counts[start + 1 : stop + 1] = keep.sum(axis=1)
            mentors.append(cols[keep])
            values.append(block[keep])
        return (
            np.cumsum(counts),
            np.concatenate(mentors) if mentors else np.zeros(0, np.int64),
            np.concatenate(values) if values else np.zeros(0),
            more,
        )

    def tail(self, row: int, seen: list[int], used: np.ndarray):
        """Return (value, mentor) for mentors not in seen who can still take row."""
        values = self.values(row, row + 1)[0]
        live = (used < self.capacity) & (values - self.weights.load * used > 0)
        live[seen] = False
        cols = np.flatnonzero(live)
        cols = cols[np.lexsort((cols, -values[cols]))]
        return list(zip(values[cols].tolist(), cols.tolist(), strict=True))

    def matches(self, assigned: list[tuple[int, int, int]]) -> list[Match]:
        """Turn (request, mentor, slot) index triples into matches, by request."""
        out = []
        for i, j, slot in sorted(assigned):
            request, mentor = self.requests[i], self.mentors[j]
            breakdown = pair_breakdown(request, mentor, self.weights, slot=slot)
            score = math.fsum(breakdown.values())
            out.append(Match(request.id, mentor.id, score, breakdown))
        return out


# Why a request went unmatched ------------------------------------------------

# Why a request got no mentor, the first rule that leaves it no candidate:
REASONS = (
    "side",  # no mentor from the other sector with a place left
    "organization",  # every such mentor works for the learner's organization
    "excluded",  # every remaining mentor was matched with the learner before
    "in-person",  # no host in the learner's state for in-person shadowing
    "outscored",  # mentors fitted, but their places went to closer matches
)


def unmatched_reason(
    request: Request,
    mentors: Sequence[Mentor],
    *,
    cross_sector: bool = True,
    excluded: Collection[tuple[int, int]] = frozenset(),
) -> str:
    """Return the first hard rule that leaves the request no mentor with a place."""
    pool = [m for m in mentors if m.capacity > 0]
    side = _side(request.side)
    if cross_sector and side != EITHER:
        pool = [m for m in pool if _side(m.side) != side]
    if not pool:
        return "side"
    pool = [m for m in pool if not _same(request.organization, m.organization)]
    if not pool:
        return "organization"
    pool = [m for m in pool if (request.id, m.id) not in excluded]
    if not pool:
        return "excluded"
    if request.needs_in_person and not any(
        m.in_person and m.hosts and _same(request.state, m.state) for m in pool
    ):
        return "in-person"
    return "outscored"


@dataclass(frozen=True, slots=True)
class RoundResult:
    matches: list[Match]
    # Split requests matched with a mentor alone, and why no host fitted.
    mentor_only: dict[int, str]
    # Requests left with no mentor at all, and why.
    unmatched: dict[int, str]


def solve_round(
    requests: Sequence[Request],
    mentors: Sequence[Mentor],
    settings: RoundSettings,
    excluded: Collection[tuple[int, int]] = frozenset(),
) -> RoundResult:
    """Match hosts first, then give split requests left over a mentor alone; say why.

    The second pass uses the places the first one left, so a request for both
    never waits for a shadowing host to get its mentor.
    """
    first = solve(requests, mentors, settings, excluded)
    matched = {m.request_id for m in first}
    used: dict[int, int] = {}
    for match in first:
        used[match.mentor_id] = used.get(match.mentor_id, 0) + 1
    split = [r for r in requests if r.split and r.id not in matched]
    mentor_only: dict[int, str] = {}
    second: list[Match] = []
    if split:
        rule = settings.cross_sector
        for r in split:
            mentor_only[r.id] = unmatched_reason(
                r, mentors, cross_sector=rule, excluded=excluded
            )
        left = [
            replace(m, capacity=m.capacity - used.get(m.id, 0),
                    load=m.load + used.get(m.id, 0))
            for m in mentors
            if m.capacity - used.get(m.id, 0) > 0
        ]  # fmt: skip
        alone = [replace(r, needs_in_person=False) for r in split]
        second = solve(alone, left, settings, excluded)
    matched |= {m.request_id for m in second}
    mentor_only = {k: v for k, v in mentor_only.items() if k in matched}
    unmatched = {
        r.id: unmatched_reason(
            replace(r, needs_in_person=False) if r.split else r,
            mentors,
            cross_sector=settings.cross_sector,
            excluded=excluded,
        )
        for r in requests
        if r.id not in matched
    }
    return RoundResult(
        matches=sorted(first + second, key=lambda m: m.request_id),
        mentor_only=mentor_only,
        unmatched=unmatched,
    )


# Greedy baseline --------------------------------------------------------------


def _greedy(rnd: _Round, candidates) -> list[tuple[int, int, int, float]]:
    """Take pairs best first while places last; return (request, mentor, slot, value).

    Pairs are ordered once by their value at the mentor's first slot (as the
    baseline sorts once); a pair is skipped when, at the slot it would take, it no
    longer beats leaving the request unmatched.
    """
    ptr, mentors, values, more = candidates
    ptr, mentors, values = ptr.tolist(), mentors.tolist(), values.tolist()
    used = [0] * rnd.n_m
    used_array = np.zeros(rnd.n_m, np.int64)
    capacity = rnd.capacity.tolist()
    places = sum(capacity)
    load = rnd.weights.load
    tails: dict[int, list[tuple[float, int]]] = {}

    def candidate(i: int, k: int) -> tuple[float, int] | None:
        start, stop = ptr[i], ptr[i + 1]
        if k < stop - start:
            return values[start + k], mentors[start + k]
        if not more[i]:
            return None
        if i not in tails:
            tails[i] = rnd.tail(i, mentors[start:stop], used_array)
        k -= stop - start
        return tails[i][k] if k < len(tails[i]) else None

    def next_live(i: int, k: int) -> tuple[float, int, int, int] | None:
        # A full mentor stays full and a pair's value only drops as the mentor
        # fills, so pairs found dead now can be skipped without the heap.
        while (found := candidate(i, k)) is not None:
            value, j = found
            if used[j] < capacity[j] and value - load * used[j] > 0:
                return -value, i, j, k
            k += 1
        return None

    heap = [entry for i in range(rnd.n_r) if (entry := next_live(i, 0))]
    heapq.heapify(heap)
    taken = []
    while heap and places:
        neg_value, i, j, k = heapq.heappop(heap)
        if used[j] < capacity[j] and -neg_value - load * used[j] > 0:
            taken.append((i, j, used[j], -neg_value))
            used[j] += 1
            used_array[j] += 1
            places -= 1
        elif entry := next_live(i, k + 1):
            heapq.heappush(heap, entry)
    return taken


def greedy(
    requests: Sequence[Request],
    mentors: Sequence[Mentor],
    settings: RoundSettings,
    excluded: Collection[tuple[int, int]] = frozenset(),
) -> list[Match]:
    """Return the greedy baseline: best pairs first while capacity lasts."""
    if not requests or not mentors:
        return []
    rnd = _Round(requests, mentors, settings, excluded)
    taken = _greedy(rnd, rnd.candidates(settings.top_k or GREEDY_LIST))
    return rnd.matches([(i, j, slot) for i, j, slot, _ in taken])


# Exact solver -----------------------------------------------------------------


def _assign_dense(rows, cols, values, n_rows, n_cols):
    cost = np.zeros((n_rows, n_cols))
    # An absent cell costs 0 like staying unmatched, so the dense rectangular
    # problem has the same optimum and zero cells are dropped afterwards.
    cost[rows, cols] = -values
    r, c = linear_sum_assignment(cost)
    keep = cost[r, c] < 0
    return r[keep], c[keep]


def _assign_sparse(rows, cols, values, n_rows, n_cols):
    # One private "unmatched" column per request makes a full matching exist;
    # shifting every cost by `top` keeps them non-zero (LAPJVsp needs that)
    # without changing the optimum, since every row is matched exactly once.
    top = float(values.max()) + 1.0
    graph = csr_array(
        (
            np.concatenate([top - values, np.full(n_rows, top)]),
            (
                np.concatenate([rows, np.arange(n_rows)]),
                np.concatenate([cols, n_cols + np.arange(n_rows)]),
            ),
        ),
        shape=(n_rows, n_cols + n_rows),
    )
    r, c = min_weight_full_bipartite_matching(graph)
    keep = c < n_cols
    return r[keep], c[keep]


def _assign(rnd: _Round, pair_rows, pair_cols, pair_values):
    """Solve the slot assignment exactly over the given pairs; return triples."""
    capacity = rnd.capacity[pair_cols]
    first = np.cumsum(rnd.capacity) - rnd.capacity
    slot = np.arange(capacity.sum()) - np.repeat(
        np.cumsum(capacity) - capacity, capacity
    )
    e_rows = np.repeat(pair_rows, capacity)
    e_mentors = np.repeat(pair_cols, capacity)
    e_values = np.repeat(pair_values, capacity) - rnd.weights.load * slot
    keep = e_values > 0
    e_rows, e_mentors, e_values = e_rows[keep], e_mentors[keep], e_values[keep]
    e_slots = first[e_mentors] + slot[keep]
    slot_mentor = np.repeat(np.arange(rnd.n_m), rnd.capacity)

    # Independent blocks (by sector direction, state for shadowing, ...) are the
    # connected components of the pair graph; solving them apart stays exact.
    n = rnd.n_r + rnd.n_m
    graph = coo_array(
        (np.ones(len(pair_rows)), (pair_rows, rnd.n_r + pair_cols)), shape=(n, n)
    )
    _, labels = connected_components(graph, directed=False)
    component = labels[e_rows]
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    assigned = []
    for block in np.split(order, bounds):
        if not len(block):
            continue
        rows, r_local = np.unique(e_rows[block], return_inverse=True)
        cols, c_local = np.unique(e_slots[block], return_inverse=True)
        solver = (
            _assign_dense if len(rows) * len(cols) <= DENSE_CELLS else _assign_sparse
        )
        r, c = solver(r_local, c_local, e_values[block], len(rows), len(cols))
        assigned.extend(zip(rows[r].tolist(), cols[c].tolist(), strict=True))

    # Renumber each mentor's slots 0, 1, ...: the total is unchanged and every
    # pair's load share reads as its place in the mentor's list.
    by_slot = sorted(assigned, key=lambda pair: pair[1])
    triples, next_slot = [], {}
    for i, column in by_slot:
        j = int(slot_mentor[column])
        triples.append((i, j, next_slot.get(j, 0)))
        next_slot[j] = next_slot.get(j, 0) + 1
    return triples


def solve(
    requests: Sequence[Request],
    mentors: Sequence[Mentor],
    settings: RoundSettings,
    excluded: Collection[tuple[int, int]] = frozenset(),
) -> list[Match]:
    """Return the best matching under the settings (exact unless top_k is set)."""
    if not requests or not mentors:
        return []
    rnd = _Round(requests, mentors, settings, excluded)
    candidates = rnd.candidates(settings.top_k)
    ptr, cols, values, _ = candidates
    rows = np.repeat(np.arange(rnd.n_r), np.diff(ptr))
    if settings.top_k is not None:
        # The greedy pairs keep the pruned problem at least as good as greedy.
        taken = _greedy(rnd, candidates)
        if taken:
            g_rows, g_cols, _, g_values = (
                np.array(x) for x in zip(*taken, strict=True)
            )
            new = ~np.isin(g_rows * rnd.n_m + g_cols, rows * rnd.n_m + cols)
            rows = np.concatenate([rows, g_rows[new].astype(np.int64)])
            cols = np.concatenate([cols, g_cols[new].astype(np.int64)])
            values = np.concatenate([values, g_values[new].astype(float)])
    if not len(rows):
        return []
    return rnd.matches(_assign(rnd, rows, cols, values))
