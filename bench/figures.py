"""How the benchmarks print what they measured."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


def quantile(samples: list[float], q: float) -> float:
    """The `q` quantile of `samples` (nearest rank, no interpolation)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(name: str, samples: list[float]) -> str:
    """Median, p90, p99, min and mean of `samples` (milliseconds), on one line."""
    ordered = sorted(samples)
    return (
        f"{name:<34} median {statistics.median(ordered):7.2f} ms   "
        f"p90 {quantile(ordered, 0.9):7.2f} ms   p99 {quantile(ordered, 0.99):7.2f} ms   "
        f"min {ordered[0]:7.2f} ms   mean {statistics.fmean(ordered):7.2f} ms   "
        f"(n={len(ordered)})"
    )


@dataclass(frozen=True)
class Figure:
    """One figure of the measured program next to the baseline's, and the target it has.

    `met` is None for a figure without a target.
    """

    name: str
    value: float
    baseline: float
    unit: str
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float:
        """The figure as a multiple of the baseline's (NaN when the baseline is 0)."""
        return self.value / self.baseline if self.baseline else float("nan")


def comparison(figures: list[Figure], program: str, baseline: str) -> str:
    """A table of `figures`: value, baseline, their ratio, the target and whether it is met."""
    lines = [
        f"{'figure':<36} {program:>12} {baseline:>12} {'ratio':>7}   {'target':<18} met",
        "-" * 96,
    ]
    for f in figures:
        met = "" if f.met is None else ("yes" if f.met else "NO")
        lines.append(
            f"{f.name:<36} {f.value:>8.2f} {f.unit:<3} {f.baseline:>8.2f} {f.unit:<3} "
            f"{f.ratio:>6.2f}×   {f.target:<18} {met}"
        )
    return "\n".join(lines)
