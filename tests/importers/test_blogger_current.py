"""Blogger's current export (namespace .../blogger/2018): statuses, threads, and the same archive as the older one."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from msblog.check import check_site
from msblog.cli import main
from msblog.importers.blogger import read_blogger
from msblog.importers.records import ExportComment, ExportPost
from msblog.model.discussion import read_discussion
from msblog.model.layout import Layout
from msblog.model.front_matter import FRONT_MATTER, load_front_matter
from msblog.model.post import UNTITLED, Post, format_post
from msblog.model.safe_markdown import escape_markdown
from tests.helpers import TESTS, built_app, changed_export, import_fixtures, imported_site, new_site, parse_html

EXPORTS = TESTS / "fixtures" / "exports"
CURRENT, OLDER = EXPORTS / "blogger-current.atom", EXPORTS / "blogger.xml"
HAMBURG = "2015/05/hsct-hamburg-experience"
ENTRY = re.compile(r"  <entry>\n.*?</entry>\n", re.S)

imported, built = import_fixtures(read_blogger, CURRENT)


def export_with(tmp_path, *changes: tuple[str, str]):
    """The current format's fixture export with each ``(old, new)`` text replaced wherever it is."""
    return changed_export(CURRENT, tmp_path / "feed.atom", *changes)


def entry(text: str, key: str) -> str:
    return next(m.group() for m in ENTRY.finditer(text) if f".post-{key}</id>" in m.group())


def with_status(tmp_path, key: str, status: str, trashed: str):
    """The fixture export with entry ``key``'s ``blogger:status`` and ``blogger:trashed`` as given."""
    original = entry(CURRENT.read_text(), key)
    changed = original.replace("<blogger:status>LIVE</blogger:status>", f"<blogger:status>{status}</blogger:status>") \
        .replace("<blogger:trashed/>", f"<blogger:trashed>{trashed}</blogger:trashed>")
    return export_with(tmp_path, (original, changed))


def test_only_live_posts_and_live_untrashed_comments_are_published(imported):
    site, report = imported
    assert report.posts == 2
    assert report.skipped == {"draft": 1, "scheduled": 1, "trashed": 2, "page": 1, "status DELETED": 1}
    assert report.comments == 8
    assert report.withheld == {"spam": 1, "trashed": 1, "pending": 1,
                               "for a post that is not imported (draft, page or missing)": 2}
    assert sorted(p.relative_to(site).as_posix() for p in (site / "posts").rglob("*.md")) == [
        f"posts/{HAMBURG}.md", "posts/2015/05/induction-demo.md"]
    written = " ".join(p.read_text() for p in site.rglob("*.md"))
    for withheld in ("SPAMWORD", "TRASHWORD", "PENDINGWORD", "About this blog", "Not yet", "Binned", "Gone"):
        assert withheld not in written


def test_threads_come_from_in_reply_to_by_full_id_or_number(imported):
    site, _ = imported
    found = read_discussion(site / "comments" / f"{HAMBURG}.md", site)
    assert [(c.id, c.reply_to) for c in found.comments] == [
        ("201", None), ("202", "201"), ("203", "202"), ("204", None), ("205", "204"), ("206", None), ("207", None)]
    assert found.comments[3].deleted and "999" in found.comments[5].flag


def test_comments_stand_in_the_order_they_were_written_whatever_order_the_export_holds_them_in(tmp_path, imported):
    text = CURRENT.read_text()
    comments = [m.group() for m in ENTRY.finditer(text) if "<blogger:type>COMMENT</blogger:type>" in m.group()]
    start, end = text.index(comments[0]), text.index(comments[-1]) + len(comments[-1])
    assert text[start:end] == "".join(comments)  # one run of comments, turned round: newest first
    export = tmp_path / "feed.atom"
    export.write_text(text[:start] + "".join(reversed(comments)) + text[end:])
    site, _ = imported_site(read_blogger, export, tmp_path / "site")
    path = f"comments/{HAMBURG}.md"
    assert read_discussion(site / path, site) == read_discussion(imported[0] / path, imported[0])


