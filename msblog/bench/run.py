"""``make bench``: generate, import and build archives of several sizes; write BENCHMARKS.md.

Every step runs as its own process, timed on the wall clock; its peak memory
is the most that it and its worker processes held together (their PSS, sampled
five times a second), or its own peak (``wait4``) if that is more. The same content is also
built as a plain ABlog + furo site, each comment an ordinary Markdown section,
as the baseline; results are medians of the runs, with ratios to the baseline.
"""

from __future__ import annotations

import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import ablog

from msblog.bench.generate import RARE, SHAPES, generate
from msblog.bench.search import search_kb, words_by_share
from msblog.model.discussion import read_discussion

REPO = Path(__file__).resolve().parents[2]
_NAIVE_DATE = re.compile(r"^(date: '[0-9T:-]+)[+-]\d\d:\d\d'", re.M)
SITE_FILES = ["conf.py", "index.md", "_static", "_templates", "therapies"]
WHOLE_BLOG = 10_000  # posts; measured once, for its runs take most of an hour
QUERIES = ["ocrelizumab", "neurofilament", RARE[200]]  # a therapy, a medical term, a rare word
BASELINE_CONF = """\
extensions = ["myst_parser", "ablog"]
html_theme = "furo"
include_patterns = ["index.md", "posts/**"]
blog_post_pattern = "posts/*/*/*"
blog_baseurl = "https://example.org/"
blog_feed_fulltext = True
skip_injecting_base_ablog_templates = True
templates_path = ["_templates"]
myst_enable_extensions = ["colon_fence"]
html_sidebars = {"**": ["sidebar/brand.html", "sidebar/search.html", "ablog/recentposts.html", "ablog/archives.html"]}
"""


@dataclass
class Measure:
    seconds: float
    peak_mb: float


def _tree_pss_mb(root: int) -> float:
    """The proportional memory (PSS) of ``root`` and every process under it: what the build holds at once."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total / 1024


def measure(command: list[str], cwd: Path | None = None) -> Measure:
    """Run ``command``; its wall time and the peak memory of it and its children together, sampled."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a long log never blocks the build
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_pss_mb(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode()[-3000:]}")
    return Measure(seconds, max(peak, usage.ru_maxrss / 1024))


def sphinx(source: Path, out: Path, jobs: str = "1") -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs, str(source), str(out)]


def make_site(folder: Path, export: Path) -> tuple[Path, Measure]:
    """A site with the repository's configuration, filled by the real importer."""
    site = folder / "site"
    site.mkdir()
    for name in SITE_FILES:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, site / name)
    imported = measure([sys.executable, "-m", "msblog.cli", "import", "blogger", str(export), "--site", str(site)])
    return site, imported


def make_baseline(folder: Path, site: Path) -> Path:
    """The same posts for plain ABlog + furo, each comment appended as an ordinary section."""
    baseline = folder / "baseline"
    (baseline / "posts").mkdir(parents=True)
    (baseline / "conf.py").write_text(BASELINE_CONF)
    (baseline / "index.md").write_text("# Baseline\n\n```{postlist} 10\n```\n")
    shutil.copytree(Path(ablog.get_html_templates_path()) / "ablog", baseline / "_templates" / "ablog")
    for post in (site / "posts").rglob("*.md"):
        relative = post.relative_to(site / "posts")
        text = _NAIVE_DATE.sub(r"\1'", post.read_text())  # plain ABlog cannot compare dates with time zones
        comments = site / "comments" / relative
        if comments.is_file():
            text += "\n## Comments\n"
            for comment in read_discussion(comments).comments:
                text += f"\n### Comment {comment.id} by {comment.author or 'unknown'}\n\n{comment.body}\n"
        target = baseline / "posts" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return baseline


