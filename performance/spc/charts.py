"""Control charts and peer rankings drawn two ways from the same numbers.

- `xmr_figure` / `ranking_figure`: plain plotly figure dicts for the web page (passed to the
  browser with json_script and drawn by static/js/performance-spc.js with plotly-basic); no
  plotly Python import is needed to build a dict.
- `xmr_svg` / `ranking_svg`: matplotlib SVG for the PDF report, because Kaleido needs a Chrome
  and takes seconds a chart, while matplotlib takes a few hundredths of a second.

Signals are marked by a different marker shape *and* colour, so they read without colour too.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from core.periods import Period
from performance.spc.xmr import XmrResult, rule_text

SERIES = "#1d70b8"  # blue
MEAN = "#0b0c0c"  # near black
LIMIT = "#505a5f"  # dark grey
SIGNAL = "#f47738"  # orange: reads apart from blue for colour-blind readers too
HOME = "#1d70b8"
PEER = "#b1b4b6"
REFERENCE = "#d4351c"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
MAX_TICKS = 12


def _default_fmt(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}"


def _date(key) -> dt.date:
    return key.start if isinstance(key, Period) else key


def _midpoint(a: dt.date, b: dt.date) -> dt.date:
    return a + (b - a) / 2


def _ticks(result: XmrResult) -> tuple[list[str], list[str]]:
    """At most MAX_TICKS evenly spread labels, always including the latest period."""
    points = result.points
    step = max(1, -(-len(points) // MAX_TICKS))
    chosen = list(range(len(points) - 1, -1, -step))[::-1]
    return [_date(points[i].key).isoformat() for i in chosen], [
        points[i].short_label for i in chosen
    ]


def _gapped(result: XmrResult) -> tuple[list, list, list]:
    """x, y and hover labels of the series, with a null between points either side of a gap
    so the line breaks there instead of drawing a change across missing periods."""
    after_gap = {g.after for g in result.gaps}
    xs, ys, hover = [], [], []
    for i, p in enumerate(result.points):
        xs.append(_date(p.key).isoformat())
        ys.append(p.x)
        hover.append(p.label)
        if i in after_gap:
            xs.append(_midpoint(_date(p.key), _date(result.points[i + 1].key)).isoformat())
            ys.append(None)
            hover.append("")
    return xs, ys, hover


def _segment_lines(result: XmrResult, fmt) -> list[dict]:
    traces = []
    for number, seg in enumerate(result.segments):
        first = _date(result.points[seg.start].key).isoformat()
        last = _date(result.points[seg.end - 1].key).isoformat()
        for name, y, colour, dash in (
            ("Average", seg.mean, MEAN, "dash"),
            ("Process limits", seg.upper_shown, LIMIT, "longdash"),
            ("Process limits", seg.lower_shown, LIMIT, "longdash"),
        ):
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": name,
                    "legendgroup": name,
                    "showlegend": number == 0 and y != seg.lower_shown,
                    "x": [first, last],
                    "y": [y, y],
                    "line": {"color": colour, "dash": dash, "width": 1.5},
                    "hovertemplate": f"{name}: {fmt(y)}<extra></extra>",
                }
            )
    return traces


def _baseline_marks(result: XmrResult) -> tuple[list[dict], list[dict]]:
    shapes, annotations = [], []
    for seg in result.segments:
        if not seg.is_recalculated or seg.start == 0:
            continue
        x = _midpoint(
            _date(result.points[seg.start - 1].key), _date(result.points[seg.start].key)
        ).isoformat()
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": MEAN, "width": 2},
            }
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
                "text": f"Limits recalculated: {seg.label}",
                "font": {"size": 13, "color": MEAN},
            }
        )
    return shapes, annotations


def xmr_figure(
    result: XmrResult, *, fmt: Callable[[float | None], str] = _default_fmt, title: str = ""
) -> dict:
    """The XmR chart as a plotly figure dict: figures, average, limits, signals, baselines."""
    xs, ys, hover = _gapped(result)
    customdata = [[h, fmt(y)] for h, y in zip(hover, ys, strict=True)]
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Figure",
            "x": xs,
            "y": ys,
            "connectgaps": False,
            "line": {"color": SERIES, "width": 2},
            "marker": {"color": SERIES, "size": 7, "symbol": "circle"},
            "hovertemplate": "%{customdata[0]}: %{customdata[1]}<extra></extra>",
            "customdata": customdata,
        },
        *_segment_lines(result, fmt),
    ]
    signal_points = [p for p in result.points if p.is_signal]
    if signal_points:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "Signal",
                "x": [_date(p.key).isoformat() for p in signal_points],
                "y": [p.x for p in signal_points],
                "marker": {
                    "color": SIGNAL,
                    "size": 13,
                    "symbol": "diamond",
                    "line": {"color": MEAN, "width": 1},
                },
                "customdata": [
                    [p.label, fmt(p.x), "; ".join(rule_text(r, result) for r in p.rules)]
                    for p in signal_points
                ],
                "hovertemplate": "%{customdata[0]}: %{customdata[1]}<br>%{customdata[2]}"
                "<extra></extra>",
            }
        )
    shapes, annotations = _baseline_marks(result)
    tickvals, ticktext = _ticks(result)
    layout = {
        "height": 380,
        "margin": {"l": 70, "r": 20, "t": 40 if annotations else 20, "b": 90},
        "font": {"family": FONT, "size": 14, "color": MEAN},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hovermode": "closest",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": -0.25},
        "xaxis": {
            "type": "date",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "tickangle": -45,
            "showgrid": False,
            "linecolor": LIMIT,
        },
        "yaxis": {
            "gridcolor": "#e5e5e5",
            "zeroline": False,
            "tickformat": ",",
            "title": {"text": title} if title else {},
        },
        "shapes": shapes,
        "annotations": annotations,
    }
    return {"data": data, "layout": layout, "config": {"displayModeBar": False, "responsive": True}}


def ranking_figure(ranking) -> dict:
    """A horizontal bar per ranked area, rank 1 at the top, the force in blue, others grey."""
    entries = ranking.entries
    names = [f"{e.rank_text}. {e.area.name}" for e in entries]
    shapes, annotations = [], []
    for ref in ranking.references:
        value = float(ref.value)
        shapes.append(
            {
                "type": "line",
                "x0": value,
                "x1": value,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": REFERENCE, "dash": "dash", "width": 2},
            }
        )
        annotations.append(
            {
                "x": value,
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"{ref.area.name}: {ref.value_text}",
                "font": {"size": 12, "color": REFERENCE},
            }
        )
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "x": [float(e.value) for e in entries],
            "y": names,
            "text": [e.value_text for e in entries],
            "textposition": "outside",
            "cliponaxis": False,
            "marker": {"color": [HOME if e.is_home else PEER for e in entries]},
            "hovertemplate": "%{y}: %{text}<extra></extra>",
        }
    ]
    layout = {
        "height": 80 + 34 * max(len(entries), 1) + 20 * len(annotations),
        "margin": {"l": 200, "r": 80, "t": 20 + 20 * len(annotations), "b": 40},
        "font": {"family": FONT, "size": 14, "color": MEAN},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "xaxis": {"gridcolor": "#e5e5e5", "tickformat": ",", "rangemode": "tozero"},
        "yaxis": {"autorange": "reversed", "automargin": True},
        "shapes": shapes,
        "annotations": annotations,
    }
    return {"data": data, "layout": layout, "config": {"displayModeBar": False, "responsive": True}}


# --- SVG for the PDF -------------------------------------------------------------------------


# Text stays text in the SVG (smaller, and the PDF can use its own font).
SVG_STYLE = {"svg.fonttype": "none", "font.family": ["DejaVu Sans"], "font.size": 9}


def _svg(draw: Callable, width: float, height: float, margins: dict) -> str:
    """SVG text of a chart drawn by `draw(ax)`. The object API, never pyplot: no global state,
    so it is safe in a threaded web server; the style applies only inside this call. Fixed
    margins rather than bbox_inches="tight", which draws everything twice (0.2 s, not 0.04 s)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(SVG_STYLE):
        figure = Figure(figsize=(width, height))
        figure.subplots_adjust(**margins)
        draw(figure.add_subplot())
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def xmr_svg(result: XmrResult, *, title: str = "") -> str:
    """The XmR chart as SVG text, drawn as on the web page."""
    margins = {"left": 0.11, "right": 0.98, "bottom": 0.32, "top": 0.9}
    return _svg(lambda ax: draw_xmr(ax, result, title), 7.0, 3.6, margins)


