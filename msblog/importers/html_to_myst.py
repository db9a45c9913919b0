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
   ``markdownify`` writes Markdown, escaping Markdown punctuation in text; lines
   MyST would read as its own syntax (``:::`` directives, ``%`` comments,
   ``(label)=`` targets, ``+++``) are escaped outside code blocks.
5. The result is checked with MyST's own parser: no raw HTML, directive, role or
   link to a local file, and the same words a reader of the HTML read. If bold or
   italics are what breaks it, they are left out; if anything else, the text is
   kept as plain escaped text. Either way the warnings say so.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html.entities import html5 as _HTML5_ENTITIES
from urllib.parse import urldefrag, urljoin, urlsplit

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag
from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.renderer import RendererHTML
from markdownify import MarkdownConverter
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from msblog.model.safe_markdown import NOT_XML, escape_markdown, not_xml, replace_not_xml

_EMBEDS = ("iframe", "embed", "object", "video", "audio")
_EMBED_PARTS = ("param", "source", "track")  # what an embed is made of, never text
_MOVIE_PARAMS = {"movie", "src", "url", "filename"}  # <param name=... value=address>
_TAGS = {"p", "br", "a", "b", "strong", "i", "em", "u", "s", "strike", "del", "code", "pre", "blockquote",
         "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "span", "div", "sup", "sub",
         "table", "thead", "tbody", "tr", "th", "td"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
_SCHEMES = {"http", "https", "mailto"}
_ACTIVE = ("script", "style", "form", "input", "button", "textarea", "select", "link", "meta", "base", "svg", "math",
           "template")
_NOT_TEXT = ("script", "style", "svg", "math", "template")  # removed with what they hold: code, not text
_DELIMITED = {"b": "**", "strong": "**", "i": "*", "em": "*"}  # "*" runs: CommonMark reads them by flanking
_MARKUP = {**_DELIMITED, "code": "`"}  # inline tags whose markup runs join when they touch
_MARKED = (*_MARKUP, "a")  # inline tags Markdown writes with markup around their text
_TRANSPARENT = (*_DELIMITED, "span", "u", "sub", "sup", "s", "strike", "del", "a")  # inline: their text runs on
_LINES = ("h1", "h2", "h3", "h4", "h5", "h6", "td", "th")  # Markdown holds them on one line
_BLOCKS = ("p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "tr", "td", "th",
           "ul", "ol", "section", "article")
_RAW_TEXT = ("xmp", "plaintext")  # obsolete: what they hold is shown as written, as <pre> shows text
# Other blocks a page shows on lines of their own, which the allowlist does not keep: each becomes a ``div``,
# so that its words stay apart from the words around it.
_OTHER_BLOCKS = ("address", "aside", "center", "dd", "details", "dialog", "dl", "dt", "fieldset", "figcaption",
                 "figure", "footer", "header", "hgroup", "legend", "main", "nav", "summary")
# A line start after any list markers and quote marks, then what MyST reads as its own block syntax.
_MYST_LINE = re.compile(r"^((?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t])))*[ \t]*)"
                        r"(:{3,}|%|\+\+\+|\((?=.*\)=[ \t]*$))", re.M)
_ROLE = re.compile(r"\{(?=[a-zA-Z0-9_\-+:]+\})")  # {name} would start a MyST role before a code span
_BLOCK_PARSER = MarkdownIt("commonmark").disable("inline")  # where code blocks are
_MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)
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


