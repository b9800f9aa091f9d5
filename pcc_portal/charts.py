"""Every chart on the portal's web pages, built here with plotly's Python API.

Each function returns a figure as a plain dict ({data, layout, config}) for `json_script`;
static/js/charts.js hands it to plotly.js (the plotly-basic bundle, served from static files
once per page), so only trace types in that bundle are used: scatter, bar and pie. Building
with `plotly.graph_objects` means every property is checked when the figure is made: a
misspelt or misplaced one fails here, in a test, rather than leaving a blank chart. The check
runs in development and in the tests (settings.CHART_CHECKS); a live site builds the same
figures from the same code without it: it is about half of a chart's cost (a control chart's
eleven traces are checked point by point), and a test proves the unchecked figures equal the
checked ones.

The functions take plain data and the apps' read-only objects (a measure, a series, a
control-chart result), never the database, so the same figures come out for every reader.
The dashboards' tiny trend lines are inline SVG (`sparkline`), drawn here too.
"""

import math
from decimal import Decimal

import plotly.graph_objects as go
import plotly.io as pio
from django.conf import settings

from core.formatting import format_value

# GOV.UK Frontend palette: the force in blue, comparators in colours that stay distinct for
# the common colour-vision deficiencies; the legend and the table name every line anyway.
FORCE_COLOUR = "#1d70b8"
OTHER_COLOURS = ("#f47738", "#4c2c92", "#85994b", "#912b88", "#28a197", "#505a5f", "#b58840")
TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#e5e5e5"
LIMIT_COLOUR = "#505a5f"
SIGNAL_COLOUR = "#f47738"  # orange: reads apart from blue for colour-blind readers too
PEER_COLOUR = "#b1b4b6"
REFERENCE_COLOUR = "#d4351c"
PREVIOUS_COLOUR = "#b1b4b6"
TOTAL_COLOUR = "#003078"
FUNDING_COLOURS = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f")
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
FONT = {"family": FONT_FAMILY, "size": 14, "color": TEXT_COLOUR}
CONFIG = {"displayModeBar": False, "responsive": True}
# plotly's bare template (no colours or fonts of its own), as the figure carries it.
NO_TEMPLATE = pio.templates["none"].to_plotly_json()


def _checks() -> dict:
    """Whether plotly checks the properties of what is being built (settings.CHART_CHECKS).
    plotly's own switch: `_validate` on the figure and on every trace."""
    return {"_validate": settings.CHART_CHECKS}


def figure(data: list, **layout) -> dict:
    """The figure as plotly.js takes it, in the portal's house style (white, no toolbar)."""
    # A dict, not a Layout: plotly checks a Layout object again when the figure takes it.
    house = {
        "template": NO_TEMPLATE,
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
    }
    # An empty list of shapes or annotations is left out, as plotly's checked build leaves it.
    given = {name: value for name, value in layout.items() if value != []}
    built = go.Figure(data=data, layout={**house, **given}, **_checks())
    return {**built.to_plotly_json(), "config": CONFIG}


def floats(values) -> list[float | None]:
    """Decimals as plotly.js reads them; the tables beside every chart print the Decimals."""
    return [None if value is None else float(value) for value in values]


# --- performance: a measure's series, a priority's trends, the dashboards' sparklines ------

# The round numbers a value axis may end at, times a power of ten.
AXIS_TOPS = (1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 10)
AXIS_HEADROOM = 1.05  # the highest figure or the target never sits on the axis's end


def measure_axis(extents) -> tuple[float, float]:
    """The value axis of a chart of measures, on a measure's page and in every PDF alike:
    `extents` pairs each measure with the lowest and highest of its figures of the period
    kind drawn (`MeasureSeries.extent`, `performance.selectors.value_extents`). One measure
    is drawn on the same range wherever it is charted, so a reader who turns from the page to
    the paper sees the same figure at the same height; a chart of several measures spans them
    all (the report puts measures on one chart only when their own ranges are the same)."""
    values, unit = [], ""
    for measure, extent in extents:
        values += [value for value in extent or () if value is not None]
        if measure.has_target:
            values.append(measure.target_value)
        unit = unit or measure.unit
    return value_range(values, unit=unit)


def value_range(values, *, unit: str = "") -> tuple[float, float]:
    """From zero (or the round number below a figure under zero) to the round number above the
    highest value; percentages between 0 and 100 on 0–100."""
    points = [float(value) for value in values]
    if not points:
        return (0.0, 1.0)
    if unit == "percentage" and min(points) >= 0 and max(points) <= 100:
        # A share of a whole is drawn against the whole.
        return (0.0, 100.0)
    high = _round_up(max(points) * AXIS_HEADROOM)
    low = -_round_up(-min(points) * AXIS_HEADROOM) if min(points) < 0 else 0.0
    return (low, high)


