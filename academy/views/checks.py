"""Knowledge checks: answering a lesson's questions and sitting a module's check."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from curriculum.models import ModulePage

from ..decorators import learner_required
from ..models import Credential, Enrolment, ModuleCheckAttempt
from ..selectors.checks import (
    choices_shuffled,
    lessons_to_review,
    module_check_questions,
    module_check_results,
    module_check_state,
)
from ..selectors.progress import lessons_outstanding
from ..services.checks import (
    AlreadyAnswered,
    CheckIncomplete,
    CheckNotReady,
    module_check_start,
    module_check_submit,
    question_answer,
)
from ..services.progress import NotEnrolled, PrerequisitesUnmet
from .learner import PAGE_ID_MAX, _lesson, _live_page_or_404, _prerequisites_message

# No real sitting has more questions than this; a form claiming more is refused.
MAX_CHOICES_PER_QUESTION = 20


@require_POST
@learner_required
def question_answer_view(request, lesson_id: int, question_id: int):
    lesson = _lesson(lesson_id)
    anchor = f"{lesson.url}#question-{question_id}"
    choice_ids = request.POST.getlist("choice")[:MAX_CHOICES_PER_QUESTION]
    if not choice_ids:
        # Said beside the question itself, where the learner is looking.
        return redirect(f"{lesson.url}?unanswered={question_id}#question-{question_id}")
    try:
        question_answer(
            user=request.user,
            lesson=lesson,
            question_id=question_id,
            choice_ids=choice_ids,
        )
    except NotEnrolled:
        messages.warning(request, _("Enrol in the module to keep your answers."))
    except PrerequisitesUnmet as unmet:
        _prerequisites_message(request, unmet)
    except AlreadyAnswered:
        messages.info(request, _("You have already answered this question right."))
    except ValueError as error:
        messages.error(request, str(error))
    return redirect(anchor)


def _module(module_id: int) -> ModulePage:
    return _live_page_or_404(ModulePage, module_id)


def _attempt(request, module: ModulePage, attempt_id: int) -> ModuleCheckAttempt:
    if attempt_id > PAGE_ID_MAX:
        raise Http404
    attempt = ModuleCheckAttempt.objects.filter(
        pk=attempt_id, user=request.user, module=module
    ).first()
    if attempt is None:
        raise Http404
    return attempt


def _sitting_questions(attempt: ModuleCheckAttempt) -> list:
    questions = module_check_questions(attempt=attempt)
    for question in questions:
        question.shuffled = choices_shuffled(question=question, user_id=attempt.user_id)
    return questions


@learner_required
def module_check(request, module_id: int):
    """The module check: why it is not open yet, the open sitting, or a new one."""
    module = _module(module_id)
    state = module_check_state(user=request.user, module=module)
    if not state.required:
        raise Http404
    context = {
        "module": module,
        "state": state,
        "enrolled": Enrolment.objects.filter(user=request.user, module=module).exists(),
        "outstanding": lessons_outstanding(user=request.user, module=module),
    }
    if state.open_attempt is not None:
        context["questions"] = _sitting_questions(state.open_attempt)
        context["responses"] = {}
    return TemplateResponse(request, "academy/checks/module_check.html", context)


@require_POST
@learner_required
def module_check_start_view(request, module_id: int):
    module = _module(module_id)
    url = reverse("academy:module-check", args=[module.pk])
    try:
        module_check_start(user=request.user, module=module)
    except NotEnrolled:
        messages.warning(request, _("Enrol in the module to take its check."))
        return redirect(module.url)
    except PrerequisitesUnmet as unmet:
        _prerequisites_message(request, unmet)
        return redirect(module.url)
    except CheckNotReady as reason:
        messages.warning(request, str(reason))
    return redirect(url)


@require_POST
@learner_required
def module_check_submit_view(request, module_id: int, attempt_id: int):
    module = _module(module_id)
    attempt = _attempt(request, module, attempt_id)
    result_url = reverse("academy:module-check-result", args=[module.pk, attempt.pk])
    if attempt.submitted_at is not None:
        return redirect(result_url)
    responses = {}
    for pk in attempt.question_ids:
        picked = request.POST.getlist(f"question-{pk}")[:MAX_CHOICES_PER_QUESTION]
        if picked:
            responses[pk] = picked
    try:
        module_check_submit(
            user=request.user, attempt_id=attempt.pk, responses=responses
        )
    except CheckIncomplete as incomplete:
        # Nothing is lost: the page comes back with every answer already chosen.
        return TemplateResponse(
            request,
            "academy/checks/module_check.html",
            {
                "module": module,
                "state": module_check_state(user=request.user, module=module),
                "outstanding": [],
                "questions": _sitting_questions(attempt),
                "responses": {
                    pk: {str(v) for v in values} for pk, values in responses.items()
                },
                "missing": set(incomplete.missing),
                "first_missing": next(
                    (pk for pk in attempt.question_ids if pk in incomplete.missing),
                    None,
                ),
                "enrolled": True,
                "error": str(incomplete),
            },
            status=400,
        )
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("academy:module-check", module.pk)
    except NotEnrolled:
        messages.warning(request, _("Enrol in the module to take its check."))
        return redirect(module.url)
    except PrerequisitesUnmet as unmet:
        _prerequisites_message(request, unmet)
        return redirect(module.url)
    return redirect(result_url)


@learner_required
def module_check_result(request, module_id: int, attempt_id: int):
    module = _module(module_id)
    attempt = _attempt(request, module, attempt_id)
    if attempt.submitted_at is None:
        return redirect("academy:module-check", module.pk)
    results = module_check_results(attempt=attempt)
    state = module_check_state(user=request.user, module=module)
    return TemplateResponse(
        request,
        "academy/checks/module_check_result.html",
        {
            "module": module,
            "attempt": attempt,
            "results": results,
            "review": lessons_to_review(results=results),
            "state": state,
            "credential": Credential.objects.filter(
                user=request.user, module=module
            ).first()
            if attempt.passed
            else None,
            "fresh_questions": state.bank_size > state.questions,
        },
    )
