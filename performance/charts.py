"""Charts for the performance pages, built from selector data.

The pages draw plotly charts in the browser from the figure dicts made here (passed with
`json_script`, read by static/js/performance-charts.js) and draw the dashboards' small trends
as inline SVG made here too, so no page needs plotly on the server and the dashboard needs no
JavaScript at all.
"""

from decimal import Decimal

from django.conf import settings

from core.formatting import format_value
from core.periods import Period

from .selectors import MeasureSeries

# GOV.UK Frontend palette: the force in blue, comparators in colours that stay distinct for
# the common colour-vision deficiencies; the legend and the table name every line anyway.
FORCE_COLOUR = "#1d70b8"
OTHER_COLOURS = ("#f47738", "#4c2c92", "#85994b", "#912b88", "#28a197", "#505a5f", "#b58840")
TARGET_COLOUR = "#0b0c0c"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 14}
CONFIG = {"displayModeBar": False, "responsive": True}


def _layout(*, title: str, y_title: str, height: int = 420) -> dict:
    return {
        "title": {"text": title, "x": 0, "font": {"size": 16}},
        "font": FONT,
        "height": height,
        "margin": {"l": 70, "r": 20, "t": 50, "b": 90},
        "xaxis": {"type": "category", "tickangle": -45, "automargin": True},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero", "automargin": True},
        "legend": {"orientation": "h", "y": -0.35},
        "hovermode": "x unified",
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
    }


def axis_title(measure) -> str:
    return measure.get_unit_display()


def measure_chart(*, measure, series: MeasureSeries) -> dict:
    """The full series, one line per area (the force first), and the target as a dashed line."""
    labels = [period.label for period in series.periods]
    traces = []
    others = iter(OTHER_COLOURS * 3)
    for area in series.areas:
        is_force = area.ons_code == settings.HOME_FORCE
        cells = [series.value(area, period) for period in series.periods]
        colour = FORCE_COLOUR if is_force else next(others)
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": area.name,
                "x": labels,
                "y": [float(point.value) if point else None for point in cells],
                "text": [point.text if point else "" for point in cells],
                "hovertemplate": "%{text}",
                "connectgaps": False,
                "line": {"color": colour, "width": 4 if is_force else 2},
                "marker": {"size": 8 if is_force else 6},
            }
        )
    if measure.has_target and labels:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"Target ({measure.target_text})",
                "x": labels,
                "y": [float(measure.target_value)] * len(labels),
                "hoverinfo": "skip",
                "line": {"color": TARGET_COLOUR, "width": 2, "dash": "dash"},
            }
        )
    return {
        "data": traces,
        "layout": _layout(title=measure.name, y_title=axis_title(measure)),
        "config": CONFIG,
    }


def trend_chart(*, measure, trend: list[tuple[Period, Decimal]], area_name: str) -> dict:
    """A small bar chart of the force's recent figures, for the priority page."""
    return {
        "data": [
            {
                "type": "bar",
                "name": area_name,
                "x": [period.short_label for period, _ in trend],
                "y": [float(value) for _, value in trend],
                "text": [format_value(measure, value) for _, value in trend],
                "hovertemplate": "%{x}: %{text}<extra></extra>",
                "textposition": "none",
                "marker": {"color": FORCE_COLOUR},
            }
        ],
        "layout": {
            **_layout(title=measure.name, y_title=axis_title(measure), height=300),
            "showlegend": False,
            "margin": {"l": 60, "r": 10, "t": 40, "b": 60},
            "xaxis": {"type": "category", "automargin": True},
        },
        "config": CONFIG,
    }


def sparkline(
    *, measure, trend: list[tuple[Period, Decimal]], width: int = 96, height: int = 28
) -> dict:
    """The points of a tiny inline SVG line, drawn on the server from the recent series.

    Scaled between the series' own minimum and maximum: it shows the shape of the trend, the
    table beside it gives the figures."""
    if len(trend) < 2:
        return {}
    values = [float(value) for _, value in trend]
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    pad = 3
    step = (width - 2 * pad) / (len(values) - 1)
    points = [
        (pad + i * step, pad + (height - 2 * pad) * (1 - (value - low) / spread))
        for i, value in enumerate(values)
    ]
    (first, first_value), (last, last_value) = trend[0], trend[-1]
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
        "last_x": f"{points[-1][0]:.1f}",
        "last_y": f"{points[-1][1]:.1f}",
        "label": (
            f"Trend: {format_value(measure, first_value)} in {first.label} to "
            f"{format_value(measure, last_value)} in {last.label}"
        ),
    }