def _round_up(value: float) -> float:
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    # The product is rounded so that 1.2 × 10 is 12, not 12.000000000000002.
    return next(top for top in (round(t * power, 12) for t in AXIS_TOPS) if top >= round(value, 12))


def measure_chart(*, measure, series) -> dict:
    """The full series, one line per area (the force first), and the target as a dashed line."""
    labels = [period.label for period in series.periods]
    others = iter(OTHER_COLOURS * 3)
    data = []
    for area in series.areas:
        is_force = area.ons_code == settings.HOME_FORCE
        cells = [series.value(area, period) for period in series.periods]
        colour = FORCE_COLOUR if is_force else next(others)
        data.append(
            go.Scatter(
                mode="lines+markers",
                name=area.name,
                x=labels,
                y=[float(point.value) if point else None for point in cells],
                text=[point.text if point else "" for point in cells],
                hovertemplate="%{text}",
                connectgaps=False,
                line={"color": colour, "width": 4 if is_force else 2},
                marker={"size": 8 if is_force else 6},
                **_checks(),
            )
        )
    if measure.has_target and labels:
        data.append(
            go.Scatter(
                mode="lines",
                name=f"Target ({measure.target_text})",
                x=labels,
                y=[float(measure.target_value)] * len(labels),
                hoverinfo="skip",
                line={"color": TEXT_COLOUR, "width": 2, "dash": "dash"},
                **_checks(),
            )
        )
    layout = _series_layout(title=measure.name, y_title=measure.get_unit_display())
    layout["yaxis"]["range"] = list(measure_axis([(measure, series.extent)]))
    return figure(data, **layout)


def _series_layout(*, title: str, y_title: str, height: int = 420) -> dict:
    return {
        "title": {"text": title, "x": 0, "font": {"size": 16}},
        "height": height,
        "margin": {"l": 70, "r": 20, "t": 50, "b": 90},
        "xaxis": {"type": "category", "tickangle": -45, "automargin": True},
        "yaxis": {"title": {"text": y_title}, "rangemode": "tozero", "automargin": True},
        "legend": {"orientation": "h", "y": -0.35},
        "hovermode": "x unified",
    }


def trend_chart(*, measure, trend: list[tuple], area_name: str) -> dict:
    """A small bar chart of the force's recent figures, for the priority page."""
    layout = _series_layout(title=measure.name, y_title=measure.get_unit_display(), height=300)
    layout.update(
        showlegend=False,
        margin={"l": 60, "r": 10, "t": 40, "b": 60},
        xaxis={"type": "category", "automargin": True},
    )
    bars = go.Bar(
        name=area_name,
        x=[period.short_label for period, _ in trend],
        y=floats(value for _, value in trend),
        text=[format_value(measure, value) for _, value in trend],
        hovertemplate="%{x}: %{text}<extra></extra>",
        textposition="none",
        marker={"color": FORCE_COLOUR},
        **_checks(),
    )
    return figure([bars], **layout)


def trend_charts(*, rows: list[tuple], area_name: str) -> list[dict]:
    """`trend_chart` of each (measure, trend) for a page of them: plotly builds and checks
    the first figure; the others are that figure with their own title, unit and bars, the
    same dicts `trend_chart` would give, without a second check of every property (a
    priority page of eighty measures would spend a second on it)."""
    charts = []
    for measure, trend in rows:
        if not charts:
            charts.append(trend_chart(measure=measure, trend=trend, area_name=area_name))
            continue
        first = charts[0]
        layout = first["layout"]
        (bars,) = first["data"]
        charts.append(
            {
                **first,
                "data": [
                    {
                        **bars,
                        "x": [period.short_label for period, _ in trend],
                        "y": floats(value for _, value in trend),
                        "text": [format_value(measure, value) for _, value in trend],
                    }
                ],
                "layout": {
                    **layout,
                    "title": {**layout["title"], "text": measure.name},
                    "yaxis": {
                        **layout["yaxis"],
                        "title": {**layout["yaxis"]["title"], "text": measure.get_unit_display()},
                    },
                },
            }
        )
    return charts


def sparkline(*, measure, trend: list[tuple], width: int = 96, height: int = 28) -> dict:
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


# --- control charts and peer rankings -----------------------------------------------------


def _default_fmt(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}"


