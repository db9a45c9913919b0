"""``msblog check``: the site's content validated without building it."""

import subprocess
import sys
from pathlib import Path

import pytest

from msblog.check import check_site
from msblog.check.checks import Notice, exit_status
from msblog.cli import main
from tests.helpers import REPO, write_files

POST = """---
date: 2016-01-10
tags: Trials
original_url: http://multiple-sclerosis-research.blogspot.com/2016/01/first.html
---

# The first post

HSCT and {therapy}`Lemtrada`; see [the second post](../02/second.md) and {doc}`/posts/2016/02/second`.
[On the phone](https://multiple-sclerosis-research.blogspot.co.uk/2016/02/second.html?m=1).

```text
[not a link](nowhere.md) {therapy}`Unobtainium`
```
"""
SECOND = "---\ndate: 2016-02-01\n---\n\n# The second post\n\nText.\n"
COMMENTS = ":::{comment} 1\n\nA comment.\n:::\n\n:::{comment} 1.1\n:reply-to: 1\n\nA reply.\n:::\n"
REGISTRY = {
    "hsct.md": "---\ntherapy: HSCT\n---\n\n# HSCT\n",
    "alemtuzumab.md": "---\ntherapy: alemtuzumab\nbrands: [Lemtrada]\n---\n\n# Alemtuzumab\n",
}


def make_site(root: Path) -> Path:
    files = {"conf.py": "", "index.md": "# Test\n", "posts/2016/01/first.md": POST, "posts/2016/02/second.md": SECOND,
             "comments/2016/01/first.md": COMMENTS, **{f"therapies/{k}": v for k, v in REGISTRY.items()}}
    return write_files(root, files)


def check(site: Path, capsys) -> tuple[int, list[str]]:
    status = main(["check", "--site", str(site)])
    return status, capsys.readouterr().out.splitlines()


def test_a_clean_site_passes(tmp_path, capsys):
    assert check(make_site(tmp_path), capsys) == (0, [])


def test_the_archive_passes_with_a_notice_of_its_unarchived_link():
    found = check_site(REPO)
    assert [str(problem) for problem in found] == [
        "comments/2015/05/induction-therapies-more-science-is.md:24: notice: links to the original blog's post "
        "2015/05/hsct-hamburg-experience, which is not archived: "
        "http://multiple-sclerosis-research.blogspot.com/2015/05/hsct-hamburg-experience.html"
    ]
    assert (exit_status(found), exit_status(found, strict=True)) == (0, 1)


def edit(site: Path, name: str, old: str, new: str) -> None:
    path = site / name
    path.write_text(path.read_text().replace(old, new, 1))


def test_every_problem_is_one_line_with_its_place(tmp_path, capsys):
    site = make_site(tmp_path)
    edit(site, "posts/2016/01/first.md", "date: 2016-01-10", "date: 10 January")
    edit(site, "posts/2016/01/first.md", "/2016/01/first.html", "/2016/01/other.html")
    edit(site, "posts/2016/01/first.md", "{therapy}`Lemtrada`", "{therapy}`Unobtainium`")
    edit(site, "posts/2016/01/first.md", "../02/second.md", "../02/missing.md")
    edit(site, "posts/2016/01/first.md", "{doc}`/posts/2016/02/second`", "{doc}`the third </posts/2016/03/third>`")
    edit(site, "posts/2016/01/first.md", "/2016/02/second.html?m=1", "/2015/05/hsct-hamburg-experience.html")
    edit(site, "posts/2016/02/second.md", "date: 2016-02-01", "date: [unclosed")
    edit(site, "comments/2016/01/first.md", ":reply-to: 1", ":reply-to: 7")
    (site / "comments/2016/03").mkdir()
    (site / "comments/2016/03/gone.md").write_text(COMMENTS)
    (site / "therapies/bad.md").write_text("---\ntherapy: natalizumab\ncolour: red\n---\n")
    status, lines = check(site, capsys)
    assert status == 1
    assert lines == [
        "comments/2016/01/first.md:6: comment '1.1' replies to '7', which is not an earlier comment in this file",
        "comments/2016/03/gone.md:1: discussion has no post: posts/2016/03/gone.md does not exist",
        "posts/2016/01/first.md:2: date '10 January' is not a whole date: give its day, month and year (YYYY-MM-DD)",
        "posts/2016/01/first.md:4: original_url is the address of 2016/01/other, not of 2016/01/first",
        "posts/2016/01/first.md:9: link to '../02/missing.md': no such page",
        "posts/2016/01/first.md:9: unknown therapy 'Unobtainium': not in the registry",
        "posts/2016/01/first.md:9: {doc} link to '/posts/2016/03/third': no such page",
        "posts/2016/02/second.md:3: front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        "therapies/bad.md:3: unknown registry key 'colour' (known: aliases, brands, kind, registrations, therapy, trial, trials)",
        "posts/2016/01/first.md:10: notice: links to the original blog's post 2015/05/hsct-hamburg-experience, which is "
        "not archived: https://multiple-sclerosis-research.blogspot.co.uk/2015/05/hsct-hamburg-experience.html",
    ]


