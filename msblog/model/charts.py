"""How often a thing was named, year by year: the numbers a chart of posts and comments shows, and its bars."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

LONGEST_BAR = 55  # the share of a chart's width (in %) the largest number takes, leaving room for labels


@dataclass(frozen=True)
class Year:
    """The posts and comments naming a thing in ``year``; ``None``: those whose year the source does not give."""

    year: int | None
    posts: int
    comments: int

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else "date unknown"


def per_year(found: Iterable[tuple[int | None, bool]]) -> list[Year]:
    """Each year from the first to the last of ``found`` (a year, or ``None``, and whether a comment, for each post
    or comment naming the thing), years naming it nowhere as zero, oldest first; then those of no known year."""
    counts = Counter(found)
    years = sorted({year for year, _comment in counts if year is not None})
    span = range(years[0], years[-1] + 1) if years else []
    rows = [Year(year, counts[year, False], counts[year, True]) for year in span]
    if counts[None, False] or counts[None, True]:
        rows.append(Year(None, counts[None, False], counts[None, True]))
    return rows


def bar_width(value: int, largest: int) -> float:
    """The width of a bar for ``value``, as a share (%) of the chart's width, the ``largest`` taking LONGEST_BAR."""
    return round(LONGEST_BAR * value / largest, 2) if largest else 0.0
