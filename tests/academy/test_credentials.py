import hashlib
import json
import uuid
from datetime import UTC

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from academy.conf import site_name
from academy.models import Credential
from academy.selectors.credentials import credential_badge_document
from academy.services.credentials import credential_issue, credential_revoke
from tests.academy.factories import (
    CredentialFactory,
    EnrolmentFactory,
    RevokedCredentialFactory,
    UserFactory,
    wagtail_editors_group,
)
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    ModuleCompetencyFactory,
    ModulePageFactory,
)

pytestmark = pytest.mark.django_db

REVOKE = "academy_credentials:revoke"


@pytest.fixture
def module(curriculum_index, framework):
    """A module that develops two competencies of the cross-sector framework."""
    module = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    domain = DomainFactory(framework=framework, code="TR", name="Trust")
    for code, name, level in (
        ("TR.1", "Building trust", 3),
        ("TR.2", "Repairing trust", 2),
    ):
        ModuleCompetencyFactory(
            module=module,
            competency=CompetencyFactory(domain=domain, code=code, name=name),
            target_level=level,
        )
    return module


@pytest.fixture
def credential(learner, module):
    """The credential Lena earned by completing the trust module."""
    enrolment = EnrolmentFactory(
        user=learner, module=module, completed_at=timezone.now()
    )
    return credential_issue(enrolment=enrolment)