def test_only_an_address_on_the_original_blog_must_be_a_post_address(tmp_path, capsys):
    site = make_site(tmp_path)
    blogger = "http://multiple-sclerosis-research.blogspot.com/2016/01/first.html"
    edit(site, "posts/2016/01/first.md", blogger, "https://profg.example/2016/01/10/first/")
    assert check(site, capsys) == (0, [])
    edit(site, "posts/2016/01/first.md", "https://profg.example/2016/01/10/first/", "profg.example/first")
    edit(site, "posts/2016/02/second.md", "date: 2016-02-01",
         "date: 2016-02-01\noriginal_url: https://multiple-sclerosis-research.blogspot.co.uk/p/about.html")
    assert check(site, capsys) == (1, [
        "posts/2016/01/first.md:4: original_url is not a web address (http or https, with a host): 'profg.example/first'",
        "posts/2016/02/second.md:3: not a blog post address of the form /YYYY/MM/<slug>.html: "
        "https://multiple-sclerosis-research.blogspot.co.uk/p/about.html",
    ])


@pytest.mark.parametrize("written", ["17 May 2015", "May 17, 2015", "2015-05-17T10:32:00+01:00"])
def test_a_whole_date_in_another_form_passes(tmp_path, capsys, written):
    site = make_site(tmp_path)
    edit(site, "posts/2016/01/first.md", "date: 2016-01-10", f"date: '{written}'")
    status, lines = check(site, capsys)
    assert not [line for line in lines if "date" in line], lines


def test_a_page_may_link_pages_and_show_images_of_the_site_and_nothing_else_of_the_machine(tmp_path, capsys):
    site = make_site(tmp_path / "site")
    (tmp_path / "secret.txt").write_text("a file of the build machine\n")
    (site / "posts/2016/01/chart.png").write_bytes(b"an image of the site")
    (site / "posts/2016/01/notes.txt").write_text("a file of the site\n")
    (site / "posts/2016/01/linked.png").symlink_to(tmp_path / "secret.txt")
    (site / ".msblog-imports.json").write_text("{}\n")
    (site / "conf.py").write_text("extensions = ['msblog.sphinxext']\n")
    edit(site, "posts/2016/01/first.md", "```text", "\n".join([
        "![A chart](chart.png) [the second post](/posts/2016/02/second.md#top) [a section](#top)",
        "[passwd](../../../../../../../../etc/passwd) [secret](../../../../secret.txt) ![linked](linked.png)",
        "[configuration](/conf.py) [notes](notes.txt) [as a path](path:notes.txt) {download}`notes <notes.txt>`",
        "![missing](missing.png) [a web page](https://example.org/report.pdf) ![configuration](/conf.py)",
        ":::{include} ../../../../secret.txt",
        ":::",
        "```{figure} /../secret.txt",
        "```",
        "```text"]))
    (site / "therapies/hsct.md").write_text("---\ntherapy: HSCT\n---\n\n# HSCT\n\n[The import record](../.msblog-imports.json)\n")
    status, lines = check(site, capsys)
    outside = "is outside the site's folder: the build would publish a file of the machine it runs on"
    download = "would publish a file as a download: the archive publishes none (link to a page or a web address)"
    assert status == 1
    assert lines == [
        f"posts/2016/01/first.md:13: '../../../../../../../../etc/passwd' {outside}",
        f"posts/2016/01/first.md:13: '../../../../secret.txt' {outside}",
        f"posts/2016/01/first.md:13: 'linked.png' {outside}",
        f"posts/2016/01/first.md:14: link to '/conf.py' {download}",
        f"posts/2016/01/first.md:14: link to 'notes.txt' {download}",  # a link, path: and {download} alike
        "posts/2016/01/first.md:15: image '/conf.py' is not an image file (.avif, .gif, .jpeg, .jpg, .png, .svg, .webp): "
        "the build would publish it",
        "posts/2016/01/first.md:15: image 'missing.png': no such file",
        "posts/2016/01/first.md:16: {include} '../../../../secret.txt': a directive that reads a file into the page, "
        "or writes raw output, is refused: the archive's pages are their own text",
        f"posts/2016/01/first.md:18: '/../secret.txt' {outside}",
        f"therapies/hsct.md:7: link to '../.msblog-imports.json' {download}",
    ]


