"""Enrolment and progress: the rules that decide when a lesson and a module are done."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from curriculum.models import LessonPage, ModulePage, PathwayPage
from curriculum.selectors import lesson_questions

from ..models import Enrolment, LessonProgress, Reflection
from ..selectors.checks import lesson_questions_outstanding, module_check_state
from ..selectors.progress import lesson_blocks, module_lessons, prerequisites_unmet


class PrerequisitesUnmet(Exception):
    """The module needs other modules first; `modules` says which."""

    def __init__(self, modules: list[ModulePage]):
        self.modules = modules
        names = ", ".join(m.title for m in modules)
        super().__init__(f"Complete these modules first: {names}.")


class NotEnrolled(Exception):
    """Progress is only kept for modules the learner has enrolled in."""


class ChecksOutstanding(Exception):
    """The lesson completes through its knowledge checks, answered right."""


@transaction.atomic
def enrolment_create(
    *, user, module: ModulePage, pathway: PathwayPage | None = None
) -> Enrolment:
    """Enrol a learner in a module; enrolling twice returns the first enrolment."""
    existing = Enrolment.objects.filter(user=user, module=module).first()
    if existing:
        return existing
    unmet = prerequisites_unmet(user=user, module=module)
    if pathway is not None:
        in_pathway = set(pathway.pathway_modules.values_list("module_id", flat=True))
        unmet = [m for m in unmet if m.pk not in in_pathway]
    if unmet:
        raise PrerequisitesUnmet(unmet)
    enrolment, _created = Enrolment.objects.get_or_create(
        user=user, module=module, defaults={"pathway": pathway}
    )
    return enrolment


@dataclass
class PathwayEnrolment:
    """What enrolling in a pathway did: modules enrolled, modules that must wait."""

    enrolments: list[Enrolment]
    # module -> the modules outside the pathway to complete before it
    waiting: dict[ModulePage, list[ModulePage]]


@transaction.atomic
def pathway_enrol(*, user, pathway: PathwayPage) -> PathwayEnrolment:
    """Enrol a learner in every live module of a pathway they can start, in order."""
    modules = [
        item.module
        for item in pathway.pathway_modules.select_related("module")
        if item.module.live
    ]
    enrolments: list[Enrolment] = []
    waiting: dict[ModulePage, list[ModulePage]] = {}
    for module in modules:
        try:
            enrolments.append(
                enrolment_create(user=user, module=module, pathway=pathway)
            )
        except PrerequisitesUnmet as unmet:
            waiting[module] = unmet.modules
    return PathwayEnrolment(enrolments=enrolments, waiting=waiting)


def _enrolment_for(*, user, lesson: LessonPage) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_related("module")
        .filter(user=user, module__path=lesson.path[: -lesson.steplen])
        .first()
    )
    if enrolment is None:
        raise NotEnrolled
    return enrolment


def _enrolment_ready(*, user, lesson: LessonPage) -> Enrolment:
    """Return the enrolment a lesson's progress counts for, prerequisites met."""
    enrolment = _enrolment_for(user=user, lesson=lesson)
    # A pathway may enrol a module before the ones it builds on are done; its
    # lessons wait (answers, completions, the credential) until they are.
    if unmet := prerequisites_unmet(user=user, module=enrolment.module):
        raise PrerequisitesUnmet(unmet)
    return enrolment


def _touch(enrolment: Enrolment) -> None:
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=timezone.now())


def lesson_open(
    *, user, lesson: LessonPage, enrolment: Enrolment | None = None
) -> LessonProgress | None:
    """Mark a lesson started when an enrolled learner, prerequisites met, opens it."""
    if enrolment is None:
        try:
            enrolment = _enrolment_for(user=user, lesson=lesson)
        except NotEnrolled:
            return None
    if prerequisites_unmet(user=user, module=enrolment.module):
        return None
    progress, _created = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    _touch(enrolment)
    return progress


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> LessonProgress:
    """Complete a lesson, and the module with it once every current lesson is done."""
    enrolment = _enrolment_ready(user=user, lesson=lesson)
    progress, _created = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at"])
    _touch(enrolment)
    module_completion_check(enrolment=enrolment)
    return progress


@transaction.atomic
def lesson_mark_complete(*, user, lesson: LessonPage) -> LessonProgress:
    """Complete a lesson at the learner's word, unless a check is not yet right."""
    _enrolment_ready(user=user, lesson=lesson)
    questions = [q.pk for q in lesson_questions(lesson=lesson)]
    if questions and lesson_questions_outstanding(
        user=user, lesson=lesson, question_ids=questions
    ):
        raise ChecksOutstanding
    return lesson_complete(user=user, lesson=lesson)


def module_completion_check(*, enrolment: Enrolment) -> bool:
    """Complete the enrolment when all live lessons are done and the module check
    (if the module has one) is passed; completions never undo."""
    if enrolment.completed_at is not None:
        return True
    lessons = module_lessons(module=enrolment.module)
    if not lessons:
        return False
    done = LessonProgress.objects.filter(
        user=enrolment.user, lesson__in=lessons, completed_at__isnull=False
    ).count()
    if done < len(lessons):
        return False
    state = module_check_state(user=enrolment.user, module=enrolment.module)
    if state.required and not state.passed:
        return False
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    from .credentials import credential_issue

    credential_issue(enrolment=enrolment)
    return True


@transaction.atomic
def reflection_save(
    *, user, lesson: LessonPage, block_id: str, text: str
) -> Reflection:
    """Save the learner's private reflection for a prompt, replacing the last one."""
    prompts = lesson_blocks(lesson=lesson, block_type="reflection")
    if block_id not in prompts:
        raise ValueError("This lesson has no such reflection prompt.")
    reflection, _created = Reflection.objects.update_or_create(
        user=user,
        lesson=lesson,
        block_id=block_id,
        defaults={"text": text, "prompt": prompts[block_id]["prompt"]},
    )
    return reflection
