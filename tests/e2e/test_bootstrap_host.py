"""The academy inside a Bootstrap 3 site keeps its own look, trail and messages.

The host's base.html (tests/bootstraphost) loads Bootstrap 3's stylesheet, puts the
academy menu in its navbar and renders messages and a breadcrumb the Bootstrap way,
in the optional `messages` and `breadcrumbs` blocks. `?plain=1` leaves Bootstrap out,
so a style can be compared with and without it.
"""

import copy
import importlib.metadata
import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.academy.factories import LearnerFactory
from tests.e2e.test_phone_layout import academy  # noqa: F401 - the shared story

pytestmark = pytest.mark.django_db(transaction=True)

HOST_TEMPLATES = Path(__file__).resolve().parents[1] / "bootstraphost" / "templates"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ACCENT = "rgb(11, 83, 148)"
OK_GREEN = (0x1D, 0x6B, 0x37)
# What a reader notices of a button, a message or a field: colours, borders,
# spacing and type size. The font family is the host's to choose.
LOOK = (
    "color",
    "background-color",
    "border-top-width",
    "border-top-color",
    "border-left-width",
    "border-left-color",
    "border-top-left-radius",
    "padding-top",
    "padding-left",
    "font-size",
    "font-weight",
    "display",
)
KEY_ELEMENTS = (
    ".la button",
    ".la .la-button",
    ".la-message",
    ".la-breadcrumbs",
    ".la label",
    ".la legend",
    ".la-card",
    ".la-tag",
    ".la input[type=text]",
    ".la-progress",
    ".la h1",
)
STYLES = """
([selectors, properties]) => {
  const found = {};
  for (const selector of selectors) {
    const all = [...document.querySelectorAll(selector)];
    const el = all.find((e) => e.checkVisibility());
    if (!el) continue;
    const style = getComputedStyle(el);
    found[selector] = Object.fromEntries(properties.map((p) => [p, style[p]]));
  }
  return found;
}
"""


def _bootstrap_css_dir() -> Path:
    """Return the folder holding Bootstrap 3's css/, as the XStatic package ships it."""
    files = importlib.metadata.files("XStatic-Bootstrap") or []
    css = next(f for f in files if str(f).endswith("data/css/bootstrap.min.css"))
    return Path(css.locate()).parents[1]


