"""Cohort membership: adding learners by email (or inviting them), from text or CSV."""

import csv
import io
import re
from dataclasses import dataclass, field
from functools import partial

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Cohort, CohortInvitation, CohortMembership
from ..tasks import cohort_added_email, cohort_invitation_email

EMAIL_MAX_LENGTH = 254  # the longest address an EmailField stores
EMAIL_HEADERS = {"email", "e-mail", "email address", "e-mail address"}

_QUOTED = re.compile(r'"[^"]*"')
_SEPARATORS = re.compile(r"[,;\r\n]+")
_TOKENS = re.compile(r"<([^<>]*)>|([^\s<>]+)")


@dataclass
class CohortAddReport:
    added: list = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [
            ngettext(
                "%(count)d learner added", "%(count)d learners added", len(self.added)
            )
            % {"count": len(self.added)}
        ]
        if self.invited:
            parts.append(
                ngettext(
                    "%(count)d invited to sign up",
                    "%(count)d invited to sign up",
                    len(self.invited),
                )
                % {"count": len(self.invited)}
            )
        if self.already_invited:
            parts.append(
                ngettext(
                    "%(count)d already invited today",
                    "%(count)d already invited today",
                    len(self.already_invited),
                )
                % {"count": len(self.already_invited)}
            )
        if self.already:
            parts.append(
                ngettext(
                    "%(count)d already a member",
                    "%(count)d already members",
                    len(self.already),
                )
                % {"count": len(self.already)}
            )
        if self.invalid:
            parts.append(
                ngettext(
                    "%(count)d not an email address: %(emails)s",
                    "%(count)d not email addresses: %(emails)s",
                    len(self.invalid),
                )
                % {"count": len(self.invalid), "emails": ", ".join(self.invalid)}
            )
        return "; ".join(parts) + "."


def emails_from_text(text: str) -> list[str]:
    """Return the addresses in pasted text, in order, including "Name <email>" forms."""
    emails = []
    # A quoted display name may hold commas; it is never an address.
    for segment in _SEPARATORS.split(_QUOTED.sub(" ", text or "")):
        tokens = [
            (m[1] is not None, m[1] if m[1] is not None else m[2])
            for m in _TOKENS.finditer(segment)
        ]
        named = any(bracketed for bracketed, _token in tokens)
        for bracketed, token in tokens:
            token = token.strip()
            # Next to a <bracketed> address, words without "@" are the display name.
            if token and (bracketed or not named or "@" in token):
                emails.append(token)
    return emails


def emails_from_csv(file_bytes: bytes) -> list[str]:
    """Return the addresses in a CSV file's "email" column, else its first column."""
    try:
        text = file_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(
            _("The file is not UTF-8 text; save it as “CSV UTF-8” and try again.")
        ) from None
    if "\x00" in text:
        raise ValueError(_("The file is not a CSV file."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(row)]
    except csv.Error as exc:
        raise ValueError(_("The file is not a readable CSV file: %s") % exc) from None
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((i for i, name in enumerate(header) if name in EMAIL_HEADERS), None)
    if column is not None:
        rows = rows[1:]
    else:
        column = 0
        if "@" not in rows[0][0]:  # a header naming the column something else
            rows = rows[1:]
    return [
        email
        for row in rows
        if len(row) > column
        for email in emails_from_text(row[column])
    ]


def _normalise(emails: list[str]) -> list[str]:
    return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))


def _is_valid(email: str) -> bool:
    if len(email) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def _verified_accounts(emails: list[str]) -> dict[str, object]:
    """Map each lower-cased address to the active account that has verified it."""
    User = get_user_model()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        pairs = (
            EmailAddress.objects.filter(verified=True, user__is_active=True)
            .annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .order_by("user_id")
            .values_list("email_lower", "user_id")
        )
        owners = {}
        for email, user_id in pairs:
            owners.setdefault(email, user_id)  # the oldest account wins a tie
        by_pk = User.objects.in_bulk(list(owners.values()))
        return {email: by_pk[user_id] for email, user_id in owners.items()}
    # Without allauth there is no verification step: an active account counts.
    users = {}
    matches = (
        User.objects.filter(is_active=True)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .order_by("pk")
    )
    for user in matches:
        users.setdefault(user.email_lower, user)
    return users


