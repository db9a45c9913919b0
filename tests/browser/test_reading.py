"""Readers first, proven in a real browser: WCAG 2.2 AA by axe-core, and more for these readers.

Every kind of page, light and dark, at 320, 768 and 1280 pixels wide. Screenshots of each land
in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.helpers import SEED_POST

PAGES = {
    "home": "index.html",
    "post": f"{SEED_POST}.html",
    "therapy": "therapies/hsct.html",
    "archive": "blog/2015.html",
    "tag": "blog/tag/msblog.html",
    "search": "search.html?q=alemtuzumab",
    "404": "404.html",
}
SCHEMES = ["light", "dark"]
WIDTHS = [320, 768, 1280]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

CONTRAST = """() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                     .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => { for (; el; el = el.parentElement) { const c = parse(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3); } return [255, 255, 255]; };
  let worst = {ratio: 99, text: ""};
  for (const el of document.querySelectorAll('article[role="main"] :is(p, li, a, dt, dd, h1, h2, h3, summary, span)')) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const a = lum(parse(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < worst.ratio) worst = {ratio, text: el.tagName + ' ' + el.className + ': ' + el.textContent.trim().slice(0, 40)};
  }
  return worst;
}"""

LINE_LENGTH = """() => {
  let longest = 0;
  for (const p of document.querySelectorAll('article[role="main"] p')) {
    const range = document.createRange(); range.selectNodeContents(p);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (tops.size >= 3) longest = Math.max(longest, p.textContent.trim().length / tops.size);
  }
  return longest;
}"""

ITALIC = """() => [...document.querySelectorAll('body *')]
  .filter(el => getComputedStyle(el).fontStyle !== 'normal' && el.textContent.trim())
  .map(el => el.tagName + '.' + el.className)"""

NOT_UNDERLINED = """() => [...document.querySelectorAll('article[role="main"] a:not(.headerlink)')]
  .filter(a => a.offsetParent && !getComputedStyle(a).textDecorationLine.includes('underline'))
  .map(a => a.textContent.trim().slice(0, 40))"""


# Points across the page title's box, each with what the browser shows there when it is not the title.
TITLE_COVERED = """() => {
  const title = document.querySelector('article[role="main"] h1'), box = title.getBoundingClientRect(), covered = [];
  for (const x of [0.02, 0.25, 0.5, 0.75, 0.98]) for (const y of [0.1, 0.5, 0.9]) {
    const found = document.elementFromPoint(box.left + box.width * x, box.top + box.height * y);
    if (!found || !title.contains(found)) covered.push([x, y, found ? found.tagName + '.' + found.className : 'nothing']);
  }
  return covered;
}"""


@pytest.fixture
def open_page(browser, base_url):
    """Open a page of the site in a fresh browser context; every context is closed afterwards."""
    contexts = []

    def open_(path, width=1280, scheme="light", javascript=True, zoom=1):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                      java_script_enabled=javascript, device_scale_factor=zoom)
        contexts.append(context)
        page = context.new_page()
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        if path.startswith("search.html") and javascript:
            page.wait_for_selector(".search-result", timeout=15000)
            page.locator("#search-filters > summary").click()  # the filters, checked too
            page.wait_for_selector("#search-filter-groups[data-loaded]", timeout=15000)
            page.locator(".search-filter > summary").first.click()
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_no_wcag_violations_and_comfortable_reading(open_page, artifacts, kind, scheme, width):
    page = open_page(PAGES[kind], width, scheme)
    page.screenshot(path=str(artifacts / f"{kind}-{scheme}-{width}.png"), full_page=kind != "post")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []
    worst = page.evaluate(CONTRAST)
    assert worst["ratio"] >= 7, worst
    assert page.evaluate(ITALIC) == []
    assert page.evaluate(NOT_UNDERLINED) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
    if width == 1280:
        assert page.evaluate(LINE_LENGTH) <= 80


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_nothing_covers_the_page_title_at_the_top_of_the_page(open_page, kind, scheme, width):
    page = open_page(PAGES[kind], width, scheme)
    assert page.evaluate("scrollY") == 0
    expect(page.locator(".back-to-top")).to_be_hidden()
    assert page.evaluate(TITLE_COVERED) == []


@pytest.mark.parametrize("kind", PAGES)
def test_text_spacing_and_double_size_text_break_nothing(open_page, kind):
    page = open_page(PAGES[kind], 320)
    page.add_style_tag(content="* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
                               " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page = open_page(PAGES[kind], 640, zoom=2)  # a 1280-pixel screen zoomed to 200%
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('article[role=main] p')).fontSize)") >= 16


def test_a_caption_is_as_large_as_the_text(open_page):
    """An imported table keeps its caption (a source's words): furo set it smaller than the text around it."""
    page = open_page(PAGES["post"])
    sizes = page.evaluate("""() => { const article = document.querySelector('article[role=main]');
      article.insertAdjacentHTML('beforeend', '<table><caption>Relapse rates</caption><tr><td>1</td></tr></table>'
        + '<div class="code-block-caption">A caption</div><p class="caption">Another</p>');
      return [...article.querySelectorAll('caption, .code-block-caption, p.caption')]
        .map(e => parseFloat(getComputedStyle(e).fontSize)); }""")
    assert sizes == [16, 16, 16]


def test_skip_link_comes_first_and_leads_to_the_content(open_page):
    page = open_page(PAGES["post"])
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getBoundingClientRect().height]")
    assert "skip-to-content" in focused[0] and focused[1] > 0
    page.keyboard.press("Enter")
    page.wait_for_url("**#furo-main-content", timeout=5000)  # the address changes after the key is handled


