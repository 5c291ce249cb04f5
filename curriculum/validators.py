"""One rule for free text, shared by every form and importer of the three apps.

PostgreSQL refuses NUL bytes outright (a server error), and the other control
characters are invisible in pages and break CSV, CASE and iCalendar output.
Tab, line feed and carriage return are text; browsers send CR LF from a textarea.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# Free text a person writes: reflections, notes, goals, bios, feedback.
TEXT_MAX_LENGTH = 20_000
# A framework or curriculum file given to an importer.
IMPORT_MAX_BYTES = 5 * 1024 * 1024

# C0 controls but tab/LF/CR, DEL, the C1 controls, and lone UTF-16 surrogates (a
# JSON or YAML escape such as \ud800 makes one; no database driver can encode it).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def find_control_character(value: str) -> int | None:
    """Return the index of the first forbidden character, or None."""
    match = _CONTROL.search(value)
    return match.start() if match else None


def validate_plain_text(value) -> None:
    """Refuse NUL and other control characters; allow tab and line breaks."""
    if isinstance(value, str) and find_control_character(value) is not None:
        raise ValidationError(
            _(
                "This text contains a control character (such as a NUL byte) "
                "that cannot be saved. Remove it and try again."
            ),
            code="control_character",
        )


class PlainTextFormMixin:
    """Apply validate_plain_text to every text field of the form.

    Text fields without their own limit get TEXT_MAX_LENGTH, so a pasted novel is a
    form error rather than a slow request or a database error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                if validate_plain_text not in field.validators:
                    field.validators.append(validate_plain_text)
                if field.max_length is None:
                    field.max_length = TEXT_MAX_LENGTH
                    field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
                    field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))
