"""What the build refuses in a page, before ABlog or Sphinx's collectors read it.

Before ABlog reads a post, its path and front matter are held to the model's
rules (:func:`~msblog.model.front_matter.post_problems`), those ``msblog check``
applies: a date ABlog would have to guess, or dated after the day of the build,
an address that is not http or https, a path (or an old path to redirect from)
that is not portable. Each is an error at ``path:line`` on every build, and
ABlog never sees the refused value; a post whose path is not portable is not
built at all. A post is a page in the posts' folder
(:meth:`~msblog.model.layout.Layout.is_post`), and only that: ABlog's ``post``
directive or ``blogpost`` front matter on any other page is refused too, and
ABlog never lists that page; a post's front matter is its post, and a ``post``
directive in it is refused as well (:class:`RefusePostDirectives`). In any
page, a link to a local file that is not a page (which Sphinx would copy into
the site as a download) and an image from outside the site's folder, or that
is not an image file, are refused the same way and never copied; so is a
directive that reads a file or an address into the page
(:func:`~msblog.check.checks.file_directive_problems`), and docutils'
file insertion and raw output are switched off, so that no directive reads one.
A page holding a character XML cannot hold (a control character), which would
stop ABlog's feed writer, is refused at its line
(:func:`~msblog.model.safe_markdown.not_xml_problems`), and what Sphinx reads
shows U+FFFD in its place. A page or discussion that is a symbolic link out of
the site's folder is refused at its first line and never read
(:func:`~msblog.model.errors.read_utf8`). Any page's front matter is held to
:func:`~msblog.model.front_matter.page_problems`: MyST's settings of its own
are refused, and ignored (:func:`~msblog.sphinxext.compat.myst_reads_no_page_settings`),
and an Open Graph address that is not http or https never reaches the page.
Front matter ABlog would stop reading at (``excerpt: many``) is refused the same
way, out of the page before ABlog reads it (:class:`DropRefusedFields`). HTML
written in a page is refused at its line and shown as its text, and so is a
``{eval-rst}`` block (reST writes meta tags, raw output and links Markdown does
not), a ``{csv-table}`` (MyST reads its cells as Markdown) and a directive
nested too deep for MyST (:func:`refuse_as_code`); quotes and lists nested so
deep that MyST leaves their text out are refused too; so is a link to anything
but a web or e-mail address or the site's own pages (``javascript:``, ``data:``), whatever wrote it; meta tags, sphinx-design's
icons and mathematics (:data:`PAGE_MARKUP`); a style written on an element; a
postlist format ABlog cannot fill in, an ``{update}`` it cannot date, and a
reference to a footnote the page does not define (:class:`RefuseUndefinedFootnotes`).
docutils' messages (warnings already) are taken out of the page before ABlog
copies it: they name the source's path on the building machine. The index's
groups (a glossary term's classifier names one) are written as text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, time
from html import escape
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from msblog.check.checks import (as_code_block, file_directive_problems, local_file_problem,
                                 nested_out_of_sight, postlist_format_problem, read_as_code)
from msblog.model.addresses import SCHEME, image_scheme_problem, link_scheme_problem
from msblog.model.dates import post_date
from msblog.model.errors import ContentError, Problem, read_utf8
from msblog.model.front_matter import (FRONT_MATTER, MAY_BE_REFUSED, NAME_KEYS, POST_DIRECTIVE, key_line,
                                       load_front_matter, not_a_post, page_problems, post_problems)
from msblog.model.myst import captions
from msblog.model.safe_markdown import (HTML_AS_TEXT, ICON, MATH_AS_TEXT, META_TAGS, NESTED_OUT_OF_SIGHT, STYLE,
                                        footnote_named_as_target, not_xml_problems, replace_not_xml,
                                        undefined_footnote)
from msblog.sphinxext import compat, stages
from msblog.sphinxext.compat import BUILD_DAY, post_nodes
from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.layout import layout

logger = logging.getLogger(__name__)


def refused_files(app: Sphinx) -> set[Path]:
    """The post files this build refused to read (their paths are not portable)."""
    return {problem.path for problem in getattr(app, "msblog_refused_paths", [])}


def _front_matter(doctree: nodes.document) -> dict[str, str]:
    """The front matter as ABlog reads it: each value as text, from the document's docinfo."""
    fields = {}
    for node in next(iter(doctree.findall(nodes.docinfo)), []):
        if isinstance(node, nodes.field):
            fields[node[0].astext()] = node[1].astext()
        else:  # a field docutils knows (date, author...) is a node of its own
            fields[node.tagname] = node.astext()
    return fields


