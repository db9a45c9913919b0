"""The saved-page importer reproduces the first post and its whole discussion."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from msblog.cli import main
from msblog.importers.page import import_page
from msblog.model.discussion import read_discussion
from tests.helpers import REPO, SEED, SEED_POST, build, new_site, parse_html

URL = "http://multiple-sclerosis-research.blogspot.com/2015/05/induction-therapies-more-science-is.html"
NOTE = ("The saved page gives no date: May 2015 is from its address, "
        "and 17 May 2015 from a copy of the post on another site.")


@pytest.fixture(autouse=True)
def site_folder(tmp_path):
    """``tmp_path`` is a site's folder: msblog imports only into a folder with a conf.py."""
    (tmp_path / "conf.py").write_text("")


def test_seed_thread_structure():
    page = import_page(SEED, URL, None)
    threads = page.discussion.threads
    assert len(threads) == 18
    assert [len(t.replies) for t in threads] == [1, 1, 6, 0, 3, 0, 2, 1, 2, 1, 1, 1, 1, 3, 3, 3, 0, 1]
    assert page.discussion.declared == 63
    assert all(c.author is None and c.time is None for c in page.discussion.comments)
    assert page.post.tags == ["MSBlog", "MSResearch"] and page.post.coi == "multiple"
    assert "Leave a Reply" not in page.post.body + "".join(c.body for c in page.discussion.comments)


def test_the_archived_first_post_is_what_the_importer_makes(tmp_path, capsys):
    site = new_site(tmp_path)
    status = main(["import", "page", str(SEED), "--url", URL, "--date", "2015-05-17", "--date-note", NOTE,
                   "--site", str(site)])
    assert status == 0
    assert "Comments published: 48" in capsys.readouterr().out
    for folder in ("posts", "comments"):
        assert (site / folder / f"{SEED_POST[6:]}.md").read_text() == (REPO / folder / f"{SEED_POST[6:]}.md").read_text()
    assert len(read_discussion(site / "comments" / f"{SEED_POST[6:]}.md", site)) == 48


def test_without_a_date_the_post_is_a_draft(tmp_path):
    """No date is written, and the build keeps the post a draft: its page says its date is unknown, and no
    listing, catalog or feed shows it until an editor gives it one."""
    site = new_site(tmp_path)
    assert main(["import", "page", str(SEED), "--url", URL, "--site", str(site)]) == 0
    assert "date:" not in (site / f"{SEED_POST}.md").read_text()
    out = build(site, tmp_path / "_build")
    facts = parse_html(out / f"{SEED_POST}.html").select_one(".post-facts")
    published = next(dt for dt in facts.select("dt") if dt.get_text().startswith("Published")).find_next_sibling("dd")
    assert published.get_text().strip() == "Unknown"
    assert not [page for page in out.rglob("*.html") if page.relative_to(out).parts[0] == "blog"]  # no year, tag or author
    assert "induction" not in (out / "blog.html").read_text().lower()
    assert feedparser.parse((out / "blog" / "atom.xml").read_text()).entries == []


def test_text_that_is_not_a_saved_page_is_refused(tmp_path, capsys):
    other = tmp_path / "notes.txt"
    other.write_text("Just some notes\n\nwith no comments at all\n")
    assert main(["import", "page", str(other), "--url", URL, "--site", str(tmp_path)]) == 1
    assert "notes.txt:1: no 'N thoughts on “Title”' line" in capsys.readouterr().err


@pytest.mark.parametrize(("url", "why"), [
    ("javascript:alert(document.domain)//multiple-sclerosis-research.blogspot.com/2015/05/x.html", "not a web address"),
    ("JaVaScRiPt:alert(1)//multiple-sclerosis-research.blogspot.com/2015/05/x.html", "not a web address"),
    ("  javascript:alert(1)//multiple-sclerosis-research.blogspot.com/2015/05/x.html", "not a web address"),
    ("data:text/html,<script>alert(1)</script>/2015/05/x.html", "not a web address"),
    ("vbscript:msgbox(1)//multiple-sclerosis-research.blogspot.com/2015/05/x.html", "not a web address"),
    ("/2015/05/induction-therapies-more-science-is.html", "not a web address"),
    (URL + '"><script>alert(1)</script>', "not a web address"),
    (URL.replace("induction", "x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"), "not a blog post address"),
    (URL.replace("induction", "..%2F..%2Finduction"), "not a blog post address"),
    (URL.replace("induction", "Induction"), "is not a portable file name"),
    (URL.replace("induction-therapies-more-science-is", "con"), "is not a portable file name"),
])
def test_an_address_that_is_not_a_blog_post_web_address_is_refused(tmp_path, capsys, url, why):
    assert main(["import", "page", str(SEED), "--url", url, "--site", str(tmp_path)]) == 1
    assert why in capsys.readouterr().err
    assert not (tmp_path / "posts").exists()


