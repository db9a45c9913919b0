"""The research dataset: JSON Lines valid against its Frictionless data package, faithful to the archive."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import tarfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from frictionless import Package, Resource

from msblog.exporters import dataset as dataset_module
from msblog.exporters.dataset import COMMENTS, PACKAGE, POSTS, dataset_archive, dataset_files
from msblog.model.discussion import read_discussion
from msblog.model.errors import ContentError
from msblog.model.layout import Layout
from tests.helpers import REPO, SEED_POST, write_files

SEED = SEED_POST.removeprefix("posts/")
HOSTILE = "<script>alert('x')</script> <img src=x onerror=alert(1)> \"quotes\" \\ back\u2028line\u2029para\x85nel\x7f"
REGISTRY = {
    "therapies/hsct.md": "---\ntherapy: HSCT\n---\n\n# HSCT\n",
    "therapies/alemtuzumab.md": "---\ntherapy: alemtuzumab\nbrands: [Lemtrada, Campath]\n---\n\n# Alemtuzumab\n",
}


def small_site(root: Path, **files: str) -> Path:
    """A site of two posts, one with a discussion, and a registry of two entries; ``files`` replace or add."""
    return write_files(root, {
        "conf.py": "", "index.md": "# Test\n", **REGISTRY,
        "posts/2016/01/first.md": "---\ndate: 2016-01-10T09:30:00+00:00\nauthor: Prof G, Jane Doe\ntags: Trials, HSCT\n"
                                  "original_url: http://multiple-sclerosis-research.blogspot.com/2016/01/first.html\n---\n\n"
                                  "# The *first* \\# post\n\nLemtrada, then HSCT; not "
                                  "http://example.org/alemtuzumab.\n\nThe end.\n",
        "posts/2015/02/second.md": "---\ndate: 2015-02-01\n---\n\n# Second\n\nNo therapy here.\n",
        "comments/2016/01/first.md": ":::{comment} 1\n:author: Ann\n:time: 2016-01-11T10:00:00+01:00\n\nCampath?\n:::\n\n"
                                     ":::{comment} 1.1\n:reply-to: 1\n\nA reply.\n:::\n\n"
                                     ":::{comment} 2\n:deleted:\n:::\n\n"
                                     ":::{comment} 2.1\n:reply-to: 2\n:flag: kept at its place\n\nAn answer.\n:::\n",
        **{f"{name.replace('__', '/')}.md": text for name, text in files.items()},
    })


def rows(files: dict[str, bytes], name: str) -> list[dict]:
    return [json.loads(line) for line in files[name].decode("utf-8").split("\n") if line]


def validate(files: dict[str, bytes]):
    """The dataset validated against its own data package (schemas, primary and foreign keys), each resource's
    rows read from its JSON Lines."""
    descriptor = json.loads(files[PACKAGE])
    for resource in descriptor["resources"]:
        resource["data"] = rows(files, resource.pop("path"))
        del resource["format"], resource["mediatype"], resource["encoding"]
    return Package(descriptor).validate()


@pytest.fixture(scope="module")
def archive() -> dict[str, bytes]:
    return dataset_files(REPO, Layout.of_site(REPO))


def test_the_archive_is_valid_against_its_datapackage(archive):
    report = validate(archive)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [len(rows(archive, name)) for name in (POSTS, COMMENTS)] == [1, 48]


def test_validation_finds_a_reply_to_a_comment_not_in_the_dataset(archive):
    lines = archive[COMMENTS].split(b"\n")
    broken = {**archive, COMMENTS: b"\n".join(lines[1:])}  # comment 1 left out: 1.1 replies to it
    report = validate(broken)
    assert [(type_, "parent" in note) for type_, note in report.flatten(["type", "note"])] == [("foreign-key", True)]


def test_the_package_as_written_names_each_file_written_and_how_to_read_it(archive):
    """What validate() leaves out to read rows without frictionless's JSON plugin: each resource's path, format,
    media type and encoding, as a researcher's tool reads them from the file as written."""
    descriptor = json.loads(archive[PACKAGE])
    report = Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    assert [(r["path"], r["format"], r["mediatype"], r["encoding"]) for r in descriptor["resources"]] == [
        (POSTS, "jsonl", "application/jsonl", "utf-8"), (COMMENTS, "jsonl", "application/jsonl", "utf-8")]
    assert set(archive) == {PACKAGE, POSTS, COMMENTS}
    assert all(isinstance(json.loads(line.decode("utf-8")), dict)  # UTF-8, a row a line
               for name in (POSTS, COMMENTS) for line in archive[name].split(b"\n") if line)


