import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from curriculum.spreadsheets import csv_writer
from curriculum.validators import TEXT_MAX_LENGTH, validate_plain_text

from ..charts import Series, bar_chart, line_chart
from ..decorators import learner_required
from ..models import AssessmentWindow, Rating
from ..selectors.assessments import (
    assessment_compare,
    assessment_export_rows,
    assessment_for_owner,
    assessment_form_data,
    assessment_gaps,
    assessment_history,
    assessment_unrated,
    gap_modules,
    growth_by_domain,
)
from ..services.assessments import (
    NOT_RATED,
    AlreadySubmitted,
    Level,
    assessment_save,
    assessment_start,
    assessment_submit,
)
from ..timezones import iso_local

UNSURE = "unsure"


def _whole_number(raw: str) -> int:
    """Read an id from the query string; anything else (\"²\", 5,000 digits) is 0."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else 0


def _ratings_from_post(post, competencies) -> dict[int, tuple[Level, str]]:
    """Read `level-<id>` and `note-<id>` fields; bad values raise ValidationError.

    A note's problem is also set on its competency as `note_error` for the page.
    """
    ratings, problems = {}, []
    for competency in competencies:
        raw = post.get(f"level-{competency.pk}", "")
        note = post.get(f"note-{competency.pk}", "")
        note_problem = _note_problem(note)
        if note_problem:
            competency.note_error = note_problem
            problems.append(
                _("Evidence for %(competency)s: %(problem)s")
                % {"competency": f"{competency.code} {competency.name}",
                   "problem": note_problem}
            )  # fmt: skip
            continue
        if raw in ("", UNSURE):
            if raw == UNSURE:
                ratings[competency.pk] = (None, note)
            elif note.strip():
                ratings[competency.pk] = (NOT_RATED, note)
            continue
        try:
            ratings[competency.pk] = (int(raw), note)
        except ValueError:
            problems.append(_("One of the answers is not a level."))
    if problems:
        raise ValidationError(problems)
    return ratings


def _note_problem(note: str) -> str:
    if len(note) > TEXT_MAX_LENGTH:
        return _("This note is %(length)s characters long; the most is %(limit)s.") % {
            "length": f"{len(note):,}",
            "limit": f"{TEXT_MAX_LENGTH:,}",
        }
    try:
        validate_plain_text(note)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _already_submitted(request, assessment):
    messages.info(request, _("This self-assessment was already submitted. Here it is."))
    return redirect("academy:assessment-detail", pk=assessment.pk)


def _submitted(request):
    messages.success(request, _("Your self-assessment is submitted."))
    return redirect("academy:assessment-history")


def _window(request) -> AssessmentWindow | None:
    window_id = request.GET.get("window", "")
    if not window_id:
        return None
    return AssessmentWindow.objects.filter(
        pk=_whole_number(window_id),
        cohort__memberships__user=request.user,
    ).first()


def _owned(request, raw_pk: str):
    assessment = assessment_for_owner(user=request.user, pk=_whole_number(raw_pk))
    if assessment is None:
        raise Http404
    return assessment


@learner_required
def assessment_take(request):
    if request.method == "POST":
        return _take_post(request)
    if confirm := request.GET.get("confirm"):
        return _confirm_page(request, _owned(request, confirm))
    try:
        assessment = assessment_start(user=request.user, window=_window(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("academy:dashboard")
    data = assessment_form_data(assessment=assessment)
    return TemplateResponse(
        request, "academy/assessments/take.html", {"assessment": assessment, **data}
    )


def _confirm_page(request, assessment):
    """Ask before submitting with competencies left unanswered."""
    if assessment.is_submitted:
        return _already_submitted(request, assessment)
    unrated = assessment_unrated(assessment=assessment)
    if not unrated:
        return redirect("academy:assessment-take")
    return TemplateResponse(
        request,
        "academy/assessments/confirm.html",
        {
            "assessment": assessment,
            "domains": unrated,
            "count": sum(len(d.unrated) for d in unrated),
        },
    )


def _take_post(request):
    if posted := request.POST.get("assessment", ""):
        # The form names its draft, so a second POST never starts a new one.
        assessment = _owned(request, posted)
    else:
        try:
            assessment = assessment_start(user=request.user, window=_window(request))
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("academy:dashboard")
    if assessment.is_submitted:
        return _already_submitted(request, assessment)
    action = request.POST.get("action")
    if action == "confirm":
        assessment_submit(assessment=assessment)
        return _submitted(request)
    data = assessment_form_data(assessment=assessment)
    competencies = [c for d in data["domains"] for c in d.competencies.all()]
    try:
        ratings = _ratings_from_post(request.POST, competencies)
        assessment = assessment_save(assessment=assessment, ratings=ratings)
    except AlreadySubmitted as done:
        return _already_submitted(request, done.assessment)
    except ValidationError as error:
        messages.error(request, " ".join(dict.fromkeys(error.messages)))
        data["posted"] = request.POST
        return TemplateResponse(
            request,
            "academy/assessments/take.html",
            {"assessment": assessment, **data},
            status=400,
        )
    if action != "submit":
        messages.success(request, _("Draft saved. You can finish it later."))
        return redirect("academy:assessment-take")
    if assessment_unrated(assessment=assessment):
        # The answers are saved; the confirmation is a page of its own, so its
        # links back into the form load the form.
        take = reverse("academy:assessment-take")
        return redirect(f"{take}?confirm={assessment.pk}")
    assessment_submit(assessment=assessment)
    return _submitted(request)


def _labels(rows) -> list[str]:
    return [label for _a, _mean, label in rows]


def _level_names(assessments) -> dict[int, str]:
    framework = assessments[-1].framework
    return dict(framework.levels.values_list("value", "name"))


@learner_required
def assessment_history_view(request):
    history = assessment_history(user=request.user)
    context = {"assessments": history}
    if history:
        names = _level_names(history)
        top = max(names) if names else 4
        series = growth_by_domain(assessments=history)
        labels = [a.when for a in history]
        context["domain_charts"] = [
            {
                "series": s,
                "chart": line_chart(
                    uid=f"domain-{n}",
                    title=_("%(domain)s: mean rating over time") % {"domain": s.name},
                    categories=labels,
                    series=[Series(s.name, [v for _a, v in s.points], _labels(s.rows))],
                    max_level=top,
                    level_names=names,
                ),
            }
            for n, s in enumerate(series)
        ]
        first, latest = history[0], history[-1]
        profile_rows = [
            {
                "name": s.name,
                "first": s.rows[0],
                "latest": s.rows[-1],
                "change": None
                if s.points[0][1] is None or s.points[-1][1] is None
                else round(s.points[-1][1] - s.points[0][1], 2),
            }
            for s in series
        ]
        context["profile"] = {
            "first": first,
            "latest": latest,
            "rows": profile_rows,
            "chart": bar_chart(
                uid="profile",
                title=_("Profile: first and latest assessment by domain"),
                categories=[r["name"] for r in profile_rows],
                series=[
                    Series(
                        _("First (%s)") % labels[0],
                        [r["first"][1] for r in profile_rows],
                        [r["first"][2] for r in profile_rows],
                    ),
                    Series(
                        _("Latest (%s)") % labels[-1],
                        [r["latest"][1] for r in profile_rows],
                        [r["latest"][2] for r in profile_rows],
                    ),
                ],
                max_level=top,
                level_names=names,
            ),
        }
    gaps = assessment_gaps(user=request.user)
    context["gaps"] = gaps
    context["gap_modules"] = gap_modules(user=request.user, gaps=gaps)
    return TemplateResponse(request, "academy/assessments/history.html", context)


@learner_required
def assessment_detail(request, pk: int):
    assessment = assessment_for_owner(user=request.user, pk=pk)
    if assessment is None or not assessment.is_submitted:
        raise Http404
    ratings = Rating.objects.filter(assessment=assessment).order_by(
        "domain_code", "competency_code"
    )
    return TemplateResponse(
        request,
        "academy/assessments/detail.html",
        {"assessment": assessment, "ratings": ratings},
    )


@learner_required
def assessment_compare_view(request):
    history = assessment_history(user=request.user)
    if len(history) < 2:
        messages.info(request, _("Submit two self-assessments to compare them."))
        return redirect("academy:assessment-history")
    by_pk = {a.pk: a for a in history}

    def pick(name, default):
        value = request.GET.get(name, "")
        number = _whole_number(value)
        return by_pk.get(number) if number else default

    first = pick("first", history[0])
    second = pick("second", history[-1])
    if first is None or second is None:
        raise Http404
    return TemplateResponse(
        request,
        "academy/assessments/compare.html",
        {
            "assessments": history,
            "first": first,
            "second": second,
            "groups": assessment_compare(first=first, second=second),
        },
    )


def _export_rows(user):
    return assessment_export_rows(user=user)


@learner_required
def assessment_export(request, fmt: str):
    """Download the learner's whole history: CSV for spreadsheets, JSON for systems."""
    rows = _export_rows(request.user)
    if fmt == "json":
        assessments: dict[int, dict] = {}
        for r in rows:
            entry = assessments.setdefault(
                r.assessment_id,
                {
                    "kind": r.assessment.kind,
                    "kind_label": r.assessment.get_kind_display(),
                    "submitted_at": iso_local(r.assessment.submitted_at),
                    "ratings": [],
                },
            )
            entry["ratings"].append(
                {
                    "domain": r.domain_name,
                    "code": r.competency_code,
                    "competency": r.competency_name,
                    "level": r.level,
                    "answer": r.answer,
                    "level_name": r.level_name,
                    "note": r.note,
                }
            )
        response = JsonResponse(
            {"assessments": list(assessments.values())},
            json_dumps_params={"indent": 2, "ensure_ascii": False},
        )
    else:
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(
            ["submitted_at", "kind", "domain", "code", "competency", "level",
             "level_name", "note"]
        )  # fmt: skip
        for r in rows:
            writer.writerow(
                [iso_local(r.assessment.submitted_at), r.assessment.get_kind_display(),
                 r.domain_name, r.competency_code, r.competency_name,
                 "" if r.level is None else r.level, r.level_name, r.note]
            )  # fmt: skip
        response = HttpResponse(
            buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="self-assessments.{fmt}"'
    return response
