"""Forms for working together: check-ins, goals, placements, requests and profiles."""

from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from curriculum.models import Competency
from curriculum.selectors import framework_default
from curriculum.validators import PlainTextFormMixin

from .models import (
    DEFAULT_CHECKIN_TIME,
    MEETING_URL,
    MentoringRequest,
    MentorProfile,
    MentorStrength,
    RequestKind,
    ShadowingPlacement,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def competency_choices(
    *, focus_ids=(), focus_label: str = "", labels: dict | None = None
) -> tuple:
    """Return active competencies and their choices: the focus first, then by domain."""
    framework = framework_default()
    queryset = (
        Competency.objects.filter(
            Q(retired=False, domain__framework=framework) | Q(pk__in=list(focus_ids))
        )
        .select_related("domain")
        .order_by("domain__sort_order", "domain__pk", "sort_order", "code")
    )
    competencies = list(queryset)
    labels = labels or {}
    by_id = {c.pk: c for c in competencies}
    focus = [by_id[pk] for pk in dict.fromkeys(focus_ids) if pk in by_id]
    groups: list[tuple[str, list]] = []
    if focus:
        groups.append((focus_label, [(c.pk, labels.get(c.pk, str(c))) for c in focus]))
    chosen = {c.pk for c in focus}
    for competency in competencies:
        if competency.pk in chosen or competency.retired:
            continue
        domain = str(competency.domain)
        if not groups or groups[-1][0] != domain:
            groups.append((domain, []))
        groups[-1][1].append((competency.pk, str(competency)))
    return queryset, groups


class CompetencyChoiceField(forms.ModelMultipleChoiceField):
    """Competency checkboxes that refuse ids no database column can hold."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip().lstrip("-")
            if text.isdigit() and len(text) > 18:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class GroupedCompetenciesMixin:
    """Lay out the `competencies` checkboxes: the focus first, the rest folded away."""

    def set_competency_choices(self, **kwargs) -> None:
        queryset, groups = competency_choices(**kwargs)
        field = self.fields["competencies"]
        field.queryset = queryset
        field.choices = groups
        label = kwargs.get("focus_label")
        self._focus_groups = 1 if groups and label and groups[0][0] == label else 0
        self._groups = groups

    @property
    def competency_groups(self) -> dict:
        """Return the focus and the other groups of checkboxes for the template."""
        widgets = {str(w.data["value"]): w for w in self["competencies"]}
        groups = [
            (label, [widgets[str(value)] for value, _label in options])
            for label, options in self._groups
        ]
        focus, others = groups[: self._focus_groups], groups[self._focus_groups :]
        return {
            "focus": focus,
            "others": others,
            "others_open": any(w.data["selected"] for _l, ws in others for w in ws),
        }


class CheckInForm(PlainTextFormMixin, GroupedCompetenciesMixin, forms.Form):
    met_on = forms.DateField(label=_("Date you met"), widget=DateInput())
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=600, initial=45
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Both of you can read these notes; program staff cannot."),
    )
    competencies = CompetencyChoiceField(
        label=_("Competencies you discussed"),
        queryset=Competency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_checkin_on = forms.DateField(
        label=_("Next check-in"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional. You can add it to your calendar afterwards."),
    )
    next_checkin_time = forms.TimeField(
        label=_("Time of the next check-in"),
        required=False,
        initial=DEFAULT_CHECKIN_TIME,
        widget=TimeInput(),
        help_text=_("In your time zone. It starts the calendar event."),
    )
    meeting_url = forms.URLField(
        label=_("Meeting link for the next check-in"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[MEETING_URL],
        error_messages={
            "invalid": _(
                "Enter the full link to the video call, starting with https://."
            )
        },
        help_text=_("Optional: the video call link, if you meet online."),
    )

    def __init__(self, *args, focus_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met_on"].initial = timezone.localdate()
        self.set_competency_choices(
            focus_ids=focus_ids, focus_label=_("Your shared goals and the request")
        )

    def clean_met_on(self):
        met_on = self.cleaned_data["met_on"]
        if met_on > timezone.localdate():
            raise forms.ValidationError(
                _("A check-in cannot be in the future. Log it after you meet.")
            )
        return met_on

    def clean(self):
        cleaned = super().clean()
        met_on, upcoming = cleaned.get("met_on"), cleaned.get("next_checkin_on")
        if met_on and upcoming and upcoming <= met_on:
            self.add_error(
                "next_checkin_on",
                _("The next check-in must come after the date you met."),
            )
        return cleaned


class GoalForm(PlainTextFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Goal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One sentence you can both recognize when it is met."),
    )
    competency = forms.ModelChoiceField(
        label=_("Competency it develops"),
        queryset=Competency.objects.none(),
        required=False,
    )

    def __init__(self, *args, focus_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        queryset, groups = competency_choices(
            focus_ids=focus_ids, focus_label=_("The learner's request")
        )
        field = self.fields["competency"]
        field.queryset = queryset
        field.choices = [("", _("No particular competency")), *groups]


class ReasonForm(PlainTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = required
        if required:
            field.error_messages["required"] = _("Say why the pair is closing.")
        else:
            field.label = _("Reason (optional)")
            field.help_text = _("Program staff read it to find a better match.")


class PlacementForm(PlainTextFormMixin, GroupedCompetenciesMixin, forms.ModelForm):
    """The learning agreement the host proposes for a shadowing placement."""

    class Meta:
        model = ShadowingPlacement
        fields = [
            "host_organization",
            "site",
            "starts_on",
            "ends_on",
            "objectives",
            "competencies",
            "planned_hours",
            "confidentiality_rules",
            "visitor_rules",
        ]
        field_classes = {"competencies": CompetencyChoiceField}
        widgets = {
            "host_organization": forms.TextInput(
                attrs={"autocomplete": "organization"}
            ),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "competencies": forms.CheckboxSelectMultiple,
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "planned_hours": forms.NumberInput(attrs={"min": 1, "max": 400}),
            "confidentiality_rules": forms.Textarea(attrs={"rows": 3}),
            "visitor_rules": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "objectives": _("What the visitor will see and learn, in a few lines."),
            "planned_hours": _("The total time the visitor spends with you."),
        }

    def __init__(self, *args, focus_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_competency_choices(
            focus_ids=focus_ids, focus_label=_("The learner's request")
        )

    def clean_planned_hours(self):
        hours = self.cleaned_data["planned_hours"]
        if not 1 <= hours <= 400:
            raise forms.ValidationError(_("Plan between 1 and 400 hours."))
        return hours

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot come before the first."))
        return cleaned


class VisitForm(PlainTextFormMixin, forms.Form):
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=0.5,
        max_value=24,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "24"}),
    )
    reflection = forms.CharField(
        label=_("Your reflection on the visit"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you saw, and what you will try in your own organization."),
    )

    def __init__(self, *args, placement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        field = self.fields["visited_on"]
        field.initial = timezone.localdate()
        if placement is not None:
            field.help_text = _("The agreement runs from %(start)s to %(end)s.") % {
                "start": date_format(placement.starts_on),
                "end": date_format(placement.ends_on),
            }

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        if visited_on > timezone.localdate():
            raise forms.ValidationError(_("Log a visit after it happens."))
        placement = self.placement
        if placement and not placement.starts_on <= visited_on <= placement.ends_on:
            raise forms.ValidationError(
                _(
                    "This date is outside the learning agreement, which runs from "
                    "%(start)s to %(end)s. Log a visit made during the agreement."
                )
                % {
                    "start": date_format(placement.starts_on),
                    "end": date_format(placement.ends_on),
                }
            )
        return visited_on


class HostFeedbackForm(PlainTextFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your feedback to the visitor"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )


class MentoringRequestForm(
    PlainTextFormMixin, GroupedCompetenciesMixin, forms.ModelForm
):
    class Meta:
        model = MentoringRequest
        fields = ["kind", "goals", "competencies", "wants_virtual", "wants_in_person"]
        field_classes = {"competencies": CompetencyChoiceField}
        widgets = {
            "kind": forms.RadioSelect,
            "competencies": forms.CheckboxSelectMultiple,
            "goals": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "goals": _("What you want to be able to do a year from now."),
            "kind": _(
                "Shadowing happens in person, with a host in your state who hosts "
                "visits. If you ask for both and no host in your state has a place, "
                "you still get a mentor and can ask for a placement again later."
            ),
        }

    def __init__(self, *args, gaps=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            gap.competency_id: _("%(code)s %(name)s (gap of %(size)d)")
            % {"code": gap.code, "name": gap.name, "size": gap.size}
            for gap in gaps
        }
        self.set_competency_choices(
            focus_ids=[gap.competency_id for gap in gaps],
            focus_label=_("From your latest self-assessment, largest gap first"),
            labels=labels,
        )
        if self.instance.pk is None:
            self.initial.setdefault("competencies", [gap.competency_id for gap in gaps])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        virtual, in_person = (
            cleaned.get("wants_virtual"),
            cleaned.get("wants_in_person"),
        )
        if kind in (RequestKind.SHADOWING, RequestKind.BOTH) and not in_person:
            self.add_error(
                "wants_in_person",
                _("Shadowing happens in person: tick this, or ask for a mentor only."),
            )
        elif not (virtual or in_person):
            self.add_error("wants_virtual", _("Choose at least one way to meet."))
        return cleaned


class MentorProfileForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = MentorProfile
        fields = [
            "sector",
            "organization",
            "role",
            "state",
            "bio",
            "capacity",
            "accepting",
            "hosts_shadowing",
            "offers_virtual",
            "offers_in_person",
            "host_region",
        ]
        labels = {"role": _("Your role")}
        widgets = {
            "organization": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "bio": forms.Textarea(attrs={"rows": 4}),
            "capacity": forms.NumberInput(attrs={"min": 0, "max": 10}),
        }
        help_texts = {
            "bio": _("A few lines for the leaders you are matched with."),
            "capacity": _("0 to 10. Pairs you already have count toward it."),
        }

    def fieldsets(self) -> list[tuple[str, list]]:
        """Return the fields in two groups: the mentor's role, and how they mentor."""
        role = ["sector", "organization", "role", "state", "bio"]
        return [
            (_("Your role"), [self[name] for name in role]),
            (_("How you mentor"), [f for f in self if f.name not in role]),
        ]

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("offers_virtual") or cleaned.get("offers_in_person")):
            self.add_error("offers_virtual", _("Choose at least one way to meet."))
        if (
            cleaned.get("hosts_shadowing")
            and not cleaned.get("host_region", "").strip()
        ):
            self.add_error("host_region", _("Say where you can host shadowing visits."))
        return cleaned


