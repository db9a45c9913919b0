"""A title's own direction controls cannot end the isolate around it: a stray PDI is dropped, an isolate it leaves
open is closed, in the ``<bdi>`` of its heading and in the page's ``<title>``."""

from __future__ import annotations

import shutil

from msblog.model.names import balanced
from tests.helpers import TESTS, build, parse_html

TITLE = "Evil\u2069\u202e title reversed"  # its own PDI would close the isolate, and its RLO reverse what follows
OPEN = "Open \u2067isolate"


def test_a_title_cannot_close_the_isolate_around_it(tmp_path):
    site = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-import-site", site)
    (site / "posts/2016/01").mkdir(parents=True)
    for slug, title in (("stray", TITLE), ("open", OPEN)):
        (site / f"posts/2016/01/{slug}.md").write_text(
            f"---\ndate: '2016-01-10'\nauthor: {title}\ntags: {title}\n---\n\n# {title}\n\nText.\n", encoding="utf-8")
    (site / "comments/2016/01").mkdir(parents=True)
    (site / "comments/2016/01/stray.md").write_text(f":::{{comment}} 1\n:author: {TITLE}\n\nA comment.\n:::\n",
                                                   encoding="utf-8")
    out = build(site, tmp_path / "_build")
    isolates = [(page.relative_to(out).as_posix(), bdi.get_text())
                for page in out.rglob("*.html") for bdi in parse_html(page).find_all("bdi")]
    assert {text for _, text in isolates} >= {"Evil\u202e title reversed", "Open \u2067isolate\u2069"}
    assert [(page, text) for page, text in isolates if balanced(text) != text] == []
    page = parse_html(out / "posts/2016/01/stray.html")
    assert page.h1.bdi.get_text() == "Evil\u202e title reversed"
    assert page.title.get_text().startswith("\u2068Evil\u202e title reversed\u2069 - ")
    page = parse_html(out / "posts/2016/01/open.html")
    assert page.h1.bdi.get_text() == "Open \u2067isolate\u2069"
    assert page.title.get_text().startswith("\u2068Open \u2067isolate\u2069\u2069 - ")
