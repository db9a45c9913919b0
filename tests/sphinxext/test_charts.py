"""Therapy pages show what was said, year by year: the chart and its table, the words of each mention, the index's
small charts; never stale after an incremental build, and written again only when they change."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import build, copy_root, incremental_and_clean, parse_html, words

HSCT = "therapies/hsct.html"
INDEX = "therapies/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("therapy-years")
    return build(copy_root("therapy-years", work), work / "out")


def chart_rows(page) -> list[tuple[str, ...]]:
    """Each year the chart draws: its label and the numbers by its two bars."""
    return [tuple(text.get_text() for text in year.select("text")) for year in page.select(".mention-chart-svg .chart-year")]


def table_rows(page) -> list[tuple[str, ...]]:
    return [tuple(cell.get_text() for cell in row.select("th, td")) for row in page.select(".mention-chart-table tbody tr")]


def test_the_chart_counts_posts_and_comments_each_year_from_the_first_to_the_last(built):
    page = parse_html(built / HSCT)
    assert chart_rows(page) == [("2013", "1", "0"), ("2014", "0", "0"), ("2015", "0", "2"), ("2016", "1", "1")]
    assert table_rows(page) == [("2013", "1", "0"), ("2014", "0", "0"), ("2015", "0", "2"), ("2016", "1", "1")]
    assert page.select_one(".mention-chart-table summary") is not None  # the table, in a <details>


def test_the_chart_comes_right_after_the_facts_and_is_an_image_with_a_title_and_description(built):
    page = parse_html(built / HSCT)
    assert page.select_one(".registry-facts").find_next_sibling().get("class") == ["mention-chart"]
    svg = page.select_one(".mention-chart svg")
    assert svg["role"] == "img"
    title, description = (page.find(id=name) for name in svg["aria-labelledby"].split())
    assert title.name == "title" and title.get_text() == "Posts and comments mentioning HSCT, a year"
    assert description.name == "desc" and "2013 to 2016" in description.get_text()
    assert not page.select(".mention-chart script, .mention-chart [style], .mention-chart foreignObject")


def test_comments_are_told_from_posts_by_a_pattern_not_colour_alone(built):
    svg = parse_html(built / HSCT).select_one(".mention-chart svg")
    hatch = svg.select_one("pattern")["id"]
    comments, posts = svg.select("rect.chart-comments"), svg.select("rect.chart-posts")
    assert comments and all(rect["fill"] == f"url(#{hatch})" for rect in comments)
    assert posts and not any(rect.has_attr("fill") for rect in posts)
    assert [text.get_text() for text in svg.find_all("text", recursive=False)] == ["Posts", "Comments"]  # the key


def test_bars_grow_with_their_numbers_and_zero_has_none(built):
    years = parse_html(built / HSCT).select(".mention-chart-svg .chart-year")
    widths = [[rect["width"] for rect in year.select("rect")] for year in years]
    assert widths == [["27.5%"], [], ["55.0%"], ["27.5%", "27.5%"]]


def test_an_entry_mentioned_nowhere_says_so_instead_of_a_chart(built, tmp_path):
    site = copy_root("therapy-years", tmp_path, lambda s: (s / "posts/2016/02/newest.md").write_text(
        (s / "posts/2016/02/newest.md").read_text().replace(" than Tysabri", "")))
    page = parse_html(build(site, tmp_path / "out") / "therapies/natalizumab.html")
    assert page.select_one(".mention-chart svg") is None
    assert words(page.select_one(".mention-chart").get_text()) == "No post or comment in the archive is mentioning natalizumab."


def test_mentions_are_grouped_by_the_year_of_the_post_newest_first(built):
    mentions = parse_html(built / HSCT).select_one("section.mentions")
    assert [h.get_text() for h in mentions.select(".mention-year > h3")] == ["2016", "2015", "2013"]
    assert [[a.get_text() for a in year.select(".mention-list > li > p > a")] for year in mentions.select(".mention-year")] == [
        ["The newest post"], ["A later post"], ["An early post"]]


def test_each_mention_shows_the_words_around_it_with_the_name_in_bold(built):
    mentions = parse_html(built / HSCT).select_one("section.mentions")
    quotes = [(words(q.get_text()), q.strong.get_text()) for q in mentions.select(".mention-excerpt")]
    assert quotes == [
        ("Is HSCT better than Tysabri?", "HSCT"),
        ("I had HSCT in 2014.", "HSCT"),
        ('<script>alert("HSCT")</script> I asked about HSCT & <b>its</b> risks.', "HSCT"),
        ("HSCT again, from someone the page does not name.", "HSCT"),
        # The sentence around it, cut to about 30 words where it is longer.
        ("The early results of HSCT in a small group of people with very active relapsing multiple sclerosis were "
         "better than …", "HSCT"),
    ]


def test_who_said_it_and_when_where_the_source_gives_them(built):
    mentions = parse_html(built / HSCT).select_one("section.mentions")
    said = [words(p.get_text()) for p in mentions.select(".mention-list li > p:first-child")]
    assert said == [
        "The newest post (Prof G, Monday, 1 February 2016)",
        "Comment 7 by Dana, Tuesday, 2 February 2016: 1 mention",
        "A later post (author unknown, Wednesday, 10 June 2015)",
        "Comment 1 by <img src=x onerror=alert(1)>Mallory, Thursday, 11 June 2015, 08:00 (UTC): 2 mentions",
        "Comment 2, author unknown, time unknown: 1 mention",
        "An early post (Prof G, Monday, 4 March 2013)",
    ]


def test_hostile_names_and_comment_text_stay_text(built):
    mentions = parse_html(built / HSCT).select_one("section.mentions")
    assert mentions.select("script, img, b, [onerror]") == []
    assert "<script>" in (built / HSCT).read_text().replace("&lt;script&gt;", "<script>")  # shown, escaped
    assert "&lt;script&gt;alert(" in (built / HSCT).read_text()


def test_each_mention_links_to_its_exact_place(built):
    page = built / HSCT
    places = [a["href"] for a in parse_html(page).select("section.mentions .mention-place a, section.mentions li li > p > a")]
    assert places == ["../posts/2016/02/newest.html#the-newest-post", "../posts/2016/02/newest.html#comment-7",
                      "../posts/2015/06/later.html#comment-1", "../posts/2015/06/later.html#comment-2",
                      "../posts/2013/03/early.html#an-early-post"]
    for href in places:
        target, _hash, anchor = href.partition("#")
        assert parse_html(page.parent / target).find(id=anchor) is not None, href


def test_a_mention_in_a_later_section_links_to_that_section(built, tmp_path):
    site = copy_root("therapy-years", tmp_path, lambda s: (s / "posts/2013/03/early.md").write_text(
        (s / "posts/2013/03/early.md").read_text().replace("results of HSCT in", "results in")))
    page = parse_html(build(site, tmp_path / "out") / HSCT)
    early = page.select(".mention-list")[-1]
    assert words(early.select_one(".mention-excerpt").get_text()) == "Two years on, aHSCT still held."
    assert early.select_one(".mention-place a")["href"] == "../posts/2013/03/early.html#later-results"


def test_the_index_shows_a_small_chart_for_every_entry_with_its_numbers_as_text(built):
    items = parse_html(built / INDEX).select("article li")
    assert [words(item.get_text()) for item in items] == [
        "HSCT 2 posts, 3 comments : by year, 2013: 1 post and 0 comments; 2015: 0 posts and 2 comments; "
        "2016: 1 post and 1 comment; none in other years from 2013 to 2016.",
        "natalizumab 1 post, 0 comments : by year, 2016: 1 post and 0 comments; none in other years from 2013 to 2016.",
    ]
    hsct, natalizumab = (item.select_one("svg") for item in items)
    assert hsct["aria-hidden"] == "true" and hsct["width"] == natalizumab["width"] == "24"  # four years, the same axis
    assert [rect["x"] for rect in hsct.select("rect")] == ["1", "13", "19"]  # 2013, 2015, 2016: none in 2014


def page_texts(out: Path) -> dict[str, str]:
    """The main text and charts of every registry page."""
    return {path.relative_to(out).as_posix(): str(parse_html(path).select_one('article[role="main"]'))
            for path in sorted((out / "therapies").rglob("*.html"))}


def move_a_mention_into_the_empty_year(site: Path) -> None:
    (site / "posts/2014/09").mkdir(parents=True)
    (site / "posts/2014/09/between.md").write_text("---\ndate: 2014-09-01\n---\n\n# Between\n\nHSCT, in 2014.\n")
    (site / "comments/2016/02/newest.md").unlink()


@pytest.mark.parametrize("parallel", [0, 2])
def test_an_incremental_build_equals_a_clean_one(tmp_path, parallel):
    out, clean = incremental_and_clean(tmp_path, copy_root("therapy-years", tmp_path), move_a_mention_into_the_empty_year,
                                       parallel)
    assert page_texts(out) == page_texts(clean)
    assert chart_rows(parse_html(out / HSCT)) == [("2013", "1", "0"), ("2014", "1", "0"), ("2015", "0", "2"),
                                                  ("2016", "1", "0")]
    assert "2014: 1 post and 0 comments" in parse_html(out / INDEX).select_one("article li").get_text()


def test_the_index_and_entry_pages_are_written_again_only_when_what_they_show_changed(tmp_path):
    site = copy_root("therapy-years", tmp_path)
    out = build(site, tmp_path / "out")
    pages = [INDEX, HSCT, "therapies/natalizumab.html"]

    def written() -> dict[str, int]:
        return {page: (out / page).stat().st_mtime_ns for page in pages}

    before = written()
    later = site / "posts/2015/06/later.md"
    later.write_text(later.read_text().replace("Nothing from the registry", "Still nothing from the registry"))
    build(site, tmp_path / "out")
    assert written() == before  # no chart, count or listed post changed
    newest = site / "comments/2016/02/newest.md"
    newest.write_text(newest.read_text() + "\n:::{comment} 8\n\nTysabri for me.\n:::\n")
    build(site, tmp_path / "out")
    after = written()
    assert [page for page in pages if after[page] != before[page]] == [INDEX, "therapies/natalizumab.html"]
    assert "1 post, 1 comment" in parse_html(out / INDEX).select("article li")[1].get_text()


def test_a_small_chart_of_many_years_fits_a_phone_s_width():
    """Posts may date from 1900: the index's common axis of 127 years is drawn narrower, never wider than 120 px
    (the index at 320 px scrolled sideways)."""
    import jinja2
    from bs4 import BeautifulSoup

    templates = jinja2.Environment(loader=jinja2.PackageLoader("msblog.sphinxext", "templates"))
    columns = [{"year": year, "posts": year % 3, "comments": 1, "height": 10} for year in range(1900, 2027)]
    svg = BeautifulSoup(templates.get_template("msblog/sparkline.html").render(columns=columns, undated=None),
                        "html.parser").svg
    assert svg["viewbox"] == "0 0 762 24" and svg["width"] == "120" and svg["preserveaspectratio"] == "none"
    assert len(svg.select("rect")) == 127
