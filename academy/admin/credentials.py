"""Admin screens for issued credentials: list, inspect and revoke."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import DateColumn, StatusTagColumn
from wagtail.admin.views.generic import (
    IndexView,
    InspectView,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from curriculum.validators import PlainTextFormMixin
from curriculum.viewsets import ACADEMY_MENU_HOOK

from ..models import Credential
from ..services.audit import audit_credential_revoked
from ..services.credentials import credential_revoke


def _status(credential: Credential) -> str:
    return gettext("Revoked") if credential.is_revoked else gettext("Valid")


class CredentialFilterSet(WagtailFilterSet):
    # revoked=True keeps rows whose revoked_at is set; False keeps the rest.
    revoked = django_filters.BooleanFilter(
        label=_("Revoked"), field_name="revoked_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Credential
        fields = []


class CredentialRevokeForm(PlainTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to anyone who checks the credential's public page."),
    )


class CredentialIndexView(IndexView):
    revoke_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.is_revoked and self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    _("Revoke"),
                    url=reverse(self.revoke_url_name, args=[quote(instance.pk)]),
                    icon_name="warning",
                    priority=25,
                )
            )
        return buttons


class CredentialInspectView(InspectView):
    revoke_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                _("Public page"),
                url=reverse("academy:credential-verify", args=[self.object.public_id]),
                icon_name="link-external",
            )
        ]
        if not self.object.is_revoked and self.user_has_permission("change"):
            buttons.append(
                HeaderButton(
                    _("Revoke"),
                    url=reverse(self.revoke_url_name, args=[quote(self.object.pk)]),
                    icon_name="warning",
                )
            )
        return buttons

    def get_revoked_at_display_value(self):
        return self.object.revoked_at or "-"

    def get_competencies_display_value(self):
        if not self.object.competencies:
            return "-"
        items = format_html_join(
            "\n",
            "<li>{} {} ({})</li>",
            (
                (
                    c.get("code", ""),
                    c.get("name", ""),
                    gettext("target level %s") % c.get("target_level", "?"),
                )
                for c in self.object.competencies
            ),
        )
        return format_html("<ul>{}</ul>", items)


class CredentialRevokeView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Ask staff for a reason, then revoke the credential."""

    model = Credential
    permission_policy = ModelPermissionPolicy(Credential)
    permission_required = "change"
    form_class = CredentialRevokeForm
    template_name = "academy/credentials/revoke.html"
    page_title = _("Revoke credential")
    header_icon = "warning"
    index_url_name = None
    inspect_url_name = None

    @cached_property
    def object(self) -> Credential:
        return get_object_or_404(Credential, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        if self.object.is_revoked:
            return self._already_revoked()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.object.is_revoked:
            return self._already_revoked()
        return super().post(request, *args, **kwargs)

    def _already_revoked(self):
        messages.warning(
            self.request,
            gettext("“%(credential)s” was already revoked on %(date)s.")
            % {
                "credential": self.object,
                "date": date_format(
                    timezone.localtime(self.object.revoked_at), "DATE_FORMAT"
                ),
            },
        )
        return redirect(self.inspect_url)

    @cached_property
    def inspect_url(self) -> str:
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Credentials")},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, cancel_url=self.inspect_url)
        return context

    def form_valid(self, form):
        credential_revoke(credential=self.object, reason=form.cleaned_data["reason"])
        audit_credential_revoked(credential=self.object, actor=self.request.user)
        messages.success(
            self.request,
            gettext("“%(credential)s” is revoked; its public page now says so.")
            % {"credential": self.object},
        )
        return redirect(self.inspect_url)


class CredentialViewSet(ModelViewSet):
    """Staff see every issued credential and can revoke one; nothing is added here."""

    model = Credential
    icon = "tick-inverse"
    menu_label = _("Credentials")
    menu_hook = ACADEMY_MENU_HOOK
    menu_order = 60
    index_view_class = CredentialIndexView
    inspect_view_class = CredentialInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "recipient_name",
        "module_title",
        DateColumn("issued_at", label=_("Issued"), sort_key="issued_at"),
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor=_status,
            primary=lambda credential: not credential.is_revoked,
        ),
    ]
    filterset_class = CredentialFilterSet
    search_fields = ["recipient_name", "module_title"]
    search_backend_name = None  # plain ORM search: no index to keep in step
    inspect_view_fields = [
        "recipient_name",
        "module_title",
        "issued_at",
        "revoked_at",
        "revoked_reason",
        "competencies",
        "public_id",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # Credentials are issued by completing a module and revoked, never edited
        # or deleted, so their public pages keep meaning what they said.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                "revoke_url_name": self.get_url_name("revoke"),
                **kwargs,
            }
        )

    @property
    def url_finder_class(self):
        # A credential has no edit screen: the audit log links to its inspect page.
        return type(
            "CredentialAdminURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    @property
    def revoke_view(self):
        return self.construct_view(CredentialRevokeView)

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
            path(f"revoke/<{conv}:pk>/", self.revoke_view, name="revoke"),
        ]


credential_viewset = CredentialViewSet("academy_credentials", url_prefix="credentials")