def test_a_title_over_two_lines_is_kept_whole(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(SEED.read_text().replace("Induction therapies: ", "Induction\u200b therapies:\n", 1))
    assert import_page(page, URL, None).post.title == "Induction therapies: more science is needed"


def test_a_character_xml_cannot_hold_is_refused_at_its_line(tmp_path, capsys):
    """A saved page is text an editor holds: such a character (the build would refuse the post) is an error at
    its line, as in a page of the site, and nothing is written."""
    lines = SEED.read_text().split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("1. "))
    lines[number - 1] += " and a vertical\x0btab"
    page = tmp_path / "page.txt"
    page.write_text("\n".join(lines))
    assert main(["import", "page", str(page), "--url", URL, "--site", str(tmp_path)]) == 1
    assert f"page.txt:{number}: U+000B (a control character) is a character XML cannot hold" in capsys.readouterr().err
    assert not (tmp_path / "posts").exists() and not (tmp_path / "comments").exists()


def saved_page(tmp_path, comments: str) -> Path:
    """A saved page's text: a title, a teaser, a post, then ``comments`` (its count line, comments, furniture)."""
    page = tmp_path / "page.txt"
    page.write_text(f"A short post\n\nA teaser #MSBlog\n\nThe post's text.\n\n{comments}\n")
    return page


def test_a_paragraph_of_a_comment_that_begins_like_page_furniture_is_kept_with_the_comments_after_it(tmp_path):
    page = saved_page(tmp_path, "3 thoughts on “A short post”\n\n  1. First.\n\n"
                                "    Continue reading the abstract: it is worth it.\n\n"
                                "  2. Second.\n\n    1. A reply.\n\nLeave a Reply\n\nContinue reading")
    discussion = import_page(page, URL, None).discussion
    assert [(c.id, c.body) for c in discussion.comments] == [
        ("1", "First.\n\nContinue reading the abstract: it is worth it."), ("2", "Second."), ("2.1", "A reply.")]


@pytest.mark.parametrize("count", ["One thought on “A short post”", "One reply on “A short post”",
                                   "1 Reply to “A short post”"])
def test_one_comment_counted_in_words_or_as_a_reply_is_a_count_of_one(tmp_path, count):
    """WordPress's themes write one comment as words ("One thought on"), and some call comments replies."""
    page = saved_page(tmp_path, f"{count}\n\n  1. The only comment.\n\nLeave a Reply")
    discussion = import_page(page, URL, None).discussion
    assert discussion.declared == 1 and [c.body for c in discussion.comments] == ["The only comment."]


def test_a_count_of_one_below_the_comments_held_is_said_in_the_singular(tmp_path, capsys):
    site = new_site(tmp_path)
    page = saved_page(tmp_path, "One thought on “A short post”\n\n  1. First.\n\n  2. Second.\n\nLeave a Reply")
    assert main(["import", "page", str(page), "--url", URL, "--site", str(site)]) == 0
    assert "declares 1 comment but holds 2 that are published" in capsys.readouterr().out


def test_a_post_without_comments_ends_at_the_form_to_leave_one(tmp_path, capsys):
    """A page with no comment shows no count of them: the post is imported without a discussion, and without a
    count its page never declared."""
    site = new_site(tmp_path)
    page = saved_page(tmp_path, "Leave a ReplyCancel reply\n\nDiscover more from Prof G's MS Blog Archive")
    assert main(["import", "page", str(page), "--url", URL, "--site", str(site)]) == 0
    assert "Posts imported: 1" in capsys.readouterr().out
    text = (site / f"{SEED_POST}.md").read_text()
    assert text.endswith("# A short post\n\nA teaser #MSBlog\n\nThe post's text.\n") and "Discover" not in text
    assert not (site / "comments").exists()