def draw_xmr(ax, result: XmrResult, title: str) -> None:
    xs, ys, _ = _gapped(result)
    dates = [dt.date.fromisoformat(x) for x in xs]
    y = [float("nan") if y is None else y for y in ys]
    ax.plot(dates, y, color=SERIES, marker="o", ms=3.5, label="Figure")
    for number, seg in enumerate(result.segments):
        span = [_date(result.points[seg.start].key), _date(result.points[seg.end - 1].key)]
        first = number == 0  # one legend entry for all segments' lines
        ax.plot(span, [seg.mean] * 2, color=MEAN, ls="--", lw=1, label="Average" if first else None)
        limits = "Process limits" if first else None
        ax.plot(span, [seg.upper_shown] * 2, color=LIMIT, ls=(0, (8, 3)), lw=1, label=limits)
        ax.plot(span, [seg.lower_shown] * 2, color=LIMIT, ls=(0, (8, 3)), lw=1)
        if seg.is_recalculated and seg.start:
            x = _midpoint(
                _date(result.points[seg.start - 1].key), _date(result.points[seg.start].key)
            )
            ax.axvline(x, color=MEAN, lw=1.5)
            ax.annotate(
                f"Limits recalculated: {seg.label}",
                (x, 1),
                xycoords=("data", "axes fraction"),
                xytext=(3, 3),
                textcoords="offset points",
                va="bottom",
            )
    signals = [p for p in result.points if p.is_signal]
    if signals:
        ax.scatter(
            [_date(p.key) for p in signals],
            [p.x for p in signals],
            marker="D",
            s=40,
            color=SIGNAL,
            edgecolor=MEAN,
            zorder=3,
            label="Signal",
        )
    tickvals, ticktext = _ticks(result)
    ax.set_xticks([dt.date.fromisoformat(t) for t in tickvals], ticktext, rotation=45, ha="right")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5")
    if title:
        ax.set_ylabel(title)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.32), ncols=4, frameon=False)