class MentorStrengthForm(PlainTextFormMixin, forms.ModelForm):
    class Meta:
        model = MentorStrength
        fields = ["competency", "level"]

    def __init__(self, *args, competency_choices=(), level_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        competency = self.fields["competency"]
        competency.queryset = Competency.objects.filter(retired=False)
        competency.choices = [("", _("Choose a competency")), *competency_choices]
        self.fields["level"] = forms.TypedChoiceField(
            label=_("Your level"), choices=level_choices, coerce=int, initial=3
        )

    def has_changed(self):
        """A new row without a competency is an empty row, whatever its level says."""
        if self.instance.pk is None and not self.data.get(
            self.add_prefix("competency")
        ):
            return False
        return super().has_changed()


MentorStrengthFormSet = inlineformset_factory(
    MentorProfile,
    MentorStrength,
    form=MentorStrengthForm,
    extra=3,
    max_num=15,
    can_delete=True,
)


def mentor_strength_formset(*, data=None, instance=None) -> MentorStrengthFormSet:
    """Return the strengths formset with competencies grouped by domain."""
    _queryset, groups = competency_choices()
    framework = framework_default()
    levels = (
        [(level.value, str(level)) for level in framework.levels.all()]
        if framework
        else []
    ) or [(n, str(n)) for n in range(1, 5)]
    return MentorStrengthFormSet(
        data,
        instance=instance or MentorProfile(),
        prefix="strengths",
        form_kwargs={"competency_choices": groups, "level_choices": levels},
    )
