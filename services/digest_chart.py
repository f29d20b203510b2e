"""The digest chart: measures per field by status (stacked bars), and average progress.

matplotlib is imported only here, when a chart is drawn, and only its object API is
used (no pyplot state), so drawing in a worker thread is safe.
"""

from __future__ import annotations

import io

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
WIDTH_IN, HEIGHT_IN, DPI = 6.4, 7.2, 125  # 800 × 900 px: readable at phone width


def render_chart(digest: Digest, language: str) -> tuple[bytes, int, int]:
    """Draw the chart; return PNG bytes, width and height in pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    bars, progress = figure.subplots(2, 1, height_ratios=(3, 1.4))
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
    averages = [f.average_progress or 0 for f in digest.fields]
    progress.barh(codes[::-1], averages[::-1], color="#0072B2")
    progress.set_xlim(0, 100)
    progress.set_xlabel(word(language, "chart.progress"), fontsize=11)
    progress.tick_params(labelsize=11)
    for y, value in enumerate(averages[::-1]):
        progress.text(min(value + 2, 88), y, percent(value), va="center", fontsize=10)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    width, height = figure.canvas.get_width_height()
    return buffer.getvalue(), int(width), int(height)
