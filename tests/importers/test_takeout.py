"""A Google Takeout download, as it arrives: its .zip or the unpacked folder, with the images of Albums."""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib

import pytest

from msblog.cli import main
from msblog.importers import takeout
from tests.helpers import TESTS, built_app, new_site, parse_html

CURRENT = TESTS / "fixtures" / "exports" / "blogger-current.atom"
BLOG = "Takeout/Blogger/Blogs/Multiple Sclerosis Research"
ALBUM = "Takeout/Blogger/Albums/Multiple Sclerosis Research"
DEMO = "2015/05/induction-demo"
IMAGES = "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEi"


def png(red: int) -> bytes:
    """A one-pixel PNG of its own colour."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes([0, red, 0, 0]))) + chunk(b"IEND", b""))


# The demo post shows these images; Albums holds some of them.
DEMO_HTML = (
    f'<p>Scans.</p><a href="{IMAGES}/s1600/MRI%20scan.png"><img alt="An MRI scan of the brain" '
    f'src="{IMAGES}/s320/MRI%20scan.png"/></a>'
    '<p><img alt="Lesions" src="http://1.bp.blogspot.com/-abc/VXyz/AAAAAAAAB/xyz/s1600/missing.jpg"/></p>'
    f'<p><img alt="Twice" src="{IMAGES}/s1600/twice.png"/></p>'
    f'<p><img alt="Fake" src="{IMAGES}/s1600/fake.png"/></p>'
    f'<p><img alt="Hostile" src="{IMAGES}/s1600/%3Cscript%3E%20a%26b%20CON.png"/></p>'
    f'<p><img alt="Nameless" src="{IMAGES}Ab12Cd=w640-h400"/></p>'
    '<p><img alt="Elsewhere" src="https://example.org/figure/MRI%20scan.png"/></p>'
    f'<p><img alt="The scan again" src="{IMAGES}/s640/MRI%20scan.png"/></p>'
)
ALBUM_FILES = {
    f"{ALBUM}/MRI scan.png": png(10),
    f"{ALBUM}/twice.png": png(20),
    "Takeout/Blogger/Albums/Another blog/twice.png": png(30),  # a different file of the same name
    f"{ALBUM}/fake.png": b"<html><script>alert(1)</script></html>",  # named an image, but not one
    f"{ALBUM}/<script> a&b CON.png": png(40),
    f"{ALBUM}/MRI scan.png.json": b'{"title": "MRI scan.png"}',  # Takeout's note on the file, not an image
}


def feed(html: str = DEMO_HTML) -> str:
    """The fixture's current export, its demo post showing ``html`` first."""
    text = CURRENT.read_text()
    demo = "&lt;p&gt;See &lt;a href="
    assert demo in text
    return text.replace(demo, html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + demo, 1)


def takeout_zip(tmp_path, extra: dict | None = None, blogs: tuple[str, ...] = ("Multiple Sclerosis Research",),
                html: str = DEMO_HTML):
    path = tmp_path / "takeout-20260101T000000Z-001.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for blog in blogs:
            archive.writestr(f"Takeout/Blogger/Blogs/{blog}/feed.atom", feed(html))
            archive.writestr(f"Takeout/Blogger/Blogs/{blog}/theme-classic.html", "<html>a theme</html>")
        archive.writestr(f"__MACOSX/{ALBUM}/._MRI scan.png", b"mac metadata")  # would make the match ambiguous
        for name, data in {**ALBUM_FILES, **(extra or {})}.items():
            archive.writestr(name, data)
    return path


def takeout_folder(tmp_path):
    folder = tmp_path / "unpacked"
    for name, data in {f"{BLOG}/feed.atom": feed().encode(), f"{BLOG}/theme-classic.html": b"<html/>",
                       **ALBUM_FILES}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder / "Takeout"


def run(source, site, capsys, *options):
    status = main(["import", "blogger", str(source), "--site", str(site), *options])
    return status, capsys.readouterr()