def refuse_before_ablog(app: Sphinx, doctree: nodes.document) -> None:
    """Hold a post to the model's rules before ABlog reads it, its tags as written; what they refuse never reaches
    ABlog."""
    env, docname = app.env, app.env.docname
    posts = post_nodes(doctree)
    site = layout(app)
    name = site.post_name(docname)
    if name is None and not posts:
        return
    path = Path(env.doc2path(docname))
    if name is None:  # only a page in the posts' folder is a post (its post directives: RefusePostDirectives)
        env.msblog_refused.setdefault(docname, []).append(
            Problem(path, key_line(read_utf8(path, app.srcdir), "blogpost"), not_a_post(site.posts)))
        for node in posts:  # ABlog's post of the blogpost front matter, which holds nothing
            node.parent.remove(node)
        return
    if not posts:  # no front matter MyST could read, so no post: say what is wrong with it, as msblog check does
        if match := FRONT_MATTER.match(read_utf8(path, app.srcdir)):  # as msblog check reads it, after any mark
            try:
                load_front_matter(match.group(1), path)
            except ContentError as error:
                env.msblog_refused.setdefault(docname, []).extend(error.problems)
        return
    refused = post_problems(name, _front_matter(doctree), BUILD_DAY)
    if refused:
        text = read_utf8(path, app.srcdir)
        env.msblog_refused.setdefault(docname, []).extend(
            Problem(path, key_line(text, key) if key else 1, message) for key, message in refused)
    keys = {key for key, _ in refused}
    compat.tags_as_written(doctree)
    for node in posts:
        try:  # as the rule reads it, so that ABlog reads the same; a date after the build day is kept (a draft to ABlog)
            node["date"] = node["date"] and post_date(node["date"]).isoformat()
        except ValueError:
            node["date"] = None
        for key in ("canonical_link", "external_link", "redirect", *NAME_KEYS):
            if key in keys:
                node[key] = []
    _hold_updates(env, doctree, path, posts[0]["date"])


def _hold_updates(env: BuildEnvironment, doctree: nodes.document, path: Path, posted: str | None) -> None:
    """Each of ABlog's ``{update}`` notes in a post dated by the post's rule (:func:`~msblog.model.dates.post_date`),
    in the post's time zone if it has one, as ABlog compares them; one it cannot date is refused at its line, its
    text kept with no date (ABlog would stop the build, or guess)."""
    zone = datetime.fromisoformat(posted).tzinfo if posted else None
    for update in compat.update_nodes(doctree):
        try:
            when = post_date(update["date"], BUILD_DAY)
        except ValueError as error:
            line = _line(update)
            env.msblog_refused.setdefault(env.docname, []).append(Problem(path, line, f"update: {error}"))
            update.replace_self(update.children)
            continue
        if not isinstance(when, datetime):
            when = datetime.combine(when, time())
        update["date"] = (when if when.tzinfo or zone is None else when.replace(tzinfo=zone)).isoformat()