@pytest.mark.parametrize("start", ["<!DOCTYPE html>\n<!-- saved from url=(0093)http://example.org/ -->\n<html>",
                                   "\ufeff<html class='v2' dir='ltr'>", "<!-- saved from url=(0093)http://example.org/ -->"])
def test_a_page_saved_as_html_is_refused_saying_to_save_its_text(tmp_path, capsys, start):
    page = tmp_path / "post.html"
    page.write_text(f"{start}\n<h3 class='post-title'>Induction</h3>\n<h4>63 comments:</h4>\n</html>\n")
    assert main(["import", "page", str(page), "--url", URL, "--site", str(tmp_path)]) == 1
    assert "post.html:1: this is a web page's HTML, not its text: save the page as text" in capsys.readouterr().err


@pytest.mark.parametrize("count", ["2 Comments", "2 thoughts on «A short post»", "2 Responses"])
def test_comments_counted_in_a_form_the_import_does_not_read_are_refused_not_made_the_posts_text(tmp_path, capsys, count):
    """Without a count line it reads, a page would end at its comment form, and the comments before it would be read as
    the post's own paragraphs: the count line is named instead."""
    page = saved_page(tmp_path, f"{count}\n\n  1. A commenter's view.\n\n    1. A reply.\n\nLeave a Reply")
    assert main(["import", "page", str(page), "--url", URL, "--site", str(tmp_path)]) == 1
    assert "page.txt:7: this reads as the count of the comments below it, but not as one the import reads" \
        in capsys.readouterr().err
    assert not (tmp_path / "posts").exists()


def test_a_post_without_comments_ending_in_a_numbered_list_imports(tmp_path):
    page = saved_page(tmp_path, "References\n\n  1. Polman et al. 2006.\n\n  2. Muraro et al. 2017.\n\nLeave a Reply")
    imported = import_page(page, URL, None)
    assert "Polman" in imported.post.body and not imported.discussion.comments


@pytest.mark.parametrize(("comments", "line", "message"), [
    ("  1. First.\n\n  2. \n\n  3. Third.", 11, "comment 2 has no text: write the text its page shows for it"),
    ("  1. First.\n\n  2.\n\n  3. Third.", 11, "comment 2 has no text"),  # its number alone: not the first's text
    ("  1. First.\n\n  2. Second.\n\n    1. A reply.\n\n    2.  \n\nLeave a Reply", 15, "comment 2.2 has no text"),
    ("  1. First.\n\n  1. Second, also numbered one.\n\n  2. Third.", 11,
     "a second comment numbered 1 (the first is at line 9): number the comments in order, each once, so that "
     "neither is lost"),
    ("  1. First.\n\n    1. A reply.\n\n    1. Another reply.", 13, "a second comment numbered 1.1 (the first is at "
                                                                    "line 11)"),
])
def test_a_comment_with_no_text_or_a_second_of_its_number_is_refused_at_its_line(tmp_path, capsys, comments, line,
                                                                                  message):
    """The build would refuse a comment with no text, and a second of the same number would take the first one's
    place: the editor mends the saved text."""
    site = new_site(tmp_path)
    page = saved_page(tmp_path, f"3 thoughts on “A short post”\n\n{comments}")
    assert main(["import", "page", str(page), "--url", URL, "--site", str(site)]) == 1
    assert f"page.txt:{line}: {message}" in capsys.readouterr().err
    assert not (site / "posts").exists() and not (site / "comments").exists()


def test_a_saved_page_not_in_utf8_is_refused_at_the_line_of_its_first_such_byte(tmp_path, capsys):
    page = tmp_path / "latin.txt"
    page.write_bytes("A title\n\nBody text.\n\nCafé.\n\nLeave a Reply\n".encode("latin-1"))
    assert main(["import", "page", str(page), "--url", URL, "--site", str(tmp_path)]) == 1
    assert "latin.txt:5: the file is not UTF-8" in capsys.readouterr().err
    assert not (tmp_path / "posts").exists()