@pytest.fixture(scope="module")
def from_zip(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("zip")
    site = new_site(tmp_path)
    assert main(["import", "blogger", str(takeout_zip(tmp_path)), "--site", str(site),
                 "--report", str(tmp_path / "report.json")]) == 0
    return site, json.loads((tmp_path / "report.json").read_text())


@pytest.fixture(scope="module")
def built(from_zip):
    yield from built_app(from_zip[0])


def test_the_zip_is_read_as_it_arrives(from_zip):
    site, report = from_zip
    assert report["summary"]["posts"] == 2 and report["summary"]["comments"] == 8
    assert sorted(p.relative_to(site).as_posix() for p in (site / "posts").rglob("*.md")) == [
        "posts/2015/05/hsct-hamburg-experience.md", f"posts/{DEMO}.md"]


def test_an_image_albums_holds_once_is_copied_beside_its_post(from_zip):
    site, report = from_zip
    assert (site / "posts" / DEMO / "mri-scan.png").read_bytes() == png(10)
    text = (site / "posts" / f"{DEMO}.md").read_text()
    assert f"[![An MRI scan of the brain](induction-demo/mri-scan.png)]({IMAGES}/s1600/MRI%20scan.png)" in text
    assert "![The scan again](induction-demo/mri-scan.png)" in text  # one copy for both sizes
    copied = [i for i in report["images"] if "copied_to" in i]
    assert [(i["from"], i["copied_to"]) for i in copied] == [
        (f"{ALBUM}/MRI scan.png", f"posts/{DEMO}/mri-scan.png"),
        (f"{ALBUM}/<script> a&b CON.png", f"posts/{DEMO}/script-a-b-con.png"),
        (f"{ALBUM}/MRI scan.png", f"posts/{DEMO}/mri-scan.png")]
    manifest = json.loads((site / ".msblog-imports.json").read_text())
    assert manifest[f"posts/{DEMO}/mri-scan.png"]["source"] == "blogger"


def test_an_image_not_found_once_keeps_its_address_and_the_report_says_why(from_zip):
    site, report = from_zip
    kept = {i["address"].rsplit("/", 1)[-1]: i["kept"] for i in report["images"] if "kept" in i}
    assert kept == {"missing.jpg": "not in the Takeout's Albums",
                    "twice.png": "ambiguous: Albums holds different files of that name",
                    "fake.png": "not an image file (JPEG, PNG, GIF, WebP or BMP)",
                    "AVvXsEiAb12Cd=w640-h400": "no file name in its address"}
    text = (site / "posts" / f"{DEMO}.md").read_text()
    assert "![Lesions](http://1.bp.blogspot.com/-abc/VXyz/AAAAAAAAB/xyz/s1600/missing.jpg)" in text
    assert f"![Twice]({IMAGES}/s1600/twice.png)" in text and f"![Fake]({IMAGES}/s1600/fake.png)" in text
    assert "![Elsewhere](https://example.org/figure/MRI%20scan.png)" in text  # not the old blog's: not looked up
    assert sorted(p.name for p in (site / "posts" / DEMO).iterdir()) == ["mri-scan.png", "script-a-b-con.png"]


def test_a_hostile_file_name_decides_neither_where_a_copy_goes_nor_what_it_is(tmp_path, capsys):
    site = new_site(tmp_path)
    escape = f"{ALBUM}/../../../../../../escape.png"
    html = f'<img alt="Out" src="{IMAGES}/s1600/escape.png"/><img alt="Doc" src="{IMAGES}/s1600/notes.md"/>'
    source = takeout_zip(tmp_path, {escape: png(50), f"{ALBUM}/notes.md": png(60)}, html=html + DEMO_HTML)
    status, output = run(source, site, capsys)
    assert status == 0, output.err
    assert sorted(p.name for p in (site / "posts" / DEMO).iterdir()) == [
        "escape.png", "mri-scan.png", "notes.png", "script-a-b-con.png"]
    assert (site / "posts" / DEMO / "escape.png").read_bytes() == png(50)
    assert (site / "posts" / DEMO / "notes.png").read_bytes() == png(60)  # a PNG named .md is written as a PNG
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file() and p != source]
    assert all(path.startswith("site/") for path in files), files


def test_every_image_of_a_post_with_many_links_to_its_own_copy(tmp_path, capsys):
    html = "".join(f'<p><img alt="Scan {n}" src="{IMAGES}/s1600/scan{n}.png"/></p>' for n in range(12))
    source = takeout_zip(tmp_path, {f"{ALBUM}/scan{n}.png": png(n) for n in range(12)}, html=html)
    site = new_site(tmp_path)
    status, output = run(source, site, capsys)
    assert status == 0, output.err
    text = (site / "posts" / f"{DEMO}.md").read_text()
    for n in range(12):
        assert f"![Scan {n}](induction-demo/scan{n}.png)" in text
        assert (site / "posts" / DEMO / f"scan{n}.png").read_bytes() == png(n)



