"""A post's date is held to the model's one rule at import, as the build holds it: a refused date is a problem
at file:line, and its post is withheld and counted, with its comments, so that the first build does not fail."""

from __future__ import annotations

import json

import pytest

from msblog.cli import main
from tests.helpers import TESTS, new_site

EXPORTS = TESTS / "fixtures" / "exports"

# (importer, export, the first post's date as the export gives it, the same date written otherwise, its path)
SOURCES = {
    "blogger": ("blogger", "blogger.xml", "<published>2015-05-16T09:15:00.000+01:00</published>",
                "<published>{}T09:15:00.000+01:00</published>", "posts/2015/05/hsct-hamburg-experience.md"),
    "blogger-current": ("blogger", "blogger-current.atom", "<published>2015-05-16T08:15:00Z</published>",
                        "<published>{}T08:15:00Z</published>", "posts/2015/05/hsct-hamburg-experience.md"),
    "wordpress": ("wordpress", "wordpress.xml", "<wp:post_date_gmt><![CDATA[2016-01-12 08:30:00]]>",
                  "<wp:post_date_gmt><![CDATA[{} 08:30:00]]>", "posts/2016/01/a-post-from-blogger.md"),
}


@pytest.mark.parametrize("day", ["2051-01-01", "0001-01-01"])
@pytest.mark.parametrize("source", SOURCES)
def test_a_refused_post_date_is_a_problem_at_its_line_and_its_post_is_withheld(tmp_path, capsys, source, day):
    importer, name, old, new, path = SOURCES[source]
    text = (EXPORTS / name).read_text()
    assert old in text
    if importer == "wordpress":  # the local date is that of the GMT one
        text = text.replace("<wp:post_date><![CDATA[2016-01-12 08:30:00]]>", f"<wp:post_date><![CDATA[{day} 08:30:00]]>")
    text = text.replace(old, new.format(day), 1)
    export = tmp_path / name
    export.write_text(text)
    site = new_site(tmp_path)
    status = main(["import", importer, str(export), "--site", str(site), "--report", str(tmp_path / "report.json")])
    out = capsys.readouterr().out
    assert status == 0
    line = text[:text.index(day)].count("\n") + 1
    entry = text[:text.rindex("<entry>" if importer == "blogger" else "<item>", 0, text.index(day))].count("\n") + 1
    problem = next(p for p in out.splitlines() if day in p)
    assert problem.startswith(f"  {export}:{entry} (") and f"post date '{day}" in problem  # the entry's line
    assert ("after the day of the build" if day.startswith("2051") else "before 1900") in problem
    assert "date refused" in out.split("Items skipped: ", 1)[1].splitlines()[0]
    assert not (site / path).exists() and not (site / path.replace("posts/", "comments/", 1)).exists()
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["summary"]["skipped"]["date refused"] == 1
    assert any(item["reason"].startswith("for a post that is not imported")
               for item in report["withheld"] if item.get("kind") == "comment")
    assert {"kind": "post", "where": problem.strip().split(": ", 1)[0], "reason": "date refused"} in report["withheld"]
    assert line >= entry
