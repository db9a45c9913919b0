"""Content checks over a site folder: posts, discussions, the registry and links.

Each check returns :class:`~msblog.model.errors.Problem` objects with the
path relative to the site folder; nothing is built. The site's ``conf.py`` gives
its :class:`~msblog.model.layout.Layout`, read once by :func:`check_site` and
handed to each check: where posts, discussions and the registry are, and which
blog's addresses are the original blog's. Links are checked the way
the build resolves them: Markdown links and images as MyST reads them (references resolved, never in code
or escaped text), and ``{doc}`` roles, must name an existing
page, ``{therapy}`` and ``{trial}`` roles a registry entry. The archive
publishes pages and their images, never other files: a link to a local file
that is not a page (which Sphinx would copy into the site as a download), a
download, or an image outside the site's folder is a problem, and so is a
directive that reads a file or an address into a page
(:func:`file_directive_problems`). Every page and discussion is UTF-8 (:func:`not_utf8`), and no page may hold
a character XML cannot hold (:func:`~msblog.model.safe_markdown.not_xml_problems`): the Atom feed is XML.

Some findings are :class:`Notice` objects: worth an editor's look, but not
wrong, so they do not fail the check (:func:`exit_status`): a link to a post of
the original blog that is not archived, an image still served from the old
blog's hosts, and, in posts and comments, a look-alike of a paper's or trial's
identifier (``NCT123``, ``doi:10.12/x``), which the build leaves unlinked. A
role naming one (``{nct}`NCT123```) is a problem: the build warns of it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath
from string import Formatter
from urllib.parse import unquote, urlsplit

from docutils.nodes import fully_normalize_name

from msblog.model.addresses import SCHEME, image_scheme_problem, is_web_address, link_scheme_problem, post_path
from msblog.model.dates import post_date
from msblog.model.discussion import read_discussion
from msblog.model.errors import ContentError, Problem, content_files, read_utf8
from msblog.model.front_matter import (FRONT_MATTER, MAY_BE_REFUSED, POST_DIRECTIVE, key_line, load_front_matter,
                                       not_a_post, old_path_problems, page_problems, post_problems)
from msblog.model.identifiers import KINDS, Malformed, find, parse
from msblog.model.bibliography import bibliography_file, read_bibliography
from msblog.model.layout import MADE_PAGE, Layout, conf_settings
from msblog.model.myst import MYST, directive_name, glossary, options, parsed, too_deep, walk
from msblog.model.registry import Registry, load_registry, role_target
from msblog.model.safe_markdown import (CSV_AS_TEXT, DEEPEST, HTML_AS_TEXT, ICON, MATH_AS_TEXT, META_TAGS,
                                        NESTED_OUT_OF_SIGHT, NESTED_TOO_DEEP, RST_AS_TEXT, STYLE,
                                        footnote_named_as_target, not_xml_problems,
                                        undefined_footnote)

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# A Markdown link or image (then group 1 holds "![" and its alt text), and its target.
_LINK = re.compile(r"(!\[[^\[\]]*)?\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_ROLE = re.compile(r"\{(doc|therapy|trial|download)\}`([^`]+)`")
# A link written other than in Markdown: a badge's role (`text <target>`), a button's argument, and a :target:,
# :link:, :avatar-link: or :img-*: option (an image's, a card's, an article's), placed at its directive's line.
_OTHER_LINK = re.compile(r"\{bdg-link-[\w-]+\}`[^`<]*<(?P<target>[^>`]+)>`"
                         r"|^[ \t]*(?:`{3,}|:{3,})\{button-link\}[ \t]+(?P<target3>\S+)"
                         r"|^[ \t]*(?P<option>:(?:target|link|avatar-link|img-top|img-bottom|img-background):)[ \t]*(?P<target4>\S+)",
                         re.I)
# An image a directive shows: MyST's {image} and {figure}, reST's in {eval-rst}, sphinx-design's card images.
_FILE_DIRECTIVE = re.compile(r"^[ \t]*(?:(?:`{3,}|:{3,})\{(?:image|figure)\}|\.\.[ \t]+(?:image|figure)[ \t]*::"
                             r"|:img-(?:top|bottom|background):)[ \t]+(?P<target>\S+)", re.I)
# A directive that reads what it names into the page, or writes raw output (MyST's fences, or reST's form in
# {eval-rst}); and a directive's option that reads a file or an address (csv-table's and raw's :file: and :url:).
READING_DIRECTIVES = ("include", "literalinclude", "raw")
_READING_DIRECTIVE = re.compile(rf"^[ \t]*(?:(?:`{{3,}}|~{{3,}}|:{{3,}})\{{|\.\.[ \t]+)({'|'.join(READING_DIRECTIVES)})"
                                r"(?:\}|[ \t]*::)[ \t]*(.*)", re.I)
_READING_OPTION = re.compile(r"^[ \t]*:(file|url):[ \t]*(.*)", re.I)
_OPENING = re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})\{([^}]+)\}")  # a MyST directive's first line, and its name
_YAML_OPTION = re.compile(r"^[ \t]*(file|url)[ \t]*:[ \t]*(.*)", re.I)  # an option in a directive's --- block
_IDENTIFIER_ROLE = re.compile(rf"\{{({'|'.join(KINDS)})\}}`([^`]+)`")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
IMAGE_SUFFIXES = frozenset({".avif", ".gif", ".jpeg", ".jpg", ".png", ".svg", ".webp"})
# Where Blogger served a post's images: its image hosts, and the blog's own host.
_IMAGE_HOST = re.compile(r"blogger\.googleusercontent\.com|(?:[0-9]+\.)?bp\.blogspot\.com|bp[0-9]*\.blogger\.com"
                         r"|lh[0-9]+\.(?:googleusercontent|ggpht)\.com")


@dataclasses.dataclass(frozen=True)
class Notice(Problem):
    """A finding worth an editor's look that does not make the content wrong: it does not fail the check."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: notice: {self.message}"