def test_every_field_is_described(archive):
    package = json.loads(archive[PACKAGE])
    for resource in package["resources"]:
        assert Resource(resource).schema.primary_key == ["id"]
        assert all(field["description"] and field["type"] for field in resource["schema"]["fields"])
    keys = package["resources"][1]["schema"]["foreignKeys"]
    assert keys == [{"fields": ["post"], "reference": {"resource": "posts", "fields": ["id"]}},
                    {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}}]


def test_the_seed_discussion_round_trips_its_thread_shape(archive):
    discussion = read_discussion(REPO / "comments" / f"{SEED}.md", REPO)
    exported = rows(archive, COMMENTS)
    prefix = f"{SEED}#comment-"
    assert [row["id"].removeprefix(prefix) for row in exported] == [c.id for c in discussion.comments]
    assert {row["id"].removeprefix(prefix): row["parent"] and row["parent"].removeprefix(prefix) for row in exported} == \
        {c.id: c.reply_to for c in discussion.comments}
    assert [row["text"] for row in exported] == [c.body or None for c in discussion.comments]
    assert all(row["post"] == SEED for row in exported)


def test_the_seed_post_as_the_archive_keeps_it(archive):
    [post] = rows(archive, POSTS)
    source = (REPO / f"{SEED_POST}.md").read_text(encoding="utf-8")
    assert post["title"] == "Induction therapies: more science is needed"
    assert post["date"] == "2015-05-17" and post["tags"] == ["MSBlog", "MSResearch"]
    assert post["authors"] is None  # the saved page names no author: unknown, not guessed
    assert post["text"] in source and source.rstrip("\n").endswith(post["text"])
    assert post["therapies"] == ["alemtuzumab", "cladribine", "HSCT", "ocrelizumab", "ofatumumab", "rituximab", "ZEUS"]


def test_posts_and_comments_say_only_what_their_sources_say(tmp_path):
    files = dataset_files(small_site(tmp_path), Layout())
    second, first = rows(files, POSTS)  # sorted by id
    assert first == {
        "id": "2016/01/first", "title": "The first # post", "date": "2016-01-10T09:30:00+00:00",
        "authors": ["Prof G", "Jane Doe"], "tags": ["Trials", "HSCT"],
        "original_url": "http://multiple-sclerosis-research.blogspot.com/2016/01/first.html",
        "text": "Lemtrada, then HSCT; not http://example.org/alemtuzumab.\n\nThe end.",
        "therapies": ["alemtuzumab", "HSCT"],  # Lemtrada is alemtuzumab; a name inside an address is not a mention
        "identifiers": [],
    }
    assert second["authors"] is None and second["tags"] is None and second["original_url"] is None
    assert second["therapies"] == []
    comments = {row["id"].rpartition("-")[2]: row for row in rows(files, COMMENTS)}
    assert comments["1"] | {"text": None} == {
        "id": "2016/01/first#comment-1", "post": "2016/01/first", "parent": None, "author": "Ann",
        "time": "2016-01-11T10:00:00+01:00", "text": None, "deleted": False, "flag": None, "therapies": ["alemtuzumab"],
        "identifiers": []}
    assert comments["1.1"]["author"] is None and comments["1.1"]["time"] is None
    assert comments["2"]["deleted"] is True and comments["2"]["text"] is None
    assert comments["2.1"]["flag"] == "kept at its place" and comments["2.1"]["parent"] == "2016/01/first#comment-2"
    assert validate(files).valid


CITING = """Trial NCT00346424 (https://clinicaltrials.gov/study/NCT00346424), PMID: 21175342, see
[the paper](https://doi.org/10.1056/NEJMoa1011205) and PMC3025341; EudraCT 2006-002497-27, ISRCTN12345678.
By hand: {pmid}`19066387`, {doi}`10.1212/WNL.0b013e3181`, {nct}`NCT01234567`. Not one: NCT123, doi:11.1/x."""


