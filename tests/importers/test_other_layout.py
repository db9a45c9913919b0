"""An archive of another Blogger blog, in folders of its own: four settings in conf.py, and no change of code."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.cmd.build import build_main

from msblog.cli import main
from msblog.importers.blogger import read_blogger
from msblog.importers.run import import_export
from msblog.importers.wordpress import read_wordpress
from msblog.model.front_matter import FRONT_MATTER, load_front_matter
from tests.helpers import TESTS, new_site, parse_html
from tests.importers.test_takeout import ALBUM, DEMO_HTML, IMAGES, png, takeout_zip

EXPORTS = TESTS / "fixtures" / "exports"
FORMATS = {"older": EXPORTS / "blogger.xml", "current": EXPORTS / "blogger-current.atom"}
# The site's own configuration: its folders and its blog (the build reads the posts' folder it names).
DIARY = """
msblog_posts_dir = "articles"
msblog_comments_dir = "discussions"
msblog_registry_dir = "treatments"
msblog_blog = "my-ms-diary"
"""
HAMBURG, DEMO = "2015/05/hsct-hamburg-experience", "2015/05/induction-demo"
# A post of the blog the fixtures were written for: here another blog, whose links stay where they lead.
OTHER_BLOG = f"http://multiple-sclerosis-research.blogspot.com/{HAMBURG}.html"


def diary_site(folder):
    """An empty site of the "my-ms-diary" blog, in other folders, with a registry of one trial."""
    site = new_site(folder)
    (site / "conf.py").write_text((site / "conf.py").read_text() + DIARY)
    (site / "treatments").mkdir()
    (site / "treatments/mist.md").write_text("---\ntrial: MIST\n---\n\n# MIST\n\nA trial.\n")
    return site


def diary_export(folder, form: str):
    """The fixture export in ``form``, as the diary's: its addresses on my-ms-diary, and a link to the other blog."""
    text = FORMATS[form].read_text().replace("multiple-sclerosis-research", "my-ms-diary")
    link = "its first comment&lt;/a&gt;."
    assert text.count(link) == 1
    text = text.replace(link, f"its first comment&lt;/a&gt;; &lt;a href=\"{OTHER_BLOG}\"&gt;the other blog's&lt;/a&gt;.")
    export = folder / FORMATS[form].name
    export.write_text(text)
    return export


def front(path) -> dict:
    return load_front_matter(FRONT_MATTER.match(path.read_text()).group(1), path)


@pytest.mark.parametrize("form", FORMATS)
def test_a_blogger_import_writes_into_the_sites_folders(tmp_path, form):
    site = diary_site(tmp_path)
    report = import_export(read_blogger, diary_export(tmp_path, form), site)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.md") if p.parts[-2] != "treatments")
    assert files == ["articles/" + f"{HAMBURG}.md", f"articles/{DEMO}.md", f"discussions/{HAMBURG}.md",
                     f"discussions/{DEMO}.md", "index.md"]
    assert not (site / "posts").exists() and not (site / "comments").exists()
    assert sorted(json.loads((site / ".msblog-imports.json").read_text())) == files[:4]
    assert front(site / f"articles/{HAMBURG}.md")["original_url"] == f"http://my-ms-diary.blogspot.com/{HAMBURG}.html"
    # The two links to the diary's Hamburg post count, the other blog's does not.
    assert report.links_to_posts == 2


@pytest.mark.parametrize(("blogger_blog", "host"), [(True, "multiple-sclerosis-research"), (False, "my-ms-diary")])
def test_a_wordpress_post_from_blogger_is_on_the_blog_its_export_names_or_else_on_the_sites(tmp_path, blogger_blog, host):
    text = (EXPORTS / "wordpress.xml").read_text()
    meta = ("<wp:postmeta><wp:meta_key><![CDATA[blogger_blog]]></wp:meta_key>"
            "<wp:meta_value><![CDATA[multiple-sclerosis-research.blogspot.com]]></wp:meta_value></wp:postmeta>")
    assert meta in text
    export = tmp_path / "wordpress.xml"
    export.write_text(text if blogger_blog else text.replace(meta, ""))
    site = diary_site(tmp_path)
    import_export(read_wordpress, export, site)
    post = site / "articles/2016/01/a-post-from-blogger.md"
    assert front(post)["original_url"] == f"http://{host}.blogspot.com/2016/01/a-post-from-blogger.html"


