"""System checks: what a host site must get right for the academy to work."""

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, connections
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from .templates_contract import REQUIRED_BASE_BLOCKS

IMMEDIATE_BACKENDS = (
    "django_tasks.backends.immediate.ImmediateBackend",
    "django.tasks.backends.immediate.ImmediateBackend",
)
# Backends that keep tasks and never run them: fine in tests, silent in production.
DUMMY_BACKENDS = (
    "django_tasks.backends.dummy.DummyBackend",
    "django.tasks.backends.dummy.DummyBackend",
)

# One URL per app that needs no data, to find where the app's URLs are included.
APP_URLS = {
    "academy": ("academy:dashboard", {}),
    "curriculum": ("curriculum:case-package", {"identifier": "check"}),
    "mentoring": ("mentoring:dashboard", {}),
}


def _login_url_problem() -> str:
    """Return why LOGIN_URL cannot send anyone to a log-in page, or ""."""
    problem = _login_url_value_problem()
    if problem and not settings.is_overridden("LOGIN_URL"):
        return (
            f"LOGIN_URL is not set, and Django's default {settings.LOGIN_URL!r} "
            "leads to no log-in view."
        )
    return problem


def _login_url_value_problem() -> str:
    try:
        value = str(settings.LOGIN_URL)
    except NoReverseMatch:
        return "LOGIN_URL is a reverse_lazy() of a URL name that does not exist."
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return ""
    if "/" in value:
        path = parts.path
        if settings.APPEND_SLASH and not path.endswith("/"):
            # CommonMiddleware redirects a slashless path that fails to resolve.
            try:
                resolve(path)
            except Resolver404:
                path += "/"
        try:
            match = resolve(path)
        except Resolver404:
            return f"LOGIN_URL {value!r} is not a URL of this site."
        if match.url_name == "wagtail_serve":
            # Wagtail's catch-all answers every path, a missing page with a 404.
            return (
                f"LOGIN_URL {value!r} leads to no log-in view: only Wagtail's "
                "page serving answers it."
            )
        return ""
    try:
        reverse(value)
    except NoReverseMatch:
        return f"LOGIN_URL {value!r} is neither a path nor a URL name of this site."
    return ""


@register(Tags.urls)
def login_url_check(app_configs, **kwargs):
    """Report a LOGIN_URL that is unset or leads nowhere."""
    problem = _login_url_problem()
    if not problem:
        return []
    return [
        Error(
            problem,
            hint=(
                "Learner pages send people who are not logged in to LOGIN_URL. Set it "
                'to your log-in page\'s path or URL name: "account_login" with '
                'django-allauth, or "login" after adding path("accounts/", '
                'include("django.contrib.auth.urls")) to your urlpatterns. If your '
                "log-in page is a Wagtail page, silence this check "
                '(SILENCED_SYSTEM_CHECKS = ["academy.E001"]).'
            ),
            id="academy.E001",
        )
    ]


@register(Tags.urls)
def urls_check(app_configs, **kwargs):
    """Report academy apps whose URLs are missing or shadowed by Wagtail's pages."""
    messages = []
    for label, (name, url_kwargs) in APP_URLS.items():
        if label not in apps.app_configs:
            continue
        try:
            url = reverse(name, kwargs=url_kwargs)
        except NoReverseMatch:
            messages.append(
                Error(
                    f"The {label} app's URLs are not included.",
                    hint=(
                        f'Add path("{label}/", include("{label}.urls")) to your '
                        "urlpatterns, before Wagtail's include(wagtail_urls)."
                    ),
                    id="academy.E002",
                )
            )
            continue
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.url_name == "wagtail_serve":
            messages.append(
                Error(
                    f"The {label} app's URLs come after Wagtail's page-serving "
                    "catch-all, so Wagtail answers their addresses.",
                    hint=(
                        f'Move path("{label}/", include("{label}.urls")) above '
                        'path("", include(wagtail_urls)) in your urlpatterns.'
                    ),
                    id="academy.E003",
                )
            )
    return messages


@register(Tags.security, deploy=True)
def base_url_check(app_configs, **kwargs):
    """Warn a deployment that would send emails linking to the Site's placeholder."""
    if getattr(settings, "ACADEMY_BASE_URL", ""):
        return []
    return [
        Warning(
            "ACADEMY_BASE_URL is not set.",
            hint=(
                "Every link in the academy's emails starts with it; unset, links use "
                "the default Wagtail Site's root URL, which is often http://localhost. "
                "Set it to the public address, e.g. https://academy.example.org."
            ),
            id="academy.W001",
        )
    ]


@register(Tags.security, deploy=True)
def issuer_url_check(app_configs, **kwargs):
    """Warn a deployment whose credentials would name a fallback address as issuer."""
    if getattr(settings, "ACADEMY_ISSUER_URL", ""):
        return []
    return [
        Warning(
            "ACADEMY_ISSUER_URL is not set.",
            hint=(
                "Every credential names it as its issuer, and a credential keeps it "
                "once issued; unset, it falls back to WAGTAILADMIN_BASE_URL. Set it to "
                "the academy's lasting public address, e.g. https://academy.example.org."
            ),
            id="academy.W002",
        )
    ]


