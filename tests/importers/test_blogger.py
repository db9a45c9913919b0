"""Blogger's Atom export: every published comment once, under its parent; nothing live."""

from __future__ import annotations

import re

import pytest

from msblog.check import check_site
from msblog.cli import main
from msblog.importers.blogger import read_blogger
from msblog.model.discussion import read_discussion
from tests.helpers import TESTS, changed_export, import_fixtures, imported_site, parse_html

EXPORT = TESTS / "fixtures" / "exports" / "blogger.xml"
HAMBURG = "2015/05/hsct-hamburg-experience"

imported, built = import_fixtures(read_blogger, EXPORT)


def test_report_counts_everything(imported):
    _, report = imported
    assert report.posts == 2
    assert report.skipped == {"draft": 1, "settings": 1, "template": 1}
    assert report.comments == 8
    assert report.orphans == 1 and report.deleted == 1
    assert report.withheld == {"for a post that is not imported (draft, page or missing)": 1}
    assert report.embeds == 2 and report.removed["script"] == 1  # a video in a post, a frame in a comment
    assert report.links_to_posts == 2


def test_post_front_matter_is_faithful(imported):
    site, _ = imported
    text = (site / "posts" / f"{HAMBURG}.md").read_text()
    assert "date: '2015-05-16T09:15:00+01:00'" in text
    assert "author: Prof G" in text and "tags: HSCT, Clinic Speak" in text
    assert f"original_url: http://multiple-sclerosis-research.blogspot.com/{HAMBURG}.html" in text
    assert not (site / "posts" / "2015" / "05" / "an-unfinished-draft.md").exists()


def test_threads_three_deep_with_placeholders_and_flags(imported):
    site, _ = imported
    found = read_discussion(site / "comments" / f"{HAMBURG}.md", site)
    assert found.declared == 9
    assert [(c.id, c.reply_to) for c in found.comments] == [
        ("201", None), ("202", "201"), ("203", "202"), ("204", None), ("205", "204"), ("206", None), ("207", None)]
    assert found.comments[3].deleted
    assert "999" in found.comments[5].flag
    assert found.comments[0].author == "Anonymous"
    assert found.comments[0].time.isoformat() == "2015-05-16T10:00:00+01:00"


def test_each_published_comment_appears_once_under_its_parent(built):
    page = parse_html(built.outdir / f"posts/{HAMBURG}.html")
    section = page.find("section", id="discussion")
    ids = [a["id"] for a in section.find_all("article", class_="comment")]
    assert sorted(ids) == sorted(f"comment-{n}" for n in range(201, 208))
    assert len(ids) == len(set(ids))
    three = section.find("article", id="comment-203")
    assert [a["id"] for a in three.find_parents("article", class_="comment")] == ["comment-202", "comment-201"]
    assert section.find("article", id="comment-205").find_parent("article", class_="comment")["id"] == "comment-204"
    assert "removed" in section.find("article", id="comment-204").get_text()
    assert "999" in section.find("article", id="comment-206").select_one(".comment-flag").get_text()


def test_nothing_from_the_export_is_live(built):
    page = parse_html(built.outdir / f"posts/{HAMBURG}.html")
    main_text = page.find("article", role="main")
    assert main_text.find_all(["script", "iframe", "img", "svg"]) == []
    for tag in main_text.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on")], tag
        assert not tag.get("href", "").lower().startswith("javascript"), tag
    text = main_text.get_text()
    assert ":::{raw} html" in text and "{eval-rst}`x`" in text  # shown as the text it was
    assert "<script>shown as text</script>" in text
    embed = main_text.find("a", href="https://www.youtube.com/embed/xyz")
    assert embed is not None and "Embedded iframe" in embed.get_text()


def test_entities_unicode_and_title_survive(built):
    page = parse_html(built.outdir / f"posts/{HAMBURG}.html")
    assert page.h1.get_text().startswith("HSCT: the Hamburg experience & more")
    assert "Text with bold & é “quotes” and café." in " ".join(page.get_text().split())


def test_labels_dates_and_authors_reach_the_archive(built):
    page = parse_html(built.outdir / f"posts/{HAMBURG}.html")
    facts = " ".join(page.select_one(".post-facts").get_text().split())
    assert "Saturday, 16 May 2015, 09:15 (UTC+01:00)" in facts and "Prof G" in facts
    assert (built.outdir / "blog" / "tag" / "clinic-speak.html").is_file()
    assert (built.outdir / "blog" / "author" / "prof-g.html").is_file()


def test_links_between_imported_posts_and_mirrors_lead_into_the_archive(built):
    page = parse_html(built.outdir / "posts/2015/05/induction-demo.html")
    hrefs = [a["href"] for a in page.find("article", role="main").find_all("a", href=True)]
    assert "hsct-hamburg-experience.html" in hrefs
    assert "hsct-hamburg-experience.html#comment-201" in hrefs


def test_old_addresses_redirect_to_the_new_pages(built):
    old = built.outdir / f"{HAMBURG}.html"
    assert re.search(rf'http-equiv="refresh" content="0; url=\.\./\.\./posts/{HAMBURG}\.html"', old.read_text())