def xmr_chart(result, *, fmt=_default_fmt, title: str = "") -> dict:
    """A control chart (performance.spc.xmr.XmrResult): the figures, the average and process
    limits of each segment, the signals (a different shape *and* colour, so they read without
    colour too) and a line where the limits were recalculated."""
    xs, ys, hover = result.plot_points()
    data = [
        go.Scatter(
            mode="lines+markers",
            name="Figure",
            x=xs,
            y=ys,
            connectgaps=False,
            line={"color": FORCE_COLOUR, "width": 2},
            marker={"color": FORCE_COLOUR, "size": 7, "symbol": "circle"},
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
            customdata=[[h, fmt(y)] for h, y in zip(hover, ys, strict=True)],
            **_checks(),
        ),
        *_segment_lines(result, fmt),
    ]
    signals = [p for p in result.points if p.is_signal]
    if signals:
        data.append(
            go.Scatter(
                mode="markers",
                name="Signal",
                x=[result.plot_date(p.key).isoformat() for p in signals],
                y=[p.x for p in signals],
                marker={
                    "color": SIGNAL_COLOUR,
                    "size": 13,
                    "symbol": "diamond",
                    "line": {"color": TEXT_COLOUR, "width": 1},
                },
                customdata=[[p.label, fmt(p.x), result.rules_text(p)] for p in signals],
                hovertemplate="%{customdata[0]}: %{customdata[1]}<br>%{customdata[2]}"
                "<extra></extra>",
                **_checks(),
            )
        )
    shapes, annotations = _baseline_marks(result)
    tickvals, ticktext = result.ticks()
    return figure(
        data,
        height=380,
        margin={"l": 70, "r": 20, "t": 40 if annotations else 20, "b": 90},
        hovermode="closest",
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": -0.25},
        xaxis={
            "type": "date",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "tickangle": -45,
            "showgrid": False,
            "linecolor": LIMIT_COLOUR,
        },
        yaxis={
            "gridcolor": GRID_COLOUR,
            "zeroline": False,
            "tickformat": ",",
            "title": {"text": title},
        },
        shapes=shapes,
        annotations=annotations,
    )


def _segment_lines(result, fmt) -> list:
    lines = []
    for number, segment in enumerate(result.segments):
        first, last = (d.isoformat() for d in result.segment_span(segment))
        for name, y, colour, dash in (
            ("Average", segment.mean, TEXT_COLOUR, "dash"),
            ("Process limits", segment.upper_shown, LIMIT_COLOUR, "longdash"),
            ("Process limits", segment.lower_shown, LIMIT_COLOUR, "longdash"),
        ):
            lines.append(
                go.Scatter(
                    mode="lines",
                    name=name,
                    legendgroup=name,
                    showlegend=number == 0 and y != segment.lower_shown,
                    x=[first, last],
                    y=[y, y],
                    line={"color": colour, "dash": dash, "width": 1.5},
                    hovertemplate=f"{name}: {fmt(y)}<extra></extra>",
                    **_checks(),
                )
            )
    return lines


def _baseline_marks(result) -> tuple[list[dict], list[dict]]:
    shapes, annotations = [], []
    for day, label in result.recalculations():
        x = day.isoformat()
        line = {"color": TEXT_COLOUR, "width": 2}
        shapes.append(
            {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1}
            | {"line": line}
        )
        annotations.append(
            {
                "x": x,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "xanchor": "left",
                "showarrow": False,
                "text": f"Limits recalculated: {label}",
                "font": {"size": 13, "color": TEXT_COLOUR},
            }
        )
    return shapes, annotations


