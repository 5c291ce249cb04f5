import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from academy.models import Credential
from tests.academy.factories import UserFactory
from tests.curriculum.factories import ModulePageFactory


def _frozen_competencies(credential) -> list[dict]:
    """Freeze the module's competency targets the way credential_issue does."""
    targets = credential.module.competency_targets.select_related(
        "competency__domain__framework"
    )
    return [
        {
            "identifier": t.competency.identifier,
            "framework": t.competency.domain.framework.identifier,
            "code": t.competency.code,
            "name": t.competency.name,
            "target_level": t.target_level,
        }
        for t in targets
    ]


class CredentialFactory(DjangoModelFactory):
    """A credential for a completed module, frozen from the module as issued."""

    class Meta:
        model = Credential

    user = factory.SubFactory(UserFactory)
    module = factory.SubFactory(ModulePageFactory)
    recipient_name = factory.LazyAttribute(
        lambda o: o.user.get_full_name() or o.user.email
    )
    module_title = factory.LazyAttribute(lambda o: o.module.title)
    competencies = factory.LazyAttribute(_frozen_competencies)


class RevokedCredentialFactory(CredentialFactory):
    """A credential staff withdrew, with the reason they gave."""

    revoked_at = factory.LazyFunction(timezone.now)
    revoked_reason = "Issued in error: the module was not completed."
