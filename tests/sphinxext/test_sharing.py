"""Pages that share and index well: descriptions, Open Graph, and a post's schema.org linked data."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from msblog.sphinxext.listings import description
from msblog.sphinxext.sharing import DESCRIPTION_LENGTH, first_words, page_description, script_json
from tests.helpers import SEED_POST, SITE_URL, build, copy_root, meta, parse_html, words

OLDEST, MIDDLE, UNDATED = "posts/2010/03/oldest", "posts/2012/06/middle", "posts/2014/01/undated"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The post pages test root, built once for the tests that read it: its output folder."""
    work = tmp_path_factory.mktemp("post-pages")
    return build(copy_root("post-pages", work), work / "out")


def page(outdir, name: str) -> BeautifulSoup:
    return parse_html(outdir / f"{name}.html")


def linked_data(html: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string) for script in html.find_all("script", type="application/ld+json")]


def comments(items: list[dict]) -> list[dict]:
    """Every comment of a tree of schema.org comments, in the order of the page."""
    return [found for item in items for found in [item, *comments(item.get("comment", []))]]


# --- Descriptions ------------------------------------------------------------------------------------------------

def test_a_short_text_is_its_whole_description():
    assert first_words(["  A short   text. ", "", "Two paragraphs."]) == "A short text. Two paragraphs."


def test_whole_sentences_are_kept_when_they_fill_most_of_the_description():
    sentence = "This sentence is twenty-nine."  # 29 characters
    text = first_words([" ".join([sentence] * 10)])
    assert text == " ".join([sentence] * 5)  # 149 characters; a sixth would pass 160


def test_a_paragraph_ends_a_sentence():
    assert first_words(["A" * 120 + " no full stop", "B" * 100]) == "A" * 120 + " no full stop"


def test_otherwise_the_words_are_cut_after_a_word():
    text = first_words(["Short. " + "word " * 60])
    assert text == "Short. " + " ".join(["word"] * 30) + "…" and len(text) <= DESCRIPTION_LENGTH


def test_a_word_longer_than_the_description_is_cut():
    assert first_words(["x" * 500]) == "x" * (DESCRIPTION_LENGTH - 1) + "…"


@given(st.lists(st.text(st.sampled_from("ab .,!?\n"), max_size=120), max_size=6))
def test_a_description_is_the_texts_first_words(paragraphs):
    text = " ".join(" ".join(p.split()) for p in paragraphs if p.split())
    found = first_words(paragraphs)
    assert len(found) <= DESCRIPTION_LENGTH
    assert text.startswith(found.removesuffix("…"))
    kept = found.removesuffix("…")
    if kept != found and not text.startswith(found):  # cut after a word, or inside one too long for a description
        assert text[len(kept)] in " ,;:" or " " not in text[:DESCRIPTION_LENGTH - 1]


def test_a_posts_description_is_its_sources_escaped(built):
    html = page(built, OLDEST)
    given = "The source's own summary: </script><!-- & \"quoted\""
    assert meta(html, "description") == [given] and meta(html, "og:description") == [given]
    assert '<meta name="description" content="The source&#x27;s own summary: &lt;/script&gt;&lt;!-- &amp; &quot;' in (
        (built / f"{OLDEST}.html").read_text())


def test_a_post_without_one_is_described_by_its_first_words_not_its_facts(built):
    html = page(built, MIDDLE)
    [description] = meta(html, "description")
    assert description == ("Short first sentence. A second sentence that runs on and on, long enough to take the text "
                           "past what a search engine shows, so that the description must be cut…")
    assert meta(html, "og:description") == [description]


def test_first_words_noted_by_parallel_readers_describe_their_pages(tmp_path):
    out = build(copy_root("post-pages", tmp_path), tmp_path / "out", parallel=2)
    assert meta(page(out, MIDDLE), "description")[0].startswith("Short first sentence. A second sentence")
    assert meta(page(out, UNDATED), "description") == ["Nothing here gives its date."]