def refuse_characters(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page's text holding a character XML cannot hold is refused at its line, by msblog check's rule; Sphinx
    reads U+FFFD in its place, so that nothing (ABlog's feed writer, lxml) meets the character itself."""
    path = Path(app.env.doc2path(docname))
    refused = [Problem(path, line, message) for line, message in not_xml_problems(source[0])]
    if refused:
        app.env.msblog_refused.setdefault(docname, []).extend(refused)
        source[0] = replace_not_xml(source[0])


def refuse_as_code(app: Sphinx, docname: str, source: list[str]) -> None:
    """A ``{eval-rst}`` fence (reST writes meta tags, raw output and links to scripts that Markdown does not), a
    ``{csv-table}`` (MyST reads its cells as Markdown) and a directive nested too deep (MyST's reading fails, naming
    no line) are refused at their line, and read as a code block showing their text, line for line: by
    :func:`~msblog.check.checks.read_as_code`."""
    spans = read_as_code(source[0])
    if not spans:
        return
    lines = source[0].split("\n")
    for first, last, _ in spans:
        lines[first - 1:last] = as_code_block(lines[first - 1:last])
    source[0] = "\n".join(lines)
    path = Path(app.env.doc2path(docname))
    app.env.msblog_refused.setdefault(docname, []).extend(Problem(path, first, why) for first, _, why in spans)


def refuse_out_of_sight(app: Sphinx, docname: str, source: list[str]) -> None:
    """Quotes and lists nested so deep that MyST leaves out what they hold, saying nothing, are an error at their
    line: by :func:`~msblog.check.checks.nested_out_of_sight`."""
    if lines := nested_out_of_sight(source[0]):
        path = Path(app.env.doc2path(docname))
        refused = [Problem(path, line, NESTED_OUT_OF_SIGHT) for line in lines]
        app.env.msblog_refused.setdefault(docname, []).extend(refused)


def refuse_page_settings(app: Sphinx, docname: str, source: list[str]) -> None:
    """A page's front matter held to :func:`~msblog.model.front_matter.page_problems`, each problem an error at its
    key's line; the keys refused are noted for :class:`DropRefusedFields` (MyST never applies its own settings)."""
    match = FRONT_MATTER.match(source[0])
    if not match or not MAY_BE_REFUSED.search(match.group(1)):
        return
    path = Path(app.env.doc2path(docname))
    try:
        refused = page_problems(load_front_matter(match.group(1), path))
    except ContentError:
        return  # front matter that is not YAML: MyST says so, and msblog check (a post's, refuse_before_ablog)
    if refused:
        app.env.msblog_refused.setdefault(docname, []).extend(
            Problem(path, key_line(source[0], key), message) for key, message in refused)
        app.env.temp_data["msblog_refused_keys"] = {key for key, _ in refused}


class DropRefusedFields(SphinxTransform):
    """The front matter :func:`refuse_page_settings` refused never reaches the page (an ``og:url``, say), nor ABlog:
    out of the page's fields, and of the metadata MyST already gave Sphinx as it read them."""

    default_priority = stages.DROP_REFUSED

    def apply(self) -> None:
        refused = self.env.temp_data.get("msblog_refused_keys", set())
        for docinfo in self.document.findall(nodes.docinfo) if refused else []:
            for field in [node for node in docinfo if (node[0].astext() if isinstance(node, nodes.field) else
                                                       node.tagname) in refused]:  # docutils' own: author, date...
                docinfo.remove(field)
        for key in refused:
            self.env.metadata[self.env.docname].pop(key, None)


class RefusePostDirectives(SphinxTransform):
    """ABlog's post directive is refused at its line in any page, and what it holds stays on the page: outside the
    posts' folder, the page is not a post (:func:`~msblog.model.front_matter.not_a_post`); in a post, ABlog would make
    a second post of it (:data:`~msblog.model.front_matter.POST_DIRECTIVE`). Before ABlog makes a post of the front
    matter, so that every post node is a directive's (:func:`~msblog.sphinxext.compat.post_nodes`)."""

    default_priority = stages.POST_DIRECTIVE

    def apply(self) -> None:
        site, docname = layout(self.env), self.env.docname
        message = not_a_post(site.posts) if site.post_name(docname) is None else POST_DIRECTIVE
        path = Path(self.env.doc2path(docname))
        for node in post_nodes(self.document):
            self.env.msblog_refused.setdefault(docname, []).append(Problem(path, _line(node), message))
            node.replace_self(node.children)


class RefuseUndefinedFootnotes(SphinxTransform):
    """A footnote reference with no footnote of its label in the page (``[^x]``, and no ``[^x]:``, or one MyST left
    out as its label is a target's name) is refused at its line, naming it
    (:func:`~msblog.model.safe_markdown.undefined_footnote`, :func:`~msblog.model.safe_markdown.footnote_named_as_target`),
    and shown as its text: out of the page before docutils numbers
    footnotes, which would report it twice, and link it to a message the page does not keep."""

    default_priority = stages.FOOTNOTES

    def apply(self) -> None:
        defined = {name for footnote in self.document.findall(nodes.footnote) for name in footnote["names"]}
        path, refused = Path(self.env.doc2path(self.env.docname)), {}
        undefined = [node for node in self.document.findall(nodes.footnote_reference)
                     if "refname" in node and node["refname"] not in defined]
        for node in undefined:
            label = node["refname"]
            named = self.document.nametypes.get(label)  # explicitly: a target's name, which MyST's footnote yields
            refused.setdefault(Problem(path, _line(node), (footnote_named_as_target if named else
                                                           undefined_footnote)(label)))
        compat.forget_footnote_references(self.document, undefined)
        _replace_all({id(node): nodes.inline(node.rawsource, node.rawsource) for node in undefined}, undefined)
        if refused:
            self.env.msblog_refused.setdefault(self.env.docname, []).extend(refused)


def _replace_all(replacements: dict[int, nodes.Node], replaced: list[nodes.Node]) -> None:
    """Each node of ``replaced`` replaced by its replacement (by the node's id), each parent's children made again
    once (a paragraph may hold thousands of them)."""
    for parent in {id(node.parent): node.parent for node in replaced}.values():
        children = [replacements.get(id(child), child) for child in parent.children]
        parent.clear()
        parent.extend(children)


def refuse_html(app: Sphinx, doctree: nodes.document) -> None:
    """HTML written in a page (MyST reads it as raw HTML, at its line) is refused, and shown as its text (in a front
    matter value it is text already: :func:`~msblog.sphinxext.compat.front_matter_as_text`)."""
    env = app.env
    path = Path(env.doc2path(env.docname))
    refused = []
    for node in list(doctree.findall(nodes.raw)):
        if node.source is None or node.line is None or "html" not in node.get("format", "").split() \
                or compat.hard_break(node):
            continue  # not read from the page: made by an extension, or MyST's own line break
        line = _line(node)
        if not (refused and refused[-1].line == line):
            refused.append(Problem(path, line, HTML_AS_TEXT))
        text = nodes.Text(node.astext())
        node.replace_self(text if isinstance(node.parent, nodes.TextElement) else nodes.paragraph("", "", text))
    if refused:
        env.msblog_refused.setdefault(env.docname, []).extend(refused)


def refuse_script_links(app: Sphinx, doctree: nodes.document) -> None:
    """A link a page writes (in Markdown, reST, a directive's argument or option: a button, an image's target) to
    anything but a web or e-mail address or the site's own pages (``javascript:``, ``data:``) is refused at its
    line (:func:`~msblog.model.addresses.link_scheme_problem`), and only its text or image is shown."""
    env = app.env
    path = Path(env.doc2path(env.docname))
    refused = []
    for node in list(doctree.findall(nodes.reference)):
        if message := link_scheme_problem(node.get("refuri", "")):
            line = _line(node)
            refused.append(Problem(path, line, message))
            node.replace_self(node.children or [nodes.Text(node.astext())])
    if refused:
        env.msblog_refused.setdefault(env.docname, []).extend(refused)


# What else a page may not write, each a node Sphinx would write as given (msblog.model.safe_markdown says why).
PAGE_MARKUP = {nodes.meta: META_TAGS, nodes.math: MATH_AS_TEXT, nodes.math_block: MATH_AS_TEXT}


def refuse_page_markup(app: Sphinx, doctree: nodes.document) -> None:
    """Meta tags, sphinx-design's icons and mathematics in a page (:data:`PAGE_MARKUP`) are refused at their line:
    the meta tags and icons are left out, mathematics shown as its text."""
    env = app.env
    path = Path(env.doc2path(env.docname))
    refused = []
    # sphinx-design's icons of its own (an article's facts) have no source; those an icon role wrote in the page do
    written = lambda n: isinstance(n, tuple(PAGE_MARKUP)) or (type(n).__name__ == "sd_icon" and n.source is not None)
    for node in list(doctree.findall(written)):
        line = _line(node)
        if (problem := Problem(path, line, PAGE_MARKUP.get(type(node), ICON))) not in refused:
            refused.append(problem)
        if isinstance(node, nodes.math_block):
            node.replace_self(nodes.literal_block(node.astext(), node.astext()))
        elif isinstance(node, nodes.math):
            node.replace_self(nodes.literal(node.astext(), node.astext()))
        else:
            node.parent.remove(node)
    if refused:
        env.msblog_refused.setdefault(env.docname, []).extend(refused)


def drop_system_messages(app: Sphinx, doctree: nodes.document) -> None:
    """docutils' messages in the page (a misspelt option, a role switched off), already reported as warnings, are
    taken out before ABlog copies the post: they name the source's path on the building machine."""
    for message in list(doctree.findall(nodes.system_message)):
        message.parent.remove(message)


def refuse_styles(app: Sphinx, doctree: nodes.document) -> None:
    """A style a page writes on an element (sphinx-design's ``:style:``) is refused at its line and left out."""
    env = app.env
    path = Path(env.doc2path(env.docname))
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.Element) and n.get("style"))):
        line = _line(node)
        env.msblog_refused.setdefault(env.docname, []).append(Problem(path, line, STYLE))
        del node["style"]