def test_what_the_source_does_not_say_is_not_guessed(imported):
    site, _ = imported
    found = read_discussion(site / "comments" / f"{HAMBURG}.md", site)
    assert found.declared is None  # the current export declares no count
    assert found.comments[0].author == "Anonymous"  # blogger:type ANONYMOUS, and no name
    assert found.comments[0].time.isoformat() == "2015-05-16T09:00:00+00:00"
    post = (site / "posts" / f"{HAMBURG}.md").read_text()
    assert "date: '2015-05-16T08:15:00+00:00'" in post
    assert "author: Prof G" in post and "tags: HSCT, Clinic Speak" in post
    assert f"original_url: http://multiple-sclerosis-research.blogspot.com/{HAMBURG}.html" in post
    assert "description: What the Hamburg group found after HSCT, and what it means for MS." in post
    assert "description" not in (site / "posts/2015/05/induction-demo.md").read_text()  # an empty one says nothing


def test_the_discussion_says_how_many_it_holds_and_no_declared_count(built):
    page = parse_html(built.outdir / f"posts/{HAMBURG}.html")
    facts = " ".join(page.select_one(".post-facts").get_text().split())
    assert "7 comments archived." in facts and "declared" not in facts
    count = " ".join(page.select_one("#discussion .discussion-count").get_text().split())
    assert count == "This archive holds 7 comments. The original page did not say how many it had."
    assert "Saturday, 16 May 2015, 08:15 (UTC)" in facts


def test_a_line_break_in_a_post_is_one_on_its_page(imported, built):
    """Blogger's editor writes ``<br />`` within paragraphs (a signature under the text): a hard break in Markdown,
    and on the page, which builds."""
    site, _ = imported
    assert "\n\nBest wishes,  \nMouseDoctor\n" in (site / "posts/2015/05/induction-demo.md").read_text()
    page = parse_html(built.outdir / "posts/2015/05/induction-demo.html").select_one("article[role=main]")
    signed = page.find(string=re.compile("Best wishes")).parent
    assert signed.name == "p" and signed.get_text() == "Best wishes,\nMouseDoctor" and len(signed.find_all("br")) == 1


def test_labels_are_the_categories_of_the_blogs_own_scheme(tmp_path):
    export = export_with(tmp_path, ("<category scheme='tag:blogger.com,1999:blog-99' term='Clinic Speak'/>",
                                    "<category scheme='tag:blogger.com,1999:blog-1' term='Another blog'/>"
                                    "<category scheme='tag:blogger.com,1999:blog-99' term='Clinic Speak'/>"))
    post = next(r for r in read_blogger(export, Layout()) if isinstance(r, ExportPost) and r.post)
    assert post.post.tags == ["HSCT", "Clinic Speak"]


def test_a_post_without_a_title_is_imported_and_its_heading_says_so(tmp_path):
    """Blogger's editor publishes a post with an empty title: the post is archived, its heading says the source gives
    none, the report says so, and the site builds."""
    export = export_with(tmp_path, ("<title>Induction, a demo post</title>", "<title></title>"))
    site, report = imported_site(read_blogger, export, tmp_path)
    assert report.posts == 2
    assert any("post-102" in p and f'the post has no title: its heading says "{UNTITLED}"' in p for p in report.problems)
    assert f"\n# {UNTITLED}\n" in (site / "posts/2015/05/induction-demo.md").read_text()
    builds = built_app(site)
    page = parse_html(next(builds).outdir / "posts/2015/05/induction-demo.html")
    builds.close()
    assert page.h1.get_text().startswith(UNTITLED) and page.title.get_text().startswith(UNTITLED)


def test_an_anonymous_author_who_gives_a_name_keeps_it(tmp_path):
    export = export_with(tmp_path, ("<name></name>\n      <uri></uri>", "<name>Jo</name>\n      <uri></uri>"))
    first = next(r for r in read_blogger(export, Layout()) if isinstance(r, ExportComment) and r.key == "201")
    assert first.author == "Jo"


def test_a_reply_to_a_withheld_comment_stands_at_the_top_and_says_so(tmp_path):
    export = export_with(tmp_path, ("<blogger:inReplyTo>201</blogger:inReplyTo>",
                                    "<blogger:inReplyTo>tag:blogger.com,1999:blog-99.post-208</blogger:inReplyTo>"))
    site, _ = imported_site(read_blogger, export, tmp_path)
    reply = next(c for c in read_discussion(site / "comments" / f"{HAMBURG}.md", site).comments if c.id == "202")
    assert reply.reply_to is None and "reply to comment 208, which is not archived" in reply.flag