def test_a_registry_page_is_described_by_its_description_not_its_names(built):
    html = page(built, "therapies/hsct")
    assert meta(html, "description") == ["Haematopoietic stem cell transplantation: the immune system is rebooted "
                                         "with the person's own stem cells."]
    assert meta(html, "og:type") == ["website"] and linked_data(html) == []


def test_a_listing_describes_what_it_lists_and_is_a_website(built):
    html = page(built, "blog/tag/trials")
    description = "Posts tagged Trials in the Test Archive: 3 posts, newest first."
    assert meta(html, "description") == [description] and meta(html, "og:description") == [description]
    assert meta(html, "og:type") == ["website"]
    assert meta(html, "og:title") == ["Posts tagged Trials"]
    assert meta(html, "og:url") == ["https://example.org/blog/tag/trials.html"]
    assert linked_data(html) == []


def test_a_catalog_describes_what_it_lists(built):
    html = page(built, "blog/tag")
    said = "Tags of the posts in the Test Archive, each with how many posts it holds."
    assert meta(html, "description") == [said] and meta(html, "og:description") == [said]
    assert meta(html, "og:url") == ["https://example.org/blog/tag.html"]


def test_a_later_page_of_what_the_site_makes_says_which_it_is():
    env = SimpleNamespace(msblog_first_words={})
    said = description("Posts from 2015 in the Test Archive: 45 posts, newest first.", {"number": 2, "count": 3})
    assert page_description(env, "blog/2015/page/2", {"msblog_description": said}) == (
        "Posts from 2015 in the Test Archive: 45 posts, newest first. Page 2 of 3.")
    assert page_description(env, "genindex", {}) == ""


def test_a_posts_open_graph_title_is_its_whole_title(built):
    assert meta(page(built, OLDEST), "og:title") == ["The oldest post </script><!--"]


# --- Open Graph articles ------------------------------------------------------------------------------------------

def test_a_post_is_an_article_with_its_date_authors_and_tags(built):
    html = page(built, OLDEST)
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "article:published_time") == ["2010-03-01"]
    assert meta(html, "article:author") == ["Ann Author"]
    assert meta(html, "article:tag") == ["HSCT", "Trials"]


def test_an_article_has_only_what_its_source_gives(built):
    middle = page(built, MIDDLE)
    assert meta(middle, "article:published_time") == ["2012-06-15T10:00:00+01:00"]  # with its time zone
    assert meta(middle, "article:author") == []
    undated = page(built, UNDATED)  # only a note on its date
    assert meta(undated, "og:type") == ["article"]
    assert meta(undated, "article:published_time") == [] and meta(undated, "article:tag") == []


# --- Linked data ---------------------------------------------------------------------------------------------------

def test_a_post_is_a_blog_posting_with_its_discussion(built):
    html = page(built, OLDEST)
    [data] = linked_data(html)
    url = "https://example.org/posts/2010/03/oldest.html"
    assert {key: data[key] for key in ("@context", "@type", "headline", "url", "datePublished", "author", "keywords")} == {
        "@context": "https://schema.org", "@type": "BlogPosting", "headline": "The oldest post </script><!--", "url": url,
        "datePublished": "2010-03-01", "author": [{"@type": "Person", "name": "Ann Author"}], "keywords": ["HSCT", "Trials"]}
    assert data["isBasedOn"] == "http://multiple-sclerosis-research.blogspot.com/2010/03/oldest.html"
    assert data["commentCount"] == 3
    assert data["comment"] == [
        {"@type": "Comment", "url": f"{url}#comment-1", "text": "A named comment.",
         "author": {"@type": "Person", "name": "Alice"}, "datePublished": "2010-03-02T09:00:00+00:00",
         "comment": [{"@type": "Comment", "url": f"{url}#comment-2", "text": "A reply with neither name nor time."}]},
        {"@type": "Comment", "url": f"{url}#comment-3", "text": "A comment with a name and no time.",
         "author": {"@type": "Person", "name": "Bob"}}]
    for item in comments(data["comment"]):
        assert html.find(id=item["url"].partition("#")[2]) is not None


