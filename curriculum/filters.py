"""Admin list filters shared by the academy's screens."""

import django_filters
from django import forms
from django_filters.fields import ModelChoiceField


class BoundedModelChoiceField(ModelChoiceField):
    """A model choice that reads an id too large for the database as "not a choice"
    (SQLite raises OverflowError past 64 bits instead of finding nothing)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter that answers a huge id with a form error, not a 500."""

    field_class = BoundedModelChoiceField


class InitialFilterSetMixin:
    """A report's filters that start from defaults: `initial` fills what the query
    string leaves out, so the report opens on something rather than nothing."""

    def __init__(self, data=None, *args, initial=None, **kwargs):
        initial = initial or {}
        if data is not None:
            data = data.copy()
            for name, value in initial.items():
                data.setdefault(name, value)
        super().__init__(data, *args, **kwargs)
        for name, value in initial.items():
            self.form.fields[name].initial = value
