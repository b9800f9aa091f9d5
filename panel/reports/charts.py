"""Static charts for the PDFs, drawn with matplotlib in a few hundredths of a second each
(plotly's Kaleido needs a browser and seconds per chart; see DESIGN.md).

PNG by default: measured on this machine, WeasyPrint drew 20 matplotlib SVG charts in 3–7 s
(it lays out every SVG <text> itself) against 0.2 s for the same charts as 150 dpi PNG.
Set REPORT_CHART_FORMAT = "svg" for vector charts where time does not matter.

Every chart comes with a text alternative that states the figures it shows, so a reader of the
tagged PDF who cannot see the chart gets the same information.
"""

import base64
import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import matplotlib
from django.conf import settings
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

# Text stays text in the SVG (smaller files, selectable in the PDF); WeasyPrint draws it with
# the same fonts as the report.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.family": "Liberation Sans",
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 9,
        "svg.hashsalt": "pcc-portal",  # stable ids: the same data gives the same bytes
    }
)

NAVY = "#1d3f6e"
LIGHT = "#9fb3cc"
COLOURS = {"good": "#00703c", "bad": "#b10e1e", "neutral": "#505a5f", "unknown": "#505a5f"}
WIDTH_IN = 6.6
DPI = 150
# Beyond the value axis's end, room for a figure printed after a bar that reaches it.
LABEL_ROOM_IN = 0.6
# A measure's name beside its bars is wrapped at this many characters ("Proportion of force
# budget spent on front-line policing: non-visible" on two lines), so the names never take
# more than about two fifths of the chart's width.
LABEL_WRAP_CHARS = 36


MIME = {"png": "image/png", "svg": "image/svg+xml"}
UNIT_LABELS = {
    "percentage": "Per cent",
    "minutes": "Minutes",
    "seconds": "Seconds",
    "money": "£ million",
    "rate": "Rate",
}


def unit_label(unit: str) -> str:
    """The value axis's label for a measure's unit."""
    return UNIT_LABELS.get(unit, "Number")


@dataclass(frozen=True)
class Chart:
    title: str
    image: bytes
    alt: str
    mime: str = "image/png"
    # The value axis as drawn, (low, high): the measure page's chart has the same.
    value_range: tuple[float, float] | None = None

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64," + base64.b64encode(self.image).decode()


def _subplots(width: float, height: float):
    # The object API, not pyplot: pyplot keeps global state and is not safe in the
    # background threads that render documents.
    fig = Figure(figsize=(width, height), dpi=DPI, facecolor="white")
    return fig, fig.subplots()


def wrapped(label: str) -> str:
    """A measure's name as it stands beside its bars: on lines of LABEL_WRAP_CHARS at most."""
    return "\n".join(textwrap.wrap(label, LABEL_WRAP_CHARS, break_on_hyphens=False)) or label


def _label_width_in(fig: Figure, ax) -> float:
    """The widest of the axes' names on the left as the renderer draws them, with their tick
    and padding: measured, not guessed from the number of characters, since the font drawn
    (and its width) is whatever matplotlib finds on the machine."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    widths = [label.get_window_extent(renderer).width for label in ax.get_yticklabels()]
    tick = ax.yaxis.get_major_ticks()[0] if widths else None
    padding_pt = (tick.get_tick_padding() + tick.get_pad()) if tick else 0
    return max(widths, default=0) / fig.dpi + padding_pt / 72


def _margins(
    fig: Figure,
    ax=None,
    *,
    left_in: float | None = None,
    bottom_in: float = 0.45,
    top_in: float = 0.12,
    right_in: float = 0.15,
) -> None:
    """Room for the measure names on the left (measured on `ax`, or `left_in`), the axis label
    below and any legend above: a fraction of the cost of matplotlib's tight layout."""
    width, height = fig.get_size_inches()
    if left_in is None:
        left_in = min(_label_width_in(fig, ax) + 0.1, width * 0.55)
    fig.subplots_adjust(
        left=left_in / width,
        right=1 - right_in / width,
        bottom=min(bottom_in / height, 0.6),
        top=1 - top_in / height,
    )


def _chart(title: str, fig: Figure, alt: str, **drawn) -> Chart:
    image_format = getattr(settings, "REPORT_CHART_FORMAT", "png")
    buffer = io.BytesIO()
    if image_format == "png":
        # RGB without an alpha channel and lightly compressed: WeasyPrint re-encodes every
        # PNG it embeds, and an alpha channel doubles that work (a separate soft mask).
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert(
            "RGB"
        ).save(buffer, format="PNG", compress_level=1)
    else:
        fig.savefig(buffer, format=image_format, dpi=DPI, metadata={"Date": None})
    return Chart(title=title, image=buffer.getvalue(), alt=alt, mime=MIME[image_format], **drawn)


def drawn(
    title: str, draw: Callable, *, alt: str, height: float, margins: dict[str, float]
) -> Chart:
    """A chart drawn on our axes by another module's matplotlib function (the control charts
    and peer rankings of performance.spc.charts, which the web page's SVG also comes from),
    in the report's width, fonts and image format."""
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI, facecolor="white")
    fig.subplots_adjust(**margins)
    draw(fig.add_subplot())
    return _chart(title, fig, alt)


def _height(rows: int) -> float:
    return min(0.9 + 0.32 * rows, 7.5)


@dataclass(frozen=True)
class ChangeBar:
    label: str
    percent: float  # the change on the previous period, in percent
    text: str  # the comparison text as the tables print it
    assessment: str  # good / bad / neutral


def change_bars(title: str, bars: list[ChangeBar]) -> Chart:
    """Horizontal bars of each measure's change on the previous period, coloured good/bad."""
    fig, alt = change_bars_figure(title, bars)
    return _chart(title, fig, alt)