def exit_status(problems: list[Problem], strict: bool = False) -> int:
    """``msblog check``'s exit status: 1 for any problem, or with ``strict`` for any notice too; 0 otherwise."""
    return int(any(strict or not isinstance(problem, Notice) for problem in problems))


def check_site(site: Path, today: date | None = None) -> list[Problem]:
    """Every problem in the site's content, then every notice, each in file and line order.

    The site's ``conf.py`` gives its layout (a :class:`~msblog.model.errors.ContentError` at its line if it
    cannot). A post dated after ``today`` (by default the day of the check) is a problem.
    """
    site = Path(site)
    layout = Layout.of_site(site)
    today = today or date.today()
    problems, unreadable, registry = read_content(site, layout, [*_pages(site, layout), *content_files(site / layout.comments)])
    if (papers := bibliography_file(site, conf_settings(site).get("msblog_bibliography"))) and papers.is_file():
        try:
            read_bibliography(papers, site)  # as the build reads it: each problem at its entry's line
        except ContentError as error:
            problems += error.problems
    posts, pages = {}, {}
    for path in _pages(site, layout):
        if path in unreadable:
            continue
        text = pages[path] = read_utf8(path, site)
        problems += [Problem(path, line, message) for line, message in not_xml_problems(text)]
        problems += check_page(path, text)
        if layout.is_post(path.relative_to(site).with_suffix("").as_posix()):
            problems += check_post(site, layout, path, text, today)
            problems += [Problem(path, line, POST_DIRECTIVE) for line in post_directives(text)]
            problems += identifier_problems(path, text)
            posts[path] = text
        else:
            problems += [Problem(path, line, not_a_post(layout.posts)) for line in post_declarations(text)]
            if layout.is_made_page(path.relative_to(site).with_suffix("").as_posix()):
                problems.append(Problem(path, 1, MADE_PAGE))
        problems += check_links(site, layout, path, text, registry)
    problems += check_old_paths(site, layout, posts)
    problems += terms_defined_twice(site, pages)
    for path in content_files(site / layout.comments):
        problems += [] if path in unreadable else check_discussion(site, layout, path)
    return sorted({_relative(site, p) for p in problems},
                  key=lambda p: (isinstance(p, Notice), str(p.path), p.line, p.message))


def read_content(site: Path, layout: Layout, files: list[Path]) -> tuple[list[Problem], set[Path], Registry]:
    """What the check and the dataset first read: the problems of ``files`` not in UTF-8, those files (to be
    passed over), and the site's registry, empty when it cannot be read (its problems are among the problems)."""
    problems = not_utf8(site, files)
    unreadable = {problem.path for problem in problems}
    registry = Registry()
    if not any(path.is_relative_to(site / layout.registry) for path in unreadable):
        try:
            registry = load_registry(site / layout.registry, layout.registry)
        except ContentError as error:
            problems += error.problems
    return problems, unreadable, registry


def not_utf8(site: Path, paths: list[Path]) -> list[Problem]:
    """A problem at the first line of each of ``paths`` that is not UTF-8, which the build would read with its
    characters replaced (every page and discussion is UTF-8), or is a link out of ``site``, which it refuses."""
    problems = []
    for path in paths:
        try:
            read_utf8(path, site)
        except ContentError as error:
            problems += error.problems
    return problems


def _pages(site: Path, layout: Layout) -> Iterator[Path]:
    yield from (p for p in [site / "index.md"] if p.is_file())
    for folder in (layout.posts, layout.registry):
        yield from content_files(site / folder)


