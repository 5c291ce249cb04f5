"""Upgrading keeps what learners answered: single knowledge-check blocks become bank
questions, and the answers given to them follow."""

import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("academy", "0008_learner_time_zone"), ("curriculum", "0001_initial")]
AFTER = [
    ("academy", "0010_legacy_answers"),
    ("curriculum", "0002_question_bank_sources_guides"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_single_checks_and_their_answers_move_into_the_question_bank():
    apps = _migrate(BEFORE)
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModulePage = apps.get_model("curriculum", "ModulePage")
    LessonPage = apps.get_model("curriculum", "LessonPage")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Attempt = apps.get_model("academy", "KnowledgeCheckAttempt")

    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.first() or Locale.objects.create(language_code="en")
    page_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    root = Page.objects.filter(depth=1).first() or Page.objects.create(
        title="Root",
        slug="root",
        path="0001",
        depth=1,
        url_path="/",
        content_type=page_type,
        locale=locale,
    )
    module_type, _ = ContentType.objects.get_or_create(
        app_label="curriculum", model="modulepage"
    )
    lesson_type, _ = ContentType.objects.get_or_create(
        app_label="curriculum", model="lessonpage"
    )
    module = ModulePage.objects.create(
        title="Trust",
        slug="trust-upgrade",
        path=root.path + "0099",
        depth=2,
        content_type=module_type,
        locale=locale,
        summary="Trust.",
        url_path="/trust-upgrade/",
    )
    block_id = str(uuid.uuid4())
    lesson = LessonPage.objects.create(
        title="Kept promises",
        slug="kept-promises",
        path=module.path + "0001",
        depth=3,
        content_type=lesson_type,
        locale=locale,
        url_path="/trust-upgrade/kept-promises/",
        body=[
            {"type": "markdown", "value": "Read.", "id": str(uuid.uuid4())},
            {
                "type": "knowledge_check",
                "id": block_id,
                "value": {
                    "question": "What builds transactional trust?",
                    "choices": [
                        {
                            "type": "item",
                            "id": "a",
                            "value": {"text": "A new logo", "correct": False},
                        },
                        {
                            "type": "item",
                            "id": "b",
                            "value": {"text": "Kept promises", "correct": True},
                        },
                    ],
                    "explanation": "A record partners rely on.",
                },
            },
        ],
    )
    names = {f.name for f in User._meta.get_fields()}
    user = User.objects.create(
        email="upgrader@example.org",
        **({"username": "upgrader"} if "username" in names else {}),
    )
    Attempt.objects.create(
        user=user,
        lesson=lesson,
        block_id=block_id,
        choice=0,
        choice_text="A new logo",
        correct=False,
    )
    Attempt.objects.create(
        user=user,
        lesson=lesson,
        block_id=block_id,
        choice=1,
        choice_text="Kept promises",
        correct=True,
    )

    apps = _migrate(AFTER)
    Question = apps.get_model("curriculum", "Question")
    QuestionAnswer = apps.get_model("academy", "QuestionAnswer")
    LessonPage = apps.get_model("curriculum", "LessonPage")

    question = Question.objects.get(lesson_id=lesson.pk)
    assert question.module_id == module.pk
    assert question.key == "kept-promises-1"
    assert question.prompt == "What builds transactional trust?"
    assert [(c.text, c.correct) for c in question.choices.order_by("sort_order")] == [
        ("A new logo", False),
        ("Kept promises", True),
    ]
    answers = QuestionAnswer.objects.filter(question=question).order_by("pk")
    assert [(a.response_text, a.correct) for a in answers] == [
        ("A new logo", False),
        ("Kept promises", True),
    ]
    picked = [a.picks.get().choice.text for a in answers]
    assert picked == ["A new logo", "Kept promises"]
    body = LessonPage.objects.get(pk=lesson.pk).body
    assert [block["type"] for block in body.raw_data] == ["markdown"]
