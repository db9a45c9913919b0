"""``make bench``: generate, import and build archives of several sizes; write BENCHMARKS.md.

The site is built as it is published, from a clean clone of the repository's
last commit with fresh environments: ``make html`` (which makes the clone's
``.venv``), and Read the Docs' own commands from ``.readthedocs.yaml``, in an
environment holding only what that file installs. The two builds of each run
alternate, so that their ratio, pair by pair, holds while the machine's speed
drifts. Every step runs as its own process, timed on the wall clock; its peak
memory is the most that it and its worker processes held together (their PSS,
sampled five times a second), or its own peak (``wait4``) if that is more.
Below the whole blog's size the same content is also built as a plain ABlog +
furo site, each comment an ordinary Markdown section, as the baseline; results
are medians of the runs, with ratios. Hostile inputs are read at two sizes in
turn, in this process, to say whether their time grows linearly (linear.py).
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
import yaml

from msblog.bench import LINEAR_RUNS, RUNS, SIZES
from msblog.bench.generate import RARE, SHAPES, generate
from msblog.bench.linear import Linearity, linearity_table, measure_linearity
from msblog.bench.search import search_kb, words_by_share
from msblog.model.dates import given_date
from msblog.model.discussion import read_discussion
from msblog.model.front_matter import FRONT_MATTER, load_front_matter
from msblog.model.layout import Layout

REPO = Path(__file__).resolve().parents[2]
_NAIVE_DATE = re.compile(r"^(date: '[0-9T:-]+)[+-]\d\d:\d\d'", re.M)
WHOLE_BLOG = 10_000  # posts; imported once and built in at most WHOLE_BLOG_PAIRS pairs, for each build takes minutes
WHOLE_BLOG_PAIRS = 2
TARGETS = {"make html": 300.0, "Read the Docs": 600.0, "edit": 8.0}  # seconds, at the whole blog's size
READTHEDOCS_MEMORY_MB = 3 * 1024  # what Read the Docs gives a community build
READTHEDOCS_SECONDS = 15 * 60  # and its time
QUERIES = ["ocrelizumab", "neurofilament", RARE[200]]  # a therapy, a medical term, a rare word
BASELINE = Layout()  # the baseline's posts are where a site of the default layout has them
BASELINE_CONF = f"""\
extensions = ["myst_parser", "ablog"]
html_theme = "furo"
include_patterns = ["index.md", "{BASELINE.posts}/**"]
blog_post_pattern = "{BASELINE.posts}/*/*/*"
blog_baseurl = "https://example.org/"
blog_feed_fulltext = True
skip_injecting_base_ablog_templates = True
templates_path = ["_templates"]
myst_enable_extensions = ["colon_fence"]
html_sidebars = {{"**": ["sidebar/brand.html", "sidebar/search.html", "ablog/recentposts.html", "ablog/archives.html"]}}
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


def measure(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Measure:
    """Run ``command``; its wall time and the peak memory of it and its children together, sampled."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a long log never blocks the build
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
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


def sphinx(source: Path, out: Path) -> list[str]:
    """Plain Sphinx, serially: how the baseline is built (ABlog cannot read in parallel)."""
    return [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(out)]


@dataclass
class Checkout:
    """A clean clone of the repository (``root``), where ``make html`` finds its ``.venv``, and the Python of
    the environment Read the Docs would make (``docs_python``), outside it as Read the Docs keeps it."""

    root: Path
    docs_python: Path

    def readthedocs(self) -> dict:
        return yaml.safe_load((self.root / ".readthedocs.yaml").read_text())

    def readthedocs_commands(self) -> list[str]:
        """The commands Read the Docs runs to build the html, as ``.readthedocs.yaml`` writes them."""
        return self.readthedocs()["build"]["jobs"]["build"]["html"]

    def readthedocs_env(self, output: Path) -> dict[str, str]:
        """The environment of those commands: its ``python`` first on the path, ``$READTHEDOCS_OUTPUT`` set."""
        path = f"{self.docs_python.parent}{os.pathsep}{os.environ.get('PATH', '')}"
        return {**os.environ, "PATH": path, "READTHEDOCS": "True", "READTHEDOCS_OUTPUT": str(output)}


def readthedocs_installs(config: dict) -> list[list[str]]:
    """What Read the Docs runs to install the site, by ``python.install`` (pip's arguments)."""
    installs = []
    for step in config["python"]["install"]:
        installs.append(["-r", step["requirements"]] if "requirements" in step else [step["path"]])
    return installs


def clean_clone(work: Path) -> Path:
    root = work / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(root)], check=True)
    return root


