"""Control charts and peer rankings for the PDF report, drawn on matplotlib axes that
panel.reports.control_charts provides (Kaleido would need a Chrome and take seconds a chart;
matplotlib takes a few hundredths of a second). The web page's versions are plotly figures
from pcc_portal.charts, placed from the same XmrResult methods, so the two show the same.

Signals are marked by a different marker shape *and* colour, so they read without colour too.
"""

from __future__ import annotations

import datetime as dt

from performance.spc.xmr import XmrResult

SERIES = "#1d70b8"  # blue
MEAN = "#0b0c0c"  # near black
LIMIT = "#505a5f"  # dark grey
SIGNAL = "#f47738"  # orange: reads apart from blue for colour-blind readers too
HOME = "#1d70b8"
PEER = "#b1b4b6"
REFERENCE = "#d4351c"


def draw_xmr(ax, result: XmrResult, title: str) -> None:
    xs, ys, _ = result.plot_points()
    dates = [dt.date.fromisoformat(x) for x in xs]
    y = [float("nan") if y is None else y for y in ys]
    ax.plot(dates, y, color=SERIES, marker="o", ms=3.5, label="Figure")
    for number, seg in enumerate(result.segments):
        span = list(result.segment_span(seg))
        first = number == 0  # one legend entry for all segments' lines
        ax.plot(span, [seg.mean] * 2, color=MEAN, ls="--", lw=1, label="Average" if first else None)
        limits = "Process limits" if first else None
        ax.plot(span, [seg.upper_shown] * 2, color=LIMIT, ls=(0, (8, 3)), lw=1, label=limits)
        ax.plot(span, [seg.lower_shown] * 2, color=LIMIT, ls=(0, (8, 3)), lw=1)
    for x, label in result.recalculations():
        ax.axvline(x, color=MEAN, lw=1.5)
        ax.annotate(
            f"Limits recalculated: {label}",
            (x, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, 3),
            textcoords="offset points",
            va="bottom",
        )
    signals = [p for p in result.points if p.is_signal]
    if signals:
        ax.scatter(
            [result.plot_date(p.key) for p in signals],
            [p.x for p in signals],
            marker="D",
            s=40,
            color=SIGNAL,
            edgecolor=MEAN,
            zorder=3,
            label="Signal",
        )
    tickvals, ticktext = result.ticks()
    ax.set_xticks([dt.date.fromisoformat(t) for t in tickvals], ticktext, rotation=45, ha="right")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5")
    if title:
        ax.set_ylabel(title)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.32), ncols=4, frameon=False)


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