def _relative(site: Path, problem: Problem) -> Problem:
    path = Path(problem.path)
    message = " ".join(problem.message.split())  # one line per problem, whatever YAML says
    return dataclasses.replace(problem, path=path.relative_to(site) if path.is_relative_to(site) else path, message=message)


# What else a page may not write (msblog.model.safe_markdown says why): a meta directive, an icon role of
# sphinx-design's that writes SVG, and mathematics (MyST's role and directive).
_PAGE_MARKUP = [
    (re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})\{meta\}", re.I), META_TAGS),
    (re.compile(r"\{(?:octicon|material-(?:regular|outlined|round|sharp|twotone))\}`"), ICON),
    (re.compile(r"\{math\}`|^[ \t]*(?:`{3,}|~{3,}|:{3,})\{math\}", re.I), MATH_AS_TEXT),
    (re.compile(r"^[ \t]*:style:", re.I), STYLE),
]


def check_front_matter(path: Path, text: str) -> list[Problem]:
    """Any page's front matter by :func:`~msblog.model.front_matter.page_problems`, at each key's line (front matter
    that is not YAML is a post's or the registry's problem)."""
    if not (match := FRONT_MATTER.match(text)) or not MAY_BE_REFUSED.search(match.group(1)):
        return []
    try:
        front = load_front_matter(match.group(1), path)
    except ContentError:
        front = {}
    return [Problem(path, key_line(text, key), message) for key, message in page_problems(front)]


def check_page(path: Path, text: str) -> list[Problem]:
    """Any page: its front matter (:func:`check_front_matter`), HTML written in it (the build shows it as text) and
    a footnote reference with no footnote, at each line."""
    problems = check_front_matter(path, text)
    problems += [Problem(path, line, HTML_AS_TEXT) for line in dict.fromkeys(_html_in(parsed(text)))]
    problems += [Problem(path, line, (footnote_named_as_target if named else undefined_footnote)(label))
                 for line, label, named in _undefined_footnotes(parsed(text))]
    problems += [Problem(path, line, message) for line, message in skipped_heading_levels(parsed(text))]
    code = read_as_code(text)
    problems += [Problem(path, first, why) for first, _, why in code]
    problems += [Problem(path, line, NESTED_OUT_OF_SIGHT) for line in nested_out_of_sight(text)]
    directive = (1, "")  # the line and name of the directive whose body holds the line
    for line, content in _prose_lines(_options_as_fields(text)):
        if _within(line, code):
            continue
        if opening := _OPENING.match(content):
            directive = (line, opening.group(1).strip().lower())
        problems += [Problem(path, directive[0] if message == STYLE else line, message)  # an option: its directive's
                     for pattern, message in _PAGE_MARKUP if pattern.search(content)]
        if directive[1] == "postlist" and (option := _POSTLIST_FORMAT.match(content)) and \
                (message := postlist_format_problem(re.sub(r"^(['\"])(.*)\1$", r"\2", option.group(1)))):
            problems.append(Problem(path, directive[0], message))
    return problems


# What ABlog fills into a postlist's format (anything else stops the build with a KeyError).
POSTLIST_FIELDS = ("date", "title", "author", "location", "language", "category", "tags")
_POSTLIST_FORMAT = re.compile(r"^[ \t]*:format:[ \t]*(.*?)[ \t]*$")


def postlist_format_problem(format: str) -> str | None:
    """Why ABlog cannot write a postlist of ``format`` (``{date} - {title}``, its default); ``None`` if it can."""
    try:
        fields = [field for _, field, _, _ in Formatter().parse(format) if field is not None]
    except ValueError as error:
        return f"postlist format {format!r} cannot be read ({error}): write the fields in braces, {{title}}"
    unknown = [field for field in fields if field not in POSTLIST_FIELDS]
    return (f"postlist format {format!r} has {{{unknown[0]}}}, which ABlog does not fill in: use "
            f"{', '.join(f'{{{field}}}' for field in POSTLIST_FIELDS)}") if unknown else None


def skipped_heading_levels(tokens) -> Iterator[tuple[int, str]]:
    """Each heading of a page's sections more than one level below the heading it falls under, at its line, as MyST
    tells it (a warning, "Non-consecutive header level increase", which fails the build): ``###`` under ``#``."""
    levels = [0]  # the levels of the headings the next one may fall under, the page itself first
    for token in tokens:
        if token.type != "heading_open" or token.level != 0 or not token.map:
            continue
        level = int(token.tag[1])
        levels = [above for above in levels if above < level]
        if levels[-1] + 1 != level:
            under = f"under one at level {levels[-1]}" if levels[-1] else "first in the page"
            yield token.map[0] + 1, (f"heading at level {level} {under}: MyST warns of a skipped level, which fails "
                                     f"the build (write it {'#' * (levels[-1] + 1)})")
        levels.append(level)


