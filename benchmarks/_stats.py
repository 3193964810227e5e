"""What every benchmark here reports: the median and the p99 of its samples."""

from __future__ import annotations

__all__ = ["percentile"]


def percentile(values: list[float], fraction: float) -> float:
    """The sample at ``fraction`` of the sorted ``values`` (nearest rank; 0.99 is the p99)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
