import re

from academy.charts import Series, bar_chart, line_chart

LEVELS = {1: "Emerging", 2: "Developing", 3: "Proficient", 4: "Advanced"}
LONG = "Systems thinking and collaborative governance across public agencies"


def _drawing(chart: str, variant: str) -> str:
    return chart.split(f'class="la-chart la-chart--{variant}"')[1].split("</svg>")[0]


def _label_lines(drawing: str) -> list[str]:
    """The lines of label text a reader sees (the description is not drawn)."""
    return re.findall(r"<tspan[^>]*>([^<]*)</tspan>", drawing)


def _profile(categories):
    return bar_chart(
        uid="profile",
        title="Profile: first and latest assessment by domain",
        categories=categories,
        series=[Series("First (Jun 5, 2026)", [1, 2]), Series("Latest", [3, 4])],
        max_level=4,
        level_names=LEVELS,
    )


def test_a_long_domain_name_wraps_in_the_chart_instead_of_being_cut_off():
    chart = _profile([LONG, "Trust"])
    for variant in ("wide", "narrow"):
        lines = _label_lines(_drawing(chart, variant))
        assert " ".join(line for line in lines if line != "Trust").endswith(
            "across public agencies"
        ), variant
        assert " ".join(lines).count("Systems thinking") == 1


def test_a_name_too_long_for_three_lines_is_abbreviated_and_the_description_keeps_it():
    name = " ".join([LONG] * 3)
    chart = _profile([name, "Trust"])
    wide = _drawing(chart, "wide")
    lines = [line for line in _label_lines(wide) if line != "Trust"]
    assert lines[-1].endswith("…")
    assert name in wide.split("</desc>")[0]


def test_a_phone_gets_a_narrow_drawing_with_the_same_title_and_numbers():
    chart = line_chart(
        uid="domain-0",
        title="Trust: mean rating over time",
        categories=["Jun 5, 2026", "Sep 3, 2026", "Dec 2, 2026"],
        series=[Series("Trust", [1.0, 2.0, 3.5])],
        max_level=4,
        level_names=LEVELS,
    )
    wide, narrow = _drawing(chart, "wide"), _drawing(chart, "narrow")
    assert 'viewBox="0 0 640 ' in chart
    assert 'viewBox="0 0 340 ' in chart
    for drawing, uid in ((wide, "domain-0"), (narrow, "domain-0-narrow")):
        assert f'<title id="{uid}-t">Trust: mean rating over time</title>' in drawing
        assert "Dec 2, 2026 3.5" in drawing
    # Narrow, each date breaks onto two lines so all three fit.
    assert _label_lines(narrow).count("2026") == 3