def _html_in(tokens) -> Iterator[int]:
    """The lines where MyST reads HTML (:func:`_read_as_markdown`)."""
    for token, offset in _read_as_markdown(tokens):
        if token.map and token.type == "html_block":
            yield offset + token.map[0] + 1
        elif token.map and token.type == "inline":
            yield from (line for line, child in _inline_lines(token, offset) if child.type == "html_inline")


def _inline_lines(token, offset: int) -> Iterator[tuple[int, object]]:
    """Each child of an inline ``token`` (a paragraph's text, a heading's...), with the line it starts on
    (:func:`~msblog.model.safe_markdown.note_inline_lines`), where the build places it
    (:class:`~msblog.sphinxext.compat.InlineLines`)."""
    for child in token.children or []:
        yield offset + token.map[0] + 1 + child.meta["line"], child


def _undefined_footnotes(tokens) -> Iterator[tuple[int, str, bool]]:
    """Each footnote reference MyST reads (:func:`_read_as_markdown`) whose label no footnote of the page defines
    (MyST leaves out one whose label is the name of a target of the page, ``(name)=`` or a directive's ``:name:``):
    its line, its label, and whether that label is a target's name."""
    read = list(_read_as_markdown(tokens))
    named = {fully_normalize_name(name) for token, _ in read for name in _target_names(token)}
    defined = {token.meta["label"] for token, _ in read if token.type == "footnote_reference_open"} - named
    for token, offset in read:
        if token.type == "inline" and token.map:
            yield from ((line, child.meta["label"], child.meta["label"] in named)
                        for line, child in _inline_lines(token, offset)
                        if child.type == "footnote_ref" and child.meta["label"] not in defined)


def _target_names(token) -> list[str]:
    """The names a token gives its target: a ``(name)=`` target's, a directive's ``:name:`` option's."""
    if token.type == "myst_target":
        return [token.content]
    return [value for _, value in options(token.content, "name")] if directive_name(token) else []


@lru_cache(maxsize=64)
def read_as_code(text: str) -> tuple[tuple[int, int, str], ...]:
    """The first and last lines of each fence of a page, as MyST reads it, that the build reads as a code block
    showing its text (:func:`~msblog.sphinxext.refusals.refuse_as_code`), and why: a ``{eval-rst}`` fence, a
    ``{csv-table}`` (whose cells MyST reads as Markdown), and a directive or div nested too deep
    (:func:`~msblog.model.myst.too_deep`), never read further (once for a page's every rule)."""
    if "{eval-rst}" not in text and "csv-table" not in text.lower() and not _may_nest_too_deep(text):
        return ()
    found = []
    for token, offset, depth in walk(parsed(text)):
        name = directive_name(token)
        if not token.map or name is None and token.type != "colon_fence":
            continue
        if too_deep(token, depth):
            why = NESTED_TOO_DEEP
        elif token.type == "fence" and (token.info.split() or [""])[0] == "{eval-rst}":
            why = RST_AS_TEXT
        elif name == "csv-table":
            why = CSV_AS_TEXT
        else:
            continue
        found.append((offset + token.map[0] + 1, offset + token.map[1], why))
    return tuple(found)


def _within(line: int, spans: tuple[tuple, ...]) -> bool:
    return any(first <= line <= last for first, last, *_ in spans)


def check_post(site: Path, layout: Layout, path: Path, text: str, today: date) -> list[Problem]:
    """A post: a portable file name, valid front matter with a date no later than ``today``, web addresses
    (one on the original blog that of this post), and a title."""
    name = PurePosixPath(path.relative_to(site / layout.posts).with_suffix("").as_posix())
    match = FRONT_MATTER.match(text)
    if not match:
        return [Problem(path, 1, message) for _, message in post_problems(name, {}, today)] + \
            [Problem(path, 1, "a post needs front matter between '---' lines (at least its date)")]
    try:
        data = load_front_matter(match.group(1), path)
    except ContentError as error:
        return error.problems
    problems = [Problem(path, key_line(text, key) if key else 1, message)
                for key, message in post_problems(name, data, today)]
    url = str(data.get("original_url"))
    if is_web_address(url) and layout.blog.host.match(urlsplit(url).hostname):  # WordPress's and others' are not checked
        problem = _original_url(url, name.as_posix())
        problems += [Problem(path, key_line(text, "original_url"), problem)] if problem else []
    for line, content in _prose_lines(text):  # ABlog's notes of an update, dated by the post's rule
        if update := re.match(r"[ \t]*(?:`{3,}|~{3,}|:{3,})\{update\}[ \t]*(.*?)[ \t]*$", content):
            try:
                post_date(update.group(1), today)
            except ValueError as error:
                problems.append(Problem(path, line, f"update: {error}"))
    if not re.search(r"^# \S", text[match.end():], re.M):
        problems.append(Problem(path, match.group(0).count("\n") + 1, "a post needs a '# Title' heading"))
    return problems