def _on(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _detail(credential) -> str:
    return reverse("academy:credential-detail", args=[credential.public_id])


def _verify(credential) -> str:
    return reverse("academy:credential-verify", args=[credential.public_id])


def _badge(credential) -> str:
    return reverse("academy:credential-badge", args=[credential.public_id])


def _unstamped(case_node: dict) -> dict:
    """Drop lastChangeDateTime: every rendering stamps its own second."""
    return {k: v for k, v in case_node.items() if k != "lastChangeDateTime"}


def test_learner_opens_a_printable_certificate_of_their_credential(
    client, learner, credential, django_assert_max_num_queries
):
    client.force_login(learner)
    with django_assert_max_num_queries(10):
        response = client.get(_detail(credential))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Certificate of completion" in html
    assert credential.recipient_name in html
    assert "Trust as infrastructure" in html
    assert _on(credential.issued_at) in html
    assert "TR.1 Building trust" in html
    assert "target level 3" in html
    assert f'<p class="certificate__issuer">{site_name()}</p>' in html
    assert f"http://testserver{_verify(credential)}" in html
    assert f'href="http://testserver{_badge(credential)}"' in html
    assert "data-print" in html
    assert "academy/print.js" in html
    assert "academy/certificate.css" in html
    assert "revoked" not in html.lower()


def test_certificate_query_count_does_not_grow_with_competencies(
    client, learner, curriculum_index, framework, django_assert_max_num_queries
):
    module = ModulePageFactory(parent=curriculum_index)
    domain = DomainFactory(framework=framework)
    for _ in range(12):
        ModuleCompetencyFactory(module=module, competency__domain=domain)
    credential = CredentialFactory(user=learner, module=module)
    assert len(credential.competencies) == 12
    client.force_login(learner)
    with django_assert_max_num_queries(10):
        assert client.get(_detail(credential)).status_code == 200


def test_another_learner_guessing_the_certificate_address_finds_nothing(
    client, other_learner, credential
):
    client.force_login(other_learner)
    response = client.get(_detail(credential))
    assert response.status_code == 404
    assert credential.recipient_name not in response.content.decode()


def test_a_visitor_must_log_in_to_see_a_certificate(client, credential):
    response = client.get(_detail(credential))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_anyone_can_check_that_a_credential_is_valid(
    client, credential, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get(_verify(credential))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert (
        f"{credential.recipient_name} completed “Trust as infrastructure” on "
        f"{_on(credential.issued_at)}, issued by {site_name()}."
    ) in html
    assert "<strong>Valid</strong>" in html
    assert _badge(credential) in html
    assert "learner@example.org" not in html


def test_a_revoked_credential_says_when_and_why_on_every_page(
    client, learner, credential
):
    credential_revoke(credential=credential, reason="Completed by someone else.")
    html = client.get(_verify(credential)).content.decode()
    assert "Not valid" in html
    assert (
        f"Revoked on {_on(credential.revoked_at)}: Completed by someone else." in html
    )
    assert "<strong>Valid</strong>" not in html

    client.force_login(learner)
    certificate = client.get(_detail(credential)).content.decode()
    assert "this credential was revoked on" in certificate
    assert "Completed by someone else." in certificate


def test_an_unknown_credential_id_shows_the_sites_not_found_page(client, home_page):
    unknown = uuid.uuid4()
    for name in ("academy:credential-verify", "academy:credential-badge"):
        response = client.get(reverse(name, args=[unknown]))
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()


def test_the_badge_is_an_open_badges_3_credential_aligned_to_the_framework(
    client, credential, framework, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(_badge(credential))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    badge = response.json()
    assert badge["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["id"] == f"http://testserver{_badge(credential)}"
    assert badge["issuer"]["type"] == ["Profile"]
    assert badge["issuer"]["id"] == "http://testserver"
    assert badge["validFrom"].endswith("Z")
    assert badge["name"] == "Trust as infrastructure"
    subject = badge["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Trust as infrastructure"
    assert achievement["id"] == f"http://testserver{credential.module.url}"
    assert "Completed every lesson" in achievement["criteria"]["narrative"]

    alignments = achievement["alignment"]
    assert [a["targetCode"] for a in alignments] == ["TR.1", "TR.2"]
    for alignment, frozen in zip(alignments, credential.competencies, strict=True):
        assert alignment["type"] == ["Alignment"]
        assert alignment["targetType"] == "CFItem"
        assert alignment["targetName"] == frozen["name"]
        assert alignment["targetFramework"] == "Cross-sector leadership"
        assert alignment["targetUrl"] == (
            f"http://testserver/curriculum/case/CFItems/{frozen['identifier']}"
        )
        item = client.get(alignment["targetUrl"])
        assert item.status_code == 200
        assert item.json()["identifier"] == frozen["identifier"]
        assert item.json()["abbreviatedStatement"] == frozen["name"]
        assert item.json()["uri"] == alignment["targetUrl"]


def test_the_badge_names_the_learner_only_by_a_salted_hash_of_their_email(
    client, credential
):
    response = client.get(_badge(credential))
    assert "learner@example.org" not in response.content.decode().lower()
    (identity,) = response.json()["credentialSubject"]["identifier"]
    assert identity["type"] == "IdentityObject"
    assert identity["hashed"] is True
    assert identity["identityType"] == "emailAddress"
    digest = hashlib.sha256(
        f"learner@example.org{identity['salt']}".encode()
    ).hexdigest()
    assert identity["identityHash"] == f"sha256${digest}"


def test_a_revoked_badge_is_gone_and_says_why(client, learner, module):
    credential = RevokedCredentialFactory(user=learner, module=module)
    response = client.get(_badge(credential))
    assert response.status_code == 410
    assert response.json() == {
        "id": f"http://testserver{_badge(credential)}",
        "revoked": True,
        "revokedAt": credential.revoked_at.astimezone(UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ),
        "reason": "Issued in error: the module was not completed.",
    }
    assert "learner@example.org" not in response.content.decode()


def test_a_badge_outlives_its_deleted_module(learner, module):
    credential = CredentialFactory(user=learner, module=module)
    credential.module = None
    document = credential_badge_document(
        credential=credential, base_url="https://academy.example/"
    )
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["id"] == (
        f"https://academy.example{_verify(credential)}#achievement"
    )
    assert achievement["name"] == module.title
    assert len(achievement["alignment"]) == 2
    assert "targetFramework" not in achievement["alignment"][0]
    json.dumps(document)  # plain data, ready to serve


def test_case_items_and_documents_resolve_at_the_uris_the_package_names(
    client, framework, module
):
    package = client.get(
        reverse("curriculum:case-package", args=[framework.identifier])
    ).json()["CFPackage"]
    for item in package["CFItems"]:
        assert _unstamped(client.get(item["uri"]).json()) == _unstamped(item)
        assert client.get(item["uri"] + "/").json()["identifier"] == item["identifier"]
    document = client.get(package["CFDocument"]["uri"])
    assert document.status_code == 200
    assert document.json()["title"] == "Cross-sector leadership"
    missing = reverse("curriculum:case-item", args=["no-such-item"])
    assert client.get(missing).status_code == 404


def test_staff_revoke_a_credential_and_its_public_page_says_so(
    client, staff, credential
):
    client.force_login(staff)
    listing = client.get(reverse("academy_credentials:index"))
    assert listing.status_code == 200
    assert credential.recipient_name in listing.content.decode()
    assert reverse(REVOKE, args=[credential.pk]) in listing.content.decode()
    inspect_url = reverse("academy_credentials:inspect", args=[credential.pk])
    assert (
        reverse(REVOKE, args=[credential.pk])
        in client.get(inspect_url).content.decode()
    )

    form = client.get(reverse(REVOKE, args=[credential.pk]))
    assert form.status_code == 200
    assert "Reason" in form.content.decode()
    response = client.post(
        reverse(REVOKE, args=[credential.pk]),
        {"reason": "The learner asked us to withdraw it."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == inspect_url
    assert "is revoked" in response.content.decode()
    credential.refresh_from_db()
    assert credential.is_revoked

    html = client.get(_verify(credential)).content.decode()
    assert "The learner asked us to withdraw it." in html
    assert "Not valid" in html


def test_revoking_twice_keeps_the_first_reason(client, staff, learner, module):
    credential = RevokedCredentialFactory(user=learner, module=module)
    client.force_login(staff)
    response = client.post(
        reverse(REVOKE, args=[credential.pk]), {"reason": "Another reason"}, follow=True
    )
    assert "was already revoked" in response.content.decode()
    credential.refresh_from_db()
    assert credential.revoked_reason == "Issued in error: the module was not completed."


def test_staff_find_revoked_credentials_with_the_filter_and_search(
    client, staff, credential, other_learner, module
):
    revoked = RevokedCredentialFactory(user=other_learner, module=module)
    client.force_login(staff)
    url = reverse("academy_credentials:index")
    html = client.get(url, {"revoked": "true"}).content.decode()
    assert revoked.recipient_name in html
    assert credential.recipient_name not in html
    html = client.get(url, {"revoked": "false"}).content.decode()
    assert credential.recipient_name in html
    assert revoked.recipient_name not in html
    html = client.get(url, {"q": revoked.recipient_name}).content.decode()
    assert revoked.recipient_name in html
    assert credential.recipient_name not in html


def test_a_learner_cannot_reach_the_revoke_screen(client, learner, credential):
    client.force_login(learner)
    url = reverse(REVOKE, args=[credential.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"reason": "I do not want it"})
    assert response.status_code == 403
    assert not Credential.objects.get(pk=credential.pk).is_revoked


def test_an_editor_without_the_credential_permission_cannot_revoke(client, credential):
    editor = UserFactory(email="editor@example.org")
    editor.groups.add(wagtail_editors_group())
    client.force_login(editor)
    url = reverse(REVOKE, args=[credential.pk])
    response = client.post(url, {"reason": "Tidying up"}, follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "Sorry, you do not have permission" in response.content.decode()
    assert not Credential.objects.get(pk=credential.pk).is_revoked