def test_importing_again_changes_nothing_and_keeps_editors_changes(tmp_path, capsys):
    site, _ = imported_site(read_blogger, EXPORT, tmp_path)
    post = site / "posts" / f"{HAMBURG}.md"
    before = {p: p.read_text() for p in site.rglob("*.md")}
    assert main(["import", "blogger", str(EXPORT), "--site", str(site)]) == 0
    assert {p: p.read_text() for p in site.rglob("*.md")} == before
    assert "Files written: 0; unchanged: 4" in capsys.readouterr().out
    post.write_text(post.read_text() + "\nAn editor's note.\n")
    assert main(["import", "blogger", str(EXPORT), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert "Changed by an editor since import, kept (use --force to overwrite): 1" in out
    assert f"posts/{HAMBURG}.md" in out and "An editor's note." in post.read_text()
    assert main(["import", "blogger", str(EXPORT), "--site", str(site), "--force"]) == 0
    assert post.read_text() == before[post]
    assert not list(site.glob(".msblog-import-*"))


def test_long_imports_show_progress(tmp_path, monkeypatch):
    import msblog.importers.run as run

    shown = {}

    class Bar:
        def __init__(self, total, desc, **options):
            self.total, self.n = total, 0
            shown[desc] = (total, [])

        def update(self, step):
            self.n += step
            shown[next(reversed(shown))][1].append(self.n)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

    monkeypatch.setattr(run, "tqdm", Bar)
    imported_site(read_blogger, EXPORT, tmp_path)
    assert list(shown) == ["Reading blogger.xml", "Threading comments", "Writing"]
    assert shown["Reading blogger.xml"][0] == EXPORT.stat().st_size
    assert shown["Threading comments"][0] == 3 and shown["Writing"][0] == 4  # 3 posts with comments; 4 files
    for total, steps in shown.values():
        assert steps == sorted(steps) and steps[-1] == total


def test_a_declared_count_below_the_published_comments_is_reported_and_left_out(tmp_path):
    export = changed_export(EXPORT, tmp_path / "low-total.xml", ("<thr:total>9</thr:total>", "<thr:total>2</thr:total>"))
    site, report = imported_site(read_blogger, export, tmp_path)
    assert [p for p in report.problems if "declares 2 comments but holds 7" in p] and \
        all(p.startswith(f"{export}:") for p in report.problems if "declares" in p)
    assert read_discussion(site / f"comments/{HAMBURG}.md", site).declared is None


@pytest.mark.parametrize("total", ["-3", "nine", "٣"])
def test_a_declared_count_that_is_no_count_is_reported_at_its_entry_and_left_out(tmp_path, total):
    export = changed_export(EXPORT, tmp_path / "bad-total.xml", ("<thr:total>9</thr:total>", f"<thr:total>{total}</thr:total>"))
    site, report = imported_site(read_blogger, export, tmp_path)
    text = export.read_text()
    line = text[:text.rindex("<entry", 0, text.index(f"<thr:total>{total}"))].count("\n") + 1
    assert [p for p in report.problems if f"thr:total {total!r} is not a count of comments" in p] == [
        f"{export}:{line} (tag:blogger.com,1999:blog-99.post-101): thr:total {total!r} is not a count of comments: the discussion is "
        "written without the count its page declared"]
    assert read_discussion(site / f"comments/{HAMBURG}.md", site).declared is None


def test_a_related_link_that_names_no_comment_is_refused_at_its_line(tmp_path, capsys):
    related = "<link rel='related' href='http://www.blogger.com/feeds/99/101/comments/default/201'/>"
    injected = ("http://www.blogger.com/feeds/99/101/comments/default/777&#10;:author: Prof G&#10;&#10;Hi.&#10;:::"
                "&#10;&#10;:::{comment} 888&#10;:author: Prof G&#10;&#10;Fake")
    export = changed_export(EXPORT, tmp_path / "changed.xml", (related, f"<link rel='related' href='{injected}'/>"))
    line = export.read_text()[:export.read_text().index("777&#10;")].count("\n") + 1
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text((TESTS / "roots" / "test-import-site" / "conf.py").read_text())
    assert main(["import", "blogger", str(export), "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"changed.xml:{line}: " in err and "link rel=related" in err and "names no comment" in err
    assert not (site / "comments").exists()


def test_a_related_link_with_a_query_still_names_its_comment(tmp_path):
    related = "comments/default/201'/>"
    export = changed_export(EXPORT, tmp_path / "changed.xml", (related, "comments/default/201?v=2'/>"))
    site, report = imported_site(read_blogger, export, tmp_path)
    assert report.orphans == 1  # the fixture's own orphan only
    found = read_discussion(site / "comments" / f"{HAMBURG}.md", site)
    assert next(c for c in found.comments if c.id == "202").reply_to == "201"


def test_italics_blogger_wrote_as_a_styled_span_stay_italics(tmp_path):
    post = "&lt;p&gt;Text with &lt;b&gt;bold&lt;/b&gt;"
    export = changed_export(EXPORT, tmp_path / "span.xml", (
        post, "&lt;p&gt;The &lt;span style=\"font-style: italic;\"&gt;preliminary&lt;/span&gt; results.&lt;/p&gt;" + post))
    site, _ = imported_site(read_blogger, export, tmp_path)
    assert "The *preliminary* results." in (site / "posts" / f"{HAMBURG}.md").read_text()


def test_a_paragraph_that_reads_like_a_rest_directive_imports_into_a_post_the_check_passes(tmp_path):
    post = "&lt;p&gt;Text with &lt;b&gt;bold&lt;/b&gt;"
    export = changed_export(EXPORT, tmp_path / "rest.xml", (
        post, "&lt;p&gt;.. include:: /etc/passwd&lt;/p&gt;&lt;p&gt;:file: notes.csv&lt;/p&gt;" + post))
    site, _ = imported_site(read_blogger, export, tmp_path)
    assert check_site(site) == []
    assert "\\.. include:: /etc/passwd\n\n\\:file: notes.csv\n" in (site / "posts" / f"{HAMBURG}.md").read_text()