def check_old_paths(site: Path, layout: Layout, posts: dict[Path, str]) -> list[Problem]:
    """The old paths posts are served at (``original_url``, ``redirect``), by the build's rule
    (:func:`~msblog.model.front_matter.old_path_problems`): none a page of the site or in a folder of the layout's
    :attr:`~msblog.model.layout.Layout.site_folders`, none shared by two posts."""
    fronts, texts = {}, {}
    for path, text in posts.items():
        name = path.relative_to(site).with_suffix("").as_posix()
        try:
            fronts[name] = load_front_matter(match.group(1), path) if (match := FRONT_MATTER.match(text)) else {}
        except ContentError:  # reported with the post
            continue
        texts[name] = path, text
    pages = {path.relative_to(site).with_suffix("").as_posix() for path in _pages(site, layout)}
    return [Problem(texts[name][0], key_line(texts[name][1], key), message)
            for name, key, _, message in old_path_problems(fronts, pages, layout.site_folders)]


def _original_url(url: str, expected: str) -> str | None:
    """What is wrong with an address on the original blog as a post's ``original_url``: it must be this post's."""
    try:
        old = post_path(url)
    except ValueError as error:
        return str(error)
    return None if old == expected else f"original_url is the address of {old}, not of {expected}"


def check_discussion(site: Path, layout: Layout, path: Path) -> list[Problem]:
    """A discussion file: ids, reply targets and options, a post to belong to, its links and images."""
    post = layout.post_file(path.relative_to(site / layout.comments).with_suffix("").as_posix())
    problems = [] if (site / post).is_file() else [Problem(path, 1, f"discussion has no post: {post} does not exist")]
    try:
        read_discussion(path, site)
    except ContentError as error:
        problems += error.problems
    text = path.read_text(encoding="utf-8")
    for line, url in _blog_urls(layout, text):
        problems += _unarchived(site, layout, path, line, url)
    for line, content in _prose_lines(text):
        images = [target for image, target in _LINK.findall(content) if image] + _HTML_IMAGE.findall(content)
        problems += filter(None, (_old_host(layout, path, line, url) for url in images))
    return problems + identifier_problems(path, text)


def identifier_problems(path: Path, text: str) -> list[Problem]:
    """Look-alikes of identifiers in a post's or a discussion's prose (code aside), as notices; a role whose target
    is not an identifier, as a problem (the build warns of it)."""
    found: list[Problem] = []
    for line, content in _prose_lines(text):
        for match in _IDENTIFIER_ROLE.finditer(content):
            kind, target = match.groups()
            identifier = parse(kind, role_target(target))
            if isinstance(identifier, Malformed):
                found.append(Problem(path, line, f"{{{kind}}} role: {identifier}"))
        prose = _CODE_SPAN.sub(lambda m: " " * len(m.group()), _IDENTIFIER_ROLE.sub(" ", content))
        found += [Notice(path, line, f"{what}: the build leaves it unlinked")
                  for *_, what in find(prose) if isinstance(what, Malformed)]
    return found


def check_links(site: Path, layout: Layout, path: Path, text: str, registry: Registry) -> list[Problem]:
    """Links in a page: other pages, registry entries, local files, images, and posts of the original blog."""
    found: list[Problem | None] = []
    for line, target, image in _markdown_links(text):
        if not layout.blog.address(target):  # reported below with every written-out address
            found.append(_image(site, layout, path, line, target) if image else _link(site, layout, path, line, target))
    opening = 1  # the line of the directive whose body holds the line, where the build says its option is
    code = read_as_code(text)  # no link in them
    for line, content in _prose_lines(_options_as_fields(text)):
        if _within(line, code):
            continue
        opening = line if _OPENING.match(content) else opening
        for match in _OTHER_LINK.finditer(content):
            target = next(group for name, group in match.groupdict().items() if name != "option" and group)
            if (match.group("option") or "").lower().startswith(":img-") and target.lower().startswith("data:"):
                continue  # an image the page holds, as the build shows it
            if message := link_scheme_problem(target):
                found.append(Problem(path, opening if match.group("option") else line, message))
        found += (_old_host(layout, path, line, url) for url in _HTML_IMAGE.findall(content))
        for match in _FILE_DIRECTIVE.finditer(content):  # an option's image: at its directive's line, as the build says
            found.append(_image(site, layout, path, opening if content.lstrip().startswith(":") else line,
                                match.group("target")))
        for match in _ROLE.finditer(content):
            role, target = match.groups()
            target = role_target(target)
            if role == "download":
                message = link_scheme_problem(target) if "://" in target else \
                    local_file_problem(site, _local(site, path, target), target, "download")
                found.append(Problem(path, line, message) if message else None)
            elif role == "doc" and not _page_exists(site, path, target, suffix=".md"):
                found.append(Problem(path, line, f"{{doc}} link to {target!r}: no such page"))
            elif role in ("therapy", "trial") and ((entry := registry.get(target)) is None or entry.type != role):
                found.append(Problem(path, line, f"unknown {role} {target!r}: not in the registry"))
    for line, url in _blog_urls(layout, text):
        found += _unarchived(site, layout, path, line, url)
    found += (Problem(path, line, message) for line, message in file_directive_problems(text))
    return [problem for problem in found if problem]