def test_every_kind_of_identifier_a_text_cites_once_each(tmp_path):
    site = small_site(tmp_path, posts__2015__02__second=f"---\ndate: 2015-02-01\n---\n\n# Second\n\n{CITING}\n",
                      comments__2015__02__second=":::{comment} 1\n\nSee PMID 21175342 and 10.1056/nejmoa1011205.\n:::\n")
    files = dataset_files(site, Layout())
    assert rows(files, POSTS)[0]["identifiers"] == [
        "doi:10.1056/nejmoa1011205", "doi:10.1212/wnl.0b013e3181", "pmid:19066387", "pmid:21175342", "pmc:PMC3025341",
        "nct:NCT00346424", "nct:NCT01234567", "eudract:2006-002497-27", "isrctn:ISRCTN12345678"]
    [comment] = [row for row in rows(files, COMMENTS) if row["post"] == "2015/02/second"]
    assert comment["identifiers"] == ["doi:10.1056/nejmoa1011205", "pmid:21175342"]
    assert validate(files).valid


SICI = "10.1002/(SICI)1097-4679(199711)53:7<803::AID-JCLP1>3.0.CO;2-J"  # an old Wiley DOI
# What the build reads for mentions and citations, and what it does not: code (a code role too), {nomentions} blocks,
# an identifier's role's title for citations, the words of a link out of the site for citations (a link to a page is
# read); directives' titles and captions and other roles' titles it reads; in comments, roles (not read there), code
# and a link's words.
AS_THE_SITE_READS = {
    "posts__2015__02__second": f"""---\ndate: 2015-02-01\n---\n\n# Second

Roles: {{pmid}}`the paper <21175342>`, {{pmc}}`1234567`, {{isrctn}}`87654321`, {{eudract}}`2011-000111-22`.

Code: `MIST NCT00000009`.

:::{{nomentions}}
MIST PMID 11111111 here.
:::

```
HSCT NCT00000010
```

[The MIST trial, not PMID 33333333](https://clinicaltrials.gov/study/NCT00346424); doi:{SICI}, and
[again](https://doi.org/{SICI.replace("<", "%3C").replace(">", "%3E")}).

:::{{note}}
{{trial}}`the Swedish trial <MIST>` and [alemtuzumab](https://example.org/) in a note.
:::

```{{admonition}} Ocrelizumab, not PMID 55555555
Its title names them.
```

```{{code-block}} text
:caption: cladribine, PMID 66666666

natalizumab, PMID 12121212
```

{{doc}}`The first post, PMID 21212121 <../../2016/01/first>`, [and PMID 23232323 in its words](/posts/2016/01/first.md),
but not {{code}}`natalizumab PMID 13131313`, {{abbr}}`NTZ (natalizumab)` (its explanation) nor {{pep}}`PMID 14141414 <8>`
(a link out).
""",
    "comments__2015__02__second": ":::{comment} 1\n\nA role {pmid}`7777777` and `MIST` in code.\n:::\n\n"
                                  ":::{comment} 2\n\nMIST, PMID 21175342 and [the HSCT trial, PMID 44444444]"
                                  "(https://clinicaltrials.gov/study/NCT00346424).\n:::\n",
    "therapies__mist": "---\ntrial: MIST\n---\n\n# MIST\n",
    **{f"therapies__{name}": f"---\ntherapy: {name}\n---\n\n# {name}\n" for name in ("ocrelizumab", "cladribine",
                                                                                    "natalizumab")},
}


def test_therapies_and_identifiers_are_found_as_the_site_finds_them(tmp_path):
    files = dataset_files(small_site(tmp_path, **AS_THE_SITE_READS), Layout())
    post = rows(files, POSTS)[0]
    assert post["therapies"] == ["alemtuzumab", "cladribine", "MIST", "ocrelizumab"]
    assert post["identifiers"] == [f"doi:{SICI.lower()}", "pmid:21175342", "pmid:21212121", "pmid:23232323",
                                   "pmid:55555555", "pmid:66666666", "pmc:PMC1234567", "nct:NCT00346424",
                                   "eudract:2011-000111-22", "isrctn:ISRCTN87654321"]
    comments = {row["id"].rpartition("-")[2]: row for row in rows(files, COMMENTS) if row["post"] == "2015/02/second"}
    assert (comments["1"]["therapies"], comments["1"]["identifiers"]) == ([], [])
    assert (comments["2"]["therapies"], comments["2"]["identifiers"]) == (["MIST"], ["pmid:21175342", "nct:NCT00346424"])


