from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .interchange import render_case
from .models import Framework
from .selectors import (
    framework_default,
    framework_for_item,
    framework_get,
    framework_tree,
)
from .services import framework_export, framework_spec


def _base_uri(request) -> str:
    return request.build_absolute_uri("/curriculum/case").rstrip("/")


def _case_json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _case_package_for(request, framework: Framework) -> dict:
    return render_case(
        framework_spec(framework=framework), base_uri=_base_uri(request)
    )["CFPackage"]


@require_GET
def case_package(request, identifier: str):
    """Serve a framework as a CASE 1.1 package so other systems can read it."""
    framework = framework_get(identifier=identifier)
    if framework is None:
        raise Http404("No framework with that identifier.")
    return _case_json({"CFPackage": _case_package_for(request, framework)})


@require_GET
def case_item(request, identifier: str):
    """Serve one CFItem (a domain or competency) at the URI its CASE package names."""
    framework = framework_for_item(identifier=identifier)
    if framework is None:
        raise Http404("No CASE item with that identifier.")
    items = _case_package_for(request, framework)["CFItems"]
    item = next((i for i in items if i["identifier"] == identifier), None)
    if item is None:
        raise Http404("No CASE item with that identifier.")
    return _case_json(item)


@require_GET
def case_document(request, identifier: str):
    """Serve a framework's CFDocument at the URI its CASE package names."""
    framework = framework_get(identifier=identifier)
    if framework is None:
        raise Http404("No framework with that identifier.")
    return _case_json(_case_package_for(request, framework)["CFDocument"])


@require_GET
def framework_csv(request, identifier: str):
    """Download a framework in Moodle's competency framework CSV layout."""
    framework = framework_get(identifier=identifier)
    if framework is None:
        raise Http404("No framework with that identifier.")
    text = framework_export(framework=framework, fmt="csv", base_uri=_base_uri(request))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}.csv"'
    return response


@require_GET
def framework_page(request, identifier: str = ""):
    """The framework for anyone to read: what it is, its levels, and the crosswalk."""
    framework = (
        framework_get(identifier=identifier) if identifier else framework_default()
    )
    if framework is None:
        raise Http404("No framework with that identifier.")
    tree = framework_tree(framework=framework)
    domains = list(tree.domains.all())
    crosswalk = tree.value_curve or {}
    cells = crosswalk.get("domains") or {}
    return TemplateResponse(
        request,
        "curriculum/framework_page.html",
        {
            "framework": tree,
            "levels": list(tree.levels.all()),
            "domains": domains,
            "crosswalk": crosswalk,
            "crosswalk_rows": [
                (
                    domain,
                    [
                        (stage, cells[domain.code].get(stage["key"], ""))
                        for stage in crosswalk["stages"]
                    ],
                )
                for domain in domains
                if domain.code in cells
            ]
            if crosswalk.get("stages")
            else [],
        },
    )
