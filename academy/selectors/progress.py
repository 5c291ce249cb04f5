"""Reads about a learner's progress, each in a fixed number of queries."""

from django.db.models import Q

from curriculum.models import LessonPage, ModulePage

from ..models import (
    Credential,
    Enrolment,
    LessonProgress,
    Reflection,
)
from .checks import choices_shuffled, lesson_answers, lesson_questions


def module_lessons(*, module: ModulePage) -> list[LessonPage]:
    """Return the module's current (live) lessons in order."""
    return list(
        LessonPage.objects.live()
        .child_of(module)
        .order_by("path")
        .only("title", "slug", "url_path", "path", "depth", "estimated_minutes")
    )


def lesson_blocks(*, lesson: LessonPage, block_type: str) -> dict[str, dict]:
    """Return the lesson's blocks of one type by block id."""
    return {
        block.id: block.value for block in lesson.body if block.block_type == block_type
    }


def lessons_outstanding(*, user, module: ModulePage) -> list[LessonPage]:
    """Return the module's live lessons the learner has not completed, in order."""
    lessons = module_lessons(module=module)
    done = set(
        LessonProgress.objects.filter(
            user=user, lesson__in=lessons, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    return [lesson for lesson in lessons if lesson.pk not in done]


def prerequisites_unmet(*, user, module: ModulePage) -> list[ModulePage]:
    """Return the live prerequisite modules the learner has not completed yet."""
    prerequisite_ids = [page.pk for page in module.prerequisites.all()]
    if not prerequisite_ids:
        return []
    done = Enrolment.objects.filter(
        user=user, module_id__in=prerequisite_ids, completed_at__isnull=False
    ).values_list("module_id", flat=True)
    return list(
        ModulePage.objects.live()
        .filter(pk__in=prerequisite_ids)
        .exclude(pk__in=list(done))
        .order_by("title")
    )


def lesson_state(*, user, lesson: LessonPage) -> dict:
    """Return what the lesson page shows a learner: enrolment, answers, credential."""
    enrolment = (
        Enrolment.objects.filter(user=user, module__path=lesson.path[: -lesson.steplen])
        .select_related("module")
        .first()
    )
    progress = LessonProgress.objects.filter(user=user, lesson=lesson).first()
    answers = lesson_answers(user=user, lesson=lesson)
    reflections = {
        r.block_id: r for r in Reflection.objects.filter(user=user, lesson=lesson)
    }
    questions = lesson_questions(lesson=lesson)
    for question in questions:
        question.shuffled = choices_shuffled(question=question, user_id=user.pk)
        entry = answers.get(question.pk)
        if entry and question.is_multiple and not entry["latest"].correct:
            right = {c.pk for c in question.shuffled if c.correct}
            # Every pick right but not all of them: say more apply, not "wrong".
            entry["partial"] = entry["picked"] < right
    credential = None
    if enrolment is not None and enrolment.completed_at is not None:
        credential = Credential.objects.filter(
            user=user, module_id=enrolment.module_id
        ).first()
    return {
        "enrolment": enrolment,
        "lesson_progress": progress,
        "lesson_questions": questions,
        "check_attempts": answers,
        "checks_to_answer": [
            q.pk for q in questions if not answers.get(q.pk, {}).get("right")
        ],
        "reflections": reflections,
        "module_credential": credential,
    }


def modules_progress(*, user, enrolments: list[Enrolment]) -> dict[int, dict]:
    """Return, per enrolled module, its lessons, which are done and which comes next."""
    if not enrolments:
        return {}
    modules = [e.module for e in enrolments]
    by_prefix = Q()
    for module in modules:
        by_prefix |= Q(path__startswith=module.path, depth=module.depth + 1)
    lessons = list(
        LessonPage.objects.live()
        .filter(by_prefix)
        .order_by("path")
        .only("title", "slug", "url_path", "path", "depth")
    )
    opened = dict(
        LessonProgress.objects.filter(user=user, lesson__in=lessons).values_list(
            "lesson_id", "completed_at"
        )
    )
    completed = {pk for pk, completed_at in opened.items() if completed_at}
    result: dict[int, dict] = {
        m.pk: {
            "lessons": [],
            "done": 0,
            "next": None,
            "completed_ids": set(),
            "started": False,
        }
        for m in modules
    }
    module_by_path = {m.path: m.pk for m in modules}
    for lesson in lessons:
        entry = result[module_by_path[lesson.path[: -lesson.steplen]]]
        entry["lessons"].append(lesson)
        # A module is started once the learner has opened one of its lessons.
        entry["started"] = entry["started"] or lesson.pk in opened
        if lesson.pk in completed:
            entry["done"] += 1
            entry["completed_ids"].add(lesson.pk)
        elif entry["next"] is None:
            entry["next"] = lesson
    for enrolment in enrolments:
        entry = result[enrolment.module_id]
        total = len(entry["lessons"])
        # A module with a check is one step more than its lessons: all lessons done
        # is not 100% until the check is passed.
        steps = total + (1 if enrolment.module.check_questions else 0)
        entry["check_due"] = bool(
            enrolment.module.check_questions
            and not enrolment.completed_at
            and total
            and entry["done"] == total
        )
        if enrolment.completed_at:
            entry["percent"] = 100
        else:
            entry["percent"] = round(100 * entry["done"] / steps) if steps else 0
        entry["total"] = total
    return result
