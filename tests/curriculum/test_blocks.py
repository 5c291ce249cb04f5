import pytest
from wagtail.blocks import StructBlockValidationError

from curriculum.blocks import KnowledgeCheckBlock, MarkdownBlock
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


def _check(choices):
    return {
        "question": "Which?",
        "choices": [{"text": t, "correct": c} for t, c in choices],
        "explanation": "Because.",
    }


def test_knowledge_check_needs_exactly_one_correct_choice():
    block = KnowledgeCheckBlock()
    for choices in ([("A", False), ("B", False)], [("A", True), ("B", True)]):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python(_check(choices)))
    assert block.clean(block.to_python(_check([("A", True), ("B", False)])))


def test_knowledge_check_renders_a_labelled_question_and_hidden_answer():
    block = KnowledgeCheckBlock()
    html = block.render(
        block.to_python(_check([("Relational", False), ("Transactional", True)])),
        context={"block_id": "abc"},
    )
    assert "<legend>Which?</legend>" in html
    assert '<label for="check-abc-2">Transactional</label>' in html
    assert "<details>" in html
    assert "Because." in html