@pytest.fixture
def bootstrap_host(settings):
    """Serve the academy inside a Bootstrap 3 host site's base.html."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [HOST_TEMPLATES, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    settings.STATICFILES_DIRS = [
        *settings.STATICFILES_DIRS,
        ("bootstrap3", _bootstrap_css_dir()),
    ]


def _page_as(user, live_server, new_context, viewport=LAPTOP):
    """Open a browser page already logged in as the user."""
    client = Client()
    client.force_login(user)
    context = new_context(viewport=viewport)
    name = django_settings.SESSION_COOKIE_NAME
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
    return context.new_page()


def _open(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"


def _pages(academy):  # noqa: F811
    return [
        reverse("academy:dashboard"),
        reverse("academy:profile"),
        academy["module"].url,
        academy["lesson"].url,
        reverse("academy:assessment-take"),
        reverse("academy:assessment-history"),
        reverse("mentoring:dashboard"),
        reverse("mentoring:request"),
    ]


def test_bootstrap_does_not_restyle_the_academys_buttons_messages_and_fields(
    bootstrap_host,
    academy,  # noqa: F811
    live_server,
    new_context,
):
    page = _page_as(academy["lena"], live_server, new_context)
    # A message of the academy's own: the learner has too few assessments to compare.
    newcomer = _page_as(LearnerFactory(), live_server, new_context)
    compared = set()
    for path, browser in [(p, page) for p in _pages(academy)] + [
        (reverse("academy:assessment-compare"), newcomer)
    ]:
        looks = {}
        for query in ("?plain=1", ""):
            _open(browser, live_server.url + path + query)
            looks[query] = browser.evaluate(STYLES, [list(KEY_ELEMENTS), list(LOOK)])
        assert looks[""] == looks["?plain=1"], path
        compared |= set(looks[""])
    assert compared >= {
        ".la button",
        ".la-message",
        ".la-breadcrumbs",
        ".la label",
        ".la-card",
        ".la-progress",
    }
    assert looks[""][".la-message"]["border-left-width"] == "5px"


def test_one_breadcrumb_trail_and_each_message_once_in_the_academys_markup(
    bootstrap_host,
    academy,  # noqa: F811
    live_server,
    new_context,
):
    page = _page_as(academy["lena"], live_server, new_context)
    _open(page, live_server.url + academy["lesson"].url)
    trails = page.locator("nav[aria-label='Breadcrumb'], .breadcrumb")
    assert trails.count() == 1
    assert trails.first.get_attribute("class") == "la-breadcrumbs"
    assert trails.first.inner_text().split() == [
        "Curriculum",
        *academy["module"].title.split(),
    ]

    newcomer = _page_as(LearnerFactory(), live_server, new_context)
    _open(newcomer, live_server.url + reverse("academy:assessment-compare"))
    text = "Submit two self-assessments to compare them."
    assert newcomer.get_by_text(text).count() == 1
    message = newcomer.locator(".la-message", has_text=text)
    assert message.get_attribute("role") == "status"
    assert newcomer.locator(".alert").count() == 0


def test_the_menu_progress_bar_and_charts_look_finished(
    bootstrap_host,
    academy,  # noqa: F811
    live_server,
    new_context,
):
    # One of the module's two lessons is done.
    academy["lena"].lesson_progress.filter(lesson=academy["lesson"]).update(
        completed_at=timezone.now()
    )
    page = _page_as(academy["lena"], live_server, new_context)
    _open(page, live_server.url + reverse("academy:dashboard"))
    menu = page.get_by_role("navigation", name="Academy")
    current = menu.locator("[aria-current]")
    assert current.inner_text() == "My learning"
    # Half the module's lessons are done: about half the bar is filled in green.
    bar = page.locator(".la-progress[value='50']").first
    image = Image.open(io.BytesIO(bar.screenshot())).convert("RGB")
    row = [image.getpixel((x, image.height // 2)) for x in range(image.width)]
    green = sum(
        1
        for pixel in row
        if all(abs(a - b) < 40 for a, b in zip(pixel, OK_GREEN, strict=True))
    )
    assert image.width > 150
    assert 0.4 < green / image.width < 0.6

    _open(page, live_server.url + reverse("academy:assessment-history"))
    chart = page.locator("svg.la-chart").filter(visible=True).first
    assert chart.bounding_box()["width"] > 300
    fills = chart.evaluate(
        "svg => [...svg.querySelectorAll('rect, circle, path, polyline')]"
        ".map((e) => getComputedStyle(e).fill)"
    )
    assert ACCENT in fills


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_certificate_is_centred_with_its_border_and_prints_alone(
    bootstrap_host,
    academy,  # noqa: F811
    live_server,
    new_context,
    viewport,
    tmp_path,
):
    page = _page_as(academy["lena"], live_server, new_context, viewport)
    credential = academy["credential"]
    _open(
        page,
        live_server.url
        + reverse("academy:credential-detail", args=[credential.public_id]),
    )
    certificate = page.locator(".la-certificate")
    look = certificate.evaluate(
        "el => { const s = getComputedStyle(el);"
        " const box = el.getBoundingClientRect();"
        " const outer = el.parentElement.getBoundingClientRect();"
        " return {style: s.borderTopStyle, width: s.borderTopWidth,"
        " color: s.borderTopColor, left: box.left - outer.left,"
        " right: outer.right - box.right}; }"
    )
    assert look["style"] == "double"
    assert look["width"] == "4px"
    assert look["color"] == ACCENT
    assert abs(look["left"] - look["right"]) <= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=tmp_path / "certificate.png", full_page=True)

    page.emulate_media(media="print")
    assert certificate.evaluate("el => el.checkVisibility({visibilityProperty: true})")
    for hidden in (".navbar", ".la-no-print", "h1 ~ .la-no-print"):
        for element in page.locator(hidden).all():
            assert not element.evaluate(
                "el => el.checkVisibility({visibilityProperty: true})"
            ), hidden
    if viewport is LAPTOP:
        # Chromium's PDF: the certificate fits one sheet.
        assert len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf())) == 1


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_academy_pages_fit_the_screen_inside_the_bootstrap_site(
    bootstrap_host,
    academy,  # noqa: F811
    live_server,
    new_context,
    viewport,
    tmp_path,
):
    page = _page_as(academy["lena"], live_server, new_context, viewport)
    for n, path in enumerate(_pages(academy)):
        _open(page, live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], path
        page.screenshot(path=tmp_path / f"{n:02d}.png", full_page=True)
