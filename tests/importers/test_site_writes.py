"""What an import never does silently: replace another source's post, bring back what an editor deleted."""

from __future__ import annotations

import json
import shutil

import pytest

from msblog.cli import main
from tests.helpers import REPO, SEED, SEED_POST, TESTS, new_site

CURRENT = TESTS / "fixtures" / "exports" / "blogger-current.atom"
SEED_URL = f"http://multiple-sclerosis-research.blogspot.com/{SEED_POST[6:]}.html"
DEMO = "2015/05/induction-demo"


def import_blogger(export, site, capsys, *options):
    status = main(["import", "blogger", str(export), "--site", str(site), *options])
    output = capsys.readouterr()
    assert status == 0, output.err
    return output.out


def seeded(tmp_path):
    """A site holding the first post as the saved-page importer wrote it, and a Blogger export with it too."""
    site = new_site(tmp_path)
    assert main(["import", "page", str(SEED), "--url", SEED_URL, "--date", "2015-05-17", "--site", str(site)]) == 0
    export = tmp_path / "feed.atom"
    export.write_text(CURRENT.read_text().replace("/2015/05/induction-demo.html", f"/{SEED_POST[6:]}.html"))
    return site, export


def test_a_post_from_another_source_is_kept_and_named_until_forced(tmp_path, capsys):
    site, export = seeded(tmp_path)
    capsys.readouterr()
    page = {p: (site / p).read_text() for p in (f"{SEED_POST}.md", f"comments/{SEED_POST[6:]}.md")}
    out = import_blogger(export, site, capsys)
    assert {p: (site / p).read_text() for p in page} == page
    assert "Already in the archive from another source, kept (use --force to replace): 1\n" \
           f"  {SEED_POST}.md (written by a saved page import)\n" in out
    assert "Discussions and images of the posts kept above, not written either: 1" in out
    assert out.index("Already in the archive") < out.index("Posts imported")  # problems first
    out = import_blogger(export, site, capsys, "--force")
    assert "Induction, a demo post" in (site / f"{SEED_POST}.md").read_text()
    assert "A comment on the demo post." in (site / f"comments/{SEED_POST[6:]}.md").read_text()
    assert json.loads((site / ".msblog-imports.json").read_text())[f"{SEED_POST}.md"]["source"] == "blogger"


def test_the_archives_own_first_post_is_not_replaced_by_a_blogger_import(tmp_path, capsys):
    """The real site's manifest names the saved page as the first post's source; a manifest written
    before sources were recorded (a digest alone) protects the post too."""
    for manifest, source in ((None, "a saved page import"),
                             ("digests only", "an import that did not record its source in .msblog-imports.json")):
        site = new_site(tmp_path / source.replace(" ", "-"))
        for path in (f"{SEED_POST}.md", f"comments/{SEED_POST[6:]}.md", ".msblog-imports.json"):
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / path, site / path)
        if manifest:
            entries = json.loads((site / ".msblog-imports.json").read_text())
            (site / ".msblog-imports.json").write_text(json.dumps({k: v["sha256"] for k, v in entries.items()}))
        export = tmp_path / "feed.atom"
        export.write_text(CURRENT.read_text().replace("/2015/05/induction-demo.html", f"/{SEED_POST[6:]}.html"))
        before = (site / f"{SEED_POST}.md").read_text()
        out = import_blogger(export, site, capsys)
        assert (site / f"{SEED_POST}.md").read_text() == before
        assert f"  {SEED_POST}.md (written by {source})" in out


def test_a_post_written_by_hand_is_kept(tmp_path, capsys):
    site = new_site(tmp_path)
    hand = site / "posts" / f"{DEMO}.md"
    hand.parent.mkdir(parents=True)
    hand.write_text("---\ndate: 2015-05-17\n---\n\n# Written by an editor\n")
    out = import_blogger(CURRENT, site, capsys)
    assert hand.read_text().endswith("# Written by an editor\n")
    assert f"posts/{DEMO}.md (written by hand or another tool: .msblog-imports.json does not list it)" in out
    assert not (site / "comments" / f"{DEMO}.md").exists()  # no discussion beside another source's post


def test_what_an_editor_deleted_is_not_brought_back_until_forced(tmp_path, capsys):
    site = new_site(tmp_path)
    import_blogger(CURRENT, site, capsys)
    post, discussion = site / "posts" / f"{DEMO}.md", site / "comments" / f"{DEMO}.md"
    written = post.read_text(), discussion.read_text()
    post.unlink()
    discussion.unlink()
    out = import_blogger(CURRENT, site, capsys)
    assert not post.exists() and not discussion.exists()
    assert ("Deleted by an editor since import, not brought back (use --force to restore): 1\n"
            f"  posts/{DEMO}.md\nDiscussions and images of the posts kept above, not written either: 1\n") in out
    assert "Files written: 0; unchanged: 2" in out
    out = import_blogger(CURRENT, site, capsys, "--force")
    assert (post.read_text(), discussion.read_text()) == written
    assert "Deleted by an editor" not in out


