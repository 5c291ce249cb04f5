from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from academy.people import person_label
from mentoring import matching
from mentoring.models import MatchingRound
from mentoring.selectors import UNMATCHED_MESSAGES, matching_problem
from mentoring.services import round_propose


def _name(user) -> str:
    return person_label(user)


def _breakdown(breakdown: dict) -> str:
    # Adding 0.0 turns the engine's -0.0 (no load) into a plain 0.0.
    return ", ".join(f"{rule} {value + 0.0:+.3f}" for rule, value in breakdown.items())


class Command(BaseCommand):
    help = (
        "Run the matching engine for a round and print the proposed pairs; "
        "with --dry-run nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="The round's name.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Compute and print the proposal without saving it.",
        )

    def handle(self, *args, **options):
        name = options["round"]
        try:
            matching_round = MatchingRound.objects.get(name=name)
        except MatchingRound.DoesNotExist:
            raise CommandError(
                f'There is no matching round named "{name}". '
                "Create it in the admin (Mentoring › Matching rounds) first."
            ) from None
        if matching_round.status == MatchingRound.Status.APPROVED:
            raise CommandError(f'The round "{name}" is already approved.')

        problem = matching_problem(round=matching_round)
        if options["dry_run"]:
            result = matching.solve_round(
                problem.requests,
                problem.mentors,
                problem.settings,
                excluded=problem.excluded,
            )
            matches = result.matches
            reasons = {str(k): v for k, v in result.unmatched.items()}
            mentors = get_user_model().objects.in_bulk(
                [problem.mentor_user_ids[m.mentor_id] for m in matches]
            )
            rows = [
                (
                    problem.request_by_id[m.request_id].learner,
                    mentors[problem.mentor_user_ids[m.mentor_id]],
                    m.score,
                    m.breakdown,
                )
                for m in matches
            ]
        else:
            try:
                pairs = round_propose(round=matching_round)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            people = get_user_model().objects.in_bulk(
                {p.learner_id for p in pairs} | {p.mentor_id for p in pairs}
            )
            rows = [
                (people[p.learner_id], people[p.mentor_id], p.score, p.score_breakdown)
                for p in pairs
            ]
            reasons = matching_round.unmatched_reasons

        for learner, mentor, score, breakdown in rows:
            self.stdout.write(
                f"{_name(learner)} <{learner.email}> → {_name(mentor)} "
                f"<{mentor.email}>  score {score:.3f}  ({_breakdown(breakdown)})"
            )
        for request_id, code in reasons.items():
            learner = problem.request_by_id[int(request_id)].learner
            why = UNMATCHED_MESSAGES.get(code, code)
            self.stdout.write(f"{_name(learner)} <{learner.email}> unmatched: {why}")
        considered = len(problem.requests)
        summary = (
            f"{len(rows)} pairs from {considered} requests considered; "
            f"{considered - len(rows)} unmatched"
        )
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {summary}. Nothing was saved.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f'Round "{name}": {summary}. Review and approve it in the admin.'
                )
            )
