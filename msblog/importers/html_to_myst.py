"""Post and comment HTML from an export to MyST that shows the same text and runs nothing.

1. Addresses are read as the blog read them: resolved against the post's original
   address. Only ``http``, ``https`` and ``mailto`` addresses stay links or images;
   any other (``file:``, ``javascript:``, a relative one with no original address)
   is kept as its text, so nothing can point at a file of the machine that builds
   the site.
2. Embeds (``iframe``, ``embed``, ``object``, ``video``, ``audio``) become links to
   what they embedded; text the HTML parser put inside them is kept.
3. Ammonia (``nh3``) keeps an allowlist of tags: scripts, styles, event handlers
   and ``javascript:`` URLs are gone.
   A character XML cannot hold (a control character, often written ``&#11;``),
   which the Atom feed could not carry, is shown as U+FFFD; the warnings say so.
4. The HTML is shaped so that Markdown can say it (:func:`_tidy`), and
   ``markdownify`` writes Markdown, escaping Markdown punctuation in text (a table
   with a caption is MyST's ``{table}`` directive, the caption its title); lines
   MyST would read as its own syntax (``:::`` directives, ``%`` comments,
   ``(label)=`` targets, ``+++``), or that read as a directive or its option in
   reStructuredText (``.. include::``, ``:file: x``), which the build and
   ``msblog check`` refuse, are escaped outside code blocks.
5. A link to a place within a post (``<a href="#ref1">``, a footnote's mark) leads
   there when the post marks that place (an element's ``id``, an ``<a>``'s
   ``name``): a MyST target, ``(label)=``, stands before the paragraph, list item,
   heading or table holding it, and the link is ``[text](#label)``. Each label is the
   post's path and the place's name made a slug (``2015/05/post/ref1``): no two
   posts' targets share one, and nothing of the name reaches the page but letters,
   digits and ``-``. Only the places links lead to are kept; a link to a place the
   post does not mark is kept as its text, and the warnings say so.
6. The result is checked with MyST's own parser: no raw HTML, directive, role,
   target or link to a local file but the targets and links of step 5 and the
   ``{table}`` directives of a table's caption (its title, read as the text it is,
   over the table and nothing else), and the same words a reader of the HTML read.
   If bold or italics are what breaks it, they are left out; if anything else, the
   text is kept as plain escaped text. Either way the warnings say so.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
import unicodedata
from dataclasses import dataclass, field
from html.entities import html5 as _HTML5_ENTITIES
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import nh3
from bs4 import BeautifulSoup, NavigableString, PageElement, Tag
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.renderer import RendererHTML
from markdownify import MarkdownConverter
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from msblog.model.addresses import is_portable_slug
from msblog.model.safe_markdown import NOT_XML, escape_markdown, not_xml, replace_not_xml

# The conversion's own element, never the source's: where the target of a place within the post that a link leads to
# goes. Markdown writes it as a mark (_MARK) of noncharacters, which no text converted holds (replace_not_xml).
_ANCHOR = "msblog-anchor"
_MARK = re.compile("\ufffe([0-9]+)\uffff")
# The fence of the directive the conversion writes a table with a caption as, ``{table}``, with the caption as its title:
# noncharacters, as the mark's, until the lines MyST would read as its own are escaped (_escape_myst_lines); then ":::".
_FENCE = "\ufffe\uffff"
_TABLE_TITLE = re.compile(r"\{table\} (.+)")  # the rest of its first line
_EMBEDS = ("iframe", "embed", "object", "video", "audio")
_EMBED_PARTS = ("param", "source", "track")  # what an embed is made of, never text
_MOVIE_PARAMS = {"movie", "src", "url", "filename"}  # <param name=... value=address>
_TAGS = {"p", "br", "a", "b", "strong", "i", "em", "u", "s", "strike", "del", "code", "pre", "blockquote",
         "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "span", "div", "sup", "sub",
         "table", "caption", "thead", "tbody", "tr", "th", "td", _ANCHOR}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, _ANCHOR: {"data-target"}}
_SCHEMES = {"http", "https", "mailto"}
_ACTIVE = ("script", "style", "form", "input", "button", "textarea", "select", "link", "meta", "base", "svg", "math",
           "template")
_NOT_TEXT = ("script", "style", "svg", "math", "template")  # removed with what they hold: code, not text
# Bold, italics and struck-out words: runs of "*" and "~", which CommonMark and MyST's strikethrough read by flanking.
_DELIMITED = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "strike": "~~", "del": "~~"}
_MARKUP = {**_DELIMITED, "code": "`"}  # inline tags whose markup runs join when they touch
_MARKED = (*_MARKUP, "a")  # inline tags Markdown writes with markup around their text
_TRANSPARENT = (*_DELIMITED, "span", "u", "sub", "sup", "a", _ANCHOR)  # inline: text runs on
_LINES = ("h1", "h2", "h3", "h4", "h5", "h6", "td", "th")  # Markdown holds them on one line
_BLOCKS = ("p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "caption", "tr",
           "td", "th", "ul", "ol", "section", "article")
_RAW_TEXT = ("xmp", "plaintext")  # obsolete: what they hold is shown as written, as <pre> shows text
# Other blocks a page shows on lines of their own, which the allowlist does not keep: each becomes a ``div``,
# so that its words stay apart from the words around it.
_OTHER_BLOCKS = ("address", "aside", "center", "dd", "details", "dialog", "dl", "dt", "fieldset", "figcaption",
                 "figure", "footer", "header", "hgroup", "legend", "main", "nav", "summary")
# A line start after any list markers and quote marks (and _MARKs, which are no text), then what MyST reads as its
# own block syntax.
_SPACE = "(?:[ \t]|\ufffe[0-9]+\uffff)"
_MYST_LINE = re.compile(rf"^((?:{_SPACE}*(?:>|(?:[-+*]|\d{{1,9}}[.)])(?=[ \t])))*{_SPACE}*)"
                        r"(:{3,}|%|\+\+\+|\((?=.*\)=[ \t]*$)|\.\.(?=[ \t]|$)|:(?=[\w-]+:))", re.M)
_CONTAINERS = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))*[ \t]*")  # a line's quote and list marks
_LIST_MARKERS = re.compile(r"[-+*]|\d{1,9}[.)]")
_SLUG_LENGTH = 40  # of the name of a place in a label
_ROLE = re.compile(r"\{(?=[a-zA-Z0-9_\-+:]+\})")  # {name} would start a MyST role before a code span
_BLOCK_PARSER = MarkdownIt("commonmark").disable("inline")  # where code blocks are
_MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "strikethrough"}), RendererHTML)
_UNSAFE_TOKENS = {"html_block", "html_inline", "myst_role", "myst_target", "myst_line_comment",
                  "myst_block_break", "colon_fence", "front_matter", "myst_directive"}
_URL_BREAKS = re.compile(r"[\x00-\x20\x7f()<>\"\\^`{|}]")  # characters that would end a Markdown link early
_ENTITY = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);")
_DOTS = {"%2e": ".", ".%2e": "..", "%2e.": "..", "%2e%2e": ".."}


@dataclass
class Conversion:
    """The MyST text, and what the conversion had to change, for the import report."""

    text: str
    embeds: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    plain_text: bool = False
    warnings: list[str] = field(default_factory=list)  # what the reader of the import report must know
    targets: list[str] = field(default_factory=list)  # the labels of the places within the post its links lead to


def _delimited(markup: str):
    """Bold or italics in ``markup``, white space kept outside it (markdownify's drops a no-break space)."""
    def convert(self, el, text, parent_tags):
        if "_noformat" in parent_tags:
            return text
        prefix, suffix, text = _chomp(text)
        return f"{prefix}{markup}{text}{markup}{suffix}" if _MARK.sub("", text) else prefix + text + suffix
    return convert


class _Converter(MarkdownConverter):
    def escape(self, text, parent_tags):
        return _ROLE.sub(r"\\{", super().escape(text, parent_tags))

    def process_text(self, el, parent_tags=None):
        text = super().process_text(el, parent_tags)
        if text.endswith("!") and "_noformat" not in (parent_tags or ()) and _beside(el, before=False) == "[":
            text = text[:-1] + "\\!"  # "!" before "[text](address)" would make it an image
        return text

    convert_b = convert_strong = _delimited("**")
    convert_i = convert_em = _delimited("*")
    convert_s = convert_strike = convert_del = _delimited("~~")

    def convert_sub(self, el, text, parent_tags):
        return text  # MyST has no sub- or superscripts (see _raise)

    convert_sup = convert_sub

    def convert_code(self, el, text, parent_tags):
        marks = "".join(match.group() for match in _MARK.finditer(text))  # a place marked in it: before it
        prefix, suffix, text = _chomp(_MARK.sub("", text))
        if _inside(el, ("td", "th")):
            text = text.replace("|", "\\|")  # a table reads "\|" as "|", even in code
        return prefix + marks + super().convert_code(el, text, parent_tags) + suffix

    def convert_pre(self, el, text, parent_tags):
        code = "".join(part if isinstance(part, NavigableString) else "\n" if part.name == "br" else _alt(part)
                       for part in el.descendants if isinstance(part, NavigableString) or part.name in ("br", "img"))
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
        return f"\n\n{fence}\n{code.strip(chr(10))}\n{fence}\n\n"

    def convert_table(self, el, text, parent_tags):
        if el.find("caption", recursive=False) is None:
            return super().convert_table(el, text, parent_tags)
        return f"\n\n{text.strip()}\n{_FENCE}\n\n"

    def convert_caption(self, el, text, parent_tags):
        return f"{_FENCE}{{table}} {text.strip()}\n"  # first in its table, on one line (_caption)

    def convert_hr(self, el, text, parent_tags):
        return "\n\n***\n\n"  # "---" first in a text would be read as front matter

    def convert_a(self, el, text, parent_tags):
        prefix, suffix, text = _chomp(text)
        href = el.get("href")
        if not _MARK.sub("", text) or not href or "_noformat" in parent_tags:  # a place marked in it is no text
            return prefix + text + suffix
        if text.replace(r"\_", "_") == href and not el.get("title") and not href.startswith("#"):
            return f"{prefix}<{href}>{suffix}"
        return f"{prefix}[{text}]({href}{_title(el)}){suffix}"

    def convert_msblog_anchor(self, el, text, parent_tags):
        number = el.get("data-target", "")
        return f"\ufffe{number}\uffff" if number.isascii() and number.isdigit() else ""

    def convert_img(self, el, text, parent_tags):
        if "_noformat" in parent_tags:  # in code, which shows it as it is
            return _alt(el)
        alt = self.escape(_alt(el), parent_tags)
        if not el.get("src"):
            return alt
        return f"![{alt}]({el['src']}{_title(el)})"


def _chomp(text: str) -> tuple[str, str, str]:
    """Leading and trailing white space, kept outside the markup, and the text between."""
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    return (text[:start], text[end:], text[start:end]) if end > start else (text, "", "")


def _alt(image) -> str:
    return " ".join(image.get("alt", "").split())


def _title(el) -> str:
    title = " ".join(el.get("title", "").split())
    return ' "' + re.sub(r'([\\"|])', r"\\\1", title) + '"' if title else ""


def _tidy(soup: BeautifulSoup) -> None:
    """Shape the HTML so that Markdown can say it: what it cannot is left unformatted, never lost.

    Every row of a table has as many cells as its longest (Markdown drops the
    cells beyond the first row's), and text beside a list or paragraph in a list
    item or quotation is a paragraph of its own (Markdown would join it to them).
    An empty paragraph becomes a line break (Markdown would drop it, joining the
    words on either side). Bold, italics or code holding paragraphs or lists is
    left unformatted, and a link holding them holds their text, line by line.
    Empty formatting goes; line breaks in a row inside formatting are one
    (Markdown would end the paragraph there), and a line break in code is a
    space. Bold in bold is bold once, and touching runs of the same emphasis or
    code join. Bold or italics CommonMark would not read as such (``**.**a``:
    punctuation inside, a letter outside; or touching the same emphasis in
    another element) are left as plain text.
    """
    for table in _find(soup, "table"):
        rows = [(row, sum(_span(cell) for cell in row.children if isinstance(cell, Tag) and cell.name in ("td", "th")))
                for row in _find(table, "tr")]
        if not any(width for _, width in rows):  # no cell, no words: its caption a paragraph, its rows nothing
            for part in _find(table, "thead", "tbody", "tfoot", "tr", "colgroup", "col"):
                part.unwrap()
            for caption in _find(table, "caption"):
                caption.name = "p"
            table.name = "div"
            continue
        for row, width in rows:
            for _ in range(max(width for _, width in rows) - width):
                row.append(soup.new_tag("td"))
    _replace_all([block for block in _find(soup, "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")
                  if not block.get_text().strip() and not _find(block, "img")],
                 lambda block: [*_find(block, _ANCHOR), soup.new_tag("br")])  # a place marked in it stays there
    for container in _find(soup, "li", "blockquote", "div"):
        if any(isinstance(child, Tag) and child.name in _BLOCKS for child in container.children):
            _hold_runs(soup, container, ["p"], lambda child: child.name in _BLOCKS)  # text beside blocks: paragraphs
    _replace_all([line_break for line_break in _find(soup, "br") if _inside(line_break, ("code",))],
                 lambda line_break: [NavigableString(" ")])  # a code span is one line
    for element in _find(soup, *_MARKED, *_LINES):
        if element.parent is not None and _find(element, *_BLOCKS):
            if element.name in _MARKUP:
                _unwrap(element)
                continue
            for block in _find(element, *_BLOCKS):
                block.insert_before(soup.new_tag("br"))
                block.insert_after(soup.new_tag("br"))
                block.unwrap()
    _unwrap_all([element for element in _find(soup, *_DELIMITED, "code")
                 if not element.get_text().strip() and not _find(element, "img")])  # any line break in it stays
    _replace_all([line_break for line_break in _find(soup, "br")
                  if (marked := next((parent for parent in line_break.parents if parent.name in _MARKED), None))
                  is not None and _after_line_break(line_break, marked)], lambda line_break: [])
    _unwrap_all([element for element in _find(soup, *_DELIMITED)  # bold in bold: "****" is no markup
                 if _inside(element, [tag for tag, markup in _DELIMITED.items() if markup == _DELIMITED[element.name]])])
    for element in _find(soup, *_MARKUP):
        while element.parent is not None and isinstance(following := element.next_sibling, Tag) \
                and _MARKUP.get(following.name) == _MARKUP[element.name]:
            element.extend(list(following.extract().contents))
    for element in _find(soup, *_MARKUP):
        if element.parent is None:
            continue
        if element.name in _DELIMITED:
            opening, closing = _edge(element, first=True), _edge(element, first=False)
            if not (_can_delimit(opening, _beside(element, before=True))
                    and _can_delimit(closing, _beside(element, before=False))):
                element.unwrap()
                continue
        if _touches_same(element):
            _unwrap(element)


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_NOT_SECTIONS = ("li", "blockquote", "td", "th")  # a heading in them is no section of the page (MyST: a rubric)


def _heading_levels(soup: BeautifulSoup) -> None:
    """Each heading of the page one level below the one it falls under, the first below the post's title (``#``).

    Blogger's editor wrote its headings as ``<h2>``, ``<h3>`` or ``<h4>``, whichever the author chose, and often
    began a post at ``<h3>``; MyST warns of a heading more than one level below the last (the build fails). The
    headings keep their order of rank: one at the rank of an earlier heading, or above it, is at its level again.
    """
    above: list[tuple[int, int]] = []  # (the rank in the HTML, the level written) of the headings a heading is under
    for heading in _find(soup, *_HEADINGS):
        if _inside(heading, _NOT_SECTIONS):
            continue
        rank = int(heading.name[1])
        while above and above[-1][0] >= rank:
            above.pop()
        level = above[-1][1] + 1 if above else 2
        heading.name = f"h{level}"
        above.append((rank, level))


def _unwrap(element: Tag) -> None:
    """Leave ``element``'s content unformatted; code shows an image in it as its alt text, and so does the text."""
    if element.name == "code":
        for image in _find(element, "img"):
            image.replace_with(_alt(image))
    element.unwrap()


def _unwrap_all(elements: list[Tag]) -> None:
    """Each of ``elements``, in document order, replaced by what it holds, as ``unwrap`` does (:func:`_replace_all`)."""
    _replace_all(elements, lambda element: [element.contents[index].extract(_self_index=index)
                                            for index in reversed(range(len(element.contents)))][::-1])


def _replace_all(elements: list[Tag], by: Callable[[Tag], list[PageElement]]) -> None:
    """Each of ``elements``, given in document order, replaced by what ``by`` gives for it when its turn comes, in time
    growing with their number and their parents' sizes: replacing one at a time (``unwrap``, ``replace_with``,
    ``decompose``) looks for its place among its siblings, which made a post of many (line breaks, superscripts) take
    time growing with their number squared. The last goes first: what replaces an element is at its place or after it
    (what it held), so the places of the elements before it, noted once for each parent, stay true."""
    places: dict[int, dict[int, int]] = {}  # id of a parent -> the places of its children, by their ids
    for element in reversed(elements):
        parent = element.parent
        if parent is None:
            continue
        if id(parent) not in places:
            places[id(parent)] = {id(child): index for index, child in enumerate(parent.contents)}
        index = places[id(parent)][id(element)]
        parts = by(element)
        element.extract(_self_index=index)
        parent.insert(index, *parts)


def _find(node: Tag, *names: str) -> list[Tag]:
    """The elements named ``names`` in ``node``, in document order (a quicker ``find_all``)."""
    return [tag for tag in node.descendants if isinstance(tag, Tag) and tag.name in names]


def _inside(node: Tag, names) -> bool:
    return any(parent.name in names for parent in node.parents)


def _caption(table: Tag, titled: bool) -> None:
    """The caption of ``table``, if it is the only one standing before its rows, is its caption when tables are
    ``titled``: the title of MyST's ``{table}``, on one line (a line break in it is a space). Any other caption, or one
    holding blocks or no text, or one of a table with no cells, is a block of its own, before the table if it stands
    before the rows, else after."""
    before, after, rows = [], [], False
    for child in table.children:
        if isinstance(child, Tag) and child.name == "caption":
            (after if rows else before).append(child)
        elif isinstance(child, Tag):
            rows = True
    if titled and len(before) == 1 and before[0].get_text().strip() and not _find(before[0], *_BLOCKS) \
            and table.find(("td", "th")) is not None:
        for line_break in _find(before.pop(), "br"):
            line_break.replace_with(" ")
    for caption in before + after:
        caption.name = "div"
    table.insert_before(*(caption.extract() for caption in before))
    table.insert_after(*(caption.extract() for caption in after))


def _span(cell: Tag) -> int:
    """The columns a table cell spans, as markdownify counts them."""
    span = cell.get("colspan", "")
    return max(1, min(1000, int(span))) if span.isdigit() else 1


def _after_line_break(line_break: Tag, within: Tag) -> bool:
    """True when only white space, in ``within``, stands between ``line_break`` and a line break before it."""
    for node in line_break.previous_elements:
        if node is within or (isinstance(node, NavigableString) and node.strip()):
            return False
        if isinstance(node, Tag) and node.name not in _TRANSPARENT:
            return node.name == "br"
    return False


def _edge(node, first: bool) -> str:
    """The first (or last) character the Markdown of ``node`` shows; '' when it shows none."""
    if isinstance(node, NavigableString):
        return str(node)[:1] if first else str(node)[-1:]
    if node.name == "br":
        return "\n"
    if node.name == "img":
        return "!" if first else ")"
    if node.name == "code":
        return "`"
    if _shows_link(node):
        return "[" if first else ")"
    if node.name not in _TRANSPARENT:
        return " "  # a block: a new line
    for child in node.contents if first else reversed(node.contents):
        if edge := _edge(child, first):
            return edge
    return ""


def _shows_link(node: Tag) -> bool:
    """True when markdownify writes ``node`` as a link: "[text](address)"."""
    return node.name == "a" and bool(node.get("href")) and bool(node.get_text().strip() or _find(node, "img"))


def _beside(element, before: bool) -> str:
    """The character Markdown shows just before (or after) ``element``; a space at a block's edge."""
    node = element
    while node is not None:
        sibling = node.previous_sibling if before else node.next_sibling
        while sibling is not None:
            if edge := _edge(sibling, first=not before):
                return edge
            sibling = sibling.previous_sibling if before else sibling.next_sibling
        node = node.parent
        if node is not None and _shows_link(node):
            return "[" if before else "]"
        if node is None or node.name not in _TRANSPARENT:
            return " "
    return " "


def _touches_same(element: Tag) -> bool:
    """True when markup of the same kind starts right after ``element``: "**a****b**" is no markup. White space it
    ends with is written after its markup, between the two."""
    if _edge(element, first=False).isspace():
        return False
    node = element
    while node is not None:
        sibling = node.next_sibling
        while sibling is not None:
            starts = _starts_with(sibling, _MARKUP[element.name])
            if starts is not None:
                return starts
            sibling = sibling.next_sibling
        node = node.parent
        if node is None or node.name not in _TRANSPARENT or _shows_link(node):
            return False
    return False


def _starts_with(node, markup: str) -> bool | None:
    """Whether the Markdown of ``node`` starts with ``markup``; None when it shows nothing. White space markup starts
    with is written before it."""
    if isinstance(node, NavigableString):
        return False if str(node) else None
    if _MARKUP.get(node.name) == markup:
        return not _edge(node, first=True).isspace()
    if node.name not in _TRANSPARENT or _shows_link(node):
        return False
    for child in node.contents:
        starts = _starts_with(child, markup)
        if starts is not None:
            return starts
    return None


def _can_delimit(inside: str, outside: str) -> bool:
    """CommonMark's flanking rule: a ``*`` run beside punctuation inside needs space or punctuation outside."""
    def punctuation(char: str) -> bool:
        return isMdAsciiPunct(ord(char)) or isPunctChar(char)
    return (not inside or inside.isspace() or not punctuation(inside)
            or isWhiteSpace(ord(outside)) or punctuation(outside))


def web_address(address: str, base: str | None = None) -> str | None:
    """What ``address`` meant on the page at ``base``, if it is a web or mail address; else None.

    It is read as a browser reads it (spaces around it and line breaks in it
    dropped, a backslash as a slash, ``%2e`` as a dot in a path), and characters
    that would end a Markdown link early are percent-encoded.
    """
    address = re.sub(r"[\t\n\r]", "", address).strip("".join(map(chr, range(33))))
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", address)
    try:
        if scheme is None or scheme.group(1).lower() in ("http", "https"):
            path, rest = re.match(r"([^?#]*)(.*)", address.replace("\\", "/"), re.S).groups()
            address = "/".join(_DOTS.get(segment.lower(), segment) for segment in path.split("/")) + rest
            if base:
                address = urljoin(base, address)
            elif address.startswith("//"):
                address = "https:" + address
        parts = urlsplit(address)
        web = parts.scheme.lower() in ("http", "https") and parts.hostname
    except ValueError:  # a malformed host, such as an unclosed "[" of an IPv6 address
        return None
    if not web and not (parts.scheme.lower() == "mailto" and parts.path):
        return None
    return _URL_BREAKS.sub(lambda m: f"%{ord(m.group()):02X}", address)


def html_to_myst(html: str, base: str | None = None, post: str | None = None,
                 images: Mapping[str, str] | None = None) -> Conversion:
    """Convert one post's or comment's HTML; ``base`` is its original address, for relative links. ``post``, a post's
    path (``YYYY/MM/<slug>``), keeps the places within the post that its links lead to, each a target named from it
    (the module's step 5); a comment's link to a place within its post is kept as its text. ``images`` gives the
    images of some addresses (an ``<img>``'s ``src``, as it reads) another (a copy's)."""
    if post is not None and not all(is_portable_slug(part) for part in post.split("/")):
        raise ValueError(f"not a post's path (YYYY/MM/<slug>): {post!r}")
    unkept: set[str] = set()  # the labels of places whose targets Markdown did not hold where they stand
    try:
        while not isinstance(conversion := _convert(html, base, post, unkept, images or {}), Conversion):
            unkept |= conversion
    except RecursionError:  # markdownify, BeautifulSoup writing HTML, and the shaping of it recurse into elements
        return _nested_too_deep(html, base)
    return conversion


# Elements in elements the conversion follows: markdownify and BeautifulSoup's writer recurse into each, and Python's
# recursion stops at about 330 (shaping deeper HTML would also take BeautifulSoup time growing with its depth squared).
_DEEPEST = 300


def _depth(soup: BeautifulSoup) -> int:
    """How deep ``soup``'s elements nest, found without recursion."""
    deepest, elements = 0, [(soup, 0)]
    while elements:
        element, depth = elements.pop()
        deepest = max(deepest, depth)
        elements += [(child, depth + 1) for child in element.children if isinstance(child, Tag)]
    return deepest


def _nested_too_deep(html: str, base: str | None) -> Conversion:
    """The conversion of HTML nested deeper than the conversion follows (:data:`_DEEPEST`), or than Python recurses:
    its text kept as plain text, what is not text left out, and embeds links, as when a conversion would change its
    text."""
    soup = BeautifulSoup(html or "", "lxml")
    removed = [element.name for element in _find(soup, *_ACTIVE)]
    _replace_all(_find(soup, *_NOT_TEXT), lambda element: [])
    embeds = _embeds_to_links(soup, base, removed)
    text = _plain_text(soup)
    warnings = [f"{not_xml(character)} is a character XML cannot hold (the Atom feed is XML); it is shown as '\ufffd'"
                for character in dict.fromkeys(NOT_XML.findall(text))]
    warnings.append("its HTML nests elements deeper than the conversion to Markdown can follow; it is kept as plain "
                    "text (no formatting or links)")
    return Conversion(escape_markdown(replace_not_xml(text)) + "\n", embeds, removed, plain_text=True,
                      warnings=warnings)


def _convert(html: str, base: str | None, post: str | None, unkept: set[str],
             images: Mapping[str, str]) -> Conversion | set[str]:
    """The conversion; or the labels of places whose targets Markdown did not hold where they stand, with which it is
    made again, each link to them kept as its text."""
    soup = BeautifulSoup(html or "", "lxml")
    if _depth(soup) > _DEEPEST:
        return _nested_too_deep(html, base)
    for image in soup.find_all("img", src=lambda src: src in images) if images else ():
        image["src"] = images[image["src"]]
    warnings = _entity_warnings(html or "")
    _unwrap_all(_find(soup, _ANCHOR))  # the conversion's own element: a source's is nothing
    removed = [element.name for element in _find(soup, *_ACTIVE)]
    _replace_all(_find(soup, *_NOT_TEXT), lambda element: [])
    for element in _find(soup, *_OTHER_BLOCKS):
        element.name = "div"
    for element in _find(soup, *_RAW_TEXT):
        element.name = "pre"
    embeds = _embeds_to_links(soup, base, removed)
    _styled(soup)
    places, marked = _places(soup, base, post, unkept)
    warnings += _resolve_links(soup, base, removed, places, post)
    _raise(soup)
    source = soup.decode_contents()
    warnings += [f"{not_xml(character)} is a character XML cannot hold (the Atom feed is XML); it is shown as '\ufffd'"
                 for character in dict.fromkeys(NOT_XML.findall(source))]
    source = replace_not_xml(source)
    links = {f"#{label}" for label in places.values() if label}
    clean = nh3.clean(source, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                      attribute_filter=lambda tag, attribute, value: _keep_addresses(links, tag, attribute, value))
    expected = _words(source)
    for emphasis in (True, False):
        text, targets = _markdown(clean, emphasis, marked, titled=post is not None)
        env: dict = {}
        tokens = _read_tables(_MYST.parse(text, env))
        written = [token.content for token in tokens if token.type == "myst_target"]
        if unheld := {label for label in marked if label not in targets or written.count(label) != 1}:
            return unheld
        if not _safe(tokens, targets):
            reason = "its HTML would make markup MyST runs"
            continue
        shown = [token for token in tokens if token.type != "myst_target"]  # a target shows nothing
        lost = _lost_text(expected, _words(_MYST.renderer.render(shown, _MYST.options, env)))
        if not lost:
            if not emphasis:
                warnings.append("bold and italics that Markdown cannot write here are left out; the text is kept")
            return Conversion(text, embeds, removed, warnings=warnings, targets=targets)
        reason = f"converting its HTML to Markdown would change its text ({lost})"
    warnings.append(f"{reason}; it is kept as plain text (no formatting or links)")
    return Conversion(escape_markdown(_plain_text(source)) + "\n", embeds, removed, plain_text=True, warnings=warnings)


def _markdown(clean: str, emphasis: bool, marked: list[str], titled: bool) -> tuple[str, list[str]]:
    """The Markdown of sanitised HTML, its MyST syntax escaped; bold and italics left out unless ``emphasis``; a
    table's caption its title if tables are ``titled`` (a post's: a comment is read as CommonMark, which has no
    directive), else a block of its own (:func:`_caption`); with the targets of the places marked (:func:`_targets`),
    and their labels."""
    soup = BeautifulSoup(clean, "html.parser")
    if not emphasis:
        _unwrap_all(_find(soup, *_DELIMITED))
    for table in _find(soup, "table"):
        _caption(table, titled)
    _tidy(soup)
    _heading_levels(soup)
    text = _Converter(escape_misc=True, escape_asterisks=True, escape_underscores=True, heading_style="ATX",
                      bullets="-", wrap=True, wrap_width=None).convert_soup(soup)
    text = _escape_myst_lines(text.replace("\r\n", "\n").replace("\r", "\n").strip(" \t\n")).replace(_FENCE, ":::")
    text, targets = _targets(text, marked)
    return text.rstrip(" \t\n") + "\n", targets


# Bold, italics and struck-out words written as an element's style, as Blogger's editor wrote them
# (<span style="font-style: italic;">).
_STYLED = {"i": re.compile(r"(?:^|;)\s*font-style\s*:\s*(?:italic|oblique)\b", re.I),
           "b": re.compile(r"(?:^|;)\s*font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I),
           "s": re.compile(r"(?:^|;)\s*text-decoration(?:-line)?\s*:[^;]*\bline-through\b", re.I)}
# Styles that undo the bold or italics around an element (<span style="font-weight: normal"> in <b>), by the tags they
# undo, the first the one to hold what stays bold or italic. (A line-through is never undone: CSS draws it over all.)
_UNDOING = {("b", "strong"): re.compile(r"(?:^|;)\s*font-weight\s*:\s*(?:normal|lighter|[1-5]00)\b", re.I),
            ("i", "em"): re.compile(r"(?:^|;)\s*font-style\s*:\s*normal\b", re.I)}


def _styled(soup: BeautifulSoup) -> None:
    """Bold, italics and struck-out words an element's style gives what it holds, held in ``<b>``, ``<i>`` and ``<s>``,
    and the bold or italics it undoes (:func:`_undo`); the style is not kept."""
    styled = soup.find_all(style=True)
    for element in styled:
        names = _styles(element)
        if names and element.name not in _BLOCKS and not _find(element, *_BLOCKS):
            for name in names:  # from outside, so that touching runs of one style join (:func:`_tidy`)
                element.wrap(soup.new_tag(name))
        else:
            _give(soup, element, names)
    for tags, undoing in _UNDOING.items():
        if undone := [element for element in styled if undoing.search(_style(element)) and element.get_text().strip()
                      and not _inside(element, ("pre", "code"))]:
            _undo(soup, tags, undone)


def _style(element: Tag) -> str:
    style = element.get("style") or ""
    return " ".join(style) if isinstance(style, list) else style


def _styles(element: Tag) -> list[str]:
    """The names (``b``, ``i``, ``s``) of the bold, italics and struck-out words ``element``'s style gives what it
    holds."""
    return [name for name, styled in _STYLED.items() if styled.search(_style(element))]


def _undo(soup: BeautifulSoup, tags: tuple[str, ...], undoing: list[Tag]) -> None:
    """The bold (or italics: ``tags``) around each of the ``undoing`` elements ends before it and starts again after
    it, and its own is gone: an element of ``tags`` holding one is a ``span``, each run of what it holds in a new
    ``tags[0]``, but for blocks (bold holding a paragraph is left unformatted: :func:`_tidy`) and the elements on the
    way to the undoing ones, whose runs are held in turn. Each element is looked at once, the outermost first, without
    recursion (a post may nest them deeper than Python recurses)."""
    on_the_way: set[int] = set()  # the undoing elements and all that hold them, by id()
    for element in undoing:
        if element.name in tags:
            element.name = "span"
        node = element
        while node is not None and id(node) not in on_the_way:
            on_the_way.add(id(node))
            node = node.parent
    ends = {id(element) for element in undoing}
    for outermost in soup.find_all(tags):
        holders = [outermost] if id(outermost) in on_the_way and outermost.name in tags else []
        while holders:
            holder = holders.pop()
            if holder.name in tags:
                holder.name = "span"
            apart = _hold_runs(soup, holder, [tags[0]], lambda child: id(child) in on_the_way or child.name in _BLOCKS)
            holders += [child for child in apart if id(child) in on_the_way and id(child) not in ends]


def _give(soup: BeautifulSoup, element: Tag, names: list[str]) -> None:
    """What ``element`` holds held in each of ``names`` (``b``, ``i``, ``s``): in each block it holds, block by
    block, for bold or italics holding a paragraph is left unformatted (:func:`_tidy`). Blocks in blocks are given
    theirs in turn, not by recursion (a post may nest them deeper than Python recurses), but for a block whose own
    style gives them, which gives them itself (given by each block it is in, they took time growing with its depth
    squared)."""
    blocks = [element] if names else []
    while blocks:
        blocks += [block for block in _hold_runs(soup, blocks.pop(), names, lambda child: child.name in _BLOCKS)
                   if not set(names) <= set(_styles(block))]


def _hold_runs(soup: BeautifulSoup, holder: Tag, names: list[str], apart: Callable[[PageElement], bool]) -> list[Tag]:
    """Each run of what ``holder`` holds between the children ``apart`` held in each of ``names``, the first
    outermost, if it holds more than white space; and the children apart, in order. All are taken out, the last
    first, and put back in order, in time growing with their number (a wrap or an extract looks for the element's
    place among its siblings)."""
    children = [holder.contents[index].extract(_self_index=index) for index in reversed(range(len(holder.contents)))]
    run: list = []
    kept_apart = []
    for child in [*reversed(children), None]:
        if child is not None and not apart(child):
            run.append(child)
            continue
        if any(str(part).strip() or isinstance(part, Tag) for part in run):
            wrapper = inner = soup.new_tag(names[0])
            for name in names[1:]:
                inner = inner.append(soup.new_tag(name))
            inner.extend(run)
            run = [wrapper]
        holder.extend(run)
        run = []
        if child is not None:
            holder.append(child)
            kept_apart.append(child)
    return kept_apart


def _raise(soup: BeautifulSoup) -> None:
    """Each superscript of text written as plain text writes it, after a caret: ``10^9``, not ``109``; in brackets if
    it holds a space (``x^(n + 1)``). What it holds stays (a link, bold); one holding an image, or in code, which
    shows text as written, is left as it is."""
    raised = [sup for sup in _find(soup, "sup")
              if sup.get_text().strip() and not sup.find("img") and not sup.find_parent(("pre", "code"))]
    for sup in raised:
        spaced = re.search(r"\s", sup.get_text().strip())
        sup.insert(0, NavigableString("^(" if spaced else "^"))
        if spaced:
            sup.append(NavigableString(")"))
    _unwrap_all(raised)


def _embeds_to_links(soup: BeautifulSoup, base: str | None, removed: list[str]) -> list[str]:
    """Replace each embed by a link to what it embedded, keeping any text inside it."""
    embeds = []
    for element in _find(soup, *_EMBEDS):
        if element.parent is None:
            continue  # unwrapped with the <object> that held it
        address = _embedded(element, base)
        for part in _find(element, *_EMBEDS, *_EMBED_PARTS):
            if part.name in _EMBED_PARTS or _embedded(part, base) == address:
                part.unwrap()  # the same video's <embed> inside its <object> is one link
        if address:
            link = soup.new_tag("a", href=address)
            link.string = f"Embedded {element.name}: {address}"
            paragraph = soup.new_tag("p")
            paragraph.append(link)
            element.insert_before(paragraph)
            embeds.append(address)
        else:
            removed.append(element.name)
        element.unwrap()  # an unclosed <embed> holds the rest of the post
    return embeds


def _embedded(element, base: str | None) -> str | None:
    movie = element.find("param", attrs={"name": lambda name: (name or "").lower() in _MOVIE_PARAMS})
    for candidate in (element.get("src"), element.get("data"), movie and movie.get("value"),
                      *(part.get("src") for part in element.find_all(("source", "embed")))):
        if candidate and candidate.strip():
            return web_address(candidate, base)
    return None


def _resolve_links(soup: BeautifulSoup, base: str | None, removed: list[str], places: dict[str, str | None],
                   post: str | None) -> list[str]:
    """Make every link and image address absolute, or keep the link's text and the image's alt text; a link to a
    place within the post leads to its target (``places``, by address), else it is its text."""
    warnings = []
    for link in _find(soup, "a"):
        if not link.has_attr("href"):
            continue
        address = web_address(link["href"], base)
        if address and _within(address, base):
            if places.get(address):
                link["href"] = f"#{places[address]}"
                continue
            shown = f"a link to {link['href'][:80]!r} within the post is kept as its text"
            if post is None:
                warnings.append(f"{shown}: a comment links only to web and mail addresses")
            elif address in places:
                warnings.append(f"{shown}: the place it leads to cannot be marked in Markdown where it stands")
            else:
                warnings.append(f"{shown}: the post marks no such place (no element with that id, nor <a> with that "
                                "name)")
            del link["href"]
            continue
        if address:
            link["href"] = address
            continue
        shown = repr(link["href"][:80])
        if base or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", link["href"].strip()):
            warnings.append(f"a link to {shown} is not a web address; its text is kept without the link")
        else:
            warnings.append(f"a relative link {shown} has no original address to be read against; "
                            "its text is kept without the link")
        del link["href"]
    for image in _find(soup, "img"):
        source = image.get("src", "")  # none, or empty: a browser shows the alt text, not the page as an image
        address = web_address(source, base) if source.strip() else None
        if address:
            image["src"] = address
        else:
            removed.append("image without a web address")
            image.replace_with(_alt(image))
    return warnings


# Elements whose target stands before their table; elements Markdown writes what they hold of, the target of a place
# marked on one standing before the block that holds its first words (any other's stands before the element).
_TABLE_PARTS = ("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr")
_HOLDERS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "a", "b", "strong", "i",
            "em", "u", "s", "strike", "del", "code", "span", "sup", "sub", "section", "article")


def _places(soup: BeautifulSoup, base: str | None, post: str | None,
            unkept: set[str]) -> tuple[dict[str, str | None], list[str]]:
    """The label of each place within the post that a link leads to and that the post marks (an element's ``id``, an
    ``<a>``'s ``name``, found as a browser finds it), by the address the link gives (None for a label ``unkept``);
    and the labels of the places marked with an _ANCHOR where their targets go, each numbered by its place in that
    list."""
    links = [address for link in _find(soup, "a") if link.has_attr("href")
             and (address := web_address(link["href"], base)) and _within(address, base)]
    if post is None or not links:
        return {}, []
    ids: dict[str, Tag] = {}
    names: dict[str, Tag] = {}
    for element in soup.find_all(True):
        if element.get("id"):
            ids.setdefault(element["id"], element)
        if element.name == "a" and element.get("name"):
            names.setdefault(element["name"], element)
    labels: dict[int, str] = {}  # by the element's id()
    places: dict[str, str | None] = {}
    marked: list[str] = []
    for address in dict.fromkeys(links):
        fragment = urldefrag(address)[1]
        found = [(element, name) for name in dict.fromkeys((fragment, unquote(fragment)))
                 for element in (ids.get(name), names.get(name)) if element is not None]
        if not found:
            continue
        element, name = found[0]
        if id(element) not in labels:
            labels[id(element)] = label = _label(post, name, set(labels.values()))
            if label not in unkept:
                _mark(soup, element, len(marked))
                marked.append(label)
        places[address] = labels[id(element)] if labels[id(element)] not in unkept else None
    return places, marked


def _label(post: str, name: str, taken: set[str]) -> str:
    """The label of the place ``name`` of the post at ``post``: the post's path, and the name as a slug (ASCII letters
    and digits, lower case, each run of anything else one ``-``, cut to :data:`_SLUG_LENGTH`), one no other place of
    the post has."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", folded))[:_SLUG_LENGTH].strip("-") or "place"
    label, number = f"{post}/{slug}", 1
    while label in taken:
        number += 1
        label = f"{post}/{slug}-{number}"
    return label


def _mark(soup: BeautifulSoup, element: Tag, number: int) -> None:
    """Put the _ANCHOR ``number`` where the target of the place ``element`` goes: first in it, if Markdown writes what
    it holds (:data:`_HOLDERS`); before it, or before the table or code block holding it, if not."""
    anchor = soup.new_tag(_ANCHOR, attrs={"data-target": str(number)})
    code = [holder for holder in (element, *element.parents) if holder.name == "pre"]
    table = element if element.name == "table" else element.find_parent("table")
    if code:
        code[-1].insert_before(anchor)  # Markdown writes a code block's text as it is
    elif element.name in ("html", "body"):
        (soup.body or element).insert(0, anchor)
    elif element.name in _TABLE_PARTS and table is not None:
        table.insert_before(anchor)
    elif element.name in _HOLDERS:
        element.insert(0, anchor)
    else:
        element.insert_before(anchor)


def _targets(text: str, marked: list[str]) -> tuple[str, list[str]]:
    """``text`` without its _MARKs, and the target of each, ``(label)=``, standing before the block that held it (a
    paragraph, heading, list item's paragraph; a table, for one in a cell or its caption), in the quotes and list
    items that hold the block; and the labels of the targets written, in order. A mark in a code block is taken out,
    its target not written."""
    if not _MARK.search(text):
        return text, []
    before: dict[int, list[str]] = {}  # by the line they stand before
    tables: list = []
    for token in _MYST.parse(text):
        if token.type == "table_open":
            tables.append(token)
        elif token.type == "table_close":
            tables.pop()
        elif token.type in ("inline", "colon_fence") and (block := tables[0] if tables else token).map:
            found = _MARK.findall(token.info + token.content)  # a table's directive: in its title or its table
            if labels := [marked[int(number)] for number in found if int(number) < len(marked)]:
                before.setdefault(block.map[0], []).extend(labels)
    lines = text.split("\n")
    for number in sorted(before, reverse=True):
        line = lines[number]
        containers = _CONTAINERS.match(line).group()  # of the line as written, marks and all
        inside = _LIST_MARKERS.sub(lambda marker: " " * len(marker.group()), containers)
        lines[number:number + 1] = [f"{inside if i else containers}({label})="
                                    for i, label in enumerate(dict.fromkeys(before[number]))] + \
            [inside + line[len(containers):]]
    lines = [_MARK.sub("", line) for line in lines]
    return "\n".join(lines), [label for number in sorted(before) for label in dict.fromkeys(before[number])]


def _within(address: str, base: str | None) -> bool:
    """Whether ``address`` is a place within the page at ``base`` (``#ref1``, a footnote's mark), other than one of its
    comments (Blogger's ``#c<id>``, WordPress's ``#comment-<id>``), which the archive keeps."""
    page, fragment = urldefrag(address)
    return bool(base and fragment and page == urldefrag(base)[0] and not re.fullmatch(r"c\d+|comment-\d+", fragment))


def _keep_addresses(links: set[str], tag: str, attribute: str, value: str) -> str | None:
    """The last guard: an address nh3 lets through must be a whole web or mail address, or a link to a place within
    the post whose target the conversion writes (``links``: ``#label``)."""
    if attribute in ("href", "src"):
        return value if web_address(value) == value or (tag == "a" and value in links) else None
    return value


def _escape_myst_lines(text: str) -> str:
    """Escape MyST's block syntax at line starts, except in code blocks, which show text as it is."""
    if not _MYST_LINE.search(text):
        return text
    code = set()
    for token in _BLOCK_PARSER.parse(text):
        if token.type in ("fence", "code_block") and token.map:
            code.update(range(*token.map))
    lines = text.split("\n")
    return "\n".join(line if number in code else _MYST_LINE.sub(r"\1\\\2", line)
                     for number, line in enumerate(lines))


def _entity_warnings(source: str) -> list[str]:
    """Character references HTML does not define: the text keeps them as written, or shows U+FFFD."""
    warnings = []
    for reference in dict.fromkeys(match.group(1) for match in _ENTITY.finditer(source)):
        if reference.startswith("#"):
            number = int(reference[2:], 16) if reference[1] in "xX" else int(reference[1:])
            if number == 0 or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
                warnings.append(f"'&{reference};' is not a character; it is shown as '\ufffd'")
        elif f"{reference};" not in _HTML5_ENTITIES:
            warnings.append(f"'&{reference};' is not a character entity HTML defines; it is kept as written")
    return warnings


def _words(html: str) -> list[str]:
    """The words a reader of ``html`` reads, in order: images as their alt text, blocks and lines apart."""
    root = etree.HTML(html)
    if root is None:
        return []
    for element in root.iter(*_BLOCKS, "br", "img"):
        if element.tag == "img":
            element.text = _alt(element)
        else:
            element.text, element.tail = " " + (element.text or ""), " " + (element.tail or "")
    return "".join(root.itertext()).split()


def _lost_text(words: list[str], kept: list[str]) -> str:
    """What of ``words`` that ``kept`` lacks, or has changed or split or joined; '' when nothing."""
    if words == kept:
        return ""
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, words, kept, autojunk=False).get_opcodes():
        lost, added = repr(" ".join(words[i1:i2])[:60]), repr(" ".join(kept[j1:j2])[:60])
        changes += {"delete": [f"{lost} lost"], "insert": [f"{added} added"],
                    "replace": [f"{lost} became {added}"]}.get(tag, [])
    return "; ".join(changes[:3]) + ("; …" if len(changes) > 3 else "")


def _plain_text(html: str | BeautifulSoup) -> str:
    """The text of ``html`` (or its soup) in paragraphs, images as their alt text."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "lxml")
    for string in soup.find_all(string=True):
        if string.find_parent("pre") is None:
            string.replace_with(re.sub(r"\s+", " ", string))
    for image in soup.find_all("img"):
        image.replace_with(_alt(image))
    for line_break in soup.find_all("br"):
        line_break.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.append("\n\n")
    return soup.get_text()


def is_safe_myst(text: str, targets: list[str] | tuple[str, ...] = ()) -> bool:
    """True when MyST reads ``text`` as plain Markdown: no raw HTML, directive, role, target or local link; but the
    ``targets`` given, ``(label)=``, and links to them, ``[text](#label)``."""
    return _safe(_read_tables(_MYST.parse(text)), targets)


def _read_tables(tokens: list) -> list:
    """MyST's ``tokens``, each ``{table}`` directive that holds one table and nothing else read as MyST reads it: its
    title as inline text, then its table. Any other directive stays as it is (:func:`_safe` refuses it)."""
    read = []
    for token in tokens:
        title = _TABLE_TITLE.fullmatch(token.info) if token.type == "colon_fence" else None
        table = _MYST.parse(token.content) if title else []
        if table and table[0].type == "table_open" and table[-1].type == "table_close" \
                and sum(part.type == "table_open" for part in table) == 1:
            read += [*_MYST.parseInline(title.group(1)), *table]
        else:
            read.append(token)
    return read


def _safe(tokens, targets: list[str] | tuple[str, ...] = ()) -> bool:
    links = {_MYST.normalizeLink(f"#{label}") for label in targets}
    for token in tokens:
        for part in (token, *(token.children or ())):
            if part.type == "myst_target" and part.content in targets:
                continue
            if part.type in _UNSAFE_TOKENS or (part.type == "fence" and part.info.strip()):
                return False
            address = {"link_open": "href", "image": "src"}.get(part.type)
            if part.type == "link_open" and part.attrGet("href") in links:
                continue
            if address and web_address(str(part.attrGet(address) or "")) is None:
                return False
    return True