def test_a_deleted_post_gets_no_new_discussion(tmp_path, capsys):
    site = new_site(tmp_path)
    quiet = tmp_path / "quiet.atom"  # the demo post has no comment yet
    text = CURRENT.read_text()
    quiet.write_text(text.replace("<blogger:parent>tag:blogger.com,1999:blog-99.post-102</blogger:parent>",
                                  "<blogger:parent>tag:blogger.com,1999:blog-99.post-103</blogger:parent>"))
    import_blogger(quiet, site, capsys)
    assert not (site / "comments" / f"{DEMO}.md").exists()
    (site / "posts" / f"{DEMO}.md").unlink()
    out = import_blogger(CURRENT, site, capsys)  # a comment came since
    assert not (site / "comments" / f"{DEMO}.md").exists()
    assert "Discussions and images of the posts kept above, not written either: 1" in out


def test_the_summary_fits_a_screen_and_the_json_report_holds_everything(tmp_path, capsys):
    site = new_site(tmp_path)
    text = CURRENT.read_text()
    many = tmp_path / "many.atom"  # forty comments given twice: forty problems
    first = text.index("  <entry>\n    <id>tag:blogger.com,1999:blog-99.post-301</id>")
    comment = text[first:text.index("</entry>", first) + len("</entry>\n")]
    copies = "".join(comment.replace("post-301<", f"post-{n}<") * 2 for n in range(5000, 5040))
    many.write_text(text.replace(comment, comment + copies))
    report = tmp_path / "report.json"
    out = import_blogger(many, site, capsys, "--report", str(report))
    detail = json.loads(report.read_text())
    problems = detail["problems"]
    assert len([p for p in problems if "appears twice; the second is left out" in p]) == 40
    lines = out.splitlines()
    assert lines[:7] == [f"Problems: {len(problems)}", *(f"  {p}" for p in problems[:5]), f"  ... and {len(problems) - 5} more"]
    assert len(lines) < 25
    assert lines[-1] == f"Every file written and every item withheld, with why: {report}"
    assert detail["summary"]["comments"] == 48
    assert sorted(detail["written"]) == ["comments/2015/05/hsct-hamburg-experience.md", f"comments/{DEMO}.md",
                                         "posts/2015/05/hsct-hamburg-experience.md", f"posts/{DEMO}.md"]
    withheld = {(item["kind"], item["where"].rsplit("post-", 1)[-1].rstrip(")"), item["reason"]) for item in detail["withheld"]}
    assert withheld == {("post", "103", "draft"), ("post", "104", "scheduled"), ("post", "105", "trashed"),
                        ("post", "106", "trashed"), ("post", "107", "page"), ("post", "108", "status DELETED"),
                        ("comment", "208", "spam"), ("comment", "209", "trashed"), ("comment", "210", "pending"),
                        ("comment", "401", "for a post that is not imported (draft, page or missing)"),
                        ("comment", "402", "for a post that is not imported (draft, page or missing)")}
    assert all(item["where"].startswith(f"{many}:") for item in detail["withheld"])


@pytest.mark.parametrize("link", ["posts", "posts/2015", "comments", "comments/2015/05"])
def test_a_symbolic_link_on_the_way_to_a_file_is_refused_and_nothing_is_written(tmp_path, capsys, link):
    """A folder of the site that is a symbolic link could lead anywhere on the machine: the import names it and
    writes nothing, in the site or through the link."""
    site, outside = new_site(tmp_path), tmp_path / "outside"
    outside.mkdir()
    (site / link).parent.mkdir(parents=True, exist_ok=True)
    (site / link).symlink_to(outside, target_is_directory=True)
    before = sorted(site.rglob("*"))
    assert main(["import", "blogger", str(CURRENT), "--site", str(site)]) == 1
    assert f"msblog: {site / link}: a symbolic link (to {outside}) on the way to " in capsys.readouterr().err
    assert list(outside.iterdir()) == [] and sorted(site.rglob("*")) == before


def test_the_manifest_is_never_written_through_a_link(tmp_path, capsys):
    site, outside = new_site(tmp_path), tmp_path / "outside.json"
    outside.write_text("kept")
    (site / ".msblog-imports.tmp").symlink_to(outside)
    import_blogger(CURRENT, site, capsys)
    assert outside.read_text() == "kept" and f"{DEMO}.md" in (site / ".msblog-imports.json").read_text()


@pytest.mark.parametrize(("text", "line", "why"), [
    ('{\n"posts/2015/05/x.md": {"sha256": "0", "source": "blogger"},\n', 3, "is not valid JSON"),
    ("[1, 2]\n", 1, "is not a mapping of files to what each held"),
    ('{\n"posts/2015/05/x.md": 5\n}\n', 1, "is not a mapping of files to what each held"),
])
def test_a_broken_manifest_is_an_error_at_its_line_and_nothing_is_written(tmp_path, capsys, text, line, why):
    site = new_site(tmp_path)
    (site / ".msblog-imports.json").write_text(text)
    before = sorted(site.rglob("*"))
    assert main(["import", "blogger", str(CURRENT), "--site", str(site)]) == 1
    assert f"{site / '.msblog-imports.json'}:{line}: {why}" in capsys.readouterr().err
    assert sorted(site.rglob("*")) == before