def post_page(out: Path) -> Path:
    return sorted((out / "posts").rglob("*.html"))[len(list((out / "posts").rglob("*.html"))) // 2]


def edit_one_post(site: Path) -> None:
    posts = sorted((site / "posts").rglob("*.md"))
    edited = posts[len(posts) // 2]
    edited.write_text(edited.read_text() + "\nAn edit for the benchmark.\n")


def bench_size(posts: int, runs: int, work: Path, current: bool = False, shape: str = "typical") -> dict:
    """Measure ``posts`` posts of the export ``shape`` (a name in :data:`~msblog.bench.generate.SHAPES`)."""
    folder = work / f"{shape}-n{posts}"
    folder.mkdir()
    export = folder / ("feed.atom" if current else "export.xml")
    generate(posts, export, current=current, shape=SHAPES[shape])
    rows: dict[str, list[Measure]] = {"import": [], "build": [], "rebuild": [], "baseline": [], "baseline_rebuild": []}
    for run in range(runs):
        attempt = folder / f"run{run}"
        attempt.mkdir()
        site, imported = make_site(attempt, export)
        rows["import"].append(imported)
        out = attempt / "html"
        rows["build"].append(measure(sphinx(site, out, jobs="auto")))  # as make html builds
        edit_one_post(site)
        rows["rebuild"].append(measure(sphinx(site, out, jobs="auto")))
        baseline = make_baseline(attempt, site)
        rows["baseline"].append(measure(sphinx(baseline, attempt / "baseline-html")))  # ABlog reads serially
        edit_one_post(baseline)
        rows["baseline_rebuild"].append(measure(sphinx(baseline, attempt / "baseline-html")))
    comments = sum(len(read_discussion(p).comments) for p in (site / "comments").rglob("*.md"))
    page, base_page = post_page(out), post_page(attempt / "baseline-html")
    first_search, *further_searches = search_kb(out, QUERIES)
    by_share = {share: (count, [search_kb(out, [word])[0] for word in words])
                for share, (count, words) in words_by_share(out).items()}
    return {
        "shape": shape, "posts": posts, "comments": comments, "export_mb": export.stat().st_size / 2**20,
        **{name: Measure(statistics.median(m.seconds for m in ms), statistics.median(m.peak_mb for m in ms))
           for name, ms in rows.items()},
        "page_kb": page.stat().st_size / 1024, "base_page_kb": base_page.stat().st_size / 1024,
        "first_search_kb": first_search, "next_search_kb": max(further_searches), "first_search_by_share": by_share,
        "base_search_kb": len(gzip.compress((attempt / "baseline-html" / "searchindex.js").read_bytes())) / 1024,
    }


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({model}), {memory} GiB memory, Python {platform.python_version()}, {platform.system()}"


def share_band(low: float, high: float) -> str:
    """A band of shares as a reader says it: "under 0.01%", "0.05% to 0.2%", "1% and more"."""
    if low == 0:
        return f"under {high * 100:g}%"
    return f"{low * 100:g}% and more" if high == 1.0 else f"{low * 100:g}% to {high * 100:g}%"


def report(results: list[dict], runs: int, on: str, current: bool = False) -> str:
    """BENCHMARKS.md's tables of ``results`` (one per shape and size, as :func:`bench_size` gives them), medians of
    ``runs`` runs on the machine ``on`` describes (:func:`machine`), importing Blogger's older or ``current`` format."""
    shapes = list(dict.fromkeys(r["shape"] for r in results))
    options = (" --format current" if current else "") + (f" --shape {' '.join(shapes)}" if shapes != ["typical"] else "")
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `msblog bench run{options}` "
        f"(which `make bench` runs) on {on};",
        f"each figure is the median of {runs} run(s)",
        f"({WHOLE_BLOG:,} posts, the whole blog's size: one run).",
        f"The import reads a synthetic export in Blogger's {'current format (feed.atom)' if current else 'older format'},",
        "of the shape each row names (`msblog bench generate --shape`), which sets what drives the cost:",
        "",
        *(f"- {name}: {SHAPES[name].about}." for name in shapes),
        "",
        "The machine is shared: compare the ratios within one run, not seconds across runs.",
        "Ours is built as `make html` builds it (`-j auto`); the baseline, the same imported posts as a plain",
        "ABlog + furo site with each comment an ordinary Markdown section, reads serially (ABlog cannot read in parallel).",
        "",
        "Search: KB transferred, compressed as a static host sends it. Pagefind: the first search on the search page",
        f"(the page's script, Pagefind's code and WebAssembly, each shard's metadata, and the query: {QUERIES[0]}), then the most any",
        f"further query took ({', '.join(QUERIES[1:])}). Baseline: Sphinx's one-file index, loaded whole for any query.",
        "",
        "| shape | posts | comments | export | import | import memory | build | build memory | baseline build | baseline memory | build ratio | rebuild after one edit | baseline rebuild | post page | baseline post page | first search | further query | baseline search |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['shape']} | {r['posts']} | {r['comments']} | {r['export_mb']:.1f} MB | {r['import'].seconds:.1f} s | "
            f"{r['import'].peak_mb:.0f} MB | {r['build'].seconds:.1f} s | {r['build'].peak_mb:.0f} MB | "
            f"{r['baseline'].seconds:.1f} s | {r['baseline'].peak_mb:.0f} MB | "
            f"{r['build'].seconds / r['baseline'].seconds:.2f} | {r['rebuild'].seconds:.1f} s | "
            f"{r['baseline_rebuild'].seconds:.1f} s | {r['page_kb']:.0f} KB | {r['base_page_kb']:.0f} KB | "
            f"{r['first_search_kb']:.0f} KB | {r['next_search_kb']:.0f} KB | {r['base_search_kb']:.0f} KB |"
        )
    for shape in shapes:
        largest = [r for r in results if r["shape"] == shape][-1]
        lines += [
            "",
            f"A first search by how much of all the text its word makes up, at {largest['posts']:,} posts of the {shape} "
            "shape (what a query",
            "fetches grows with how often its word is written, and Pagefind also fetches the longer words a query begins):",
            "words of the index picked at random in each band, each searched for first on a fresh search page.",
            "",
            "| share of all the words written | words of the index | words searched | median | most |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for (low, high), (count, kbs) in largest["first_search_by_share"].items():
            sizes = f"{statistics.median(kbs):.0f} KB | {max(kbs):.0f} KB" if kbs else "– | –"
            lines.append(f"| {share_band(low, high)} | {count} | {len(kbs)} | {sizes} |")
    return "\n".join(lines) + "\n"


def run_benchmarks(sizes: list[int], runs: int, output: Path, current: bool = False,
                   shapes: tuple[str, ...] = ("typical",)) -> str:
    """Benchmark each size of each of ``shapes``, importing Blogger's older export format or (``current``) its
    current one; write the table to ``output``, keeping its notes (from the first "## ")."""
    with tempfile.TemporaryDirectory(prefix="msblog-bench-") as work:
        results = [bench_size(n, 1 if n >= WHOLE_BLOG else runs, Path(work), current, shape)
                   for shape in shapes for n in sizes]
    table = report(results, runs, machine(), current)
    output.write_text(with_notes(table, output.read_text() if output.is_file() else ""))
    return table


def with_notes(table: str, previous: str) -> str:
    """The new ``table`` followed by the notes of the ``previous`` text (from its first "## "), which are kept."""
    return table + (previous[previous.index("\n## "):] if "\n## " in previous else "")
