"""Reads for credentials: the owner's certificate, the public record, the Open Badge."""

import hashlib
from collections.abc import Mapping
from datetime import UTC
from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext as _

from curriculum.models import Framework

from ..conf import issuer_url, site_name
from ..models import Credential

OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def credential_for_owner(*, user, public_id: UUID) -> Credential | None:
    """Return the user's own credential with that public id, or None for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Credential.objects.filter(user=user, public_id=public_id).first()


def credential_public(*, public_id: UUID) -> Credential | None:
    """Return the credential with that public id, with its learner and module."""
    return (
        Credential.objects.filter(public_id=public_id)
        .select_related("user", "module")
        .first()
    )


def credential_framework_titles(*, credential: Credential) -> dict[str, str]:
    """Return the titles of the frameworks the credential's competencies belong to."""
    identifiers = {c.get("framework") for c in credential.competencies} - {None, ""}
    if not identifiers:
        return {}
    return dict(
        Framework.objects.filter(identifier__in=identifiers).values_list(
            "identifier", "title"
        )
    )


def _iso(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _identity(credential: Credential) -> dict:
    # The salt is public by design (verifiers need it); it only stops one hash
    # from matching the same address across credentials and issuers.
    salt = credential.public_id.hex
    holder = credential.user
    email = (holder.email if holder is not None else "").strip().lower()
    identity, kind = (
        (email, "emailAddress") if email else (credential.recipient_name, "name")
    )
    digest = hashlib.sha256(f"{identity}{salt}".encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "identityType": kind,
        "salt": salt,
    }


def _achievement_id(credential: Credential, base_url: str, fallback: str) -> str:
    module = credential.module
    url = module.get_url() if module is not None else None
    if not url:
        return fallback
    return f"{base_url}{url}" if url.startswith("/") else url


def credential_badge_document(
    *,
    credential: Credential,
    base_url: str,
    framework_titles: Mapping[str, str] | None = None,
) -> dict:
    """Describe the credential as an Open Badges 3.0 OpenBadgeCredential."""
    base_url = base_url.rstrip("/")
    framework_titles = framework_titles or {}
    public_id = credential.public_id
    badge_url = base_url + reverse("academy:credential-badge", args=[public_id])
    verify_url = base_url + reverse("academy:credential-verify", args=[public_id])
    issuer = issuer_url() or base_url
    title = credential.module_title
    module = credential.module
    alignment = []
    for competency in credential.competencies:
        target = {
            "type": ["Alignment"],
            "targetName": competency["name"],
            "targetUrl": base_url
            + reverse("curriculum:case-item", args=[competency["identifier"]]),
            "targetType": "CFItem",
            "targetCode": competency.get("code") or None,
            "targetFramework": framework_titles.get(competency.get("framework")),
            "targetDescription": _("Target proficiency level: %(level)s")
            % {"level": competency.get("target_level")}
            if competency.get("target_level")
            else None,
        }
        alignment.append({k: v for k, v in target.items() if v is not None})
    achievement = {
        "id": _achievement_id(credential, base_url, f"{verify_url}#achievement"),
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": title,
        "description": (module.summary if module is not None else "")
        or _("A module of %(site)s.") % {"site": site_name()},
        "criteria": {
            "narrative": _("Completed every lesson of the module “%(title)s”.")
            % {"title": title}
        },
    }
    if alignment:
        achievement["alignment"] = alignment
    return {
        "@context": OB3_CONTEXT,
        "id": badge_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer,
            "type": ["Profile"],
            "name": site_name(),
            "url": issuer,
        },
        "validFrom": _iso(credential.issued_at),
        "name": title,
        "description": _("%(name)s completed “%(title)s”.")
        % {"name": credential.recipient_name, "title": title},
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [_identity(credential)],
            "achievement": achievement,
        },
    }


def credential_revocation_document(*, credential: Credential, base_url: str) -> dict:
    """Describe why a revoked credential's badge is gone."""
    badge_url = base_url.rstrip("/") + reverse(
        "academy:credential-badge", args=[credential.public_id]
    )
    return {
        "id": badge_url,
        "revoked": True,
        "revokedAt": _iso(credential.revoked_at),
        "reason": credential.revoked_reason,
    }
