"""Cross-references on the real site: its registry, the first post and its discussion."""

from tests.helpers import SEED_POST, parse_html


def test_the_first_post_links_its_therapies_and_trials(site):
    page = parse_html(site / f"{SEED_POST}.html")
    names = {a.get_text() for a in page.select("a.mention") if not a.find_parent(id="discussion")}
    assert {"HSCT", "alemtuzumab", "cladribine", "rituximab", "ocrelizumab", "ofatumumab", "ZEUS"} <= names


def test_comment_2_1_marks_the_unarchived_hamburg_post(site):
    link = parse_html(site / f"{SEED_POST}.html").select_one("#comment-2\\.1 a.leaves-archive")
    assert link["href"] == "http://multiple-sclerosis-research.blogspot.com/2015/05/hsct-hamburg-experience.html"


def test_the_mist_page_leads_to_the_exact_comment(site):
    links = [a["href"] for a in parse_html(site / "therapies/mist.html").select("section.mentions a")]
    assert f"../{SEED_POST}.html#comment-3.6" in links
