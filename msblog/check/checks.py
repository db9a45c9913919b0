"""Content checks over a site folder: posts, discussions, the registry and links.

Each check returns :class:`~msblog.model.errors.Problem` objects with the
path relative to the site folder; nothing is built. Links are checked the way
the build resolves them: MyST links and ``{doc}`` roles must name an existing
page, ``{therapy}`` and ``{trial}`` roles a registry entry, and a link to the
original blog is reported when the post it points to is not archived.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import dateutil.parser

from msblog.model.addresses import BLOG_HOST, BLOG_URL, blog_address, post_path
from msblog.model.dates import parse_date
from msblog.model.discussion import read_discussion
from msblog.model.errors import ContentError, Problem
from msblog.model.front_matter import FRONT_MATTER, load_front_matter
from msblog.model.registry import Registry, load_registry

POSTS, COMMENTS, REGISTRY = "posts", "comments", "therapies"
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ROLE = re.compile(r"\{(doc|therapy|trial)\}`([^`]+)`")


def check_site(site: Path) -> list[Problem]:
    """Every problem in the site's content, in file and line order."""
    site = Path(site)
    problems: list[Problem] = []
    try:
        registry = load_registry(site / REGISTRY, REGISTRY)
    except ContentError as error:
        problems += error.problems
        registry = Registry()
    for path in _pages(site):
        text = path.read_text(encoding="utf-8")
        if path.is_relative_to(site / POSTS):
            problems += check_post(site, path, text)
        problems += check_links(site, path, text, registry)
    for path in sorted((site / COMMENTS).rglob("*.md")):
        problems += check_discussion(site, path)
    return sorted({_relative(site, p) for p in problems}, key=lambda p: (str(p.path), p.line, p.message))


def _pages(site: Path) -> Iterator[Path]:
    yield from (p for p in [site / "index.md"] if p.is_file())
    for folder in (POSTS, REGISTRY):
        yield from sorted((site / folder).rglob("*.md"))


def _relative(site: Path, problem: Problem) -> Problem:
    path = Path(problem.path)
    message = " ".join(problem.message.split())  # one line per problem, whatever YAML says
    return Problem(path.relative_to(site) if path.is_relative_to(site) else path, problem.line, message)


def check_post(site: Path, path: Path, text: str) -> list[Problem]:
    """A post's front matter: valid YAML, a date ABlog can read, an address matching the file."""
    match = FRONT_MATTER.match(text)
    if not match:
        return [Problem(path, 1, "a post needs front matter between '---' lines (at least its date)")]
    try:
        data = load_front_matter(match.group(1), path)
    except ContentError as error:
        return error.problems
    problems = []
    value = data.get("date")
    if value is not None and not isinstance(value, (date, datetime)):
        if not _whole_date(str(value)):
            problems.append(Problem(path, _key_line(text, "date"),
                                    f"date {value!r} is not a whole date: give its day, month and year (YYYY-MM-DD)"))
    if data.get("original_url") is not None:
        expected = path.relative_to(site / POSTS).with_suffix("").as_posix()
        problem = _original_url(str(data["original_url"]), expected)
        problems += [Problem(path, _key_line(text, "original_url"), problem)] if problem else []
    if not re.search(r"^# \S", text[match.end():], re.M):
        problems.append(Problem(path, match.group(0).count("\n") + 1, "a post needs a '# Title' heading"))
    return problems


def _whole_date(value: str) -> bool:
    """ISO 8601 (as importers write it), or another form ABlog reads (with dateutil) that names day, month and year."""
    try:
        parse_date(value)
        return True
    except ValueError:
        pass
    try:  # a part the text does not give would come from the default, and differ between the two
        return dateutil.parser.parse(value, default=datetime(1, 1, 1)).date() == \
            dateutil.parser.parse(value, default=datetime(2, 2, 2)).date()
    except (ValueError, OverflowError):
        return False


def _original_url(url: str, expected: str) -> str | None:
    """What is wrong with a post's ``original_url``: a web address, and on the original blog that of this post."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"original_url is not a web address: {url}"
    if not BLOG_HOST.match(parts.hostname):
        return None  # an address elsewhere, such as WordPress's
    try:
        old = post_path(url)
    except ValueError as error:
        return str(error)
    return None if old == expected else f"original_url is the address of {old}, not of {expected}"


def _key_line(text: str, key: str) -> int:
    match = re.search(rf"^{key}:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def check_discussion(site: Path, path: Path) -> list[Problem]:
    """A discussion file: ids, reply targets and options, a post to belong to, and its links."""
    post = site / POSTS / path.relative_to(site / COMMENTS)
    problems = [] if post.is_file() else [Problem(path, 1, f"discussion has no post: {post.relative_to(site)} does not exist")]
    try:
        read_discussion(path)
    except ContentError as error:
        problems += error.problems
    text = path.read_text(encoding="utf-8")
    for line, url in _blog_urls(text):
        problems += _unarchived(site, path, line, url)
    return problems


def check_links(site: Path, path: Path, text: str, registry: Registry) -> list[Problem]:
    """Links in a page: other pages, registry entries, and posts of the original blog."""
    problems = []
    for line, content in _prose_lines(text):
        for match in _LINK.finditer(content):
            target = match.group(1)
            if blog_address(target):
                continue  # reported below with every written-out address
            if not re.match(r"[a-z][a-z0-9+.-]*:|#", target) and not _page_exists(site, path, target):
                problems.append(Problem(path, line, f"link to {target!r}: no such page"))
        for match in _ROLE.finditer(content):
            role, target = match.groups()
            target = re.sub(r".*<(.+)>\s*\Z", r"\1", target).strip()
            if role == "doc" and not _page_exists(site, path, target, suffix=".md"):
                problems.append(Problem(path, line, f"{{doc}} link to {target!r}: no such page"))
            elif role != "doc" and ((entry := registry.get(target)) is None or entry.type != role):
                problems.append(Problem(path, line, f"unknown {role} {target!r}: not in the registry"))
    for line, url in _blog_urls(text):
        problems += _unarchived(site, path, line, url)
    return problems


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines outside the front matter and fenced code blocks."""
    fence = None
    front = FRONT_MATTER.match(text)
    skip = front.group(0).count("\n") if front else 0
    for number, line in enumerate(text.split("\n"), start=1):
        if number <= skip:
            continue
        match = _FENCE.match(line)
        if fence is None and match and not line.lstrip().startswith(f"{match.group(1)}{{"):
            fence = match.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            yield number, line


def _blog_urls(text: str) -> Iterator[tuple[int, str]]:
    for line, content in _prose_lines(text):
        for match in BLOG_URL.finditer(content):
            yield line, match.group()


def _page_exists(site: Path, page: Path, target: str, suffix: str = "") -> bool:
    target = target.split("#", 1)[0]
    if not target:
        return True
    base = site if target.startswith("/") else page.parent
    candidate = base / PurePosixPath(target.lstrip("/"))
    return any(p.is_file() for p in (candidate, candidate.with_name(candidate.name + suffix)))


def _unarchived(site: Path, path: Path, line: int, url: str) -> list[Problem]:
    address = blog_address(url)
    if address is None or (site / POSTS / f"{address.path}.md").is_file():
        return []
    return [Problem(path, line, f"links to the original blog's post {address.path}, which is not archived: {url}")]
