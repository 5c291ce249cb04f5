"""Admin list filters shared by the academy's screens."""

import django_filters

from .validators import BoundedModelChoiceField


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter that answers a huge id with a form error, not a 500."""

    field_class = BoundedModelChoiceField
