"""Hostile inputs read in linear time: each timed at a size n and at 4n, in turn, in this process.

Each input once took 30 s or more to read at its test's size, until a fix made the reading linear; a test guards
each fix without a clock (tests/model/test_bibliography.py, test_identifiers.py, tests/importers/test_wordpress.py).
Work linear in its input takes about 4 times as long at 4n, quadratic work 16 times. The runs alternate between the
two sizes, so that the ratio of their medians holds while a shared machine's speed drifts; it is said against
:data:`BOUND`.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from msblog.bench import LINEAR_RUNS
from msblog.importers.wordpress import Media, as_wordpress_shows
from msblog.model.bibliography import read_bibliography
from msblog.model.identifiers import find

SCALE = 4  # the larger size, in times the smaller
BOUND = 8.0  # the most SCALE times the input may multiply the time by: linear is 4, quadratic 16


@dataclass(frozen=True)
class Hostile:
    """A hostile input: what it is (its size n in its words), n, and how to make the work of reading it at a size,
    in a folder for one that is a file."""

    name: str
    size: int
    work: Callable[[int, Path], Callable[[], object]]


def _bibliography(n: int, folder: Path) -> Callable[[], object]:
    """Reading a papers.bib of ``n`` entries, written in ``folder`` (as the test of its fix writes 3,000)."""
    path = folder / f"papers-{n}.bib"
    path.write_text("".join(f"@article{{k{i},\n  title = {{Paper {i}}},\n  pmid = {{{i + 1}}},\n}}\n" for i in range(n)))
    return lambda: read_bibliography(path, folder)


def _doi(n: int, folder: Path) -> Callable[[], object]:
    """Finding the identifiers of a DOI followed by ``n`` closing brackets."""
    text = "10.1234/abc" + ")" * n
    return lambda: find(text)


def _shortcodes(written: str) -> Callable[[int, Path], Callable[[], object]]:
    """Showing a WordPress post of ``written`` ``n`` times as WordPress shows it."""
    def work(n: int, folder: Path) -> Callable[[], object]:
        text = written * n
        return lambda: as_wordpress_shows(text, media=Media())
    return work


HOSTILE = (
    Hostile("a papers.bib of n entries, each a title and a PMID", 500, _bibliography),
    Hostile("a DOI closed by n brackets", 200_000, _doi),
    Hostile("a WordPress post of n `[[audio ` never closed by a `]`", 100_000, _shortcodes("[[audio ")),
    Hostile("a WordPress post of n `[audio]` never closed by an `[/audio]`", 10_000, _shortcodes("[audio]")),
    Hostile("a WordPress post of n `[video /` never closed by a `]`", 100_000, _shortcodes("[video /")),
)


@dataclass(frozen=True)
class Linearity:
    """The median seconds of reading a hostile input at its size and at :data:`SCALE` times it."""

    name: str
    size: int
    seconds: float
    scaled_seconds: float

    @property
    def ratio(self) -> float:
        return self.scaled_seconds / self.seconds


def _timed(work: Callable[[], object]) -> float:
    """The seconds ``work`` takes, the garbage collector off as Python's timeit keeps it."""
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        work()
        return time.perf_counter() - started
    finally:
        gc.enable()


def measure_linearity(runs: int = LINEAR_RUNS, hostile: tuple[Hostile, ...] = HOSTILE) -> list[Linearity]:
    """Each of ``hostile`` read at its size and at :data:`SCALE` times it, in turn, ``runs`` times (after one
    reading at its size, untimed, which loads what the first use loads)."""
    measured = []
    with tempfile.TemporaryDirectory(prefix="msblog-linear-") as folder:
        for case in hostile:
            small, large = case.work(case.size, Path(folder)), case.work(SCALE * case.size, Path(folder))
            small()
            seconds: tuple[list[float], list[float]] = ([], [])
            for run in range(runs):
                for work, times in zip((small, large), seconds):
                    times.append(_timed(work))
            measured.append(Linearity(case.name, case.size, *map(statistics.median, seconds)))
    return measured


def linearity_table(measured: list[Linearity], runs: int) -> list[str]:
    """BENCHMARKS.md's lines on ``measured``, medians of ``runs`` runs: each ratio, and whether it is under the bound."""
    return [
        f"Hostile inputs, each read at a size n and at {SCALE}n in turn, {runs} times, in the benchmark's own process (the",
        "msblog installed there; the garbage collector off while timed, as Python's timeit keeps it): work linear in its",
        f"input takes about {SCALE} times as long at {SCALE}n, quadratic work {SCALE * SCALE} times. Each once took 30 s "
        "or more at its test's size.",
        "",
        f"| hostile input | n | median at n | median at {SCALE}n | {SCALE}n / n | linear: under {BOUND:g} |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *(f"| {m.name} | {m.size:,} | {m.seconds * 1000:.1f} ms | {m.scaled_seconds * 1000:.1f} ms | {m.ratio:.2f} | "
          f"{'yes' if m.ratio < BOUND else '**no**'} |" for m in measured),
    ]
