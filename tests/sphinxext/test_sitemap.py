"""robots.txt at the top of the site names the sitemap, wherever the site is served from."""

from __future__ import annotations

import pytest

from tests.helpers import build, new_site

BASE = "https://archive.example/en/latest/"  # as Read the Docs serves a version


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_robots_txt_lets_crawlers_in_and_names_the_sitemap(tmp_path, builder):
    out = build(new_site(tmp_path), builder=builder, html_baseurl=BASE)
    assert (out / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"
    assert (out / "sitemap.xml").is_file()


def test_no_robots_txt_without_an_address_for_the_sitemap(tmp_path):
    out = build(new_site(tmp_path), html_baseurl="")
    assert not (out / "robots.txt").exists() and not (out / "sitemap.xml").exists()


def test_a_single_page_has_no_robots_txt(tmp_path):
    out = build(new_site(tmp_path), builder="singlehtml", html_baseurl=BASE)
    assert not (out / "robots.txt").exists()


@pytest.mark.parametrize("extra", ["public", "public/robots.txt"])
def test_a_robots_txt_the_site_ships_is_kept(tmp_path, extra):
    site = new_site(tmp_path)
    (site / "public").mkdir()
    (site / "public" / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n")
    out = build(site, html_baseurl=BASE, html_extra_path=[extra])
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow: /drafts/\n"


def test_a_build_without_an_address_deletes_the_sitemap_and_robots_txt_an_earlier_one_wrote(tmp_path):
    site = new_site(tmp_path)
    out = build(site, html_baseurl=BASE)
    assert (out / "robots.txt").is_file() and (out / "sitemap.xml").is_file()
    build(site, html_baseurl="")
    assert not (out / "robots.txt").exists() and not (out / "sitemap.xml").exists()


def test_a_robots_txt_the_site_ships_after_msblog_s_is_kept(tmp_path):
    site = new_site(tmp_path)
    out = build(site, html_baseurl=BASE)
    (site / "public").mkdir()
    (site / "public" / "robots.txt").write_text("User-agent: *\nDisallow: /drafts/\n")
    build(site, html_baseurl="", html_extra_path=["public"])
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow: /drafts/\n"
