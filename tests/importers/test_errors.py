"""Bad exports fail clearly, naming the file and entry, and leave the site as it was."""

from __future__ import annotations

import re

import pytest

from msblog.cli import main
from msblog.model.discussion import read_discussion
from tests.helpers import TESTS, new_site

EXPORTS = TESTS / "fixtures" / "exports"


@pytest.fixture
def site(tmp_path):
    return new_site(tmp_path)


def files(site):
    return sorted(str(p.relative_to(site)) for p in site.rglob("*"))


def run_import(kind, export, site, capsys):
    before = files(site)
    status = main(["import", kind, str(export), "--site", str(site)])
    assert files(site) == before, "a failed import must leave the site as it was"
    return status, capsys.readouterr().err


def test_not_xml(site, tmp_path, capsys):
    export = tmp_path / "export.xml"
    export.write_text("this is not XML at all\n")
    status, err = run_import("blogger", export, site, capsys)
    assert status == 1 and re.search(r"export\.xml:1: not well-formed XML", err)


def test_wrong_format(site, capsys):
    status, err = run_import("blogger", EXPORTS / "wordpress.xml", site, capsys)
    assert status == 1 and "wordpress.xml:2: expected a <feed> document, found <rss>" in err
    status, err = run_import("wordpress", EXPORTS / "blogger.xml", site, capsys)
    assert status == 1 and "blogger.xml:2: expected a <rss> document, found <feed>" in err