@pytest.mark.parametrize(("status", "trashed", "reason"), [
    ("DRAFT", "", "draft"), ("SCHEDULED", "", "scheduled"), ("SOFT_TRASHED", "2015-05-20T07:00:00Z", "trashed"),
    ("LIVE", "2015-05-20T07:00:00Z", "trashed"), ("IMPORTED", "", "status IMPORTED"), ("", "", "status (none)"),
])
def test_every_status_but_live_withholds_a_post(tmp_path, imported, status, trashed, reason):
    site, report = imported_site(read_blogger, with_status(tmp_path, "102", status, trashed), tmp_path)
    _, before = imported
    assert report.skipped - before.skipped == {reason: 1}
    assert not (site / "posts/2015/05/induction-demo.md").exists()
    assert report.withheld - before.withheld == {"for a post that is not imported (draft, page or missing)": 1}  # 301


@pytest.mark.parametrize(("status", "trashed", "reason"), [
    ("SPAM_COMMENT", "", "spam"), ("PENDING", "", "pending"), ("SOFT_TRASHED", "", "trashed"),
    ("LIVE", "2015-05-18T07:00:00Z", "trashed"), ("DRAFT", "", "draft"), ("EMPTIED", "", "status EMPTIED"),
])
def test_every_status_but_live_withholds_a_comment(tmp_path, imported, status, trashed, reason):
    site, report = imported_site(read_blogger, with_status(tmp_path, "301", status, trashed), tmp_path)
    _, before = imported
    assert report.withheld - before.withheld == {reason: 1}
    assert not (site / "comments/2015/05/induction-demo.md").exists()


def test_a_page_with_a_page_id_and_its_comments_are_withheld(tmp_path):
    export = export_with(tmp_path, ("blog-99.post-107</id>", "blog-99.page-107</id>"),
                         ("blog-99.post-107</blogger:parent>", "blog-99.page-107</blogger:parent>"))
    _, report = imported_site(read_blogger, export, tmp_path)
    assert report.skipped["page"] == 1 and report.posts == 2
    assert report.withheld["for a post that is not imported (draft, page or missing)"] == 2


def test_unknown_entry_kinds_are_counted(tmp_path):
    text = CURRENT.read_text()
    widget = entry(text, "107").replace("<blogger:type>PAGE</blogger:type>", "<blogger:type>WIDGET</blogger:type>")
    export = export_with(tmp_path, (entry(text, "107"), entry(text, "107") + widget))
    _, report = imported_site(read_blogger, export, tmp_path)
    assert report.skipped["unknown kind WIDGET"] == 1 and report.posts == 2


def run_import(export, site, capsys):
    before = sorted(site.rglob("*"))
    status = main(["import", "blogger", str(export), "--site", str(site)])
    assert sorted(site.rglob("*")) == before, "a failed import must leave the site as it was"
    return status, capsys.readouterr()


def test_an_export_without_posts_is_an_error_saying_what_it_looked_like(tmp_path, capsys):
    text = CURRENT.read_text()
    posts = [m.group() for m in ENTRY.finditer(text) if "<blogger:type>POST" in m.group()]
    export = export_with(tmp_path, *((p, "") for p in posts))
    status, output = run_import(export, new_site(tmp_path), capsys)
    assert status == 1 and output.out == ""
    assert re.search(r"feed\.atom:\d+: no post in this export\. It looks like Blogger's current export "
                     r"\(namespace http://schemas\.google\.com/blogger/2018\)", output.err)
    assert "where each post is an <entry> with <blogger:type>POST</blogger:type>; its entries: 13 COMMENT, 1 PAGE" in output.err


def test_an_older_export_without_posts_says_so(tmp_path, capsys):
    text = OLDER.read_text()
    export = tmp_path / "export.xml"
    export.write_text(re.sub(r"<entry>\n <id>tag:blogger\.com,1999:blog-99\.post-.*?</entry>\n", "", text, flags=re.S))
    status, output = run_import(export, new_site(tmp_path), capsys)
    assert status == 1
    assert "It looks like Blogger's older export" in output.err and "its entries: 1 settings, 1 template" in output.err