def test_an_image_whose_address_writes_the_spaces_of_its_name_as_plus_is_found(tmp_path, capsys):
    """Blogger's uploader made "Screen Shot 1.png" ".../s1600/Screen%2BShot%2B1.png"; Albums keeps the file's name."""
    html = ('<p><img alt="Screen" src="http://1.bp.blogspot.com/-a/VV/AAA/b/s1600/Screen%2BShot%2B1.png"/></p>'
            f'<p><img alt="Plus" src="{IMAGES}/s1600/a%2Bb.png"/></p>')
    source = takeout_zip(tmp_path, {f"{ALBUM}/Screen Shot 1.png": png(50), f"{ALBUM}/a+b.png": png(60),
                                    f"{ALBUM}/a b.png": png(70)}, html=html)
    site = new_site(tmp_path)
    status, output = run(source, site, capsys)
    assert status == 0, output.err
    text = (site / "posts" / f"{DEMO}.md").read_text()
    assert "![Screen](induction-demo/screen-shot-1.png)" in text and "![Plus](induction-demo/a-b.png)" in text
    assert (site / "posts" / DEMO / "screen-shot-1.png").read_bytes() == png(50)
    assert (site / "posts" / DEMO / "a-b.png").read_bytes() == png(60)  # the file of the very name first

def test_the_built_page_shows_the_copy_with_its_alt_text(built):
    page = parse_html(built.outdir / f"posts/{DEMO}.html")
    images = {img["alt"]: img["src"] for img in page.find("article", role="main").find_all("img")}
    assert re.fullmatch(r"\.\./\.\./\.\./_images/mri-scan\.png", images["An MRI scan of the brain"])
    assert (built.outdir / "_images" / "mri-scan.png").read_bytes() == png(10)
    assert images["Lesions"] == "http://1.bp.blogspot.com/-abc/VXyz/AAAAAAAAB/xyz/s1600/missing.jpg"


def test_the_check_finds_the_copies_where_the_post_says(from_zip, capsys):
    site, _ = from_zip
    main(["check", "--site", str(site)])
    out = capsys.readouterr().out
    assert "no such page" not in out and "mri-scan" not in out and "script-a-b-con" not in out


def test_the_unpacked_folder_imports_as_the_zip_does(from_zip, tmp_path, capsys):
    site = new_site(tmp_path)
    folder = takeout_folder(tmp_path)
    status, output = run(folder, site, capsys)
    assert status == 0, output.err
    assert ("Images copied into the site from the Takeout: 3; kept at their original address: 1 ambiguous: Albums "
            "holds different files of that name, 1 no file name in its address, 1 not an image file (JPEG, PNG, GIF, "
            "WebP or BMP), 1 not in the Takeout's Albums\n") in output.out
    for given in (folder.parent, folder / "Blogger", folder / "Blogger/Blogs/Multiple Sclerosis Research"):
        status, output = run(given, site, capsys)
        assert status == 0 and "Files written: 0; unchanged: 6" in output.out, output
    zipped = from_zip[0]
    for path in sorted(p.relative_to(zipped) for p in (zipped / "posts").rglob("*") if p.is_file()):
        assert (site / path).read_bytes() == (zipped / path).read_bytes(), path


SECRET = png(70)


