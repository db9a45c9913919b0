"""A realistic synthetic Blogger export for benchmarks, the same for the same seed.

Posts have labels, paragraphs, links to earlier posts and a declared comment
count; comments are long and short, threaded, some deleted. A :class:`Shape`
sets what drives a build's cost: how many posts name therapies and how often,
how deep reply threads go, how long comments are, and how many words and
commenters' names are accented. ``typical`` is the shape of the first
benchmarks; ``dense`` is heavier on each, and signs some posts under the text
after a line break within a paragraph, as Blogger's editor writes one. In both,
posts and a few comments cite papers and trials as the blog does (a PubMed link
or a DOI, an NCT number). Citations and signatures are drawn from random streams
of their own: without them, an export is the same bytes as before they were
added (the first benchmarks' for ``typical``). It is written in Blogger's older
export format or its current one (``feed.atom``), with the same posts and
comments. The file is written as it is made, so a 10,000-post export needs
little memory.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from itertools import accumulate
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from msblog.model.layout import Layout
from msblog.model.registry import load_registry

HOST = Layout().blog.home  # the exports are of the archive's own blog
REGISTRY = Path(__file__).resolve().parents[2] / Layout().registry  # the repository's, which benchmark sites copy
# Words as prose uses them: a few very common ones, a medical vocabulary, and a long tail of rare words
# (names, jargon), each drawn by Zipf's law, so a search term is in some pages and not in every page.
COMMON = "the of and to in is that for it with as was on be by this are not or have from at but we".split()
MEDICAL = ("immune system therapy relapse lesion trial patients neurologist evidence risk benefit disability "
           "progression remyelination vitamin cohort placebo efficacy safety infusion MRI biomarker fatigue "
           "spasticity cognition neurofilament oligoclonal demyelination lymphocyte antibody smoking pregnancy "
           "diagnosis symptoms walking bladder vision myelin axon inflammation atrophy").split()
SYLLABLES = "ka lo mi ne ru sa ti vo ze ba de fi go hu ja ke li mo nu pe ri so tu wa".split()
RARE = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:9]]  # 5,184 words
# Accented words: names of diseases and places, and words borrowed whole, then a long tail of made-up ones.
ACCENTED = ("Sjögren Guillain-Barré Dévic Besançon Zürich Malmö Göteborg Köln München Kraków Łódź "
            "São Montréal Genève Québec España Ærø Bjørn Dvořák Ångström café naïve rôle déjà über señora façade "
            "résumé crème pâté garçon coöperate élan fiancée protégé").split()
ACCENTED_SYLLABLES = "ká lö mí né rú sá tí vö zé bä dé fí gó hü já".split()
ACCENTED += [a + b + c for a in ACCENTED_SYLLABLES for b in SYLLABLES[:9] for c in ACCENTED_SYLLABLES]  # 2,025 more
THERAPIES = ["HSCT", "alemtuzumab", "cladribine", "ocrelizumab", "natalizumab", "Lemtrada", "Tysabri", "simvastatin"]
LABELS = ["HSCT", "MSResearch", "MSBlog", "Clinic Speak", "Research Speak", "Trials", "Progressive MS", "Vitamin D"]
# Identifiers, as the blog cites them: a PubMed link or a DOI in about 6 posts in 10, an NCT number in about 15 in
# 100, and one of them in about 3 comments in 100.
PAPER_SHARE, TRIAL_SHARE, COMMENT_SHARE = 0.6, 0.15, 0.03
KIND = "http://schemas.google.com/g/2005#kind"
LABEL = "http://www.blogger.com/atom/ns#"


def _zipf(words: list[str]) -> tuple[list[str], list[float]]:
    """The words and their cumulative Zipf weights (the n-th word is n times rarer than the first)."""
    return words, list(accumulate(1 / rank for rank in range(1, len(words) + 1)))


VOCABULARIES = [_zipf(COMMON), _zipf(MEDICAL), _zipf(RARE)]
SHARES = [0.5, 0.35, 0.15]


@dataclass(frozen=True)
class Shape:
    """What drives a build's cost, as the generator draws it for each post and comment."""

    about: str  # what the shape is, for the report
    topic_share: float  # of posts, those about some therapies or trials: their posts and comments name them
    topic_size: tuple[int, int]  # how many therapies or trials a post is about, at least and at most
    mention_rate: float  # the chance that a sentence of such a post or its comments names one of them
    registry: bool  # names from the registry (every therapy and trial, by all its names), or THERAPIES
    keeps_case: bool  # a sentence keeps its capitals; otherwise all but its first letter are lower case (and HSCT
    # is not found as a name: names of two capitals or more are found only as written)
    reply_share: float  # of comments, the replies to an earlier one
    chain_share: float  # of replies, those to the latest comment (a back-and-forth, which deepens the thread)
    short_share: float  # of comments, those of one paragraph (the others have ``long_paragraphs``)
    long_paragraphs: tuple[int, int]
    accented_share: float  # of the words drawn, those from ACCENTED
    regular: str = ""  # a frequent commenter
    regular_share: float = 0.0  # of comments, those the frequent commenter writes
    signed_share: float = 0.0  # of posts, those signed under the text on lines of their own ("Best wishes,<br />Prof
    # G", a line break within a paragraph, as Blogger's editor writes it), drawn from a random stream of their own


