from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .interchange import render_case
from .selectors import framework_get
from .services import framework_export, framework_spec


def _base_uri(request) -> str:
    return request.build_absolute_uri("/curriculum/case").rstrip("/")


@require_GET
def case_package(request, identifier: str):
    """Serve a framework as a CASE 1.1 package so other systems can read it."""
    framework = framework_get(identifier=identifier)
    if framework is None:
        raise Http404("No framework with that identifier.")
    package = render_case(
        framework_spec(framework=framework), base_uri=_base_uri(request)
    )
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


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