OLD_HOSTS = [
    "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh/s320/mri.png",
    "http://2.bp.blogspot.com/-abc/VV/AAA/s1600/mri.jpg",
    "https://lh3.googleusercontent.com/-abc/mri.jpg",
    "http://multiple-sclerosis-research.blogspot.co.uk/images/mri.gif",
]


def test_images_still_on_the_old_blogs_hosts_are_notices_that_do_not_fail_the_check(tmp_path):
    site = make_site(tmp_path)
    edit(site, "posts/2016/01/first.md", "```text", "\n".join([
        f"[![An MRI]({OLD_HOSTS[0]})]({OLD_HOSTS[1]})",
        f'![MRI]({OLD_HOSTS[2]}) ![An MRI]({OLD_HOSTS[3]}) ![Elsewhere](https://example.org/mri.png)',
        "```text"]))
    edit(site, "comments/2016/01/first.md", "A reply.", f"A reply with ![an image]({OLD_HOSTS[1]}).")
    found = check_site(site)
    assert all(isinstance(notice, Notice) for notice in found) and exit_status(found) == 0
    assert exit_status(found, strict=True) == 1
    assert [str(notice) for notice in found] == [
        f"comments/2016/01/first.md:9: notice: image still served from the old blog's host 2.bp.blogspot.com: {OLD_HOSTS[1]}",
        f"posts/2016/01/first.md:12: notice: image still served from the old blog's host blogger.googleusercontent.com: "
        f"{OLD_HOSTS[0]}",
        f"posts/2016/01/first.md:12: notice: links to an image still served from the old blog's host 2.bp.blogspot.com: "
        f"{OLD_HOSTS[1]}",
        f"posts/2016/01/first.md:13: notice: image still served from the old blog's host lh3.googleusercontent.com: "
        f"{OLD_HOSTS[2]}",
        "posts/2016/01/first.md:13: notice: image still served from the old blog's host "
        f"multiple-sclerosis-research.blogspot.co.uk: {OLD_HOSTS[3]}",
    ]


def test_the_command_exits_0_on_notices_alone_and_1_with_strict(capsys):
    status, lines = check(REPO, capsys)
    assert status == 0 and lines and all(": notice: " in line for line in lines)
    assert main(["check", "--site", str(REPO), "--strict"]) == 1


SPELLINGS = """---
date: 2016-01-05
---

# Other spellings

```{Include} ../../../conf.py
```

```{csv-table} T
---
file: /etc/passwd
---
```

```{eval-rst}
.. include :: ../../../conf.py
.. csv-table:: x
   :FILE: /etc/passwd
.. image:: ../../../conf.py
```

:::{card}
:img-top: /etc/passwd
:::

File: prose that names a file.
"""