SHAPES = {
    "typical": Shape("half the posts are about one or two of eight therapies, named in 3 sentences in 10 of the post and "
                     "its comments; half the comments reply to any earlier one; 3 in 10 have several paragraphs; "
                     "no accented words",
                     topic_share=0.5, topic_size=(1, 2), mention_rate=0.3, registry=False, keeps_case=False,
                     reply_share=0.5, chain_share=0.0, short_share=0.7, long_paragraphs=(2, 6), accented_share=0.0),
    "dense": Shape("9 posts in 10 are about one to three therapies or trials of the registry, named by any of their "
                   "names in 6 sentences in 10 of the post and its comments; 7 comments in 10 are replies, most to the "
                   "latest comment (a back-and-forth); 6 in 10 have several paragraphs; 3 words in 100 are accented; "
                   "a frequent commenter, José Sjögren, writes 12 comments in 100; 3 posts in 10 are signed under "
                   "the text, on lines of their own",
                   topic_share=0.9, topic_size=(1, 3), mention_rate=0.6, registry=True, keeps_case=True,
                   reply_share=0.7, chain_share=0.6, short_share=0.4, long_paragraphs=(2, 8), accented_share=0.03,
                   regular="José Sjögren", regular_share=0.12, signed_share=0.3),
}
TYPICAL = SHAPES["typical"]


@cache
def _registry_names() -> list[tuple[str, ...]]:
    """Every therapy and trial of the repository's registry, by all its names."""
    names = [tuple(entry.names) for entry in load_registry(REGISTRY, Layout().registry)]
    if not names:
        raise ValueError(f"{REGISTRY}: no therapy or trial to name; this shape names the repository's registry")
    return names


class _Writing:
    """Sentences and paragraphs of Zipf-drawn words, in a shape's vocabulary."""

    def __init__(self, rng: random.Random, shape: Shape) -> None:
        self.rng, self.shape = rng, shape
        self.vocabularies, self.shares = VOCABULARIES, SHARES
        if shape.accented_share:
            self.vocabularies = [*VOCABULARIES, _zipf(ACCENTED)]
            self.shares = [share * (1 - shape.accented_share) for share in SHARES] + [shape.accented_share]

    def sentence(self, topic: list[str]) -> str:
        """A sentence that may name one of the post's therapies (its ``topic``)."""
        rng, words = self.rng, []
        for _ in range(rng.randint(6, 18)):
            vocabulary, weights = rng.choices(self.vocabularies, self.shares)[0]
            words.append(rng.choices(vocabulary, cum_weights=weights)[0])
        if topic and rng.random() < self.shape.mention_rate:
            words.insert(rng.randrange(len(words)), rng.choice(topic))
        text = " ".join(words)
        return (text[0].upper() + text[1:] if self.shape.keeps_case else text.capitalize()) + "."

    def paragraphs(self, count: int, topic: list[str]) -> list[str]:
        return [" ".join(self.sentence(topic) for _ in range(self.rng.randint(1, 5))) for _ in range(count)]