# Tagged "database", as Django asks of checks that query: `migrate` and
# `check --database default` run it, while other commands stay quiet.
@register(Tags.database)
def framework_check(app_configs, databases=None, **kwargs):
    """Warn when no competency framework is loaded (silent before `migrate`)."""
    if not databases or "curriculum" not in apps.app_configs:
        return []
    Framework = apps.get_model("curriculum", "Framework")
    for alias in databases:
        try:
            tables = connections[alias].introspection.table_names()
            if Framework._meta.db_table not in tables:
                return []
            if Framework.objects.using(alias).exists():
                return []
        except DatabaseError:
            return []
    return [
        Warning(
            "No competency framework is loaded.",
            hint=(
                "Self-assessments, module targets and mentor matching rate people "
                "against a framework. Run `python manage.py academy_setup` to load the "
                "shipped one, or `import_framework` to load your own."
            ),
            id="academy.W003",
        )
    ]


@register(deploy=True)
def tasks_backend_check(app_configs, **kwargs):
    """Warn a deployment that would send the academy's emails inside requests."""
    tasks = getattr(settings, "TASKS", None) or {}
    backend = tasks.get("default", {}).get("BACKEND", IMMEDIATE_BACKENDS[0])
    if settings.DEBUG:
        return []
    if backend in DUMMY_BACKENDS:
        return [
            Warning(
                "The default tasks backend never runs tasks while DEBUG is off.",
                hint=(
                    "The academy's emails (welcome, invitations, credentials, "
                    "mentoring) are background tasks; the dummy backend keeps them and "
                    "sends none. Configure TASKS with a queue such as "
                    "django_tasks_db.DatabaseBackend and run its worker."
                ),
                id="academy.W006",
            )
        ]
    if backend not in IMMEDIATE_BACKENDS:
        return []
    return [
        Warning(
            "The default tasks backend runs tasks immediately while DEBUG is off.",
            hint=(
                "The academy's emails are background tasks; with the immediate "
                "backend they are sent inside the request, which then waits on the "
                "mail server. Configure TASKS with a queue such as "
                "django_tasks_db.DatabaseBackend and run its worker."
            ),
            id="academy.W004",
        )
    ]


def _template_chain(name: str) -> list:
    """Return base.html and every template it extends, nearest first."""
    from django.template import Context, TemplateDoesNotExist
    from django.template.backends.django import DjangoTemplates
    from django.template.loader import get_template
    from django.template.loader_tags import ExtendsNode

    template = get_template(name)
    if not isinstance(getattr(template, "backend", None), DjangoTemplates):
        return []
    chain = [template.template]
    history = [template.template.origin]
    while True:
        current = chain[-1]
        extends = current.nodelist.get_nodes_by_type(ExtendsNode)
        if not extends:
            return chain
        parent_name = extends[0].parent_name.resolve(Context())
        if not isinstance(parent_name, str):
            return chain  # A variable parent: nothing to follow before rendering.
        try:
            parent = current.engine.find_template(parent_name, skip=history)[0]
        except TemplateDoesNotExist:
            return chain
        chain.append(parent)
        history.append(parent.origin)


def _rendered_blocks(chain: list) -> set[str]:
    """Return the block names a child template of the chain can fill."""
    from django.template.loader_tags import BlockNode

    root, *children = reversed(chain)
    names = {block.name for block in root.nodelist.get_nodes_by_type(BlockNode)}
    for child in children:
        for block in child.nodelist.get_nodes_by_type(BlockNode):
            if block.name in names:
                names |= {b.name for b in block.nodelist.get_nodes_by_type(BlockNode)}
    return names


@register(Tags.templates)
def base_template_check(app_configs, **kwargs):
    """Warn when the host's base.html lacks a block the academy's templates fill."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError

    try:
        chain = _template_chain("base.html")
    except TemplateDoesNotExist:
        return [
            Warning(
                "No base.html template was found.",
                hint=(
                    "Every academy page extends base.html. Add one to a templates "
                    "folder, with the blocks " + ", ".join(REQUIRED_BASE_BLOCKS) + "."
                ),
                id="academy.W005",
            )
        ]
    except TemplateSyntaxError as exc:
        return [
            Warning(
                f"base.html cannot be read: {exc}",
                hint="Every academy page extends base.html; fix the template's syntax.",
                id="academy.W005",
            )
        ]
    if not chain:
        return []
    missing = [b for b in REQUIRED_BASE_BLOCKS if b not in _rendered_blocks(chain)]
    if not missing:
        return []
    return [
        Warning(
            "base.html has no {% block %} for: " + ", ".join(missing) + ".",
            hint=(
                "Academy pages put their content in these blocks; without one, that "
                "part of every page is silently dropped. Add the blocks to base.html "
                "(or to the template it extends)."
            ),
            id="academy.W005",
        )
    ]
