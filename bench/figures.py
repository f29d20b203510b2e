"""How the benchmarks print what they measured."""

from __future__ import annotations

import statistics


def summary(name: str, samples: list[float]) -> str:
    """Median, p90, p99, min and mean of `samples` (milliseconds), on one line."""
    ordered = sorted(samples)

    def quantile(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return (
        f"{name:<34} median {statistics.median(ordered):7.2f} ms   p90 {quantile(0.9):7.2f} ms   "
        f"p99 {quantile(0.99):7.2f} ms   min {ordered[0]:7.2f} ms   "
        f"mean {statistics.fmean(ordered):7.2f} ms   (n={len(ordered)})"
    )