def change_bars_figure(title: str, bars: list[ChangeBar]) -> tuple[Figure, str]:
    """The figure of `change_bars` and its text alternative, before it becomes an image."""
    fig, ax = _subplots(WIDTH_IN, _height(len(bars)))
    labels = [wrapped(bar.label) for bar in reversed(bars)]
    values = [bar.percent for bar in reversed(bars)]
    colours = [COLOURS.get(bar.assessment, NAVY) for bar in reversed(bars)]
    ax.barh(labels, values, color=colours, height=0.6)
    ax.axvline(0, color="#0b0c0c", linewidth=0.8)
    for y, value in enumerate(values):
        ax.annotate(
            f"{value:+.0f}%" if abs(value) >= 1 else f"{value:+.1f}%",
            (value, y),
            xytext=(4 if value >= 0 else -4, 0),
            textcoords="offset points",
            ha="left" if value >= 0 else "right",
            va="center",
        )
    ax.set_xlabel("Change on the previous period (%)")
    ax.margins(x=0.18)
    _margins(fig, ax)
    alt = f"{title}. " + "; ".join(f"{bar.label}: {bar.text}" for bar in bars) + "."
    return fig, alt


@dataclass(frozen=True)
class PairedBar:
    label: str
    previous: Decimal | None
    current: Decimal | None
    previous_text: str
    current_text: str
    target: Decimal | None = None
    target_text: str = ""


def paired_bars(title: str, bars: list[PairedBar], **axes) -> Chart:
    """Previous and current period side by side for each measure, with any target marked, on
    the measures' value axis (`pcc_portal.charts.measure_axis`, as on their pages). `axes` are
    the period labels, unit and value range that `paired_bars_figure` takes."""
    fig, alt = paired_bars_figure(title, bars, **axes)
    return _chart(title, fig, alt, value_range=fig.axes[0].get_xlim())


def paired_bars_figure(
    title: str,
    bars: list[PairedBar],
    *,
    previous_label: str,
    current_label: str,
    unit_label: str,
    value_range: tuple[float, float],
) -> tuple[Figure, str]:
    """The figure of `paired_bars` and its text alternative, before it becomes an image."""
    fig, ax = _subplots(WIDTH_IN, _height(len(bars) * 1.6))
    positions = range(len(bars))
    labels = [wrapped(bar.label) for bar in bars]
    previous = [float(bar.previous or 0) for bar in bars]
    current = [float(bar.current or 0) for bar in bars]
    ax.barh([p + 0.2 for p in positions], previous, height=0.38, color=LIGHT, label=previous_label)
    ax.barh([p - 0.2 for p in positions], current, height=0.38, color=NAVY, label=current_label)
    for position, bar in zip(positions, bars, strict=True):
        for offset, value, text in (
            (0.2, bar.previous, bar.previous_text),
            (-0.2, bar.current, bar.current_text),
        ):
            if value is not None:
                # A label starts beyond the target line when the bar stops short of it, so
                # the line never runs through the figure.
                anchor = float(value)
                if bar.target is not None:
                    anchor = max(anchor, float(bar.target))
                ax.annotate(
                    text,
                    (anchor, position + offset),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7,
                )
        if bar.target is not None:
            ax.plot(
                [float(bar.target)] * 2,
                [position - 0.45, position + 0.45],
                color="#b10e1e",
                linewidth=1.4,
                label="Target" if position == 0 else None,
            )
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    ax.set_xlabel(unit_label)
    ax.set_xlim(value_range)
    _margins(fig, ax, top_in=0.35, right_in=LABEL_ROOM_IN)
    # The legend above the bars, clear of the axis label below.
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, frameon=False, fontsize=7)
    parts = []
    for bar in bars:
        part = (
            f"{bar.label}: {previous_label} {bar.previous_text or 'no figure'}, "
            f"{current_label} {bar.current_text or 'no figure'}"
        )
        if bar.target_text:
            part += f" (target {bar.target_text})"
        parts.append(part)
    alt = f"{title}. " + "; ".join(parts) + "."
    return fig, alt


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[str, Decimal, str]]  # (period label, value, value as printed)


def line_series(
    title: str, series: list[Series], *, unit_label: str, value_range: tuple[float, float]
) -> Chart:
    """Values over time, one line per series (monthly or quarterly figures), on the measures'
    value axis (`pcc_portal.charts.measure_axis`, as on their pages)."""
    fig, ax = _subplots(WIDTH_IN, 2.4)
    labels = list(dict.fromkeys(label for line in series for label, _, _ in line.points))
    for index, line in enumerate(series):
        # Positions, not the labels themselves: matplotlib would read "Jan 2021" as a date.
        xs = [labels.index(point[0]) for point in line.points]
        ys = [float(point[1]) for point in line.points]
        ax.plot(
            xs,
            ys,
            marker="o",
            color=(NAVY, "#b58840", "#00703c", "#b10e1e")[index % 4],
            label=line.label,
            linewidth=1.6,
        )
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel(unit_label)
    ax.set_ylim(value_range)
    # Room for the value axis's figures and label (six characters' worth, as before).
    _margins(fig, left_in=0.56, bottom_in=0.35)
    ax.legend(frameon=False, fontsize=7)
    ax.grid(axis="y", color="#dfe6ef", linewidth=0.6)
    alt = (
        f"{title}. "
        + "; ".join(
            f"{line.label}: " + ", ".join(f"{label} {text}" for label, _, text in line.points)
            for line in series
        )
        + "."
    )
    return _chart(title, fig, alt, value_range=ax.get_ylim())