def link_outside(tmp_path, folder, name: str) -> str:
    """Replace the Takeout's ``name`` (a file or folder) with a symbolic link to a copy outside it, beside a secret image."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.png").write_bytes(SECRET)
    target = folder.parent / name
    copy = outside / target.name
    target.rename(copy)
    for image in (copy.rglob("*.png") if copy.is_dir() else []):
        image.write_bytes(SECRET)
    target.symlink_to(copy, target_is_directory=copy.is_dir())
    return str(target)


@pytest.mark.parametrize("name", [
    "Takeout/Blogger/Albums",  # a top folder os.walk would enter though told not to follow links
    ALBUM,
    f"{ALBUM}/MRI scan.png",
    BLOG,
    f"{BLOG}/feed.atom",
    "Takeout/Blogger",
    "Takeout/Blogger/Blogs",
])
def test_a_symbolic_link_in_an_unpacked_takeout_is_refused_and_nothing_outside_it_is_read(tmp_path, capsys, name):
    folder = takeout_folder(tmp_path)
    link = link_outside(tmp_path, folder, name)
    site = new_site(tmp_path)
    for given in (folder.parent, folder):
        status, output = run(given, site, capsys)
        assert status == 1 and output.out == ""
        assert f"{link}: a symbolic link in the Google Takeout" in output.err and "nothing outside it is read" in output.err
        assert sorted(p.name for p in site.iterdir()) == ["conf.py", "index.md"]


def test_a_symbolic_link_to_an_image_or_a_folder_deep_in_albums_is_refused(tmp_path, capsys):
    folder = takeout_folder(tmp_path)
    (tmp_path / "secret.png").write_bytes(SECRET)
    for link, target in ((f"{ALBUM}/deep/linked.png", tmp_path / "secret.png"), (f"{ALBUM}/elsewhere", tmp_path)):
        (folder.parent / link).parent.mkdir(exist_ok=True)
        (folder.parent / link).symlink_to(target)
        status, output = run(folder, new_site(tmp_path / link.replace("/", "-")), capsys)
        assert status == 1 and f"{folder.parent / link}: a symbolic link in the Google Takeout" in output.err
        (folder.parent / link).unlink()


def test_a_symbolic_link_in_a_zipped_takeout_is_refused(tmp_path, capsys):
    for member in (f"{ALBUM}/linked.png", f"Takeout/Blogger/Blogs/Other blog/feed.atom"):
        source = takeout_zip(tmp_path)
        with zipfile.ZipFile(source, "a") as archive:
            info = zipfile.ZipInfo(member)
            info.external_attr = (0o120777 << 16)  # a symbolic link, as zip -y stores it: its target is its content
            archive.writestr(info, "/etc/passwd")
        status, output = run(source, new_site(tmp_path / member.replace("/", "-")), capsys)
        assert status == 1 and f"{source}/{member}: a symbolic link in the Google Takeout" in output.err


def test_several_blogs_need_blog_and_the_error_names_them(tmp_path, capsys):
    source = takeout_zip(tmp_path, blogs=("Multiple Sclerosis Research", "Prof G's MS Blog"))
    site = new_site(tmp_path)
    status, output = run(source, site, capsys)
    assert status == 1 and "this Google Takeout holds 2 blogs; choose one with --blog NAME: " \
                            "'Multiple Sclerosis Research', \"Prof G's MS Blog\"" in output.err
    status, output = run(source, site, capsys, "--blog", "MS Blog")
    assert status == 1 and "no blog named 'MS Blog' in this Google Takeout; its blogs: 'Multiple" in output.err
    assert not (site / "posts").exists()
    status, output = run(source, site, capsys, "--blog", "Prof G's MS Blog")
    assert status == 0 and (site / "posts" / f"{DEMO}.md").is_file()


def test_a_zip_without_an_export_and_blog_with_a_single_file_are_refused(tmp_path, capsys):
    empty = tmp_path / "takeout.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("Takeout/Mail/All mail.mbox", "From nobody")
    status, output = run(empty, new_site(tmp_path), capsys)
    assert status == 1 and "no Blogger export in this Google Takeout: expected " \
                            "Takeout/Blogger/Blogs/<blog name>/feed.atom" in output.err
    status, output = run(CURRENT, new_site(tmp_path / "single"), capsys, "--blog", "Any")
    assert status == 1 and "--blog chooses a blog in a Google Takeout, and this is a single export file" in output.err


def test_an_error_in_the_zipped_export_names_the_file_inside_and_its_line(tmp_path, capsys):
    source = tmp_path / "takeout.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr(f"{BLOG}/feed.atom", CURRENT.read_text().replace("<blogger:parent>101</blogger:parent>",
                                                                          "<blogger:parent/>"))
    status, output = run(source, new_site(tmp_path), capsys)
    assert status == 1
    assert re.search(rf"takeout\.zip/{BLOG}/feed\.atom:\d+: comment 202 has no blogger:parent", output.err)


def damage(path, member: str) -> None:
    """Change a byte in the middle of ``member``'s data, as stored in the zip at ``path``."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    data = bytearray(path.read_bytes())
    data[info.header_offset + 30 + len(info.filename.encode()) + info.compress_size // 2] ^= 0x55
    path.write_bytes(data)


@pytest.mark.parametrize("member, compression", [
    (f"{BLOG}/feed.atom", zipfile.ZIP_DEFLATED),  # its data no longer decompresses
    (f"{BLOG}/feed.atom", zipfile.ZIP_STORED),  # its data no longer matches its checksum
    (f"{ALBUM}/MRI scan.png", zipfile.ZIP_STORED),
])
def test_a_damaged_file_in_the_zip_is_an_error_naming_the_zip_and_the_file_and_nothing_is_written(
        tmp_path, capsys, member, compression):
    source = tmp_path / "takeout.zip"
    with zipfile.ZipFile(takeout_zip(tmp_path)) as original, zipfile.ZipFile(source, "w", compression) as archive:
        for name in original.namelist():
            archive.writestr(name, original.read(name))
    damage(source, member)
    site = new_site(tmp_path)
    status, output = run(source, site, capsys)
    assert status == 1 and output.out == ""
    assert output.err.startswith(f"msblog: {source}/{member}: the zip is damaged: ")
    assert "download the Takeout again" in output.err
    assert sorted(p.name for p in site.iterdir()) == ["conf.py", "index.md"]


def test_a_zip_cut_short_is_said_to_be_so_not_to_be_xml_that_is_not_well_formed(tmp_path, capsys):
    source = takeout_zip(tmp_path)
    source.write_bytes(source.read_bytes()[:2000])  # its list of files, at its end, is lost
    site = new_site(tmp_path)
    status, output = run(source, site, capsys)
    assert status == 1 and f"{source}: the zip is damaged or cut short" in output.err
    assert "XML" not in output.err
    assert sorted(p.name for p in site.iterdir()) == ["conf.py", "index.md"]


def test_the_conversion_of_a_post_with_an_image_from_albums_reads_the_post_as_its_export_wrote_it(tmp_path, capsys):
    """Only the images' addresses change: an undefined entity is reported as it is for the export alone."""
    html = (f'<p>Before &foo; the image.</p><p><img src="{IMAGES}/s1600/photo.jpg" alt="A photo"></p>'
            f"<p><img alt='Again' src='{IMAGES}/s1600/photo.jpg' /><img alt=\"The scan\" data-x='>' SRC="
            f"{IMAGES}/s640/MRI%20scan.png></p><!-- <img src=\"{IMAGES}/s1600/photo.jpg\"> -->")
    source = takeout_zip(tmp_path, {f"{ALBUM}/photo.jpg": b"\xff\xd8\xff\xe0 a JPEG"}, html=html)
    site = new_site(tmp_path)
    status, output = run(source, site, capsys, "--report", str(tmp_path / "report.json"))
    assert status == 0, output.err
    problems = json.loads((tmp_path / "report.json").read_text())["problems"]
    assert any("'&foo;' is not a character entity HTML defines" in problem for problem in problems), problems
    text = (site / "posts" / f"{DEMO}.md").read_text()
    assert r"Before \&foo; the image." in text
    assert "![A photo](induction-demo/photo.jpg)" in text and "![Again](induction-demo/photo.jpg)" in text
    assert "![The scan](induction-demo/mri-scan.png)" in text
    assert "msblog.invalid" not in text


def test_every_image_from_albums_is_copied_however_its_post_writes_html_and_nothing_else_changes(tmp_path, capsys):
    """The post's images were found with one reading of its HTML and their addresses changed with another: an
    ``<!-->`` (a comment to one, not the other), an entity without its ";" in an address, an ``<img`` in an
    attribute's value or a textarea's text left images neither copied nor reported, and rewrote text."""
    html = (f'<p>A <!--> comment.</p><p><img alt="One" src="{IMAGES}/s1600/photo.png"></p><!-- end -->'
            f'<p><img alt="Two" src="{IMAGES}/s1600/b&ampc.png"></p>'
            f'<p><a href="https://example.org/" title="<img src=\'{IMAGES}/s1600/photo.png\'>">A link</a></p>'
            f"<textarea><img src='{IMAGES}/s1600/photo.png'></textarea>")
    source = takeout_zip(tmp_path, {f"{ALBUM}/photo.png": png(77), f"{ALBUM}/b&ampc.png": png(78)}, html=html)
    site = new_site(tmp_path)
    status, output = run(source, site, capsys)
    assert status == 0, output.err
    text = (site / "posts" / f"{DEMO}.md").read_text()
    assert "![One](induction-demo/photo.png)" in text and "![Two](induction-demo/b-ampc.png)" in text
    assert sorted(p.name for p in (site / "posts" / DEMO).iterdir()) == ["b-ampc.png", "photo.png"]
    assert "msblog.invalid" not in text and f"src='{IMAGES}/s1600/photo.png'" in text  # the textarea's, as text


class Names(dict):
    """The names given to a post's copies, counting each look for a name among them."""

    def __init__(self):
        super().__init__()
        self.looks = 0

    def __contains__(self, name) -> bool:
        self.looks += 1
        return super().__contains__(name)


def test_many_images_whose_names_reduce_to_one_are_each_named_at_once():
    """Copies whose names reduce to one ('a!.png', 'a?.png' are 'a.png') are numbered in turn; each looked for a free
    number from 2 among all the post's names, which took a post of many such images time growing with their number
    squared. The looks are counted, not timed."""
    taken = Names()
    assert [takeout._unique("a.png", taken) for _ in range(1000)] == ["a.png", *(f"a-{n}.png" for n in range(2, 1001))]
    assert takeout._unique("a-2.png", taken) == "a-2-2.png" and taken.looks <= 2 * 1001