def refuse_postlist_formats(app: Sphinx, doctree: nodes.document) -> None:
    """A postlist whose format ABlog cannot fill in (:func:`~msblog.check.checks.postlist_format_problem`) is
    refused at its line, and written with ABlog's default format."""
    env = app.env
    path = Path(env.doc2path(env.docname))
    for node in compat.postlists(doctree):
        if message := postlist_format_problem(node["format"]):
            line = _line(node)
            env.msblog_refused.setdefault(env.docname, []).append(Problem(path, line, message))
            node["format"] = "{date} - {title}"


def _line(node: nodes.Node) -> int:
    """The line of ``node`` in its source (:func:`~msblog.sphinxext.compat.line_in_argument` in what a directive reads
    from its first line, :func:`_line_in_caption` in a code block's caption), or of the nearest element holding it
    that has one (else 1)."""
    return compat.line_in_argument(node) or _line_in_caption(node) or next(
        (n.line for n in (node, *_ancestors(node)) if n.line), 1)


def _line_in_caption(node: nodes.Node) -> int | None:
    """The line of a code block's ``caption`` option holding ``node``, read from the source below the directive's
    line as msblog check reads it (:func:`~msblog.model.myst.captions`); None if no caption holds it."""
    directive = compat.caption_directive_line(node)
    if directive is None or not node.source:
        return None
    try:
        below = Path(node.source).read_text(encoding="utf-8").split("\n")[directive:]
    except (OSError, UnicodeDecodeError):
        return None
    found = captions("\n".join(below))
    return directive + found[0][0] if found else None


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    while node.parent is not None:
        node = node.parent
        yield node