def ranking_svg(ranking) -> str:
    """The peer ranking as SVG text: rank 1 at the top, the force in blue."""
    height = 0.9 + 0.3 * max(len(ranking.entries), 1)
    margins = {"left": 0.3, "right": 0.9, "bottom": 0.5 / height, "top": 1 - 0.35 / height}
    return _svg(lambda ax: draw_ranking(ax, ranking), 7.0, height, margins)


def draw_ranking(ax, ranking) -> None:
    entries = ranking.entries
    names = [f"{e.rank_text}. {e.area.name}" for e in entries]
    values = [float(e.value) for e in entries]
    bars = ax.barh(names, values, color=[HOME if e.is_home else PEER for e in entries])
    ax.bar_label(bars, labels=[e.value_text for e in entries], padding=3)
    for ref in ranking.references:
        ax.axvline(float(ref.value), color=REFERENCE, ls="--", lw=1.2)
        ax.annotate(
            f"{ref.area.name}: {ref.value_text}",
            (float(ref.value), 1),
            xycoords=("data", "axes fraction"),
            va="bottom",
            ha="center",
            color=REFERENCE,
        )
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15)
    for label, entry in zip(ax.get_yticklabels(), entries, strict=True):
        if entry.is_home:
            label.set_fontweight("bold")