def ranking_chart(ranking) -> dict:
    """A horizontal bar per ranked area, rank 1 at the top, the force in blue, others grey,
    and a dashed line for each reference figure (e.g. the most similar group's average)."""
    entries = ranking.entries
    shapes, annotations = [], []
    for ref in ranking.references:
        value = float(ref.value)
        shapes.append(
            {"type": "line", "x0": value, "x1": value, "yref": "paper", "y0": 0, "y1": 1}
            | {"line": {"color": REFERENCE_COLOUR, "dash": "dash", "width": 2}}
        )
        annotations.append(
            {
                "x": value,
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"{ref.area.name}: {ref.value_text}",
                "font": {"size": 12, "color": REFERENCE_COLOUR},
            }
        )
    bars = go.Bar(
        orientation="h",
        x=floats(e.value for e in entries),
        y=[f"{e.rank_text}. {e.area.name}" for e in entries],
        text=[e.value_text for e in entries],
        textposition="outside",
        cliponaxis=False,
        marker={"color": [FORCE_COLOUR if e.is_home else PEER_COLOUR for e in entries]},
        hovertemplate="%{y}: %{text}<extra></extra>",
        **_checks(),
    )
    return figure(
        [bars],
        height=80 + 34 * max(len(entries), 1) + 20 * len(annotations),
        margin={"l": 200, "r": 80, "t": 20 + 20 * len(annotations), "b": 40},
        showlegend=False,
        xaxis={"gridcolor": GRID_COLOUR, "tickformat": ",", "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=shapes,
        annotations=annotations,
    )


# --- finance and funds ---------------------------------------------------------------------


def _bars(name: str, x: list, values, colour: str, **properties) -> go.Bar:
    hover = {} if "hovertemplate" in properties else {"hoverinfo": "text+name"}
    return go.Bar(
        name=name,
        x=x,
        y=floats(values),
        marker={"color": colour},
        **hover,
        **properties,
        **_checks(),
    )


def _money_m(values) -> list[str]:
    return [f"£{value:,.3f}m" if value else "" for value in values]


def budget_waterfall(*, labels, base, rise, fall, total) -> dict:
    """The budget build as a waterfall: stacked bars on an invisible base that lifts each
    step to the running total (plotly-basic has no waterfall trace)."""
    tops = [b + r + f + t for b, r, f, t in zip(base, rise, fall, total, strict=True)]
    bottoms = [t or b for b, t in zip(base, total, strict=True)]
    low, high = min(bottoms), max(tops)
    pad = max((high - low) * Decimal("0.25"), Decimal(1))

    def step(name, values, colour):
        text = _money_m(values)
        return _bars(name, labels, values, colour, text=text, textposition="none")

    data = [
        go.Bar(
            name="",
            x=labels,
            y=floats(base),
            marker={"color": "rgba(0,0,0,0)"},
            hoverinfo="skip",
            showlegend=False,
            **_checks(),
        ),
        step("Total", total, TOTAL_COLOUR),
        step("Cost pressure", rise, FORCE_COLOUR),
        step("Saving", fall, SIGNAL_COLOUR),
    ]
    return figure(
        data,
        barmode="stack",
        height=420,
        yaxis={
            "title": {"text": "£m"},
            "range": [math.floor(low - pad), math.ceil(high + pad / 2)],
            "gridcolor": GRID_COLOUR,
        },
        xaxis={"tickangle": -30, "automargin": True},
        legend={"orientation": "h", "y": 1.12},
        margin={"t": 40, "r": 10, "b": 10, "l": 60},
    )


def funding_donut(*, labels, values) -> dict:
    """Funding by source: each source's share of the whole."""
    ring = go.Pie(
        labels=labels,
        values=floats(values),
        hole=0.45,
        sort=False,
        marker={"colors": FUNDING_COLOURS},
        texttemplate="%{percent:.1%}",
        hovertemplate="%{label}: £%{value:.3f}m (%{percent:.1%})<extra></extra>",
        textposition="auto",
        insidetextfont={"color": "#ffffff"},
        **_checks(),
    )
    return figure(
        [ring],
        height=380,
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": -0.08},
        margin={"t": 20, "r": 20, "b": 20, "l": 20},
    )


def year_beside_year_bars(*, labels, values, year: str, previous=(), previous_year="") -> dict:
    """Net spend by category, this year beside the year before where there is one."""
    # Two-line tick labels, so "Frontline support" is not cut short under its bar.
    ticks = [label.replace(" ", "<br>", 1) for label in labels]

    def year_bars(name, amounts, colour):
        hover = f"%{{x}}: £%{{y:.1f}}m<extra>{name}</extra>"
        return _bars(name, ticks, amounts, colour, hovertemplate=hover)

    data = []
    if previous_year and any(value is not None for value in previous):
        data.append(year_bars(previous_year, previous, PREVIOUS_COLOUR))
    data.append(year_bars(year, values, FORCE_COLOUR))
    return figure(
        data,
        barmode="group",
        height=360,
        xaxis={"tickangle": 0},
        yaxis={"title": {"text": "£m"}, "gridcolor": GRID_COLOUR, "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.12},
        margin={"t": 30, "r": 10, "b": 40, "l": 60},
    )


def awarded_bars(*, labels, amounts, amount_texts) -> dict:
    """The amount awarded by fund, the largest first, as horizontal bars."""
    bars = go.Bar(
        orientation="h",
        x=floats(reversed(amounts)),
        y=list(reversed(labels)),
        text=list(reversed(amount_texts)),
        marker={"color": FORCE_COLOUR},
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
        **_checks(),
    )
    return figure(
        [bars],
        height=max(260, 40 * len(labels) + 80),
        margin={"t": 10, "r": 90, "b": 40, "l": 10},
        xaxis={"title": {"text": "Awarded (£)"}, "gridcolor": GRID_COLOUR, "rangemode": "tozero"},
        yaxis={"automargin": True},
    )