def test_threads_collapse_and_expand_with_the_keyboard_without_javascript(open_page):
    page = open_page(PAGES["post"], javascript=False)
    summary = page.locator("#comment-3 > details > summary")
    assert summary.inner_text() == "6 replies to comment 3"
    reply = page.locator("#comment-3\\.1")
    assert reply.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    expect(reply).to_be_hidden()
    page.keyboard.press("Enter")
    expect(reply).to_be_visible()


def test_jump_to_discussion_and_copyable_permalinks(open_page):
    page = open_page(PAGES["post"])
    page.locator("a.jump-to-discussion").click()
    page.wait_for_url("**#discussion", timeout=5000)
    link = page.locator("#comment-14\\.2 > header a.comment-permalink")
    assert link.get_attribute("href") == "#comment-14.2"
    link.click()
    page.wait_for_url("**#comment-14.2", timeout=5000)


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("kind", ["post", "home"])
def test_focus_is_always_visible_and_never_on_hidden_elements(open_page, kind, width):
    page = open_page(PAGES[kind], width)
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        # A card's link covers its card (sphinx-design): the card is what shows, with the focus on it.
        state = page.evaluate("""() => { const el = document.activeElement, card = el.classList.contains(
              'sd-stretched-link') ? el.closest('.sd-card') : null, r = (card || el).getBoundingClientRect(),
            s = getComputedStyle(el, card ? '::after' : null);
            return {tag: el.tagName + '.' + el.className, visible: r.width > 0 && r.height > 0 && r.right > 0
              && r.left < innerWidth && s.visibility === 'visible',
              outline: s.outlineStyle === 'solid' && parseFloat(s.outlineWidth) >= 3}; }""")  # the site's own ring
        if state["tag"].startswith("BODY"):
            continue
        focused.append(state["tag"])
        assert state["visible"], state
        assert state["outline"], state
    assert kind != "home" or any("sd-stretched-link" in tag for tag in focused)  # the cards were reached


def test_the_post_prints_with_its_discussion_and_without_navigation(open_page, artifacts):
    page = open_page(PAGES["post"])
    page.emulate_media(media="print")
    assert not page.locator(".sidebar-drawer").is_visible()
    assert page.locator("#comment-18\\.1").is_visible()
    page.pdf(path=str(artifacts / "post-print.pdf"))


def test_sharing_and_finding(site):
    from tests.helpers import parse_html

    post = parse_html(site / PAGES["post"])
    assert post.find("meta", property="og:title")["content"] == "Induction therapies: more science is needed"
    assert post.find("meta", property="og:url")["content"].endswith(f"{SEED_POST}.html")
    assert post.find("link", rel="alternate", type="application/atom+xml") is not None
    sitemap = (site / "sitemap.xml").read_text()
    assert f"{SEED_POST}.html" in sitemap
    assert "Page not found" in (site / "404.html").read_text()


CHART_CONTRAST = """() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                                     .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const background = el => { for (; el; el = el.parentElement) { const c = parse(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3); } return [255, 255, 255]; };
  const found = {text: 99, bars: 99, count: 0};
  for (const svg of document.querySelectorAll('.mention-chart-svg, .entry-sparkline-svg')) {
    const back = background(svg);
    for (const t of svg.querySelectorAll('text')) found.text = Math.min(found.text, ratio(parse(getComputedStyle(t).fill), back));
    for (const r of svg.querySelectorAll('rect, .chart-hatch line')) {
      const s = getComputedStyle(r), paint = r.classList.contains('chart-comments') || r.tagName === 'line' ? s.stroke : s.fill;
      found.bars = Math.min(found.bars, ratio(parse(paint), back)); found.count++;
    }
  }
  return found;
}"""


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark", "dark-chosen"])
@pytest.mark.parametrize("kind", ["therapy", "therapies"])
def test_therapy_charts_read_in_both_schemes(open_page, artifacts, kind, scheme, width):
    """The chart of an entry's mentions and the index's small charts: no violations, text at 7:1 and bars at 3:1
    against the page, in the reader's scheme and in one chosen with furo's switch, and nothing over the title."""
    page = open_page({"therapy": PAGES["therapy"], "therapies": "therapies/index.html"}[kind], width,
                     "light" if scheme == "dark-chosen" else scheme)
    if scheme == "dark-chosen":
        page.evaluate("document.body.dataset.theme = 'dark'")
    page.screenshot(path=str(artifacts / f"{kind}-chart-{scheme}-{width}.png"))  # the top, where the charts are
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]] == []
    found = page.evaluate(CHART_CONTRAST)
    assert found["count"] > 0 and found["text"] >= 7 and found["bars"] >= 3, found
    assert page.evaluate(CONTRAST)["ratio"] >= 7
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(TITLE_COVERED) == []