def test_a_title_holding_roles_is_the_words_its_page_shows(tmp_path):
    """As the page's heading reads: each role's title, an identifier's label, an abbreviation's words, a code role's
    text; no role's name or target."""
    title = ("{therapy}`HSCT` vs {therapy}`Lemtrada <alemtuzumab>`: {doi}`10.1056/NEJMoa1011205`, "
             "{pmid}`the trial <21175342>`, {nct}`NCT123`, {abbr}`MS (multiple sclerosis)`, {code}`x <y>`, H{sub}`2`O")
    site = small_site(tmp_path, posts__2015__02__second=f"---\ndate: 2015-02-01\n---\n\n# {title}\n\nText.\n")
    post = rows(dataset_files(site, Layout()), POSTS)[0]
    assert post["title"] == ("HSCT vs Lemtrada: DOI 10.1056/nejmoa1011205, the trial, NCT123, MS, x <y>, H2O")


def test_tags_are_the_names_the_site_lists(tmp_path):
    """Tags and authors as written, quotes and brackets their own, split at commas, as the site lists them."""
    site = small_site(tmp_path, posts__2015__02__second="---\ndate: 2015-02-01\ntags: '[Video], \"MS\", ''Trials'', HSCT'\n"
                                                        "author: '\"Prof G\"'\n---\n\n# Second\n\nText.\n")
    post = rows(dataset_files(site, Layout()), POSTS)[0]
    assert (post["tags"], post["authors"]) == (["[Video]", '"MS"', "'Trials'", "HSCT"], ['"Prof G"'])


def test_hostile_text_is_data_kept_whole_one_record_a_line(tmp_path):
    site = small_site(tmp_path, posts__2015__02__second=f"---\ndate: 2015-02-01\n---\n\n# <b>{HOSTILE}</b>\n\n{HOSTILE}\n",
                      comments__2015__02__second=f":::{{comment}} 1\n:author: {HOSTILE.split()[0]}\n\n{HOSTILE}\n:::\n")
    files = dataset_files(site, Layout())
    for name in (POSTS, COMMENTS):
        text = files[name].decode("utf-8")
        assert len(text.splitlines()) == text.count("\n") == len(rows(files, name))  # no record spans two lines
        assert not set(text) & {"\u2028", "\u2029", "\x85", "\x7f"}  # escaped
    post = rows(files, POSTS)[0]
    assert post["text"] == HOSTILE and post["title"] == f"<b>{HOSTILE}</b>"
    [comment] = [row for row in rows(files, COMMENTS) if row["post"] == "2015/02/second"]
    assert comment["text"] == HOSTILE and comment["author"] == "<script>alert('x')</script>"
    assert validate(files).valid


def whole(files: dict[str, bytes]) -> dict[str, list[bytes]]:
    return {name: [content] for name, content in files.items()}


def test_the_same_content_gives_the_same_bytes(tmp_path):
    first = dataset_files(small_site(tmp_path / "a"), Layout())
    again = dataset_files(small_site(tmp_path / "b"), Layout())
    assert first == again
    assert dataset_archive(whole(first), "dataset") == dataset_archive(whole(again), "dataset")
    with tarfile.open(fileobj=io.BytesIO(dataset_archive(whole(first), "dataset"))) as tar:
        members = tar.getmembers()
        assert [m.name for m in members] == ["dataset/comments.jsonl", "dataset/datapackage.json", "dataset/posts.jsonl"]
        assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, 0, "", "")}
        assert {m.name.rpartition("/")[2]: tar.extractfile(m).read() for m in members} == first
    assert gzip.decompress(dataset_archive(whole(first), "dataset"))  # a gzip file
    assert dataset_archive(whole(first), "dataset")[4:8] == b"\0\0\0\0"  # its time: none