def _options_as_fields(text: str) -> str:
    """``text`` with the options of a directive written in a ``---`` block (``link: x``) written as fields
    (``:link: x``), line for line, so that one rule reads both."""
    lines = text.split("\n")
    opened = in_options = False
    for number, line in enumerate(lines):
        if in_options or (opened and line.strip() == "---"):
            in_options = not (in_options and line.strip() == "---")
            if in_options and (option := re.match(r"([ \t]*)([\w-]+)[ \t]*:(.*)", line)):
                lines[number] = f"{option.group(1)}:{option.group(2)}:{option.group(3)}"
            opened = False
            continue
        opened = bool(_OPENING.match(line))
    return "\n".join(lines)


def _markdown_links(text: str) -> Iterator[tuple[int, str, bool]]:
    """Each Markdown link and image of a page as MyST reads it (references resolved; never in code, nor escaped), in
    a directive's body too: its line, its target as written, and whether it is an image."""
    yield from _links_in(parsed(text))


def _links_in(tokens) -> Iterator[tuple[int, str, bool]]:
    for token, offset in _read_as_markdown(tokens):
        if token.type == "inline" and token.map:
            for line, child in _inline_lines(token, offset):
                if child.type in ("link_open", "image"):
                    target = child.attrGet("href" if child.type == "link_open" else "src") or ""
                    yield line, target if SCHEME.match(target) else unquote(target), child.type == "image"


def _read_as_markdown(tokens) -> Iterator[tuple]:
    """Each of MyST's ``tokens`` with the number of lines before its text, then, for a directive, the tokens of what
    MyST reads in it as Markdown (:func:`~msblog.model.myst.walk`)."""
    return ((token, offset) for token, offset, _depth in walk(tokens))


def _may_nest_too_deep(text: str) -> bool:
    """Whether ``text`` may nest a directive too deep (:func:`~msblog.model.myst.too_deep`): it opens enough fences,
    or enough quotes and lists at the start of a line."""
    fences = sum(text.count(mark) for mark in ("```", "~~~", ":::"))
    return fences > 0 and fences + _longest_holders(text) + 2 > DEEPEST


def _longest_holders(text: str) -> int:
    """The most characters of indentation, quotes and list markers a line of ``text`` starts with: each level of
    quotes or lists takes one or more."""
    return max((len(prefix.expandtabs(4)) for prefix in re.findall(r"^[ \t>*+\-\d.)]*", text, re.M)), default=0)


_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}


def nested_out_of_sight(text: str) -> list[int]:
    """The lines of the quotes and list items nested so deep that MyST leaves out what they hold (markdown-it's
    ``maxNesting``), with no message of its own; the build says so too
    (:func:`~msblog.sphinxext.refusals.refuse_out_of_sight`)."""
    deepest = MYST.options["maxNesting"] - 1
    if _longest_holders(text) < deepest:
        return []
    return list(dict.fromkeys(offset + token.map[0] + 1 for token, offset in _read_as_markdown(parsed(text))
                              if token.type in _CONTAINERS and token.level >= deepest and token.map))


# What holds a fence on its line: indentation, quotes and list markers.
_HOLDERS = r"(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*"
_FENCE_OPENING = re.compile(rf"({_HOLDERS})(`{{3,}}|~{{3,}}|:{{3,}})")


def as_code_block(block: list[str]) -> list[str]:
    """``block``, the lines of a fenced directive or div (its closing fence last, if it has one), as a code block
    showing its text, line for line, each line in the quotes and lists that hold it."""
    holders, fence = _FENCE_OPENING.match(block[0]).groups()
    ticks = "`" * max(3, 1 + max((len(run) for line in block for run in re.findall("`+", line)), default=0))
    closing = re.fullmatch(rf"({_HOLDERS}){re.escape(fence[0])}{{{len(fence)},}}[ \t]*", block[-1]) \
        if len(block) > 1 else None
    return [f"{holders}{ticks}text", *block[1:len(block) - bool(closing)],
            *([f"{closing.group(1)}{ticks}"] if closing else [])]


