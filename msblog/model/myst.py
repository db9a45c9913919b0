"""A page's MyST Markdown as the build reads it: what ``msblog check`` and the dataset both read.

MyST reads a page with markdown-it (:data:`MYST`: its colon fences and struck-out words, as the build enables them),
then reads again as Markdown what a directive holds: its title or argument, its ``:caption:``, its body (unless the
directive shows it as code or data), a glossary's terms and definitions, a div's body. :func:`walk` goes through
all of it, in order, with each token's line; nothing nested deeper than
:data:`~msblog.model.safe_markdown.DEEPEST` (the build shows it as its text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from msblog.model.safe_markdown import DEEPEST, note_inline_lines

# MyST's Markdown, as the build reads it (with its colon fences and struck-out words), each inline token at its line;
# without MyST's count of a page's words, which changes no token and nothing here reads (a tenth of a parse).
MYST = note_inline_lines(create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "strikethrough"}),
                                          RendererHTML)).disable("wordcount")
# Directives whose body MyST does not read as Markdown: code, raw output, a table's data, mathematics, reST; a
# glossary's, which :func:`walk` reads as Sphinx does (:func:`glossary`).
LITERAL_BODIES = {"code", "code-block", "code-cell", "sourcecode", "literalinclude", "include", "raw", "csv-table",
                  "math", "eval-rst", "glossary", "productionlist", "mermaid", "graphviz"}
# Directives whose argument MyST reads as Markdown's inline text, at the directive's line: a title, an admonition's
# first words (the body's first line), or text after the words given (a version).
_TITLED = {"admonition", "dropdown", "card", "grid-item-card", "tab-item", "topic", "sidebar", "rubric", "table",
           "list-table", "note", "warning", "tip", "important", "hint", "caution", "danger", "error", "attention",
           "seealso", "centered"}
_VERSIONS = {"versionadded", "versionchanged", "deprecated", "versionremoved"}  # the version, then text


@lru_cache(maxsize=64)
def parsed(text: str) -> list:
    """MyST's tokens of ``text`` (a page, or a directive's body), read once for every rule that looks at them; not
    to be changed."""
    return MYST.parse(text)


def walk(tokens, offset: int = 0, depth: int = 0, unread: frozenset[str] = frozenset()) -> Iterator[tuple]:
    """Each of MyST's ``tokens`` with the number of lines before its text (``offset``) and the directives holding it
    (``depth``), then, for a directive, the tokens of what MyST reads in it as Markdown: its title
    (:data:`_TITLED`) and ``:caption:`` (:func:`captions`) as inline tokens, its body, unless that is literal
    (:data:`LITERAL_BODIES`), and a glossary's terms and definitions (:func:`glossary`); and the body of a colon
    fence that names no directive (``:::`` or ``:::name``: a div). Nothing nested too deep is read
    (:func:`too_deep`), nor anything in a directive named in ``unread``."""
    for token in tokens:
        yield token, offset, depth
        name = directive_name(token)
        if not token.map or not (name or name is None and token.type == "colon_fence") or too_deep(token, depth) \
                or name in unread:
            continue
        at, inner = offset + token.map[0], depth + 1 + token.level
        if name is None:  # a div, whose body MyST reads
            yield from walk(parsed(token.content), at + 1, inner, unread)
            continue
        argument = token.info.strip().partition("}")[2].strip()
        title = argument if name in _TITLED else argument.partition(" ")[2].strip() if name in _VERSIONS else ""
        for line, text in [(0, title), *captions(token.content)]:
            yield from ((inline, at + line, depth) for inline in MYST.parseInline(text) if text)
        if name == "glossary":
            terms, definitions = glossary(token.content)
            for number, term in terms:
                yield from ((term_token, at + 1 + number, depth) for term_token in MYST.parseInline(term))
            yield from walk(parsed(definitions), at + 1, inner, unread)
        elif name not in LITERAL_BODIES:
            yield from walk(parsed(directive_body(token.content)), at + 1, inner, unread)


def too_deep(token, depth: int) -> bool:
    """Whether ``token``, held by ``depth`` directives, quotes and list items, would nest what it holds deeper than
    :data:`~msblog.model.safe_markdown.DEEPEST` (its own quotes and list items counted: MyST reads each within the
    last)."""
    return depth + 1 + token.level > DEEPEST


def directive_name(token) -> str | None:
    """The name of the directive MyST reads in ``token`` (a fence whose info is ``{name} ...``), in lower case."""
    name = (token.info.split() or [""])[0] if token.type in ("colon_fence", "fence") and token.map else ""
    return name[1:-1].lower() if name.startswith("{") and name.endswith("}") else None


def directive_body(content: str) -> str:
    """A directive's content with its options as empty lines, line for line, as MyST reads them: a ``---`` block if
    the content starts with ``---`` (to the next line starting with ``---``, whose text after the dashes is the
    body's), else ``:name: value`` lines."""
    lines = content.split("\n")
    if content.startswith("---"):
        closing = next((number for number in range(1, len(lines)) if lines[number].startswith("---")), None)
        if closing is None:
            return "\n" * (len(lines) - 1)
        body = [lines[closing].lstrip("-").removeprefix(" "), *lines[closing + 1:]]
        return "\n" * closing + "\n".join(body)
    end = 0
    if content.lstrip().startswith(":"):
        while end < len(lines) and lines[end].lstrip().startswith(":") and not lines[end].lstrip().startswith(":::"):
            end += 1
    return "\n" * end + "\n".join(lines[end:])


def captions(content: str) -> list[tuple[int, str]]:
    """A directive's ``caption`` option, which it reads as Markdown's inline text: its line (after the directive's)
    and text."""
    return options(content, "caption")


def options(content: str, key: str) -> list[tuple[int, str]]:
    """A directive's option ``key`` (in ``:key: value`` lines or a ``---`` block): its line (after the directive's)
    and value."""
    body = directive_body(content)
    count = len(body) - len(body.lstrip("\n"))
    return [(number + 1, match.group(1)) for number, line in enumerate(content.split("\n")[:count])
            if (match := re.match(rf"[ \t]*:?{key}:[ \t]*(.*)", line, re.I))]


def glossary(content: str) -> tuple[list[tuple[int, str]], str]:
    """A glossary's body as Sphinx reads it: each term's line (from 0) and text (its classifiers aside), and its
    definitions as Markdown, line for line (terms and comments as empty lines, each definition unindented)."""
    lines = directive_body(content).split("\n")
    terms, indent, comment = [], None, False
    for number, line in enumerate(lines):
        if line and not line[0].isspace():
            comment, indent = line.startswith(".. "), None
            terms += [] if comment else [(number, re.split(" +: +", line)[0])]
            lines[number] = ""
        elif comment or not line:
            lines[number] = ""
        else:
            indent = len(line) - len(line.lstrip()) if indent is None else indent
            lines[number] = line[indent:]
    return terms, "\n".join(lines)