def test_a_feed_that_is_no_blogger_export_says_what_was_expected(tmp_path, capsys):
    export = tmp_path / "posts-default.xml"
    export.write_text("<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>\n"
                      "<entry><id>tag:blogger.com,1999:blog-1.post-1</id><title>A</title></entry>\n"
                      "<entry><id>tag:blogger.com,1999:blog-1.post-2</id><title>B</title></entry>\n</feed>\n")
    status, output = run_import(export, new_site(tmp_path), capsys)
    assert status == 1
    assert "posts-default.xml:3: no post in this file. It is an Atom feed, but not a Blogger export" in output.err
    assert "its entries: 2 of no known kind" in output.err and "public feed" in output.err


@pytest.mark.parametrize(("old", "new", "message"), [
    ("<blogger:inReplyTo>201</blogger:inReplyTo>", "<blogger:inReplyTo>the first</blogger:inReplyTo>",
     "comment 202: blogger:inReplyTo 'the first' is not a comment id"),
    ("<blogger:parent>101</blogger:parent>", "<blogger:parent/>", "comment 202 has no blogger:parent naming its post"),
    ("<blogger:filename>/2015/05/induction-demo.html</blogger:filename>", "<blogger:filename/>",
     "post 102 has no blogger:filename"),
    ("<blogger:filename>/2015/05/induction-demo.html</blogger:filename>",
     "<blogger:filename>javascript:alert(1)//2015/05/induction-demo.html</blogger:filename>",
     "post 102: blogger:filename 'javascript:alert(1)//2015/05/induction-demo.html' is not a path"),
])
def test_a_broken_entry_names_its_line(tmp_path, capsys, old, new, message):
    export = export_with(tmp_path, (old, new))
    text = export.read_text()
    line = text[:text.rfind("<entry>", 0, text.index(new))].count("\n") + 1
    status, output = run_import(export, new_site(tmp_path), capsys)
    assert status == 1 and f"feed.atom:{line}: {message}" in output.err


def front_and_body(path):
    text = path.read_text()
    match = FRONT_MATTER.match(text)
    return load_front_matter(match.group(1), path), text[match.end():]


def test_both_formats_of_one_blog_make_the_same_archive(tmp_path):
    """The same posts and comments, apart from what one format alone gives: the older one's declared
    counts and time zones (the current one gives times in UTC, the same instants), the current one's
    descriptions."""
    (older, _), (current, _) = imported_site(read_blogger, OLDER, tmp_path / "older"), imported_site(read_blogger, CURRENT, tmp_path / "current")
    files = sorted(p.relative_to(older) for p in older.rglob("*.md") if p.parts[-4] in ("posts", "comments"))
    assert files == sorted(p.relative_to(current) for p in current.rglob("*.md") if p.parts[-4] in ("posts", "comments"))
    assert len(files) == 4
    for relative in files:
        if relative.parts[0] == "posts":
            (a, a_body), (b, b_body) = front_and_body(older / relative), front_and_body(current / relative)
            assert a_body == b_body
            assert datetime.fromisoformat(a.pop("date")) == datetime.fromisoformat(b.pop("date"))  # the same instant
            b.pop("description", None)
            assert a == b
        else:
            a, b = read_discussion(older / relative, older), read_discussion(current / relative, current)
            assert a.declared is not None and b.declared is None
            assert [(c.id, c.body, c.author, c.time, c.reply_to, c.deleted, c.flag) for c in a.comments] == \
                   [(c.id, c.body, c.author, c.time, c.reply_to, c.deleted, c.flag) for c in b.comments]


@pytest.mark.parametrize("title", ["Which DMT is best? #", "Rate your MS fatigue ###", "# and #"])
def test_a_title_ending_in_a_hash_keeps_it_on_its_heading(title):
    """A heading's line ends at a run of '#' after a space (its closing sequence): a title's own is kept."""
    page = BeautifulSoup(MarkdownIt("commonmark").render(format_post(Post(path="2015/05/x", title=title, body="Text."))), "lxml")
    assert [h.get_text() for h in page.find_all("h1")] == [title]