def read_no_files(app: Sphinx) -> None:
    """No directive reads a file or an address into a page, nor writes raw output (docutils' ``include``,
    ``raw`` and ``csv-table``, Sphinx's ``literalinclude``, MyST's ``include`` honour these settings): each
    says so in a warning at its ``path:line`` instead."""
    compat.read_without_files(app.env)


def refuse_local_files(app: Sphinx, doctree: nodes.document) -> None:
    """A page's downloads, and its images that are outside the site's folder or are not image files, are
    refused by msblog check's rule (:func:`~msblog.check.checks.local_file_problem`) and shown as their text:
    Sphinx never copies those files into the site. A directive that reads a file is refused by its rule
    (:func:`~msblog.check.checks.file_directive_problems`); :func:`read_no_files` keeps it from reading."""
    env, docname = app.env, app.env.docname
    path = Path(env.doc2path(docname))
    refused = [Problem(path, line, message) for line, message in file_directive_problems(path.read_text(encoding="utf-8"))]
    for node in list(doctree.findall(addnodes.download_reference)):
        target = node["reftarget"]
        if "://" not in target:  # Sphinx links a download with an address as it is
            message = local_file_problem(app.srcdir, Path(env.relfn2path(target, docname)[1]), target, "download")
        else:  # so the address is a web address, or refused
            message = link_scheme_problem(target)
        if message:
            refused.append(Problem(path, node.line or 1, message))
            node.replace_self(nodes.inline("", node.astext()))
    for node in list(doctree.findall(nodes.image)):
        uri = node["uri"]
        message = image_scheme_problem(uri) if SCHEME.match(uri) else \
            local_file_problem(app.srcdir, Path(env.relfn2path(uri, docname)[1]), uri, "image")
        if message:
            refused.append(Problem(path, _line(node), message))
            node.replace_self(nodes.inline("", node.get("alt", "")))
    if refused:
        env.msblog_refused.setdefault(docname, []).extend(refused)