def _delimited(markup: str):
    """Bold or italics in ``markup``, white space kept outside it (markdownify's drops a no-break space)."""
    def convert(self, el, text, parent_tags):
        if "_noformat" in parent_tags:
            return text
        prefix, suffix, text = _chomp(text)
        return f"{prefix}{markup}{text}{markup}{suffix}" if text else prefix + suffix
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

    def convert_del(self, el, text, parent_tags):
        return text  # MyST here has no strikethrough ("~~" would show), nor sub- or superscripts (see _raise)

    convert_s = convert_sub = convert_sup = convert_del

    def convert_code(self, el, text, parent_tags):
        prefix, suffix, text = _chomp(text)
        if _inside(el, ("td", "th")):
            text = text.replace("|", "\\|")  # a table reads "\|" as "|", even in code
        return prefix + super().convert_code(el, text, parent_tags) + suffix

    def convert_pre(self, el, text, parent_tags):
        code = "".join(part if isinstance(part, NavigableString) else "\n" if part.name == "br" else _alt(part)
                       for part in el.descendants if isinstance(part, NavigableString) or part.name in ("br", "img"))
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
        return f"\n\n{fence}\n{code.strip(chr(10))}\n{fence}\n\n"

    def convert_hr(self, el, text, parent_tags):
        return "\n\n***\n\n"  # "---" first in a text would be read as front matter

    def convert_a(self, el, text, parent_tags):
        prefix, suffix, text = _chomp(text)
        href = el.get("href")
        if not text or not href or "_noformat" in parent_tags:
            return prefix + text + suffix
        if text.replace(r"\_", "_") == href and not el.get("title"):
            return f"{prefix}<{href}>{suffix}"
        return f"{prefix}[{text}]({href}{_title(el)}){suffix}"

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
        for row, width in rows:
            for _ in range(max(width for _, width in rows) - width):
                row.append(soup.new_tag("td"))
    for block in _find(soup, "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"):
        if not block.get_text().strip() and not _find(block, "img"):
            block.replace_with(soup.new_tag("br"))
    for container in _find(soup, "li", "blockquote", "div"):
        if any(isinstance(child, Tag) and child.name in _BLOCKS for child in container.children):
            _paragraphs(soup, container)
    for line_break in _find(soup, "br"):
        if _inside(line_break, ("code",)):
            line_break.replace_with(" ")  # a code span is one line
    for element in _find(soup, *_MARKED, *_LINES):
        if element.parent is not None and _find(element, *_BLOCKS):
            if element.name in _MARKUP:
                _unwrap(element)
                continue
            for block in _find(element, *_BLOCKS):
                block.insert_before(soup.new_tag("br"))
                block.insert_after(soup.new_tag("br"))
                block.unwrap()
    for element in _find(soup, *_DELIMITED, "code"):
        if not element.get_text().strip() and not _find(element, "img"):
            element.unwrap()  # any line break in it stays
    for line_break in _find(soup, "br"):
        marked = next((parent for parent in line_break.parents if parent.name in _MARKED), None)
        if marked is not None and _after_line_break(line_break, marked):
            line_break.decompose()
    for element in _find(soup, *_DELIMITED):
        if _inside(element, [tag for tag, markup in _DELIMITED.items() if markup == _DELIMITED[element.name]]):
            element.unwrap()  # bold in bold: "****" is no markup
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


def _find(node: Tag, *names: str) -> list[Tag]:
    """The elements named ``names`` in ``node``, in document order (a quicker ``find_all``)."""
    return [tag for tag in node.descendants if isinstance(tag, Tag) and tag.name in names]


def _inside(node: Tag, names) -> bool:
    return any(parent.name in names for parent in node.parents)


def _paragraphs(soup: BeautifulSoup, container: Tag) -> None:
    """Put the text beside blocks in ``container`` in paragraphs of its own, as a browser shows it."""
    run: list = []
    for child in [*container.contents, None]:
        if child is not None and (isinstance(child, NavigableString) or child.name not in _BLOCKS):
            run.append(child)
            continue
        if any(not isinstance(part, NavigableString) or part.strip() for part in run):
            paragraph = soup.new_tag("p")
            run[0].insert_before(paragraph)
            paragraph.extend([part.extract() for part in run])
        run = []


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
    """True when markup of the same kind starts right after ``element``: "**a****b**" is no markup."""
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
    """Whether the Markdown of ``node`` starts with ``markup``; None when it shows nothing."""
    if isinstance(node, NavigableString):
        return False if str(node) else None
    if _MARKUP.get(node.name) == markup:
        return True
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


