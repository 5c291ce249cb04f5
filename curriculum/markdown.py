"""Markdown to safe HTML: authors write Markdown, learners never receive a script."""

import markdown as markdown_lib
import nh3
from django.utils.html import escape
from django.utils.translation import gettext

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


# A wide table scrolls inside its own box on a phone instead of widening the page;
# the box takes focus so keyboard users can scroll it too.
TABLE_OPEN = (
    '<div class="la-table-scroll" role="region" tabindex="0" '
    'aria-label="{label}"><table>'
)


def markdown_to_html(text: str) -> str:
    """Render Markdown, stripping anything that could run in the learner's browser."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # nh3 has written every <table> itself, without attributes: safe to wrap.
    opening = TABLE_OPEN.format(label=escape(gettext("Table (scrolls sideways)")))
    return html.replace("<table>", opening).replace("</table>", "</table></div>")
