"""``msblog import`` and ``msblog check`` read the site's layout from its conf.py, and refuse one they cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from msblog.cli import main
from tests.helpers import TESTS, write_files

CURRENT = TESTS / "fixtures" / "exports" / "blogger-current.atom"
CONF = """msblog_posts_dir = "articles"
msblog_comments_dir = "discussions"
msblog_registry_dir = "treatments"
msblog_blog = "my-ms-diary"
blog_path = "news"
"""
DIARY = "http://my-ms-diary.blogspot.com"
OTHER = "http://multiple-sclerosis-research.blogspot.com"
FIRST = f"""---
date: 2016-01-10
original_url: {DIARY}/2016/01/first.html
redirect: 2016/01/old-first
---

# The first post

{{therapy}}`HSCT`; see [the second post](../02/second.md) and {{doc}}`/articles/2016/02/second`.
[On the phone](https://my-ms-diary.blogspot.co.uk/2016/02/second.html?m=1), [not archived]({DIARY}/2015/05/gone.html)
and [another blog's]({OTHER}/2015/05/gone.html).
"""
SECOND = "---\ndate: 2016-02-01\n---\n\n# The second post\n\nText.\n"
THREAD = ":::{comment} 1\n\nA comment.\n:::\n\n:::{comment} 1.1\n:reply-to: 1\n\nA reply.\n:::\n"


def diary_site(root: Path) -> Path:
    """A site of the my-ms-diary blog in folders of its own, with nothing wrong in it."""
    files = {"conf.py": CONF, "index.md": "# The diary\n", "articles/2016/01/first.md": FIRST,
             "articles/2016/02/second.md": SECOND, "discussions/2016/01/first.md": THREAD,
             "treatments/hsct.md": "---\ntherapy: HSCT\n---\n\n# HSCT\n"}
    return write_files(root, files)


def check(site: Path, capsys) -> tuple[int, list[str]]:
    status = main(["check", "--site", str(site)])
    return status, capsys.readouterr().out.splitlines()


def edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))


def test_the_check_reads_the_sites_folders_and_its_blog(tmp_path, capsys):
    site = diary_site(tmp_path)
    # The default folders are nothing to this site: whatever they hold is not its content.
    (site / "comments/2016/01").mkdir(parents=True)
    (site / "comments/2016/01/first.md").write_text(":::{comment} 1\n:reply-to: 9\n\nNo post here.\n:::\n")
    (site / "therapies").mkdir()
    (site / "therapies/broken.md").write_text("---\ncolour: red\n---\n")
    assert check(site, capsys) == (0, [
        "articles/2016/01/first.md:10: notice: links to the original blog's post 2015/05/gone, which is not archived: "
        f"{DIARY}/2015/05/gone.html",
    ])


def test_the_check_finds_what_is_wrong_in_the_sites_folders(tmp_path, capsys):
    site = diary_site(tmp_path)
    edit(site, "discussions/2016/01/first.md", ":reply-to: 1", ":reply-to: 7")
    (site / "discussions/2016/03").mkdir()
    (site / "discussions/2016/03/gone.md").write_text(THREAD)
    edit(site, "articles/2016/01/first.md", "../02/second.md", "../02/missing.md")
    edit(site, "articles/2016/01/first.md", "{therapy}`HSCT`", "{therapy}`Unobtainium`")
    edit(site, "articles/2016/01/first.md", f"{DIARY}/2016/01/first.html", f"{DIARY}/2016/01/other.html")
    edit(site, "articles/2016/01/first.md", "redirect: 2016/01/old-first", "redirect: treatments/hsct/page/2, news/2016")
    edit(site, "articles/2016/02/second.md", "Text.", "![A scan](https://my-ms-diary.blogspot.com/scan.png)")
    (site / "treatments/bad.md").write_text("---\ntherapy: natalizumab\ncolour: red\n---\n")
    status, lines = check(site, capsys)
    assert status == 1
    assert lines == [
        "articles/2016/01/first.md:3: original_url is the address of 2016/01/other, not of 2016/01/first",
        "articles/2016/01/first.md:4: old path 'news/2016' (redirect) is a page of the site: the page sending readers "
        "on to this post would replace it",
        "articles/2016/01/first.md:4: old path 'treatments/hsct/page/2' (redirect) is a page of the site: the page "
        "sending readers on to this post would replace it",
        "articles/2016/01/first.md:9: link to '../02/missing.md': no such page",
        "articles/2016/01/first.md:9: unknown therapy 'Unobtainium': not in the registry",
        "discussions/2016/01/first.md:6: comment '1.1' replies to '7', which is not an earlier comment in this file",
        "discussions/2016/03/gone.md:1: discussion has no post: articles/2016/03/gone.md does not exist",
        "treatments/bad.md:3: unknown registry key 'colour' (known: aliases, brands, kind, registrations, therapy, trial, trials)",
        "articles/2016/01/first.md:10: notice: links to the original blog's post 2015/05/gone, which is not archived: "
        f"{DIARY}/2015/05/gone.html",
        "articles/2016/02/second.md:7: notice: image still served from the old blog's host my-ms-diary.blogspot.com: "
        "https://my-ms-diary.blogspot.com/scan.png",
    ]


BAD_SETTINGS = {
    'msblog_posts_dir = "../x"': "msblog_posts_dir must name a folder inside the site, written as portable slugs joined "
                                 "by / (as archive/posts): '../x': '..': it holds ., which a slug may not (it has only "
                                 "lower-case letters, digits, marks, - and _)",
    'msblog_blog = "my.ms.diary"': "msblog_blog must be a Blogger blog's name, the <name> of <name>.blogspot.com "
                                   "(lower-case letters, digits and -): 'my.ms.diary'",
    'html_theme = "furo"\nraise RuntimeError("no theme")': "conf.py failed: RuntimeError: no theme",
}


@pytest.mark.parametrize("setting", BAD_SETTINGS)
@pytest.mark.parametrize("command", ["import", "check"])
def test_a_conf_py_the_archive_cannot_use_is_refused_at_its_line_and_nothing_is_written(tmp_path, capsys, setting, command):
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text(f'project = "A diary"\n{setting}\n')
    argv = ["import", "blogger", str(CURRENT)] if command == "import" else ["check"]
    assert main([*argv, "--site", str(site)]) == 1
    out, err = capsys.readouterr()
    line = 3 if "raise" in setting else 2
    assert (out, err) == ("", f"{site / 'conf.py'}:{line}: {BAD_SETTINGS[setting]}\n")
    assert [p.name for p in site.iterdir()] == ["conf.py"]