def terms_defined_twice(site: Path, pages: dict[Path, str]) -> list[Problem]:
    """A glossary term defined again, in its page or another (``pages``: each page's text, by its path): Sphinx's
    terms are the site's, and it warns of one defined twice where it reads it again (pages in the order of their
    names)."""
    problems, first = [], {}
    for path in sorted(pages, key=lambda path: path.relative_to(site).with_suffix("").as_posix()):
        for line, term in glossary_terms(pages[path]):
            if term in first:
                problems.append(Problem(path, line, f"the glossary term {term!r} is defined twice (first at "
                                                    f"{first[term]}): the build refuses it"))
            first.setdefault(term, f"{path.relative_to(site)}:{line}")
    return problems


def glossary_terms(text: str) -> list[tuple[int, str]]:
    """Each glossary term of a page with its line, as Sphinx names it: its text, its emphasis, links and code aside
    (a term holding any other markup is left out, its name unknown here)."""
    found = []
    for token, offset in _read_as_markdown(parsed(text)) if "{glossary}" in text.lower() else ():
        if directive_name(token) == "glossary":
            terms, _ = glossary(token.content)
            for number, term in terms:
                if (name := _term_name(term)) is not None:
                    found.append((offset + token.map[0] + 2 + number, name))
    return found


_TERM_MARKUP = {"em_open", "em_close", "strong_open", "strong_close", "link_open", "link_close"}


def _term_name(term: str) -> str | None:
    """A term's text as Sphinx names it, or None if it holds markup other than :data:`_TERM_MARKUP`."""
    children = [child for token in MYST.parseInline(term.strip()) for child in token.children or []]
    if any(child.type not in {"text", "code_inline", *_TERM_MARKUP} for child in children):
        return None
    return "".join(child.content for child in children if child.type in ("text", "code_inline"))


def post_declarations(text: str) -> list[int]:
    """The lines where a page declares itself a post for ABlog: ``blogpost`` front matter that is true, or a
    ``post`` directive (:func:`post_directives`)."""
    lines = []
    if (match := FRONT_MATTER.match(text)) and re.search(r"^blogpost[ \t]*:[ \t]*['\"]?true", match.group(1), re.M | re.I):
        lines.append(key_line(text, "blogpost"))
    return lines + post_directives(text)


def post_directives(text: str) -> list[int]:
    """The lines of ABlog's ``post`` directives in a page, as MyST reads them (:func:`_read_as_markdown`: never in code
    nor in ``{eval-rst}``, which the build reads as code)."""
    return [offset + token.map[0] + 1 for token, offset in _read_as_markdown(parsed(text))
            if directive_name(token) == "post"]


def file_directive_problems(text: str) -> Iterator[tuple[int, str]]:
    """Each line of a page's ``text`` where a directive reads a file or an address into the page, or writes raw
    output, and what is wrong with it.

    The archive's pages (posts, the registry, the home page) are their own text: none needs a file read into
    it, and reading one could publish a file of the build machine (``/etc/passwd``, ``conf.py``) or fetch an
    address as the site is built. So every such directive is refused, wherever its file is: ``include``,
    ``literalinclude``, ``raw``, and any directive's ``:file:`` or ``:url:`` option (``csv-table``). The build
    applies this rule, and also switches docutils' ``file_insertion_enabled`` and ``raw_enabled`` off, so
    that no directive (one this rule does not name either) reads a file.
    """
    opened = in_options = False
    for line, content in _prose_lines(text):
        if in_options or (opened and content.strip() == "---"):
            in_options = not (in_options and content.strip() == "---")
            if match := _YAML_OPTION.match(content):
                option, target = match.group(1).lower(), match.group(2).strip()
                yield line, (f"{option}: {target!r}: a directive that reads a file or an address into the page is "
                             "refused: the archive's pages are their own text")
            opened = False
            continue
        opened = bool(_OPENING.match(content))
        if match := _READING_DIRECTIVE.match(content):
            name, argument = match.group(1).lower(), match.group(2).strip()
            yield line, (f"{{{name}}} {argument!r}: a directive that reads a file into the page, or writes raw output, "
                         "is refused: the archive's pages are their own text")
        elif match := _READING_OPTION.match(content):
            option, target = match.group(1).lower(), match.group(2).strip()
            yield line, (f":{option}: {target!r}: a directive that reads a file or an address into the page is refused: "
                         "the archive's pages are their own text")


def _link(site: Path, layout: Layout, page: Path, line: int, target: str) -> Problem | None:
    """A link's problem (see :func:`local_file_problem`, :func:`~msblog.model.addresses.link_scheme_problem`), or a
    notice for an image on the old blog's hosts."""
    if target.lower().startswith("path:"):  # MyST's download of any file
        target = target[len("path:"):]
        message = local_file_problem(site, _local(site, page, target), target, "download")
    elif target.startswith("#"):
        return None
    elif message := link_scheme_problem(target):
        pass
    elif SCHEME.match(target):
        return _old_host(layout, page, line, target, "links to an image")
    elif _page_exists(site, page, target):
        return None
    else:
        message = local_file_problem(site, _local(site, page, target), target, "link")
    return Problem(page, line, message) if message else None


