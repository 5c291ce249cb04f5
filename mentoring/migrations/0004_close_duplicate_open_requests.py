"""Close all but each learner's newest open request, before the database enforces one.

The older open requests become "withdrawn"; nothing is deleted, so staff can still
see them. Newest means the latest created_at, then the highest id.
"""

from django.db import migrations
from django.db.models import Count


def close_duplicate_open_requests(apps, schema_editor):
    MentoringRequest = apps.get_model("mentoring", "MentoringRequest")
    open_requests = MentoringRequest.objects.filter(status="open")
    learners = (
        open_requests.values("learner_id")
        .annotate(open_count=Count("id"))
        .filter(open_count__gt=1)
        .values_list("learner_id", flat=True)
    )
    for learner_id in list(learners):
        newest = (
            open_requests.filter(learner_id=learner_id)
            .order_by("-created_at", "-id")
            .values_list("id", flat=True)[0]
        )
        open_requests.filter(learner_id=learner_id).exclude(id=newest).update(
            status="withdrawn"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0003_pair_sides_survive_erasure"),
    ]

    operations = [
        migrations.RunPython(
            close_duplicate_open_requests, migrations.RunPython.noop, elidable=True
        ),
    ]
