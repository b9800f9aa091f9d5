"""A measure's name beside its bars in the PDF charts is drawn whole, inside the figure: long
names are wrapped and the left margin is measured from the names as drawn (the December 2021
report's Figure 1.1 cut "Proportion of force budget spent on front-line policing: non-visible"
at its left edge)."""

from decimal import Decimal

from panel.reports import charts as chart_kit
from tests.reports.conftest import drawn_chart

# The longest names the 2016–21 plan's charts print, and a short one.
NAMES = (
    "Proportion of force budget spent on front-line policing: visible",
    "Proportion of force budget spent on front-line policing: non-visible",
    "999 calls - service level (answered within 10 seconds)",
    "101 calls - service level",
)


def _drawn_names(fig):
    """Each name beside the bars as drawn: its text and its box, in the figure's pixels."""
    renderer, ax = drawn_chart(fig)
    return [(label.get_text(), label.get_window_extent(renderer)) for label in ax.get_yticklabels()]


def _assert_inside(fig):
    width, height = fig.bbox.width, fig.bbox.height
    drawn = _drawn_names(fig)
    for text, box in drawn:
        assert box.x0 >= 0 and box.x1 <= width, f"{text!r} runs out of the figure: {box}"
        assert box.y0 >= 0 and box.y1 <= height, f"{text!r} runs out of the figure: {box}"
    # The names are all there, whole, in the words the tables print.
    assert sorted(" ".join(text.split()) for text, _ in drawn) == sorted(NAMES)
    # The plot starts right of every name: no name runs under the bars.
    (ax,) = fig.axes
    assert max(box.x1 for _, box in drawn) <= ax.get_window_extent().x0


def test_paired_bars_draw_every_measure_name_inside_the_figure():
    bars = [
        chart_kit.PairedBar(
            label=name,
            previous=Decimal("38.7"),
            current=Decimal("38.6"),
            previous_text="38.7%",
            current_text="38.6%",
        )
        for name in NAMES
    ]
    fig, _ = chart_kit.paired_bars_figure(
        "Protecting local policing: per cent, this year and last",
        bars,
        previous_label="Apr 19 – Mar 20",
        current_label="Apr 20 – Mar 21",
        unit_label="Per cent",
        value_range=(0.0, 100.0),
    )
    _assert_inside(fig)


def test_change_bars_draw_every_measure_name_inside_the_figure():
    bars = [
        chart_kit.ChangeBar(label=name, percent=-16.0, text="Decrease (16%)", assessment="good")
        for name in NAMES
    ]
    fig, _ = chart_kit.change_bars_figure("Change on the previous year", bars)
    _assert_inside(fig)


def test_a_long_name_is_wrapped_and_a_short_one_left_alone():
    assert chart_kit.wrapped(NAMES[1]) == (
        "Proportion of force budget spent on\nfront-line policing: non-visible"
    )
    assert chart_kit.wrapped("101 calls - service level") == "101 calls - service level"
