import pytest
from wagtail.blocks import StructBlockValidationError

from curriculum.blocks import MarkdownBlock, SourceBlock
from curriculum.markdown import markdown_to_html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('x')</script>Hello",
        '<img src="x" onerror="alert(1)">Hello',
        "[Hello](javascript:alert(1))",
        '<a href="#" onclick="steal()">Hello</a>',
        "<iframe src='https://evil.example'></iframe>Hello",
        '<p style="background:url(javascript:alert(1))">Hello</p>',
    ],
)
def test_markdown_never_lets_scripts_or_event_handlers_through(source):
    html = markdown_to_html(source)
    assert "Hello" in html
    for dangerous in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "style=",
    ):
        assert dangerous not in html.lower()


def test_markdown_keeps_the_formatting_authors_use():
    html = markdown_to_html(
        "## Try this\n\n- **Map** your partners\n- [Guide](https://example.org)\n\n"
        "| Sector | Role |\n|---|---|\n| CBO | Host |"
    )
    assert "<h2>Try this</h2>" in html
    assert "<strong>Map</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<table>" in html


def test_markdown_block_renders_sanitised_html():
    html = MarkdownBlock().render("Hi <script>x()</script>**there**")
    assert "<strong>there</strong>" in html
    assert "<script" not in html


def test_a_source_needs_a_publisher_or_authors():
    block = SourceBlock()
    value = {"title": "Aligning Systems for Health", "year": 2021}
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(value))
    cleaned = block.clean(block.to_python({**value, "publisher": "RWJF"}))
    html = block.render(cleaned)
    assert "Aligning Systems for Health" in html and "RWJF, 2021" in html  # noqa: PT018
