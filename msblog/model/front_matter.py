"""Front matter: the YAML mapping between ``---`` lines that opens a Markdown page, and what a post's must hold."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Mapping
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import yaml

from msblog.model.addresses import is_web_address, post_path, slug_path_problem, slug_problem, wordpress_path
from msblog.model.dates import post_date
from msblog.model.errors import ContentError, Problem

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)  # its YAML is group 1
# Front matter written into pages as addresses: msblog links original_url; ABlog makes canonical_link the
# page's canonical address, and links external_link from its post lists.
ADDRESS_KEYS = ("original_url", "canonical_link", "external_link")
# Front matter ABlog catalogs posts by, each a line of names separated by commas.
NAME_KEYS = ("tags", "author", "category", "location", "language")
# Where the site writes pages of its own beside its documents, whatever its layout: the search page and index,
# Sphinx's index pages, the 404 page, the pages of papers and trials cited. A layout adds its registry's and ABlog's listings' (Layout.site_folders).
def not_a_post(posts: str) -> str:
    """Why a page outside the posts' folder that declares itself a post (ABlog's ``post`` directive or
    ``blogpost`` front matter) is refused: the build and ``msblog check`` say the same."""
    return f"only a page in {posts}/ is a post: this page is not one, and not listed as one"


# Why ABlog's post directive in a post is refused (what it holds is shown as the post's text): the build and msblog
# check say the same. ABlog would make a second post of the page, besides the one of its front matter.
POST_DIRECTIVE = ("a post directive in a post is refused, and what it holds is shown as the post's text: a post is its "
                  "whole page, dated, named and tagged by its front matter")


SITE_FOLDERS = frozenset({"search", "pagefind", "genindex", "py-modindex", "404", "cited"})


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, whose errors in a value (``2015-13-45`` read as a date) name the value's line."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except ValueError as error:
            raise yaml.constructor.ConstructorError(None, None, str(error), node.start_mark) from None


# The most items a front matter value may hold written out, as MyST renders no larger one: YAML's aliases repeat what
# they name, so a few lines can hold billions (or the value itself, which never ends written out).
MOST_ITEMS = 100_000


def load_front_matter(text: str, path: Path) -> dict:
    """The mapping in the front matter's YAML ``text``; a :class:`ContentError` names the line of a YAML error, or of
    a value holding more than :data:`MOST_ITEMS` items written out."""
    try:
        data = yaml.load(text, Loader=_Loader) or {}
    except (yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)  # its line counts from 0 after the opening "---"
        reason = getattr(error, "problem", None) or error
        raise ContentError([Problem(path, mark.line + 2 if mark else 1, f"front matter is not valid YAML: {reason}")]) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(path, 1, "front matter must be a mapping of keys to values")])
    if too_large := [key for key, value in data.items() if _items(value, {}) > MOST_ITEMS]:
        raise ContentError([Problem(path, key_line(text, str(key)) + 1, f"front matter value {key!r} holds more than "
                                    f"{MOST_ITEMS:,} items written out (YAML's aliases repeat what they name)")
                            for key in too_large])
    return data


def _items(value: object, counted: dict[int, float]) -> float:
    """How many items ``value`` holds written out, each list or mapping counted once by ``counted`` (infinitely
    many if it holds itself)."""
    if not isinstance(value, (dict, list, tuple, set, frozenset)):
        return 1
    if id(value) not in counted:
        counted[id(value)] = float("inf")  # until its items are counted: a value holding itself never ends
        counted[id(value)] = 1 + sum(_items(item, counted) for item in (value.values() if isinstance(value, dict) else value))
    return counted[id(value)]


def key_line(text: str, key: str) -> int:
    """The line of a page's ``text`` where its front matter gives ``key`` (1 if it does not)."""
    match = re.search(rf"^(['\"]?){re.escape(key)}\1[ \t]*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


# Front matter MyST reads as a page's own settings, over the site's: meta tags written into the head as they are
# (html_meta), its extensions, and substitutions, which it renders as Jinja templates on the machine building the site.
PAGE_SETTINGS = ("myst", "html_meta", "substitutions")
# Open Graph tags, which sphinxext-opengraph writes from a page's front matter (their names as given), and those that
# hold an address.
_SHARED = re.compile(r"og:[a-z_]+(?::[a-z_]+)*")
_SHARED_ADDRESS = re.compile(r"og:(url|image|video|audio)(:url|:secure_url)?")


# The keys page_problems may refuse, as they are written: front matter without any needs no reading of its YAML.
MAY_BE_REFUSED = re.compile(r"myst|html_meta|substitutions|og:|image|excerpt|exclude|nocomments|\\u[dD][89a-fA-F]"
                            r"|\\U0000[dD][89a-fA-F]")  # and a half character written in YAML's escapes
_HALF = re.compile("[\ud800-\udfff]")  # a surrogate: half of a character UTF-16 writes as two


def page_problems(front: Mapping[str, object]) -> list[tuple[str, str]]:
    """What is wrong with any page's front matter, as ``msblog check`` and the build both find it: each key and its
    message. A page sets none of MyST's settings (the site's are in ``conf.py``); ABlog's numbers and switches are
    as ABlog reads them (anything else stops its reading of the page); an Open Graph property is named as one, and
    its address is a web address; no value holds half of a character."""
    problems = [(key, f"{key!r} in front matter would set MyST's settings for this page (meta tags as written, "
                      "extensions, substitutions run as templates): the site's settings, in conf.py, hold for every page")
                for key in PAGE_SETTINGS if key in front]
    problems += [(key, f"{key} is a whole number for ABlog (the how-manyth image or paragraph): {as_text(front[key])!r}")
                 for key in ("image", "excerpt") if key in front and not re.fullmatch(r"\s*\d+\s*", as_text(front[key]))]
    problems += [(key, f"{key} is ABlog's switch, written with no value ({key}: ''): {as_text(front[key])!r}")
                 for key in ("exclude", "nocomments") if key in front and as_text(front[key]).strip()]
    problems += [(key, f"front matter key {key!r} is not an Open Graph property (og: and lower-case words joined by "
                       "colons): sphinxext-opengraph would write it into the page's head as given")
                 for key in front if isinstance(key, str) and key.startswith("og:") and not _SHARED.fullmatch(key)]
    problems += [(key, f"{key!r} holds half of a character (a surrogate, as YAML's escape \\ud83d writes one "
                       "alone), which no page can hold: write the character itself")
                 for key, value in front.items() if _halves(key) or _halves(value)]
    return problems + [(key, f"{key} is not a web address (http or https, with a host): {as_text(front[key])!r}")
                       for key in front if isinstance(key, str) and _SHARED_ADDRESS.fullmatch(key)
                       and not is_web_address(as_text(front[key]))]


def _halves(value: object) -> bool:
    """Whether ``value``, or a key or value within it, holds a surrogate (:data:`_HALF`)."""
    if isinstance(value, dict):
        return any(_halves(key) or _halves(item) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(map(_halves, value))
    return isinstance(value, str) and bool(_HALF.search(value))


def post_problems(name: PurePosixPath, front: Mapping[str, object], today: date) -> list[tuple[str | None, str]]:
    """What is wrong with a post, as ``msblog check`` and the build both find it: each problem's front matter
    key (``None`` for the file's path) and message.

    ``name`` is the post's path below the posts' folder without its suffix, each part of which must be a portable
    slug; ``front`` its front matter, whose values are read as text (:func:`as_text`), as ABlog reads them:
    a date by :func:`~msblog.model.dates.post_date` and no later than ``today``, addresses only http or https,
    and each old path ABlog writes a redirect page at (``redirect``) a path of portable slugs in the site.
    """
    front = {key: as_text(value) for key, value in front.items()}
    problems: list[tuple[str | None, str]] = [
        (None, f"{part!r} in the post's path is not a portable slug: {problem}")
        for part in name.parts if (problem := slug_problem(part))]
    if "date" in front:
        try:
            post_date(front["date"], today)
        except ValueError as error:
            problems.append(("date", str(error)))
    problems += [(key, f"{key} is not a web address (http or https, with a host): {front[key]!r}")
                 for key in ADDRESS_KEYS if key in front and not is_web_address(front[key])]
    problems += [(key, f"{key} is written as names separated by commas, not as a YAML list, mapping or empty value "
                       f"(ABlog would take its brackets, quotes or 'null' as names): {front[key]!r}")
                 for key in NAME_KEYS if key in front and _not_names(front[key])]
    for old in _redirects(front):
        if problem := slug_path_problem(old):
            problems.append(("redirect", f"redirect {old!r} is not a path of portable slugs in the site: {problem}"))
    return problems


def _not_names(text: str) -> bool:
    """Whether a names key's ``text`` (:func:`as_text`) is a YAML list, mapping or null, as MyST writes it: in JSON."""
    try:
        return not isinstance(json.loads(text), (str, int, float))
    except ValueError:  # text, such as "[Video], MS" (a label in brackets)
        return False


def _redirects(front: Mapping[str, object]) -> list[str]:
    """The old paths of a post's ``redirect``, as ABlog splits it (on ``,``), each as written."""
    return [path.strip() for path in as_text(front.get("redirect") or "").split(",") if path.strip()]


def old_paths(name: str, front: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    """The old paths (below the site's root, without ``.html``) a post's page ``name`` is also served at, each
    with the front matter key that asks for it: each path in ``redirect`` that :func:`post_problems` accepts,
    and the path of its ``original_url`` (Blogger's ``YYYY/MM/<slug>``, WordPress's ``YYYY/MM/DD/<slug>/index``)
    unless that is the page's own."""
    olds = [("redirect", old) for old in dict.fromkeys(_redirects(front))]
    if url := as_text(front.get("original_url") or ""):
        try:
            old = post_path(url)
        except ValueError:
            old = wordpress_path(url)
            old = old and f"{old}/index"  # served for the address's directory
        if old and urlsplit(url).path.strip("/") != f"{name}.html":
            olds.append(("original_url", old))
    yield from ((key, old) for key, old in olds if not slug_path_problem(old))


def old_path_problems(posts: Mapping[str, Mapping[str, object]], pages: Collection[str],
                      site_folders: Collection[str]) -> list[tuple[str, str, str, str]]:
    """What is wrong with the old paths of ``posts`` (each post's name and front matter), as ``msblog check``
    and the build both find it: each problem's post, front matter key, old path and message.

    The page written at an old path (``<old>.html``) would replace another, so it may not be the file of one of
    the site's ``pages`` (its documents, and the root ``index``) under any builder or on a disk that ignores
    case (:func:`_page_files`), nor be in one of the folders the site writes its own pages in (``site_folders``,
    the layout's :attr:`~msblog.model.layout.Layout.site_folders`; Sphinx's ``_static``... are not slugs), and
    two posts may not share one: the first by name keeps it, so the redirect is the same in every build.
    """
    problems, taken = [], {}
    files, folders = _page_files(pages), {folder.casefold() for folder in site_folders}
    for name in sorted(posts):
        for key, old in old_paths(name, posts[name]):
            page = files.get(old.casefold())
            if taken.get(old) == name:  # asked for twice by the post
                continue
            if page == old or old.split("/")[0].casefold() in folders:
                problems.append((name, key, old, f"old path {old!r} ({key}) is a page of the site: "
                                            "the page sending readers on to this post would replace it"))
            elif page:
                where = ("on a disk that ignores case" if page.casefold() == old.casefold()
                         else f"dirhtml writes at {old}.html")
                problems.append((name, key, old, f"old path {old!r} ({key}) is the page {page!r}, {where}: the page "
                                                 "sending readers on to this post would replace it"))
            elif old in taken:
                problems.append((name, key, old, f"old path {old!r} ({key}) is already one of {taken[old]}: "
                                            "two posts cannot share an old address"))
            else:
                taken[old] = name
    return problems


def _page_files(pages: Collection[str]) -> dict[str, str]:
    """Each page of ``pages`` and the root ``index`` by the path (without ``.html``, case folded) of each file
    a builder writes it at: html writes the page ``d`` at ``d.html``, dirhtml at ``d/index.html`` (the root
    ``index`` and a page ``*/index`` at their own name), singlehtml the root at ``index.html``."""
    files = {}
    for page in ("index", *pages):
        files[page.casefold()] = page
        if page != "index" and not page.endswith("/index"):
            files[f"{page}/index".casefold()] = page
    return files


def as_text(value: object) -> str:
    """A front matter value as text, as MyST hands it to Sphinx and ABlog: a list, a mapping or null as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, date)):
        return str(value)
    return json.dumps(value, default=str)