def test_linked_data_keeps_removed_comments_in_place_and_gives_nothing_unknown(built):
    [data] = linked_data(page(built, MIDDLE))
    assert "author" not in data and data["commentCount"] == 4
    found = comments(data["comment"])
    assert [item["url"].partition("#")[2] for item in found] == ["comment-1", "comment-1.1", "comment-2", "comment-2.1"]
    assert found[2] == {"@type": "Comment", "url": "https://example.org/posts/2012/06/middle.html#comment-2",
                        "creativeWorkStatus": "Deleted", "comment": [found[3]]}
    assert not any("author" in item or "datePublished" in item for item in found)
    assert found[0]["text"] == "No name, no time. </script><!-- and & stay text."


def test_a_post_without_a_date_or_comments_says_so_by_leaving_them_out(built):
    [data] = linked_data(page(built, UNDATED))
    assert "datePublished" not in data and "comment" not in data and data["commentCount"] == 0


def test_no_text_breaks_out_of_the_linked_data(built):
    text = (built / f"{MIDDLE}.html").read_text()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    assert not set("<>&") & set(script)


@given(st.text())
def test_script_json_is_the_data_and_stays_inside_its_script(value):
    data = {"text": value, "list": [value, {"nested": f"</script><!--{value}"}]}
    written = script_json(data)
    assert json.loads(written) == data
    scripts = BeautifulSoup(f'<script type="application/ld+json">{written}</script><p>after</p>', "html.parser")
    assert [script.string for script in scripts.find_all("script")] == [written]


# --- The real site --------------------------------------------------------------------------------------------------

def test_the_first_post_shares_its_own_words_as_an_article_with_its_discussion(site):
    html = parse_html(site / f"{SEED_POST}.html")
    description = ("Is the time right to compare HSCT to alemtuzumab? #MSBlog #MSResearch My resistance to HSCT as a "
                   "legitimate treatment for MS is gradually dissipating as I read…")
    assert meta(html, "description") == [description] and meta(html, "og:description") == [description]
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "article:published_time") == ["2015-05-17"]
    assert meta(html, "article:author") == []  # the saved page names no author
    assert meta(html, "article:tag") == ["MSBlog", "MSResearch"]
    [data] = linked_data(html)
    assert data["@type"] == "BlogPosting" and data["headline"] == "Induction therapies: more science is needed"
    assert data["url"] == f"{SITE_URL}{SEED_POST}.html" and data["datePublished"] == "2015-05-17"
    assert "author" not in data and data["keywords"] == ["MSBlog", "MSResearch"]
    assert data["commentCount"] == 48
    assert len(data["comment"]) == 18 and len(comments(data["comment"])) == 48
    notes = html.select("#discussion .leaves-archive-note")
    assert notes  # the archive's own words after a link, not the reader's: shown, and not given as the comment's
    for note in notes:
        note.decompose()
    shown = {article["id"]: words(article.select_one(":scope > .comment-body").get_text())
             for article in html.select("#discussion article.comment")}
    assert {item["url"].partition("#")[2]: words(item["text"]) for item in comments(data["comment"])} == shown
    assert not any("author" in item or "datePublished" in item for item in comments(data["comment"]))


def test_the_real_sites_therapy_page_and_listing_describe_themselves(site):
    therapy = parse_html(site / "therapies/hsct.html")
    assert meta(therapy, "description") == ["Haematopoietic stem cell transplantation. The first post names it, with "
                                            "bone marrow transplantation (BMT), as an induction therapy."]
    assert meta(therapy, "og:type") == ["website"] and linked_data(therapy) == []
    listing = parse_html(site / "blog.html")
    assert meta(listing, "description") == ["All posts in the MS Blog Archive: 1 post, newest first."]
    assert meta(listing, "og:type") == ["website"] and meta(listing, "og:url") == [f"{SITE_URL}blog.html"]
    assert words(listing.select_one(".listing-comments").get_text()) == "48 comments archived"