def test_the_archive_is_the_tar_python_writes_compressed_part_by_part(monkeypatch):
    parts = {COMMENTS: [b'{"id": "a"}\n' * 300, b"", '{"id": "é"}\n'.encode()], PACKAGE: [b"{}\n"], POSTS: [b"x" * 513]}
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in sorted(parts.items()):
            member = tarfile.TarInfo(f"dataset/{name}")
            member.size, member.mode, member.mtime = len(b"".join(content)), 0o644, 0
            tar.addfile(member, io.BytesIO(b"".join(content)))
    compressed = {}
    archive = dataset_archive(parts, "dataset", compressed)
    assert gzip.decompress(archive) == zlib.decompress(archive, 31) == tar_bytes.getvalue()  # one gzip member
    with tarfile.open(fileobj=io.BufferedReader(io.BytesIO(archive)), mode="r|gz") as stream:  # read as it downloads
        assert [member.name for member in stream] == ["dataset/comments.jsonl", "dataset/datapackage.json",
                                                      "dataset/posts.jsonl"]
    deflate, deflated_now = dataset_module._deflate, []
    monkeypatch.setattr(dataset_module, "_deflate", lambda block: deflated_now.append(block) or deflate(block))
    changed = {**parts, POSTS: [b"y" * 513]}
    assert gzip.decompress(dataset_archive(changed, "dataset", compressed)) == \
        tar_bytes.getvalue().replace(b"x" * 513, b"y" * 513)
    assert deflated_now == [b"y" * 513]  # the other parts, the headers, paddings and end: as compressed before


def test_gnu_tar_unpacks_the_archive_compressed_part_by_part(tmp_path):
    parts = {COMMENTS: [b'{"id": 1}\n', b'{"id": 2}\n'], PACKAGE: [b"{}\n"], POSTS: [b'{"id": 3}\n']}
    (tmp_path / "dataset.tar.gz").write_bytes(dataset_archive(parts, "dataset"))
    subprocess.run(["tar", "-xzf", "dataset.tar.gz"], cwd=tmp_path, check=True)
    assert {path.name: path.read_bytes() for path in (tmp_path / "dataset").iterdir()} == \
        {name: b"".join(content) for name, content in parts.items()}


def test_problems_are_named_by_file_and_line(tmp_path):
    site = small_site(tmp_path, posts__2015__02__second="---\ndate: yesterday\n---\n\n# Second\n",
                      comments__2016__01__first=":::{comment} 1\n:reply-to: 9\n\nA reply.\n:::\n",
                      comments__2017__01__gone=":::{comment} 1\n\nText.\n:::\n")
    with pytest.raises(ContentError) as error:
        dataset_files(site, Layout(), today=date(2020, 1, 1))
    assert [str(problem).split(": ", 1)[0] for problem in error.value.problems] == [
        "comments/2016/01/first.md:1", "comments/2017/01/gone.md:1", "posts/2015/02/second.md:2"]
    assert "'yesterday'" in str(error.value)


def test_a_file_linked_from_outside_the_site_is_a_problem_and_never_read(tmp_path):
    site = small_site(tmp_path / "site")
    (tmp_path / "secret.md").write_text(":::{comment} 9\n\nSECRET\n:::\n")
    (site / "comments/2016/01/first.md").unlink()
    (site / "comments/2016/01/first.md").symlink_to(tmp_path / "secret.md")
    with pytest.raises(ContentError) as error:
        dataset_files(site, Layout(), today=date(2020, 1, 1))
    assert [str(problem) for problem in error.value.problems] == [
        "comments/2016/01/first.md:1: the file is a symbolic link to a file outside the site's folder: the build would "
        "publish a file of the machine it runs on"]


def test_a_file_not_in_utf_8_is_a_problem_at_its_line(tmp_path):
    site = small_site(tmp_path)
    (site / "posts/2015/02/second.md").write_bytes(b"---\ndate: 2015-02-01\n---\n\n# Second\n\nCaf\xe9.\n")
    (site / "comments/2016/01/first.md").write_bytes(b":::{comment} 1\n\nA \xed\xa0\x80 lone surrogate.\n:::\n")
    (site / "therapies/hsct.md").write_bytes(b"---\ntherapy: HSCT\n---\n\n# HSCT \xff\n")
    with pytest.raises(ContentError) as error:
        dataset_files(site, Layout(), today=date(2020, 1, 1))
    assert [str(problem) for problem in error.value.problems] == [
        f"{path}: the file is not UTF-8, as every page, discussion and bibliography must be: save it as UTF-8"
        for path in ("comments/2016/01/first.md:3", "posts/2015/02/second.md:7", "therapies/hsct.md:5")]
