from django.db import migrations


def answers_to_bank_questions(apps, schema_editor):
    """Re-home answers to single knowledge-check blocks onto the bank questions
    those blocks became, with the choice the learner picked."""
    Attempt = apps.get_model("academy", "KnowledgeCheckAttempt")
    Question = apps.get_model("curriculum", "Question")
    QuestionChoice = apps.get_model("curriculum", "QuestionChoice")
    QuestionAnswer = apps.get_model("academy", "QuestionAnswer")
    AnswerChoice = apps.get_model("academy", "AnswerChoice")
    questions = {
        (q.lesson_id, q.legacy_block_id): q
        for q in Question.objects.exclude(legacy_block_id="")
    }
    choices = {
        (c.question_id, c.sort_order): c
        for c in QuestionChoice.objects.filter(question__in=list(questions.values()))
    }
    for attempt in Attempt.objects.order_by("pk").iterator():
        question = questions.get((attempt.lesson_id, attempt.block_id))
        if question is None:
            continue
        answer = QuestionAnswer.objects.create(
            user_id=attempt.user_id,
            question=question,
            lesson_id=attempt.lesson_id,
            question_text=question.prompt,
            response_text=attempt.choice_text,
            correct=attempt.correct,
        )
        # auto_now_add stamped today; keep when it was really answered.
        QuestionAnswer.objects.filter(pk=answer.pk).update(
            created_at=attempt.created_at
        )
        choice = choices.get((question.pk, attempt.choice))
        if choice is not None:
            AnswerChoice.objects.create(answer=answer, choice=choice)


class Migration(migrations.Migration):
    dependencies = [
        ("academy", "0009_question_answers"),
        ("curriculum", "0002_question_bank_sources_guides"),
    ]

    operations = [
        migrations.RunPython(answers_to_bank_questions, migrations.RunPython.noop),
        migrations.DeleteModel(name="KnowledgeCheckAttempt"),
    ]
