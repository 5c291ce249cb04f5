"""Cohort membership: adding learners by email, from pasted text or a CSV file."""

import csv
import io
import re
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Cohort, CohortMembership
from ..tasks import cohort_added_email

EMAIL_HEADERS = {"email", "e-mail", "email address", "e-mail address"}

_QUOTED = re.compile(r'"[^"]*"')
_SEPARATORS = re.compile(r"[,;\r\n]+")
_TOKENS = re.compile(r"<([^<>]*)>|([^\s<>]+)")


@dataclass
class CohortAddReport:
    added: list = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [
            ngettext(
                "%(count)d learner added", "%(count)d learners added", len(self.added)
            )
            % {"count": len(self.added)}
        ]
        if self.already:
            parts.append(
                ngettext(
                    "%(count)d already a member",
                    "%(count)d already members",
                    len(self.already),
                )
                % {"count": len(self.already)}
            )
        if self.unknown:
            parts.append(_("not found: %s") % ", ".join(self.unknown))
        if self.invalid:
            parts.append(_("not email addresses: %s") % ", ".join(self.invalid))
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
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


@transaction.atomic
def cohort_add_members(*, cohort: Cohort, emails: list[str]) -> CohortAddReport:
    """Add the learners with these emails to the cohort and email each new member."""
    report = CohortAddReport()
    wanted = []
    for email in _normalise(emails):
        (wanted if _is_valid(email) else report.invalid).append(email)
    users = {}
    matches = (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=wanted)
        .order_by("pk")
    )
    for user in matches:
        users.setdefault(user.email_lower, user)  # the oldest account wins a tie
    members = set(
        CohortMembership.objects.filter(
            cohort=cohort, user__in=list(users.values())
        ).values_list("user_id", flat=True)
    )
    for email in wanted:
        user = users.get(email)
        if user is None:
            report.unknown.append(email)
        elif user.pk in members:
            report.already.append(email)
        else:
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
    return report


@transaction.atomic
def cohort_remove_member(*, cohort: Cohort, user) -> bool:
    """Remove a learner from the cohort; return whether they were a member."""
    deleted, _rows = CohortMembership.objects.filter(cohort=cohort, user=user).delete()
    return bool(deleted)
