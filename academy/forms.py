from django import forms
from django.utils.translation import gettext_lazy as _

from curriculum.validators import PlainTextFormMixin

from .models import LearnerProfile
from .timezones import STATE_TIME_ZONES, TIME_ZONE_CHOICES


class LearnerProfileForm(PlainTextFormMixin, forms.ModelForm):
    """The onboarding profile; the name also goes on the learner's certificates."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        help_text=_("As you would like it on your certificates."),
    )

    field_order = ["first_name", "last_name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        # Empty means "follow my state", so moving state moves the zone too.
        follow_state = _("The time zone of my state or territory")
        if state_zone := STATE_TIME_ZONES.get(self.instance.state):
            follow_state = _("%(choice)s (now: %(zone)s)") % {
                "choice": follow_state,
                "zone": dict(TIME_ZONE_CHOICES)[state_zone],
            }
        self.fields["time_zone"].choices = [("", follow_state), *TIME_ZONE_CHOICES]

    def save(self, commit=True):
        self.user.first_name = self.cleaned_data["first_name"].strip()
        self.user.last_name = self.cleaned_data["last_name"].strip()
        self.user.save(update_fields=["first_name", "last_name"])
        self.instance.user = self.user
        return super().save(commit=commit)

    class Meta:
        model = LearnerProfile
        fields = [
            "sector",
            "organization",
            "job_title",
            "state",
            "time_zone",
            "years_in_executive_role",
            "share_assessment_with_mentor",
            "non_essential_email",
        ]
        widgets = {
            "organization": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "years_in_executive_role": forms.NumberInput(attrs={"min": 0, "max": 60}),
        }

    def clean_years_in_executive_role(self):
        years = self.cleaned_data["years_in_executive_role"]
        if years > 60:
            raise forms.ValidationError(_("Enter the number of years, 60 or fewer."))
        return years


class ReflectionForm(PlainTextFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