def _image(site: Path, layout: Layout, page: Path, line: int, target: str) -> Problem | None:
    """An image's problem (see :func:`local_file_problem`, :func:`~msblog.model.addresses.image_scheme_problem`),
    or a notice for one on the old blog's hosts; an image written as data (``data:image/png``) is the page's own."""
    if SCHEME.match(target):
        message = image_scheme_problem(target)
        return Problem(page, line, message) if message else _old_host(layout, page, line, target)
    message = local_file_problem(site, _local(site, page, target), target, "image")
    return Problem(page, line, message) if message else None


def local_file_problem(site: Path, file: Path, target: str, kind: str) -> str | None:
    """What is wrong with a page's ``kind`` of reference ("link", "download" or "image") to ``target``, which
    names the local ``file``, for the build to publish.

    The archive publishes the site's pages and the images in its folder, nothing else: a file outside the
    folder (symbolic links followed), a download (a link to a file that is not a page: Sphinx would copy it
    into the site), an image that is not an image file, and a missing file or page are refused.
    """
    if outside := _outside(site, file, target):
        return outside
    what = "image" if kind == "image" else "link to"
    if not file.is_file():
        return f"{what} {target!r}: no such {'page' if kind == 'link' else 'file'}"
    if kind == "image":
        return None if file.suffix.lower() in IMAGE_SUFFIXES else \
            f"image {target!r} is not an image file ({', '.join(sorted(IMAGE_SUFFIXES))}): the build would publish it"
    if kind == "link" and file.suffix == ".md":
        return None
    return f"link to {target!r} would publish a file as a download: the archive publishes none (link to a page or a web address)"


def _old_host(layout: Layout, page: Path, line: int, url: str, what: str = "image") -> Notice | None:
    """A notice for an image still on Blogger's image hosts (or, shown as an image, on the blog's own host)."""
    host = urlsplit(url).hostname or ""
    if _IMAGE_HOST.fullmatch(host) or (what == "image" and layout.blog.host.match(host)):
        return Notice(page, line, f"{what} still served from the old blog's host {host}: {url}")
    return None


def _local(site: Path, page: Path, target: str) -> Path:
    """The file a link without a scheme names: from the site's folder if it begins with "/" (one, as Sphinx reads it:
    "//etc/hostname" names the machine's), else from the page's."""
    target = target.split("#", 1)[0]
    base = site if target.startswith("/") else page.parent
    return base / PurePosixPath(target[1:] if target.startswith("/") else target)


def _outside(site: Path, file: Path, target: str) -> str | None:
    if file.resolve().is_relative_to(Path(site).resolve()):  # symbolic links followed
        return None
    return f"{target!r} is outside the site's folder: the build would publish a file of the machine it runs on"


def _prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines outside the front matter and fenced code blocks; a directive's fences (```{name}) hold prose."""
    code, directives = None, []
    front = FRONT_MATTER.match(text)
    skip = front.group(0).count("\n") if front else 0
    for number, line in enumerate(text.split("\n"), start=1):
        if number <= skip:
            continue
        match = _FENCE.match(line)
        if code is not None:
            code = None if line.strip().startswith(code) else code
        elif directives and re.fullmatch(rf"{re.escape(directives[-1][0])}{{{len(directives[-1])},}}", line.strip()):
            directives.pop()
        elif match and line.lstrip().startswith(f"{match.group(1)}{{"):
            directives.append(match.group(1))
            yield number, line
        elif match:
            code = match.group(1)
        else:
            yield number, line


def _blog_urls(layout: Layout, text: str) -> Iterator[tuple[int, str]]:
    for line, content in _prose_lines(text):
        for match in layout.blog.url_in_text.finditer(content):
            yield line, match.group()


def _page_exists(site: Path, page: Path, target: str, suffix: str = "") -> bool:
    """Whether ``target`` names a page: a Markdown file (``suffix`` is added to a name without one)."""
    if not target.split("#", 1)[0]:
        return True
    candidate = _local(site, page, target)
    return any(p.suffix == ".md" and p.is_file() for p in (candidate, candidate.with_name(candidate.name + suffix)))


def _unarchived(site: Path, layout: Layout, path: Path, line: int, url: str) -> list[Problem]:
    address = layout.blog.address(url)
    if address is None or (site / layout.post_file(address.path)).is_file():
        return []
    return [Notice(path, line, f"links to the original blog's post {address.path}, which is not archived: {url}")]