def test_a_title_with_a_line_break_is_kept_whole_on_its_heading_line(tmp_path):
    post = Post(path="2015/05/x", title="Induction therapies:\nmore science\r\nis needed", body="Text.")
    assert "\n# Induction therapies: more science is needed\n\nText.\n" in format_post(post)
    export = export_with(tmp_path, ("<title>Induction, a demo post</title>", "<title>Induction,\na demo post</title>"))
    site, _ = imported_site(read_blogger, export, tmp_path)
    assert "\n# Induction, a demo post\n" in (site / "posts/2015/05/induction-demo.md").read_text()


def test_names_are_cleaned_as_readers_see_them(tmp_path):
    export = export_with(tmp_path, ("<name>Prof G</name>\n      <uri>https://www.blogger.com/profile/1</uri>",
                                    "<name>Prof\u200b G</name>\n      <uri>https://www.blogger.com/profile/1</uri>"),
                         ("term='Clinic Speak'", "term='Clinic\u00a0 Speak\u200d'"),
                         ("<name>Carol</name>", "<name>Caro\u0301l\u0085</name>"))
    site, _ = imported_site(read_blogger, export, tmp_path)
    post = (site / "posts" / f"{HAMBURG}.md").read_text()
    assert "author: Prof G\n" in post and "tags: HSCT, Clinic Speak\n" in post
    assert ":author: Caról\n" in (site / "comments" / f"{HAMBURG}.md").read_text()


def test_embeds_in_posts_and_in_comments_are_counted(imported):
    _, report = imported
    assert report.embeds == 2  # the post's video, and the frame in a comment


def test_a_day_without_its_time_stays_a_day(tmp_path):
    """No midnight is made up for a post or comment whose source gives only its day."""
    export = export_with(tmp_path, ("<published>2015-05-16T08:15:00Z</published>", "<published>2015-05-16</published>"),
                         ("<published>2015-05-16T09:00:00Z</published>", "<published>2015-05-16</published>"))
    records = {record.key: record for record in read_blogger(export, Layout())}
    assert records["101"].post.date == date(2015, 5, 16) and not isinstance(records["101"].post.date, datetime)
    assert records["201"].time == date(2015, 5, 16) and not isinstance(records["201"].time, datetime)
    site, _ = imported_site(read_blogger, export, tmp_path)
    assert "date: '2015-05-16'\n" in (site / "posts" / f"{HAMBURG}.md").read_text()
    assert ":time: 2015-05-16\n" in (site / "comments" / f"{HAMBURG}.md").read_text()


@pytest.mark.parametrize("value", ["2015-W20-6T09:40", "20150516T0900", "2015-05-16T9:00"])
def test_a_time_not_written_as_the_format_writes_it_names_its_line(tmp_path, capsys, value):
    export = export_with(tmp_path, ("<published>2015-05-16T09:00:00Z</published>", f"<published>{value}</published>"))
    text = export.read_text()
    line = text[:text.rindex("<entry>", 0, text.index(value))].count("\n") + 1  # the comment's entry
    status, output = run_import(export, new_site(tmp_path), capsys)
    assert status == 1 and f"feed.atom:{line}: comment 201: bad published time {value!r}" in output.err


def with_content(tmp_path, content: str):
    """The fixture export with the Hamburg post's whole ``<content>`` element replaced by ``content``."""
    text = CURRENT.read_text()
    original = re.search(r"<content type='html'>&lt;p&gt;Text with .*?</content>", text).group()
    return export_with(tmp_path, (original, content))


@pytest.mark.parametrize(("new", "holds"), [
    ("<content type='html'>before <b>inside</b> after</content>", "an element <b>"),
    ("<content type='html'>before <?php echo 1 ?> after</content>", "a processing instruction <?php"),
    ("<content>before <p xmlns='http://www.w3.org/1999/xhtml'>p</p> after</content>", "an element <p>"),
])
def test_markup_inside_a_field_of_text_is_refused_at_its_line_not_cut_off(tmp_path, capsys, new, holds):
    """A field of an export is text (its HTML escaped): what stands after markup in it would be lost unread."""
    export = with_content(tmp_path, new)
    text = export.read_text()
    line = text[:text.index(new)].count("\n") + 1
    status, output = run_import(export, new_site(tmp_path), capsys)
    assert status == 1 and f"feed.atom:{line}: <content> holds {holds}" in output.err