def fresh_checkout(work: Path) -> Checkout:
    """A clean clone, its ``.venv`` made by ``make`` as on a new machine, and Read the Docs' environment."""
    root = clean_clone(work)
    subprocess.run(["make", "--no-print-directory", "-C", str(root), ".venv/.installed", f"PYTHON={sys.executable}"],
                   check=True, stdout=subprocess.DEVNULL)
    environment = work / "readthedocs-env"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    python = environment / "bin" / "python"
    checkout = Checkout(root, python)
    for arguments in readthedocs_installs(checkout.readthedocs()):
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *arguments], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
    return checkout


def fill(checkout: Checkout, export: Path) -> Measure:
    """The clone's own posts and discussions (which its therapy pages link to), and ``export``'s beside them,
    imported by the clone's own importer; what an earlier fill imported is gone."""
    subprocess.run(["git", "clean", "--quiet", "-d", "--force", "--exclude=/.venv"], cwd=checkout.root,
                   check=True)  # ignored files stay
    subprocess.run(["git", "checkout", "--quiet", "--", "."], cwd=checkout.root, check=True)
    return measure([str(checkout.root / ".venv" / "bin" / "msblog"), "import", "blogger", str(export),
                    "--site", str(checkout.root)])


def make_html(checkout: Checkout, build: Path) -> Measure:
    """``make html`` in the clone, into ``build`` (its doctrees beside the published html)."""
    return measure(["make", "--no-print-directory", "-C", str(checkout.root), "html", f"BUILDDIR={build}"])