def test_truncated_export(site, tmp_path, capsys):
    export = tmp_path / "truncated.xml"
    text = (EXPORTS / "blogger.xml").read_text()
    export.write_text(text[: len(text) * 2 // 3])
    status, err = run_import("blogger", export, site, capsys)
    assert status == 1 and re.search(r"truncated\.xml:\d+: not well-formed XML", err)


def test_missing_required_fields_name_the_entry(site, tmp_path, capsys):
    export = tmp_path / "missing.xml"
    text = (EXPORTS / "blogger.xml").read_text()
    export.write_text(text.replace("<title type='text'>Induction, a demo post</title>", ""))
    status, err = run_import("blogger", export, site, capsys)
    assert status == 1 and re.search(r"missing\.xml:\d+: post 102 has no title", err)
    export.write_text((EXPORTS / "wordpress.xml").read_text().replace("<wp:post_id>14</wp:post_id>", ""))
    status, err = run_import("wordpress", export, site, capsys)
    assert status == 1 and re.search(r"missing\.xml:\d+: item has no wp:post_id", err)


def test_a_comment_given_twice_is_published_once_and_reported(site, tmp_path, capsys):
    export = tmp_path / "twice.xml"
    text = (EXPORTS / "blogger.xml").read_text()
    first = text.index("<entry>\n <id>tag:blogger.com,1999:blog-99.post-301</id>")
    entry = text[first:text.index("</entry>", first) + len("</entry>")]
    export.write_text(text.replace(entry, entry + "\n" + entry))
    assert main(["import", "blogger", str(export), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"twice\.xml:\d+ \(tag:blogger\.com,1999:blog-99\.post-301\): comment 301 appears twice; the "
                     r"second is left out\n", out)
    assert (site / "comments" / "2015" / "05" / "induction-demo.md").read_text().count("{comment} 301") == 1


def test_a_second_comment_of_an_id_with_other_words_is_kept_under_an_id_of_its_own_and_flagged(site, tmp_path, capsys):
    """Its words are archived beside the first's, never lost: the export's id is the first's, so it gets another."""
    export = tmp_path / "twice.xml"
    text = (EXPORTS / "blogger.xml").read_text()
    first = text.index("<entry>\n <id>tag:blogger.com,1999:blog-99.post-301</id>")
    entry = text[first:text.index("</entry>", first) + len("</entry>")]
    other = re.sub(r"(<content type='html'>)(.*?)(</content>)", r"\1Other words entirely.\3", entry, flags=re.S)
    export.write_text(text.replace(entry, entry + "\n" + other + "\n" + other.replace("Other", "Third")))
    assert main(["import", "blogger", str(export), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"twice\.xml:\d+ \(tag:blogger\.com,1999:blog-99\.post-301\): comment 301 appears twice, with "
                     r"other words or another author, time or post; the second is kept as comment 301-2, and flagged", out)
    assert "the second is kept as comment 301-3" in out
    discussion = read_discussion(site / "comments" / "2015" / "05" / "induction-demo.md", site)
    kept = {comment.id: comment for comment in discussion.comments}
    assert kept["301-2"].body == "Other words entirely." and kept["301-3"].body == "Third words entirely."
    assert kept["301-2"].flag == ("The export gives this comment the id 301, which an earlier comment has too: it is "
                                  "archived as 301-2.")
    assert kept["301"].body != kept["301-2"].body and kept["301-2"].author == kept["301"].author


def wordpress_comment(key: str, text: str, parent: str = "0") -> str:
    """A published comment as a WordPress export gives it, by Zed."""
    return (f"  <wp:comment><wp:comment_id>{key}</wp:comment_id><wp:comment_author>Zed</wp:comment_author>"
            f"<wp:comment_date_gmt>2016-02-03 10:00:00</wp:comment_date_gmt><wp:comment_content>{text}"
            f"</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}"
            "</wp:comment_parent></wp:comment>\n")


def test_a_comment_of_the_id_a_second_comment_was_kept_under_has_its_own_id_and_its_replies(site, tmp_path, capsys):
    """The second comment of id 1, kept as 1-2, moves to 1-3 when the export's own comment 1-2 comes: that one was
    kept as 1-2-2, flagged as an id given twice, and the reply to it answered the other."""
    export = tmp_path / "export.xml"
    comments = (wordpress_comment("1", "Other words.") + wordpress_comment("1-2", "Its own id.")
                + wordpress_comment("9", "A reply to 1-2.", parent="1-2"))
    export.write_text((EXPORTS / "wordpress.xml").read_text().replace(" </item>", comments + " </item>", 1))
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert "comment 1-2 is this comment's id in the export; the second comment of id 1, kept as 1-2, is kept as 1-3 " \
           "instead" in out
    kept = {comment.id: comment for comment in read_discussion(site / "comments/2016/01/a-post-from-blogger.md",
                                                               site).comments}
    assert kept["1-2"].body == "Its own id." and kept["1-2"].flag is None
    assert kept["1-3"].body == "Other words." and kept["1-3"].flag == (
        "The export gives this comment the id 1, which an earlier comment has too: it is archived as 1-3.")
    assert kept["9"].reply_to == "1-2" and kept["9"].flag is None


def test_a_reply_to_a_comment_whose_id_another_posts_comment_has_answers_it(site, tmp_path, capsys):
    """Comment 1 of the second post is kept as 1-2, the first post's comment having its id: a reply to 1 under the
    second post answers it, rather than standing alone flagged as answering a comment not archived."""
    export = tmp_path / "export.xml"
    comments = wordpress_comment("1", "Under the second post.") + wordpress_comment("20", "A reply.", parent="1")
    text = (EXPORTS / "wordpress.xml").read_text()
    export.write_text(text[:text.rindex(" </item>")] + comments + text[text.rindex(" </item>"):])
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 0
    kept = {comment.id: comment for comment in read_discussion(site / "comments/2016/02/native-wp.md", site).comments}
    assert kept["1-2"].body == "Under the second post."
    assert kept["20"].reply_to == "1-2" and kept["20"].flag is None


def test_a_reply_to_an_id_two_comments_of_its_post_were_given_answers_the_first_flagged_so(site, tmp_path, capsys):
    """The export does not say which of the two it answers: the first, saying so."""
    export = tmp_path / "export.xml"
    comments = wordpress_comment("1", "Other words.") + wordpress_comment("30", "A reply to 1.", parent="1")
    export.write_text((EXPORTS / "wordpress.xml").read_text().replace(" </item>", comments + " </item>", 1))
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 0
    kept = {comment.id: comment for comment in read_discussion(site / "comments/2016/01/a-post-from-blogger.md",
                                                               site).comments}
    assert kept["30"].reply_to == "1" and kept["30"].flag == (
        "The export gives the id this reply answers to more than one comment, archived as 1, 1-2: it is shown under 1.")


def wordpress_items(keep) -> str:
    """The WordPress fixture with only the items for which ``keep(item)`` is true."""
    text = (EXPORTS / "wordpress.xml").read_text()
    return re.sub(r" <item>.*?</item>\n", lambda m: m.group() if keep(m.group()) else "", text, flags=re.S)


PUBLISHED_POST = "<![CDATA[publish]]></wp:status>\n  <wp:post_type><![CDATA[post]]>"


@pytest.mark.parametrize(("keep", "found"), [
    (lambda item: False, "no item"),
    (lambda item: "<![CDATA[page]]>" in item, "1 page"),
    (lambda item: PUBLISHED_POST not in item, "1 draft, 1 page"),
])
def test_a_wordpress_export_with_no_post_to_import_is_an_error_saying_what_it_holds(site, tmp_path, capsys, keep, found):
    export = tmp_path / "export.xml"
    export.write_text(wordpress_items(keep))
    status, err = run_import("wordpress", export, site, capsys)
    assert status == 1 and f"export.xml:1: no post to import: the export holds {found}." in err


def test_the_comments_of_posts_not_imported_are_counted_in_the_error(site, tmp_path, capsys):
    export = tmp_path / "export.xml"
    export.write_text(wordpress_items(lambda item: "<wp:comment>" in item).replace(
        PUBLISHED_POST, PUBLISHED_POST.replace("publish", "draft"), 1))
    status, err = run_import("wordpress", export, site, capsys)
    assert status == 1 and "export.xml:1: no post to import: the export holds 1 draft; 8 comments." in err


def test_a_blogger_export_whose_posts_are_all_drafts_is_an_error_saying_what_it_holds(site, tmp_path, capsys):
    export = tmp_path / "drafts.xml"
    text = (EXPORTS / "blogger.xml").read_text()
    posts = text.count("#post'")
    export.write_text(re.sub(r"(<entry>(?:(?!</entry>).)*?#post'(?:(?!</entry>).)*?)</entry>",
                             r"\1<app:control xmlns:app='http://purl.org/atom/app#'><app:draft>yes</app:draft></app:control></entry>",
                             text, flags=re.S))
    status, err = run_import("blogger", export, site, capsys)
    assert status == 1 and f"drafts.xml:1: no post to import: the export holds {posts} draft" in err