def test_atom_content_of_type_xhtml_is_read_as_its_html(tmp_path):
    xhtml = ("<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>Lead <p>Text in <b>XHTML</b> &amp; "
             "more.</p><script>alert(1)</script></div></content>")
    site, _ = imported_site(read_blogger, with_content(tmp_path, xhtml), tmp_path)
    body = (site / "posts" / f"{HAMBURG}.md").read_text()
    assert "Lead" in body and "Text in **XHTML** \\& more." in body and "alert" not in body


def test_atom_content_of_type_text_is_shown_as_text_not_read_as_html(tmp_path):
    plain = "<content type='text'>a &lt;b&gt;tag&lt;/b&gt; &amp; 5 &lt; 6</content>"
    site, _ = imported_site(read_blogger, with_content(tmp_path, plain), tmp_path)
    body = (site / "posts" / f"{HAMBURG}.md").read_text().split("\n# ", 1)[1]
    assert r"a \<b\>tag\</b\> \& 5 \< 6" in body and "**" not in body


def test_a_reply_deeper_than_the_archive_shows_a_thread_stands_beside_the_comment_it_answers(tmp_path):
    """A thread of replies to replies, 105 deep: kept whole, the build shows it (at most 100 deep), each reply deeper
    flagged with the comment it answers, and reported."""
    first = CURRENT.read_text().index("  <entry>\n    <id>tag:blogger.com,1999:blog-99.post-201</id>")
    entry = CURRENT.read_text()[first:CURRENT.read_text().index("</entry>", first) + len("</entry>\n")]
    chain = "".join(entry.replace("post-201<", f"post-{n}<").replace("<blogger:inReplyTo/>",
                                                                     f"<blogger:inReplyTo>{n - 1}</blogger:inReplyTo>")
                    .replace("The first comment.", f"Reply {n}.") for n in range(9001, 9106))
    export = export_with(tmp_path, (entry, entry + chain.replace("<blogger:inReplyTo>9000<", "<blogger:inReplyTo>201<")))
    site, report = imported_site(read_blogger, export, tmp_path)
    comments = {c.id: c for c in read_discussion(site / "comments" / f"{HAMBURG}.md", site).comments}
    assert comments["9100"].reply_to == "9099" and comments["9100"].flag is None  # 100 deep, under 201 at the top
    assert [comments[str(n)].reply_to for n in (9101, 9102, 9105)] == ["9099"] * 3
    assert comments["9102"].flag == ("This is a reply to comment 9101, shown beside it: the archive shows a thread at "
                                     "most 100 replies deep.")
    assert any("5 replies more than 100 replies deep" in problem for problem in report.problems)
    assert check_site(site, date(2020, 1, 1)) == []


def test_a_comment_s_relative_links_are_read_against_its_post_s_address_as_its_page_read_them(tmp_path):
    """The current export gives a comment no address of its own: its post's, given before it, is its page's."""
    links = ("The first comment. See &lt;a href='/2015/05/induction-demo.html'&gt;the demo&lt;/a&gt; and "
             "&lt;a href='other.html'&gt;another&lt;/a&gt;.")
    export = export_with(tmp_path, ("The first comment. What about MIST?", links))
    site, report = imported_site(read_blogger, export, tmp_path)
    comment = next(c for c in read_discussion(site / "comments" / f"{HAMBURG}.md", site).comments if c.id == "201")
    blog = "http://multiple-sclerosis-research.blogspot.com/2015/05"
    assert f"[the demo]({blog}/induction-demo.html)" in comment.body and f"[another]({blog}/other.html)" in comment.body
    assert not any("post-201" in problem for problem in report.problems)


HAMBURG_TITLE = "<title>HSCT: the Hamburg experience &amp; more</title>"


@pytest.mark.parametrize(("title", "words"), [
    ("<title type='html'>&lt;b&gt;Bold&lt;/b&gt; &amp;amp; caf&amp;eacute;&lt;script&gt;x()&lt;/script&gt;</title>",
     "Bold & café"),
    ("<title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>HSCT <b>in</b>\n Hamburg<style>b{}</style></div>"
     "</title>", "HSCT in Hamburg"),
    ("<title type='text'>&lt;b&gt; stays</title>", "<b> stays"),
    ("<title type='html'>HSCT&lt;br&gt;in&lt;p&gt;Ham&lt;ins&gt;burg&lt;/ins&gt;&lt;/p&gt;&lt;p&gt;again&lt;/p&gt;</title>",
     "HSCT in Hamburg again"),
    ("<title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>HSCT<br/>in<p>Hamburg</p>again</div></title>",
     "HSCT in Hamburg again"),
])
def test_a_title_of_each_atom_type_is_the_words_a_page_shows_of_it(tmp_path, title, words):
    """Atom's titles are text, HTML or XHTML, as its ``type`` says: never markup shown as text, nor "no title"."""
    site, report = imported_site(read_blogger, export_with(tmp_path, (HAMBURG_TITLE, title)), tmp_path)
    assert f"\n# {escape_markdown(words)}\n" in (site / "posts" / f"{HAMBURG}.md").read_text()
    assert not any("has no title" in problem for problem in report.problems)


