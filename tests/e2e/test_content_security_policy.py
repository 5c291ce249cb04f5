import pytest
from playwright.sync_api import expect

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "document.body.dataset.injected = 'ran';";
  document.body.append(script);
}"""


def test_an_injected_inline_script_is_blocked_and_reported(
    page, live_server, home_page, csp_violations
):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()

    page.evaluate(INJECT_INLINE_SCRIPT)
    page.wait_for_timeout(200)

    # The browser refused to run it, and the journeys' detector saw the refusal.
    assert page.evaluate("document.body.dataset.injected") is None
    reported = csp_violations.take()
    assert any("script-src" in line for line in reported), reported


def test_the_log_in_page_runs_under_the_policy_without_a_violation(
    page, live_server, home_page, csp_violations
):
    response = page.goto(live_server.url + "/accounts/login/")
    assert "object-src 'none'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    assert csp_violations.take() == []