class _Citing:
    """Papers and trials cited, from a random stream of their own (seeded from the export's), so that the rest of an
    export is what it would be without them; each drawn from a pool a third the size of the export, so that several
    posts cite some of them, as the blog does."""

    def __init__(self, seed: int, posts: int) -> None:
        self.rng = random.Random(f"identifiers-{seed}")
        self.pool = max(10, posts // 3)

    def _paper(self) -> str:
        if self.rng.random() < 0.5:
            pmid = 20_000_000 + self.rng.randrange(self.pool)
            return f'<a href="https://pubmed.ncbi.nlm.nih.gov/{pmid}/">the paper on PubMed</a>'
        return f"doi:10.1177/1352458{self.rng.randrange(self.pool):06d}"

    def _trial(self) -> str:
        return f"NCT{1_000_000 + self.rng.randrange(self.pool):08d}"

    def post(self) -> str:
        """What a post's HTML ends with: a paragraph citing a paper, one citing a trial, both or nothing."""
        cited = f"<p>See {self._paper()}.</p>" if self.rng.random() < PAPER_SHARE else ""
        return cited + (f"<p>The trial is registered as {self._trial()}.</p>" if self.rng.random() < TRIAL_SHARE else "")

    def comment(self) -> str:
        """What a comment ends with: a sentence citing a paper or a trial, or nothing."""
        if self.rng.random() >= COMMENT_SHARE:
            return ""
        return f" What about {self._trial() if self.rng.random() < 0.3 else self._paper()}?"


def generate(posts: int, out: Path, comments_per_post: int = 20, seed: int = 1, current: bool = False,
             shape: Shape = TYPICAL) -> None:
    """Write an export with ``posts`` posts and about ``comments_per_post`` comments each, in ``shape``, in
    Blogger's older format or (``current``) its current one; both hold the same posts and comments for the same seed."""
    rng = random.Random(seed)
    writing = _Writing(rng, shape)
    citing = _Citing(seed, posts)
    signing = random.Random(f"signatures-{seed}")
    subjects = _registry_names() if shape.registry else [(name,) for name in THERAPIES]
    start = datetime(2010, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=0)))
    addresses: list[str] = []
    entry = _current_entry if current else _older_entry
    with out.open("w", encoding="utf-8") as xml:
        xml.write(CURRENT_HEAD if current else OLDER_HEAD)
        comment_id = 10_000_000
        for number in range(posts):
            published = start + timedelta(hours=8 * number)
            slug = f"post-{number:05d}-{rng.choice(MEDICAL).lower()}"
            url = f"{HOST}/{published:%Y/%m}/{slug}.html"
            topic = ([name for subject in rng.sample(subjects, rng.randint(*shape.topic_size)) for name in subject]
                     if rng.random() < shape.topic_share else [])
            body = "".join(f"<p>{escape(p)}</p>" for p in writing.paragraphs(rng.randint(3, 12), topic))
            if addresses and rng.random() < 0.5:
                body += f'<p>See <a href="{rng.choice(addresses)}">an earlier post</a>.</p>'
            body += citing.post()
            if signing.random() < shape.signed_share:
                body += "<p>Best wishes,<br />Prof G</p>"
            addresses.append(url)
            count = max(0, int(rng.gauss(comments_per_post, comments_per_post / 2)))
            labels = rng.sample(LABELS, rng.randint(1, 3))
            title = writing.sentence(topic)[:60]
            declared = count + rng.randint(0, 3)
            xml.write(entry(number + 1, published, body, "Prof G", post=PostFacts(url, title, labels, declared)))
            thread: list[int] = []
            for index in range(count):
                comment_id += 1
                parent = None
                if thread and rng.random() < shape.reply_share:
                    chained = shape.chain_share and rng.random() < shape.chain_share
                    parent = thread[-1] if chained else rng.choice(thread)
                thread.append(comment_id)
                paragraphs = 1 if rng.random() < shape.short_share else rng.randint(*shape.long_paragraphs)
                text = "<br />".join(writing.paragraphs(paragraphs, topic))
                text += citing.comment()
                if rng.random() < 0.02:
                    text = "This comment has been removed by the author."
                if shape.regular and rng.random() < shape.regular_share:
                    author = shape.regular
                else:
                    author = "Anonymous" if rng.random() < 0.6 else f"Reader {rng.randint(1, 500)}"
                xml.write(entry(comment_id, published + timedelta(minutes=7 * index + 5), text, author,
                                comment=CommentFacts(number + 1, url, parent)))
        xml.write("</feed>\n")