def test_a_title_of_a_type_atom_does_not_have_is_refused_at_its_line(tmp_path, capsys):
    export = export_with(tmp_path, (HAMBURG_TITLE, "<title type='image/png'>x</title>"))
    line = export.read_text()[:export.read_text().index("image/png")].count("\n") + 1
    status, output = run_import(export, new_site(tmp_path), capsys)
    assert status == 1 and f"feed.atom:{line}: <title type='image/png'> is not read (text, html or xhtml are)" in output.err


@pytest.mark.parametrize(("value", "why"), [("0001-01-01T00:00:00-05:00", "before 1900"),
                                            ("9999-12-31T23:59:59Z", "after the day it was imported"),
                                            ("2999-01-01", "after the day it was imported")])
def test_a_comment_dated_where_no_comment_can_be_is_kept_and_flagged(tmp_path, value, why):
    """A comment's date the build would refuse for a post is kept as the export gives it, flagged, and reported."""
    export = export_with(tmp_path, ("<published>2015-05-16T09:00:00Z</published>", f"<published>{value}</published>"))
    site, report = imported_site(read_blogger, export, tmp_path)
    comment = next(c for c in read_discussion(site / "comments" / f"{HAMBURG}.md", site).comments if c.id == "201")
    assert comment.time.isoformat().startswith(value.removesuffix("Z"))
    assert comment.flag == f"The export dates this comment {comment.time.isoformat()}, {why}: that date cannot be right."
    assert report.orphans == 1  # the fixture's one reply to a comment not archived, not this
    assert any("(tag:blogger.com,1999:blog-99.post-201): comment 201" in p and why in p for p in report.problems)


@pytest.mark.parametrize("content", ["<content type='html'></content>", "<content type='html'>&lt;p&gt; &lt;/p&gt;</content>"])
def test_a_comment_the_export_gives_no_text_is_kept_and_flagged_and_the_site_builds(tmp_path, content):
    """It was written with no text, which msblog check and the build refuse: an import no site could publish."""
    export = export_with(tmp_path, ("<content type='html'>The first comment. What about MIST?&lt;br /&gt;A second "
                                    "line.</content>", content))
    site, report = imported_site(read_blogger, export, tmp_path)
    comment = next(c for c in read_discussion(site / "comments" / f"{HAMBURG}.md", site).comments if c.id == "201")
    assert (comment.body, comment.flag) == ("", "The export gives this comment no text.")
    assert any("comment 201 has no text; it is kept, and flagged" in p for p in report.problems)
    assert not [p for p in check_site(site, date.today()) if "201" in p.message]


def test_two_posts_with_one_id_keep_the_first_and_report_the_second(tmp_path):
    """Comments name their post by its id: a second post with the same id would take the first one's discussion."""
    text = CURRENT.read_text()
    second = entry(text, "102").replace(".post-102</id>", ".post-101</id>")
    site, report = imported_site(read_blogger, export_with(tmp_path, (entry(text, "102"), second)), tmp_path)
    assert any(re.search(r"feed\.atom:\d+ \(tag:blogger\.com,1999:blog-99\.post-101\): a second post with the id 101 "
                         r"\(2015/05/induction-demo\); left out", p) for p in report.problems)
    assert report.posts == 1 and not (site / "posts" / "2015" / "05" / "induction-demo.md").exists()
    original, _ = imported_site(read_blogger, CURRENT, tmp_path / "original")
    assert read_discussion(site / "comments" / f"{HAMBURG}.md", site) == \
        read_discussion(original / "comments" / f"{HAMBURG}.md", original)