def html_to_myst(html: str, base: str | None = None) -> Conversion:
    """Convert one post's or comment's HTML; ``base`` is its original address, for relative links."""
    soup = BeautifulSoup(html or "", "lxml")
    warnings = _entity_warnings(html or "")
    removed = [element.name for element in _find(soup, *_ACTIVE)]
    for element in _find(soup, *_NOT_TEXT):
        element.decompose()
    for element in _find(soup, *_OTHER_BLOCKS):
        element.name = "div"
    for element in _find(soup, *_RAW_TEXT):
        element.name = "pre"
    embeds = _embeds_to_links(soup, base, removed)
    warnings += _resolve_links(soup, base, removed)
    _raise(soup)
    source = soup.decode_contents()
    warnings += [f"{not_xml(character)} is a character XML cannot hold (the Atom feed is XML); it is shown as '\ufffd'"
                 for character in dict.fromkeys(NOT_XML.findall(source))]
    source = replace_not_xml(source)
    clean = nh3.clean(source, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None,
                      attribute_filter=_keep_web_addresses)
    expected = _words(source)
    for emphasis in (True, False):
        text = _markdown(clean, emphasis)
        env: dict = {}
        tokens = _MYST.parse(text, env)
        if not _safe(tokens):
            reason = "its HTML would make markup MyST runs"
            continue
        lost = _lost_text(expected, _words(_MYST.renderer.render(tokens, _MYST.options, env)))
        if not lost:
            if not emphasis:
                warnings.append("bold and italics that Markdown cannot write here are left out; the text is kept")
            return Conversion(text, embeds, removed, warnings=warnings)
        reason = f"converting its HTML to Markdown would change its text ({lost})"
    warnings.append(f"{reason}; it is kept as plain text (no formatting or links)")
    return Conversion(escape_markdown(_plain_text(source)) + "\n", embeds, removed, plain_text=True, warnings=warnings)


def _markdown(clean: str, emphasis: bool) -> str:
    """The Markdown of sanitised HTML, its MyST syntax escaped; bold and italics left out unless ``emphasis``."""
    soup = BeautifulSoup(clean, "html.parser")
    if not emphasis:
        for element in _find(soup, *_DELIMITED):
            element.unwrap()
    _tidy(soup)
    _heading_levels(soup)
    text = _Converter(escape_misc=True, escape_asterisks=True, escape_underscores=True, heading_style="ATX",
                      bullets="-", wrap=True, wrap_width=None).convert_soup(soup)
    return _escape_myst_lines(text.replace("\r\n", "\n").replace("\r", "\n").strip(" \t\n")) + "\n"


def _raise(soup: BeautifulSoup) -> None:
    """Each superscript of text written as plain text writes it, after a caret: ``10^9``, not ``109``; in brackets if
    it holds a space (``x^(n + 1)``). What it holds stays (a link, bold); one holding an image, or in code, which
    shows text as written, is left as it is."""
    for sup in _find(soup, "sup"):
        if sup.parent is None or not sup.get_text().strip() or sup.find("img") or sup.find_parent(("pre", "code")):
            continue
        spaced = re.search(r"\s", sup.get_text().strip())
        sup.insert(0, NavigableString("^(" if spaced else "^"))
        if spaced:
            sup.append(NavigableString(")"))
        sup.unwrap()


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


def _resolve_links(soup: BeautifulSoup, base: str | None, removed: list[str]) -> list[str]:
    """Make every link and image address absolute, or keep the link's text and the image's alt text."""
    warnings = []
    for link in _find(soup, "a"):
        if not link.has_attr("href"):
            continue
        address = web_address(link["href"], base)
        if address and _within(address, base):
            warnings.append(f"a link to {link['href'][:80]!r} within the post is kept as its text: the archive "
                            "keeps no anchors of a post's own HTML")
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
        address = web_address(image.get("src", ""), base)
        if address:
            image["src"] = address
        else:
            removed.append("image without a web address")
            image.replace_with(_alt(image))
    return warnings


def _within(address: str, base: str | None) -> bool:
    """Whether ``address`` is a place within the page at ``base`` (``#ref1``, a footnote's mark), other than one of its
    comments (Blogger's ``#c<id>``, WordPress's ``#comment-<id>``), which the archive keeps."""
    page, fragment = urldefrag(address)
    return bool(base and fragment and page == urldefrag(base)[0] and not re.fullmatch(r"c\d+|comment-\d+", fragment))


def _keep_web_addresses(tag: str, attribute: str, value: str) -> str | None:
    """The last guard: an address nh3 lets through must be a whole web or mail address."""
    if attribute in ("href", "src"):
        return value if web_address(value) == value else None
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


def _plain_text(html: str) -> str:
    """The text of ``html`` in paragraphs, images as their alt text."""
    soup = BeautifulSoup(html, "lxml")
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


def is_safe_myst(text: str) -> bool:
    """True when MyST reads ``text`` as plain Markdown: no raw HTML, directive, role, target or local link."""
    return _safe(_MYST.parse(text))


def _safe(tokens) -> bool:
    for token in tokens:
        for part in (token, *(token.children or ())):
            if part.type in _UNSAFE_TOKENS or (part.type == "fence" and part.info.strip()):
                return False
            address = {"link_open": "href", "image": "src"}.get(part.type)
            if address and web_address(str(part.attrGet(address) or "")) is None:
                return False
    return True
