"""Credential pages: the owner's certificate, the public check and the Open Badge."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..conf import site_name
from ..models import Credential
from ..selectors.credentials import (
    credential_badge_document,
    credential_for_owner,
    credential_framework_titles,
    credential_public,
    credential_revocation_document,
)


def _page_context(request, credential: Credential) -> dict:
    public_id = credential.public_id
    return {
        "credential": credential,
        "issuer_name": site_name(),
        "verify_url": request.build_absolute_uri(
            reverse("academy:credential-verify", args=[public_id])
        ),
        "badge_url": request.build_absolute_uri(
            reverse("academy:credential-badge", args=[public_id])
        ),
    }


@require_GET
@login_required
def credential_detail(request, public_id: UUID):
    """Show the owner their printable certificate; anyone else gets a 404."""
    credential = credential_for_owner(user=request.user, public_id=public_id)
    if credential is None:
        raise Http404(_("No credential with that id."))
    return TemplateResponse(
        request,
        "academy/credentials/certificate.html",
        _page_context(request, credential),
    )


@require_GET
def credential_verify(request, public_id: UUID):
    """Tell anyone whether a credential is valid or revoked, without the email."""
    credential = credential_public(public_id=public_id)
    if credential is None:
        raise Http404(_("No credential with that id."))
    return TemplateResponse(
        request, "academy/credentials/verify.html", _page_context(request, credential)
    )


@require_GET
def credential_badge(request, public_id: UUID):
    """Serve the Open Badges 3.0 credential, or 410 Gone with the reason if revoked."""
    credential = credential_public(public_id=public_id)
    if credential is None:
        raise Http404(_("No credential with that id."))
    base_url = request.build_absolute_uri("/")
    if credential.is_revoked:
        document = credential_revocation_document(
            credential=credential, base_url=base_url
        )
        status = 410
    else:
        document = credential_badge_document(
            credential=credential,
            base_url=base_url,
            framework_titles=credential_framework_titles(credential=credential),
        )
        status = 200
    response = JsonResponse(
        document, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
