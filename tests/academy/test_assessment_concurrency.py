"""Ten submits of one draft at the same moment, each on its own connection."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from academy.models import SelfAssessment
from academy.services.assessments import assessment_start
from tests.academy.factories import LearnerFactory
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    FrameworkFactory,
)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent submits need PostgreSQL row locks; SQLite has one writer.",
)
@pytest.mark.django_db(transaction=True)  # committed data, seen by every thread
def test_ten_submits_at_the_same_moment_make_one_assessment():
    learner = LearnerFactory()
    framework = FrameworkFactory()
    domain = DomainFactory(framework=framework)
    competencies = [CompetencyFactory(domain=domain) for _ in range(3)]
    draft = assessment_start(user=learner, framework=framework)
    form = {"assessment": draft.pk, "action": "submit"}
    form |= {f"level-{c.pk}": "2" for c in competencies}
    clients = []
    for _ in range(10):
        client = Client()
        client.force_login(learner)
        clients.append(client)
    barrier = threading.Barrier(len(clients), timeout=10)
    statuses: list[int] = []

    def submit(client: Client) -> None:
        try:
            barrier.wait()
            statuses.append(
                client.post(reverse("academy:assessment-take"), form).status_code
            )
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert statuses == [302] * 10
    assert SelfAssessment.objects.filter(user=learner).count() == 1
    submitted = SelfAssessment.objects.get(user=learner)
    assert submitted.is_submitted
    assert submitted.ratings.count() == 3
