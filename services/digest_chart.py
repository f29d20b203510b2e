"""The digest chart: measures per field by status (stacked bars), and the average
progress per field over the last weeks (one line per field).

matplotlib is imported only here, when a chart is drawn, and only its object API is
used (no pyplot state), so drawing in a worker thread is safe.
"""

from __future__ import annotations

import io
from typing import Any

from messages.texts import status_word, word
from messages.values import percent
from plan.vocabulary import Status
from services.digest import Digest

# one colour per status, distinguishable in colour-blind palettes (Okabe–Ito)
COLOURS = {
    Status.PLANNED: "#999999",
    Status.RUNNING: "#0072B2",
    Status.DELAYED: "#E69F00",
    Status.ON_HOLD: "#CC79A7",
    Status.DONE: "#009E73",
}
# the fields' lines: colour and marker apart, so they also tell apart in grey
LINES = (("#0072B2", "o"), ("#E69F00", "s"), ("#009E73", "^"), ("#CC79A7", "D"))
WIDTH_IN, HEIGHT_IN, DPI = 6.4, 7.2, 125  # 800 × 900 px: readable at phone width


def render_chart(digest: Digest, language: str) -> tuple[bytes, int, int]:
    """Draw the chart; return PNG bytes, width and height in pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    bars, progress = figure.subplots(2, 1, height_ratios=(3, 2))
    codes = [f.code for f in digest.fields]
    bottom = [0] * len(codes)
    for status in Status:
        counts = [f.by_status.get(status.value, 0) for f in digest.fields]
        bars.bar(
            codes,
            counts,
            bottom=bottom,
            color=COLOURS[status],
            label=status_word(language, status),
        )
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    bars.set_title(word(language, "chart.title").format(week=digest.week.week), fontsize=14)
    bars.set_ylabel(word(language, "chart.measures"), fontsize=11)
    bars.legend(fontsize=10, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    bars.tick_params(labelsize=11)
    bars.yaxis.get_major_locator().set_params(integer=True)
    _trend(progress, digest, language)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    width, height = figure.canvas.get_width_height()
    return buffer.getvalue(), int(width), int(height)


def _trend(axes: Any, digest: Digest, language: str) -> None:
    """Average progress per field at the end of each week of the trend (this week as of
    now); without a trend, this week's averages alone."""
    weeks = [w.week for w in digest.trend_weeks] or [digest.week.week]
    labels = [word(language, "chart.week").format(week=w) for w in weeks]
    for index, entry in enumerate(digest.fields):
        values = entry.trend or [entry.average_progress]
        colour, marker = LINES[index % len(LINES)]
        points = [(x, v) for x, v in enumerate(values) if v is not None]
        if not points:
            continue
        axes.plot(
            [x for x, _ in points],
            [v for _, v in points],
            color=colour,
            marker=marker,
            markersize=4,
            linewidth=1.8,
            label=f"{entry.code} ({percent(points[-1][1])})",
        )
    axes.set_ylim(0, 100)
    axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    axes.set_ylabel(word(language, "chart.progress"), fontsize=10)
    axes.set_title(word(language, "chart.trend").format(weeks=len(weeks)), fontsize=12)
    axes.tick_params(labelsize=9)
    axes.grid(axis="y", alpha=0.3)
    if axes.get_lines():  # a catalogue without measures has no lines to name
        axes.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