OLDER_HEAD = ("<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' "
              "xmlns:thr='http://purl.org/syndication/thread/1.0'>\n<id>tag:blogger.com,1999:blog-1</id>\n")
CURRENT_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' "
                "xmlns:blogger='http://schemas.google.com/blogger/2018'>\n<id>tag:blogger.com,1999:blog-1</id>"
                "<title>Synthetic blog</title>\n")


@dataclass
class PostFacts:
    url: str
    title: str
    labels: list[str]
    declared: int  # what the older format gives as thr:total


@dataclass
class CommentFacts:
    post: int  # the number in the post's id
    url: str  # the post's address
    parent: int | None  # the number in the id of the comment it answers


def _older_entry(number: int, published: datetime, html: str, author: str, post: PostFacts | None = None,
                 comment: CommentFacts | None = None) -> str:
    """An entry of the older export: its kind as a category; ``thr:`` elements for the count and the thread."""
    head = f"<entry><id>tag:blogger.com,1999:blog-1.post-{number}</id><published>{published.isoformat()}</published>"
    if post:
        labels = "".join(f"<category scheme='{LABEL}' term={quoteattr(label)}/>" for label in post.labels)
        return (f"{head}<category scheme='{KIND}' term='http://schemas.google.com/blogger/2008/kind#post'/>{labels}"
                f"<title type='text'>{escape(post.title)}</title><content type='html'>{escape(html)}</content>"
                f"<link rel='alternate' type='text/html' href={quoteattr(post.url)}/>"
                f"<author><name>{escape(author)}</name></author><thr:total>{post.declared}</thr:total></entry>\n")
    related = (f"<link rel='related' href='http://www.blogger.com/feeds/1/{comment.post}/comments/default/{comment.parent}'/>"
               if comment.parent else "")
    return (f"{head}<category scheme='{KIND}' term='http://schemas.google.com/blogger/2008/kind#comment'/>"
            f"<content type='html'>{escape(html)}</content>{related}<author><name>{escape(author)}</name></author>"
            f"<thr:in-reply-to ref='tag:blogger.com,1999:blog-1.post-{comment.post}' href={quoteattr(comment.url)}/></entry>\n")


def _current_entry(number: int, published: datetime, html: str, author: str, post: PostFacts | None = None,
                   comment: CommentFacts | None = None) -> str:
    """An entry of the current export: ``blogger:`` type, status and address; times in UTC, as Blogger gives them."""
    utc = published.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    kind = "ANONYMOUS" if author == "Anonymous" else "BLOGGER"
    thread = ""
    if comment:
        reply = f"tag:blogger.com,1999:blog-1.post-{comment.parent}" if comment.parent else ""
        thread = (f"<blogger:parent>tag:blogger.com,1999:blog-1.post-{comment.post}</blogger:parent>"
                  f"<blogger:inReplyTo>{reply}</blogger:inReplyTo>")
    parts = [f"<entry><id>tag:blogger.com,1999:blog-1.post-{number}</id>{thread}",
             f"<blogger:type>{'POST' if post else 'COMMENT'}</blogger:type><blogger:status>LIVE</blogger:status>",
             f"<author><name>{escape(author)}</name><uri></uri><blogger:type>{kind}</blogger:type></author>"]
    if post:
        parts.append(f"<title>{escape(post.title)}</title>")
    parts.append(f"<content type='html'>{escape(html)}</content>")
    if post:
        parts.append("<blogger:metaDescription/>")
    parts.append(f"<blogger:created>{utc}</blogger:created><published>{utc}</published><updated>{utc}</updated>")
    if post:
        parts += ["<blogger:location/>", *(f"<category scheme='tag:blogger.com,1999:blog-1' term={quoteattr(label)}/>"
                                            for label in post.labels),
                  f"<blogger:filename>{escape(post.url.removeprefix(HOST))}</blogger:filename>"]
    parts.append("<blogger:trashed/></entry>\n")
    return "".join(parts)