def readthedocs_build(checkout: Checkout, output: Path) -> Measure:
    """Read the Docs' build commands, from a checkout with no build of its own yet, as Read the Docs starts."""
    shutil.rmtree(checkout.root / "_build", ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    env = checkout.readthedocs_env(output)
    measures = [measure(["bash", "-c", command], cwd=checkout.root, env=env) for command in checkout.readthedocs_commands()]
    return Measure(sum(m.seconds for m in measures), max(m.peak_mb for m in measures))


def make_baseline(folder: Path, site: Path, layout: Layout) -> Path:
    """The same posts for plain ABlog + furo, each comment appended as an ordinary section (in its own posts/)."""
    baseline = folder / "baseline"
    (baseline / BASELINE.posts).mkdir(parents=True)
    (baseline / "conf.py").write_text(BASELINE_CONF)
    (baseline / "index.md").write_text("# Baseline\n\n```{postlist} 10\n```\n")
    shutil.copytree(Path(ablog.get_html_templates_path()) / "ablog", baseline / "_templates" / "ablog")
    for post in (site / layout.posts).rglob("*.md"):
        relative = post.relative_to(site / layout.posts)
        text = _NAIVE_DATE.sub(r"\1'", post.read_text())  # plain ABlog cannot compare dates with time zones
        comments = site / layout.comments / relative
        if comments.is_file():
            text += "\n## Comments\n"
            for comment in read_discussion(comments, site).comments:
                text += f"\n### Comment {comment.id} by {comment.author or 'unknown'}\n\n{comment.body}\n"
        target = baseline / BASELINE.posts / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return baseline


def post_page(out: Path, layout: Layout) -> Path:
    pages = sorted((out / layout.posts).rglob("*.html"))
    return pages[len(pages) // 2]


def newest_and_middle_posts(site: Path, layout: Layout) -> tuple[Path, Path]:
    """The newest post by the date it gives (whose edit changes the most listings), and one from the middle."""
    posts = sorted((site / layout.posts).rglob("*.md"))
    return max(posts, key=_given_date), posts[len(posts) // 2]


def _given_date(post: Path) -> str:
    match = FRONT_MATTER.match(post.read_text())
    return str(given_date(load_front_matter(match.group(1), post)) or "") if match else ""


def edit(post: Path) -> None:
    post.write_text(post.read_text() + "\nAn edit for the benchmark.\n")


def bench_size(posts: int, runs: int, work: Path, checkout: Checkout, current: bool = False,
               shape: str = "typical") -> dict:
    """Measure ``posts`` posts of the export ``shape`` (a name in :data:`~msblog.bench.generate.SHAPES`), built
    in ``checkout``: ``runs`` imports and pairs of builds (at the whole blog's size, one import and at most
    :data:`WHOLE_BLOG_PAIRS` pairs)."""
    folder = work / f"{shape}-n{posts}"
    folder.mkdir()
    export = folder / ("feed.atom" if current else "export.xml")
    generate(posts, export, current=current, shape=SHAPES[shape])
    whole_blog = posts >= WHOLE_BLOG
    rows: dict[str, list[Measure]] = {name: [] for name in (
        "import", "build", "readthedocs", "edit_newest", "edit_middle", "baseline", "baseline_rebuild")}
    for run in range(1 if whole_blog else runs):
        rows["import"].append(fill(checkout, export))
    out = folder / "make"
    for run in range(min(runs, WHOLE_BLOG_PAIRS) if whole_blog else runs):
        shutil.rmtree(out, ignore_errors=True)
        rows["build"].append(make_html(checkout, out))
        rows["readthedocs"].append(readthedocs_build(checkout, folder / "readthedocs"))
    site = Layout.of_site(checkout.root)
    newest, middle = newest_and_middle_posts(checkout.root, site)
    for name, post in (("edit_newest", newest), ("edit_middle", middle)):
        edit(post)
        rows[name].append(make_html(checkout, out))
    html = out / "html"
    if not whole_blog:
        baseline = make_baseline(folder, checkout.root, site)
        for run in range(runs):
            shutil.rmtree(folder / "baseline-html", ignore_errors=True)
            rows["baseline"].append(measure(sphinx(baseline, folder / "baseline-html")))
        edit(newest_and_middle_posts(baseline, BASELINE)[1])
        rows["baseline_rebuild"].append(measure(sphinx(baseline, folder / "baseline-html")))
    comments = sum(len(read_discussion(p, checkout.root).comments) for p in (checkout.root / site.comments).rglob("*.md"))
    first_search, *further_searches = search_kb(html, QUERIES)
    by_share = {share: (count, [search_kb(html, [word])[0] for word in words])
                for share, (count, words) in words_by_share(html).items()}
    baseline_html = folder / "baseline-html"
    return {
        "shape": shape, "posts": posts, "comments": comments, "export_mb": export.stat().st_size / 2**20,
        **{name: Measure(statistics.median(m.seconds for m in ms), statistics.median(m.peak_mb for m in ms)) if ms else None
           for name, ms in rows.items()},
        "readthedocs_ratio": statistics.median(r.seconds / b.seconds for r, b in zip(rows["readthedocs"], rows["build"])),
        "page_kb": post_page(html, site).stat().st_size / 1024,
        "base_page_kb": post_page(baseline_html, BASELINE).stat().st_size / 1024 if not whole_blog else None,
        "first_search_kb": first_search, "next_search_kb": max(further_searches), "first_search_by_share": by_share,
        "base_search_kb": len(gzip.compress((baseline_html / "searchindex.js").read_bytes())) / 1024 if not whole_blog else None,
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


def _seconds(m: Measure | None) -> str:
    return f"{m.seconds:.1f} s" if m else "–"


def _memory(m: Measure | None) -> str:
    return f"{m.peak_mb:.0f} MB" if m else "–"


def _kb(kb: float | None) -> str:
    return f"{kb:.0f} KB" if kb is not None else "–"


def targets(result: dict) -> list[str]:
    """Each target at the whole blog's size, said of ``result``: its figure, its limit, met or not."""
    def said(what: str, figure: float, limit: float, unit: str) -> str:
        return f"- {what}: {figure:,.0f} {unit}, limit {limit:,.0f} {unit}: {'met' if figure <= limit else '**not met**'}"
    slowest_edit = max(result["edit_newest"].seconds, result["edit_middle"].seconds)
    return [
        said("`make html`, a full build", result["build"].seconds, TARGETS["make html"], "s"),
        said("Read the Docs' commands, a full build", result["readthedocs"].seconds, TARGETS["Read the Docs"], "s"),
        said("Read the Docs' commands, within the 15 minutes Read the Docs gives a build", result["readthedocs"].seconds,
             READTHEDOCS_SECONDS, "s"),
        said("Read the Docs' commands, memory", result["readthedocs"].peak_mb, READTHEDOCS_MEMORY_MB, "MB"),
        said("`make html` after editing one post (the slower of the two edits)", slowest_edit, TARGETS["edit"], "s"),
    ]


def report(results: list[dict], linear: list[Linearity], runs: int, on: str, current: bool = False) -> str:
    """BENCHMARKS.md's tables of ``results`` (one per shape and size, as :func:`bench_size` gives them), medians of
    ``runs`` runs on the machine ``on`` describes (:func:`machine`), importing Blogger's older or ``current`` format,
    and of the hostile inputs ``linear`` (:func:`~msblog.bench.linear.measure_linearity`)."""
    shapes = list(dict.fromkeys(r["shape"] for r in results))
    sizes = sorted({r["posts"] for r in results})
    options = "".join([" --format current" if current else "", f" --shape {' '.join(shapes)}" if shapes != list(SHAPES) else "",
                       f" --sizes {' '.join(map(str, sizes))}" if sizes != list(SIZES) else "",
                       f" --runs {runs}" if runs != RUNS else ""])  # the command that measures it again
    make_options = f' BENCHOPTS="{options.strip()}"' if options else ""
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `msblog bench run{options}` "
        f"(`make bench{make_options}` runs it) on {on};",
        f"each figure is the median of {runs} run(s)"
        + (f" (at {WHOLE_BLOG:,} posts, the whole blog's size: one import, and {min(runs, WHOLE_BLOG_PAIRS)} pair(s) "
           "of builds)." if any(r["posts"] >= WHOLE_BLOG for r in results) else "."),
        f"The import reads a synthetic export in Blogger's {'current format (feed.atom)' if current else 'older format'},",
        "of the shape each row names (`msblog bench generate --shape`), which sets what drives the cost:",
        "",
        *(f"- {name}: {SHAPES[name].about}." for name in shapes),
        "",
        "The site is built from a clean clone of the repository's last commit, in turn by `make html` (with the",
        "`.venv` that `make` makes there) and by Read the Docs' own commands from `.readthedocs.yaml`, in a",
        "fresh environment holding only what that file installs; each ratio is the median of the ratios pair by pair.",
        "An edit is measured by `make html` after appending a line to the newest post, then to one in the middle.",
        "The baseline, below the whole blog's size, is the same imported posts as a plain ABlog + furo site with",
        "each comment an ordinary Markdown section, read serially (ABlog cannot read in parallel).",
        "The machine is shared: compare the ratios within one run, not seconds across runs.",
        "",
        "| shape | posts | comments | export | import | import memory | make html | make html memory | Read the Docs | Read the Docs memory | Read the Docs / make html | edit: newest post | edit: a middle post | baseline build | baseline memory | make html / baseline | baseline rebuild |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ratio = f"{r['build'].seconds / r['baseline'].seconds:.2f}" if r["baseline"] else "–"
        lines.append(
            f"| {r['shape']} | {r['posts']} | {r['comments']} | {r['export_mb']:.1f} MB | {_seconds(r['import'])} | "
            f"{_memory(r['import'])} | {_seconds(r['build'])} | {_memory(r['build'])} | {_seconds(r['readthedocs'])} | "
            f"{_memory(r['readthedocs'])} | {r['readthedocs_ratio']:.2f} | {_seconds(r['edit_newest'])} | "
            f"{_seconds(r['edit_middle'])} | {_seconds(r['baseline'])} | {_memory(r['baseline'])} | {ratio} | "
            f"{_seconds(r['baseline_rebuild'])} |"
        )
    lines += [
        "",
        "Search: KB transferred, compressed as a static host sends it. Pagefind: the first search on the search page",
        f"(the page's script, Pagefind's code and WebAssembly, each shard's metadata, and the query: {QUERIES[0]}), then the most any",
        f"further query took ({', '.join(QUERIES[1:])}). Baseline: Sphinx's one-file index, loaded whole for any query.",
        "",
        "| shape | posts | post page | baseline post page | first search | further query | baseline search |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(f"| {r['shape']} | {r['posts']} | {_kb(r['page_kb'])} | {_kb(r['base_page_kb'])} | {_kb(r['first_search_kb'])} | "
          f"{_kb(r['next_search_kb'])} | {_kb(r['base_search_kb'])} |" for r in results),
    ]
    for r in results:
        if r["posts"] >= WHOLE_BLOG:
            lines += ["", f"Targets at {r['posts']:,} posts of the {r['shape']} shape:", "", *targets(r)]
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
    lines += ["", *linearity_table(linear, LINEAR_RUNS)]
    return "\n".join(lines) + "\n"


def run_benchmarks(sizes: list[int], runs: int, output: Path, current: bool = False,
                   shapes: tuple[str, ...] = ("typical",)) -> str:
    """Benchmark each size of each of ``shapes``, importing Blogger's older export format or (``current``) its
    current one, and the hostile inputs' linearity; write the table to ``output``, keeping its notes (from the first
    "## ")."""
    linear = measure_linearity()
    with tempfile.TemporaryDirectory(prefix="msblog-bench-") as work:
        checkout = fresh_checkout(Path(work))
        results = [bench_size(n, runs, Path(work), checkout, current, shape) for shape in shapes for n in sizes]
    table = report(results, linear, runs, machine(), current)
    output.write_text(with_notes(table, output.read_text() if output.is_file() else ""))
    return table


def with_notes(table: str, previous: str) -> str:
    """The new ``table`` followed by the notes of the ``previous`` text (from its first "## "), which are kept."""
    return table + (previous[previous.index("\n## "):] if "\n## " in previous else "")