def refuse_unreadable(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                      removed: set[str]) -> list[str]:
    """A post file whose path is not portable, and a page to read that is not UTF-8, are reported and never
    built: they are taken out of the documents (Sphinx itself leaves out one whose name holds a line break, and
    says nothing; it stops the whole build at a file not in UTF-8, naming no line)."""
    posts = Path(app.srcdir, layout(app).posts)
    suffixes = tuple(app.config.source_suffix)
    app.msblog_refused_paths = []
    for folder, subfolders, files in os.walk(posts):
        subfolders.sort()
        folder_problems = [] if folder == str(posts) else post_problems(PurePosixPath(Path(folder).name), {}, BUILD_DAY)
        for file in sorted(f for f in files if f.endswith(suffixes)):
            suffix = next(s for s in suffixes if file.endswith(s))
            refused = folder_problems + post_problems(PurePosixPath(file.removesuffix(suffix)), {}, BUILD_DAY)
            if refused:
                path = Path(folder, file)
                app.msblog_refused_paths += [Problem(path, 1, message) for _, message in refused]
                if (docname := env.path2doc(str(path))) is not None:
                    compat.leave_out(env, docname, added, changed, removed)
    for docname in sorted(added | changed):
        try:
            read_utf8(Path(env.doc2path(docname)), app.srcdir)
        except ContentError as error:
            app.msblog_refused_paths += error.problems
            compat.leave_out(env, docname, added, changed, removed)
    return []


def report_refused(app: Sphinx, env: BuildEnvironment) -> None:
    """Every refused post and file, on every build: an error at ``path:line``, and the build fails."""
    problems = [*app.msblog_refused_paths, *(p for docname in sorted(env.msblog_refused) for p in env.msblog_refused[docname])]
    for problem in problems:
        logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="msblog", subtype="post")
    if problems:
        app.statuscode = 1


def escape_index_keys(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The index's groups shown as text: a group's name is a glossary term's classifier (``term : <b>x</b>``), which
    Sphinx's and furo's index templates write unescaped, as a heading, a link and an id."""
    if "genindexentries" in context:
        context["genindexentries"] = [(escape(key), entries) for key, entries in context["genindexentries"]]
    if templatename == "genindex-single.html" and "key" in context:
        context["key"] = escape(context["key"])


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.layout")
    app.connect("builder-inited", read_no_files)
    app.connect("env-get-outdated", refuse_unreadable, priority=stages.PLAN_EARLY)
    per_document(app, "msblog_refused")
    app.connect("source-read", refuse_characters)
    app.connect("source-read", refuse_page_settings)
    app.connect("source-read", refuse_as_code)
    app.connect("source-read", refuse_out_of_sight)
    compat.myst_reads_no_page_settings()
    compat.front_matter_as_text()
    compat.read_glossaries_at_their_lines(app)
    app.connect("env-before-read-docs", compat.forget_terms_of_documents_read_again, priority=stages.PLAN_LAST)
    compat.read_nested_fences_at_their_lines()
    app.add_transform(compat.InlineLines)
    app.connect("doctree-read", refuse_before_ablog, priority=stages.CHECK)
    app.connect("doctree-read", refuse_local_files, priority=stages.CHECK)
    app.add_transform(DropRefusedFields)
    app.add_transform(RefusePostDirectives)
    app.add_transform(RefuseUndefinedFootnotes)
    app.connect("doctree-read", refuse_html, priority=stages.CHECK)
    app.connect("doctree-read", refuse_script_links, priority=stages.CHECK)
    app.connect("doctree-read", refuse_page_markup, priority=stages.CHECK)
    app.connect("doctree-read", refuse_postlist_formats, priority=stages.CHECK)
    app.connect("doctree-read", refuse_styles, priority=stages.CHECK)
    app.connect("doctree-read", drop_system_messages, priority=stages.CHECK)
    app.connect("env-updated", report_refused)
    app.connect("html-page-context", escape_index_keys)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
