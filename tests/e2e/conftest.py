import pytest

from tests.e2e.csp import CSPViolations


@pytest.fixture(autouse=True)
def csp_violations():
    """Fail any browser journey during which a page reports a CSP violation."""
    violations = CSPViolations()
    yield violations
    assert violations.found == [], "\n".join(violations.found)


@pytest.fixture
def new_context(new_context, csp_violations):
    """Open browser contexts whose pages report CSP violations to the test."""

    def _new_context(**kwargs):
        context = new_context(**kwargs)
        csp_violations.attach(context)
        return context

    yield _new_context
    # Read what the open pages recorded before the contexts close.
    csp_violations.harvest()


@pytest.fixture(autouse=True)
def emails_link_to_the_live_server(request, settings):
    """Links in emails lead where the browser can go: the test's live server."""
    if "live_server" in request.fixturenames:
        settings.ACADEMY_BASE_URL = request.getfixturevalue("live_server").url