def _invite(
    *, cohort: Cohort, emails: list[str], invited_by, report: CohortAddReport
) -> None:
    """Invite each address once; re-adding a pending one re-sends only on a new day."""
    now = timezone.now()
    pending = {
        invitation.email_lower: invitation
        for invitation in CohortInvitation.objects.select_for_update()
        .annotate(email_lower=Lower("email"))
        .filter(cohort=cohort, accepted_at__isnull=True, email_lower__in=emails)
    }
    new, reminders = [], []
    for email in emails:
        invitation = pending.get(email)
        if invitation is None:
            new.append(
                CohortInvitation(
                    cohort=cohort, email=email, invited_by=invited_by, sent_at=now
                )
            )
        elif invitation.sent_at and timezone.localdate(
            invitation.sent_at
        ) == timezone.localdate(now):
            report.already_invited.append(email)
            continue
        else:
            invitation.sent_at = now
            reminders.append(invitation)
        report.invited.append(email)
    created = CohortInvitation.objects.bulk_create(new)
    if any(invitation.pk is None for invitation in created):  # no ids returned
        created = CohortInvitation.objects.filter(
            cohort=cohort, accepted_at__isnull=True, email__in=[i.email for i in new]
        )
    CohortInvitation.objects.bulk_update(reminders, ["sent_at"])
    for invitation in [*created, *reminders]:
        transaction.on_commit(partial(cohort_invitation_email.enqueue, invitation.pk))


@transaction.atomic
def cohort_add_members(
    *, cohort: Cohort, emails: list[str], invited_by=None
) -> CohortAddReport:
    """Add verified accounts to the cohort at once and invite every other address."""
    # Two staff adding the same people at once take turns rather than collide.
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    report = CohortAddReport()
    wanted = []
    for email in _normalise(emails):
        (wanted if _is_valid(email) else report.invalid).append(email)
    users = _verified_accounts(wanted)
    members = set(
        CohortMembership.objects.filter(
            cohort=cohort, user__in=list(users.values())
        ).values_list("user_id", flat=True)
    )
    to_invite = []
    for email in wanted:
        user = users.get(email)
        if user is None:
            to_invite.append(email)
        elif user.pk in members:
            report.already.append(email)
        else:
            members.add(user.pk)  # two verified addresses of one account add it once
            report.added.append(user)
    memberships = CohortMembership.objects.bulk_create(
        [CohortMembership(cohort=cohort, user=user) for user in report.added]
    )
    if any(m.pk is None for m in memberships):  # backends that return no ids
        memberships = CohortMembership.objects.filter(
            cohort=cohort, user__in=report.added
        )
    for membership in memberships:
        transaction.on_commit(partial(cohort_added_email.enqueue, membership.pk))
    _invite(cohort=cohort, emails=to_invite, invited_by=invited_by, report=report)
    return report


@transaction.atomic
def cohort_invitations_accept(*, user, email: str) -> list[Cohort]:
    """Join the account to every cohort that invited this now-verified address."""
    pending = list(
        CohortInvitation.objects.select_for_update()
        .annotate(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower(), accepted_at__isnull=True)
        .select_related("cohort")
    )
    if not pending:
        return []
    cohorts = [invitation.cohort for invitation in pending]
    CohortMembership.objects.bulk_create(
        [CohortMembership(cohort=cohort, user=user) for cohort in cohorts],
        ignore_conflicts=True,
    )
    CohortInvitation.objects.filter(pk__in=[i.pk for i in pending]).update(
        accepted_at=timezone.now()
    )
    return cohorts


@transaction.atomic
def cohort_remove_member(*, cohort: Cohort, user) -> bool:
    """Remove a learner from the cohort; return whether they were a member."""
    deleted, _rows = CohortMembership.objects.filter(cohort=cohort, user=user).delete()
    return bool(deleted)
