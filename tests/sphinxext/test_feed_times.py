"""Each entry of the feed is dated as its post is, in the post's own time zone; the feed, as its newest entry."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import feedparser

from msblog.sphinxext import feed_copies
from tests.helpers import build, new_site, write_files


def test_each_entry_is_dated_in_its_posts_own_time_zone_and_the_feed_when_its_newest_entry_was(tmp_path):
    """ABlog wrote the time of day a post was written in the building machine's zone (UTC here): 09:15 at +01:00
    became 09:15 at +00:00, an hour off; the feed's own time was the time of the build, a change in every build. A
    post is updated when its {update} note says, as its page shows (an ``update`` in front matter is no one's)."""
    site = write_files(new_site(tmp_path), {
        "posts/2015/05/zoned.md": "---\ndate: '2015-05-16T09:15:00+01:00'\n---\n\n# Zoned\n\nText.\n",
        "posts/2016/02/west.md": "---\ndate: 2016-02-10T23:30:00-12:00\nupdate: 2099-12-31\n---\n\n# West\n\nText.\n\n"
                                 "```{update} 2016-02-12\nA correction.\n```\n",
        "posts/2016/03/day.md": "---\ndate: 2016-03-01\n---\n\n# A day\n\nText.\n"})
    feed = feedparser.parse(build(site, tmp_path / "_build").joinpath("blog/atom.xml").read_text())
    assert [(e.title, e.published, e.updated) for e in feed.entries] == [
        ("A day", "2016-03-01T00:00:00+00:00", "2016-03-01T00:00:00+00:00"),
        ("West", "2016-02-10T23:30:00-12:00", "2016-02-12T00:00:00+00:00"),
        ("Zoned", "2015-05-16T09:15:00+01:00", "2015-05-16T09:15:00+01:00")]
    assert feed.feed.updated == "2016-03-01T00:00:00+00:00"


def test_feed_time():
    assert feed_copies.feed_time(date(2016, 3, 1)) == "2016-03-01T00:00:00+00:00"
    assert feed_copies.feed_time(datetime(2016, 3, 1, 9, 5)) == "2016-03-01T09:05:00+00:00"
    zone = timezone(timedelta(hours=-12))
    assert feed_copies.feed_time(datetime(2016, 2, 10, 23, 30, tzinfo=zone)) == "2016-02-10T23:30:00-12:00"
