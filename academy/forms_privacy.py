"""The form that confirms an account erasure: the current password and a typed word."""

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from curriculum.validators import PlainTextFormMixin

# A wrong password is counted, so this form cannot be used to guess one.
ATTEMPTS_ALLOWED = 5
ATTEMPTS_WINDOW_SECONDS = 15 * 60


def confirmation_word() -> str:
    return gettext("erase")


class AccountEraseForm(PlainTextFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=_("Type the word “erase” to confirm"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def _attempts_key(self) -> str:
        return f"academy:erase-attempts:{self.user.pk}"

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        key = self._attempts_key()
        if cache.get(key, 0) >= ATTEMPTS_ALLOWED:
            raise forms.ValidationError(
                _("Too many wrong passwords. Wait a quarter of an hour and try again.")
            )
        if not self.user.check_password(password):
            cache.add(key, 0, ATTEMPTS_WINDOW_SECONDS)
            cache.incr(key)
            raise forms.ValidationError(_("That is not your current password."))
        cache.delete(key)
        return password

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data["confirmation"].strip().casefold()
        if typed != confirmation_word().casefold():
            raise forms.ValidationError(
                _("Type the word “%(word)s” exactly, to show you mean it.")
                % {"word": confirmation_word()}
            )
        return typed