def test_an_imported_post_kept_by_an_editor_keeps_its_discussion_in_the_sites_folders(tmp_path, capsys):
    site = diary_site(tmp_path)
    export = diary_export(tmp_path, "current")
    import_export(read_blogger, export, site)
    (site / f"articles/{DEMO}.md").unlink()
    (site / f"discussions/{DEMO}.md").write_text("edited by hand\n")
    assert main(["import", "blogger", str(export), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert f"Deleted by an editor since import, not brought back (use --force to restore): 1\n  articles/{DEMO}.md" in out
    assert "Discussions and images of the posts kept above, not written either: 1" in out
    assert (site / f"discussions/{DEMO}.md").read_text() == "edited by hand\n"


def test_a_takeouts_images_go_beside_the_post_in_the_sites_posts_folder(tmp_path, capsys):
    site = diary_site(tmp_path)
    html = (f'<img alt="On the diary" src="https://my-ms-diary.blogspot.com/photos/diary.png"/>'
            f'<img alt="On the other blog" src="https://multiple-sclerosis-research.blogspot.com/photos/other.png"/>')
    source = takeout_zip(tmp_path, {f"{ALBUM}/diary.png": png(80), f"{ALBUM}/other.png": png(90)}, html=html + DEMO_HTML)
    assert main(["import", "blogger", str(source), "--site", str(site)]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in (site / "articles" / DEMO).iterdir()) == ["diary.png", "mri-scan.png", "script-a-b-con.png"]
    assert not (site / "posts").exists()
    text = (site / f"articles/{DEMO}.md").read_text()
    assert "![On the diary](induction-demo/diary.png)" in text
    assert f"[![An MRI scan of the brain](induction-demo/mri-scan.png)]({IMAGES}/s1600/MRI%20scan.png)" in text
    # Only Blogger's image hosts and the diary's own are the post's: the other blog's image is not looked up.
    assert "![On the other blog](https://multiple-sclerosis-research.blogspot.com/photos/other.png)" in text
    assert main(["check", "--site", str(site)]) == 0, capsys.readouterr().out


def test_the_site_builds_with_warnings_as_errors_and_its_links_lead_into_its_archive(tmp_path):
    site = diary_site(tmp_path)
    import_export(read_blogger, diary_export(tmp_path, "older"), site)
    out = tmp_path / "html"
    assert build_main(["-W", "--keep-going", "-q", "-b", "html", str(site), str(out), "-d", str(tmp_path / "doctrees")]) == 0
    page = parse_html(out / f"articles/{DEMO}.html")
    links = {a.get_text(): a["href"] for a in page.find("article", role="main").find_all("a", href=True)}
    assert links["the Hamburg post"] == "hsct-hamburg-experience.html"
    assert links["its first comment"] == "hsct-hamburg-experience.html#comment-201"
    assert links["the other blog's"] == OTHER_BLOG
    hamburg = parse_html(out / f"articles/{HAMBURG}.html")
    assert len(hamburg.select("#discussion article.comment")) == 7
    mention = hamburg.select_one("#discussion a[href$='mist.html']")
    assert mention is not None and mention["href"].endswith("treatments/mist.html")
    assert (out / "treatments/mist.html").is_file()
    missing = set()
    for file in out.rglob("*.html"):
        for link in parse_html(file).find_all(["a", "link"], href=True):
            target = urlsplit(link["href"])
            if not target.scheme and not target.netloc and target.path:
                missing |= {target.path} - {"404.html"} if not (file.parent / unquote(target.path)).exists() else set()
    assert missing == set(), "links to pages the site does not have (a folder of the default layout?)"