def test_output_read_in_part_ends_the_command_without_an_error_of_its_own():
    """``msblog check | head -1``: what reads the notices stops reading; msblog says nothing of a broken pipe."""
    command = [sys.executable, "-c", "import sys; from msblog.cli import main; sys.exit(main(sys.argv[1:]))", "check"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # before anything is written: the first line written finds no reader
    assert process.stderr.read() == b"" and process.wait() == 1


def test_file_reading_directives_are_refused_however_they_are_spelt(tmp_path):
    site = make_site(tmp_path)
    (site / "posts/2016/01/spellings.md").write_text(SPELLINGS, encoding="utf-8")
    found = [(p.line, p.message.split(":")[0]) for p in check_site(site) if p.path.name == "spellings.md"]
    # 16: {eval-rst}, read as code (so no image at 20); 23: the card, whose option names a file
    assert [line for line, _ in found] == [7, 10, 12, 16, 17, 19, 23]  # the {csv-table} at 10 is read as code too


def test_a_page_outside_the_posts_folder_may_not_declare_itself_a_post(tmp_path):
    """As the build refuses it: ABlog's blogpost front matter or post directive outside posts/ (a directive as MyST
    reads one: never in code, a line of Markdown or {eval-rst}, which the build reads as code)."""
    site = make_site(tmp_path)
    (site / "index.md").write_text("---\nblogpost: true\n---\n# Home\n", encoding="utf-8")
    (site / "therapies" / "hsct.md").write_text(
        "---\ntherapy: HSCT\n---\n\n# HSCT\n\n:::{post} 2016-01-01\n:::\n\n```text\n:::{post}\n```\n\n"
        ".. post:: 2016-01-02\n\n```{eval-rst}\n.. post:: 2016-01-03\n```\n", encoding="utf-8")
    (site / "therapies" / "mist.md").write_text("---\ntherapy: MIST\nblogpost: false\n---\n\n# MIST\n", encoding="utf-8")
    found = [(str(p.path), p.line, p.message) for p in check_site(site) if "is a post" in p.message]
    message = "only a page in posts/ is a post: this page is not one, and not listed as one"
    assert found == [("index.md", 2, message), ("therapies/hsct.md", 7, message)]


def test_a_character_xml_cannot_hold_is_a_problem_at_its_line_in_any_page(tmp_path, capsys):
    """The Atom feed is XML: a control character in a page would stop the build (the build refuses it too)."""
    site = make_site(tmp_path)
    edit(site, "posts/2016/02/second.md", "Text.", "A vertical\x0btab, a\ttab and\r\na NUL\x00.")
    edit(site, "therapies/hsct.md", "# HSCT", "# HSCT\x1f")
    assert check(site, capsys) == (1, [
        f"{path}:{line}: U+{code} (a control character) is a character XML cannot hold, and the Atom feed is XML: "
        "delete it, or write the character it stands for"
        for path, line, code in [("posts/2016/02/second.md", 7, "000B"), ("posts/2016/02/second.md", 8, "0000"),
                                 ("therapies/hsct.md", 5, "001F")]])


def test_look_alikes_of_identifiers_in_posts_and_comments_are_notices_and_a_bad_role_a_problem(tmp_path, capsys):
    site = make_site(tmp_path)
    edit(site, "posts/2016/01/first.md", "HSCT and", "NCT0034642 (not NCT00346424) and `NCT1` and {nct}`NCT12` and HSCT and")
    edit(site, "comments/2016/01/first.md", "A reply.", "See doi:10.12/abc and PMID: 21175342.")
    status, lines = check(site, capsys)
    assert lines == [
        "posts/2016/01/first.md:9: {nct} role: 'NCT12' looks like a ClinicalTrials.gov number but is not one: "
        "an NCT number is NCT and 8 digits",
        "comments/2016/01/first.md:9: notice: 'doi:10.12/abc' looks like a DOI but is not one: a DOI is 10., a "
        "registrant code of 4 to 9 digits, '/' and a suffix, no part of it '.' or '..': the build leaves it unlinked",
        "posts/2016/01/first.md:9: notice: 'NCT0034642' looks like a ClinicalTrials.gov number but is not one: "
        "an NCT number is NCT and 8 digits: the build leaves it unlinked",
    ]
    assert status == 1
    edit(site, "posts/2016/01/first.md", "{nct}`NCT12`", "{nct}`NCT00000012`")
    assert check(site, capsys)[0] == 0 and main(["check", "--strict", "--site", str(site)]) == 1


def test_a_role_s_target_is_read_as_sphinx_reads_an_explicit_title(tmp_path, capsys):
    """The target is all that follows the title's first '<', to the '>' that ends the role: an old Wiley DOI's SICI,
    which holds '<' and '>', is read whole; with no title before it, '<...>' is the target as written."""
    site = make_site(tmp_path)
    sici = "10.1002/(SICI)1097-4679(199711)53:7<803::AID-JCLP1>3.0.CO;2-J"
    edit(site, "posts/2016/01/first.md", "HSCT and", f"{{doi}}`the paper <{sici}>` and {{pmid}}`<21175342>` and")
    status, lines = check(site, capsys)
    assert lines == ["posts/2016/01/first.md:9: {pmid} role: '<21175342>' looks like a PubMed ID but is not one: a "
                     "PubMed ID is 1 to 8 digits"]
    assert status == 1


def test_a_file_not_in_utf_8_is_a_problem_at_its_line_and_the_rest_is_checked(tmp_path, capsys):
    site = make_site(tmp_path)
    (site / "posts/2016/02/second.md").write_bytes(b"---\ndate: 2016-02-01\n---\n\n# The second post\n\nCaf\xe9.\n")
    (site / "comments/2016/01/first.md").write_bytes(b":::{comment} 1\n\nA \xed\xa0\x80 lone surrogate.\n:::\n")
    (site / "therapies/hsct.md").write_bytes(b"---\ntherapy: HSCT\n---\n\n# HSCT \xff\n")
    edit(site, "posts/2016/01/first.md", "HSCT and", "NCT123 and HSCT and")
    message = "the file is not UTF-8, as every page, discussion and bibliography must be: save it as UTF-8"
    assert check(site, capsys) == (1, [
        f"comments/2016/01/first.md:3: {message}",
        "posts/2016/01/first.md:9: unknown therapy 'Lemtrada': not in the registry",  # as with any registry unread
        f"posts/2016/02/second.md:7: {message}", f"therapies/hsct.md:5: {message}",
        "posts/2016/01/first.md:9: notice: 'NCT123' looks like a ClinicalTrials.gov number but is not one: "
        "an NCT number is NCT and 8 digits: the build leaves it unlinked"])


def test_links_are_read_as_myst_reads_them_as_the_build_does(tmp_path, capsys):
    """Escaped link syntax and code are text (the importers escape a source's own brackets); a reference link
    resolves to its definition, at the line where it is used; a link in a directive's body is a link."""
    site = make_site(tmp_path)
    edit(site, "posts/2016/01/first.md", "```text", "\n".join([
        r"\[not a link\](/etc/passwd) and `[code](../../../conf.py)`.",
        "A [reference][cfg], and on the",
        "paragraph's second line an image ![pw][pw].",
        "",
        ":::{note}",
        ":class: aside",
        "[In a note](../../../pyproject.toml)",
        ":::",
        "",
        "[cfg]: ../../../conf.py",
        "[pw]: ../../../../../etc/passwd.png",
        "",
        "```text"]))
    assert check(site, capsys) == (1, [
        "posts/2016/01/first.md:13: link to '../../../conf.py' would publish a file as a download: the archive "
        "publishes none (link to a page or a web address)",
        "posts/2016/01/first.md:14: '../../../../../etc/passwd.png' is outside the site's folder: the build would "
        "publish a file of the machine it runs on",
        "posts/2016/01/first.md:18: link to '../../../pyproject.toml': no such page"])


@pytest.mark.parametrize("named", [None, "refs/cited.bib"])
def test_the_bibliography_is_read_as_the_build_reads_it(tmp_path, capsys, named):
    """papers.bib, or the file conf.py names: a malformed entry is a problem at its line, as the build says."""
    site = make_site(tmp_path)
    bib = site / (named or "papers.bib")
    bib.parent.mkdir(exist_ok=True)
    bib.write_text("@article{good,\n  title = {Fine},\n  pmid = {21175342},\n}\n\n@article{bad,\n  title = {Bad},\n"
                   "  pmid = {notanumber},\n}\n")
    if named:
        (site / "conf.py").write_text(f"msblog_bibliography = {named!r}\n")
    status, lines = check(site, capsys)
    assert status == 1 and [line for line in lines if line.startswith(str(bib.relative_to(site)))] == [
        f"{bib.relative_to(site)}:6: entry 'bad': 'notanumber' looks like a PubMed ID but is not one: a PubMed ID is "
        "1 to 8 digits"]
