"""A realistic synthetic Blogger export for benchmarks, the same for the same seed.

Posts have labels, paragraphs, links to earlier posts and a declared comment
count; comments are long and short, threaded up to four deep, some deleted.
The file is written as it is made, so a 10,000-post export needs little memory.
"""

from __future__ import annotations

import random
from itertools import accumulate
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HOST = "http://multiple-sclerosis-research.blogspot.com"
# Words as prose uses them: a few very common ones, a medical vocabulary, and a long tail of rare words
# (names, jargon), each drawn by Zipf's law, so a search term is in some pages and not in every page.
COMMON = "the of and to in is that for it with as was on be by this are not or have from at but we".split()
MEDICAL = ("immune system therapy relapse lesion trial patients neurologist evidence risk benefit disability "
           "progression remyelination vitamin cohort placebo efficacy safety infusion MRI biomarker fatigue "
           "spasticity cognition neurofilament oligoclonal demyelination lymphocyte antibody smoking pregnancy "
           "diagnosis symptoms walking bladder vision myelin axon inflammation atrophy").split()
SYLLABLES = "ka lo mi ne ru sa ti vo ze ba de fi go hu ja ke li mo nu pe ri so tu wa".split()
RARE = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:9]]  # 5,184 words
THERAPIES = ["HSCT", "alemtuzumab", "cladribine", "ocrelizumab", "natalizumab", "Lemtrada", "Tysabri", "simvastatin"]
LABELS = ["HSCT", "MSResearch", "MSBlog", "Clinic Speak", "Research Speak", "Trials", "Progressive MS", "Vitamin D"]
KIND = "http://schemas.google.com/g/2005#kind"


def _zipf(words: list[str]) -> tuple[list[str], list[float]]:
    """The words and their cumulative Zipf weights (the n-th word is n times rarer than the first)."""
    return words, list(accumulate(1 / rank for rank in range(1, len(words) + 1)))


VOCABULARIES = [_zipf(COMMON), _zipf(MEDICAL), _zipf(RARE)]
SHARES = [0.5, 0.35, 0.15]


def _sentence(rng: random.Random, topic: list[str]) -> str:
    """A sentence of Zipf-drawn words that may name one of the post's therapies (its ``topic``)."""
    words = []
    for _ in range(rng.randint(6, 18)):
        vocabulary, weights = rng.choices(VOCABULARIES, SHARES)[0]
        words.append(rng.choices(vocabulary, cum_weights=weights)[0])
    if topic and rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(topic))
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, count: int, topic: list[str]) -> list[str]:
    return [" ".join(_sentence(rng, topic) for _ in range(rng.randint(1, 5))) for _ in range(count)]


def generate(posts: int, out: Path, comments_per_post: int = 20, seed: int = 1) -> None:
    """Write an export with ``posts`` posts and about ``comments_per_post`` comments each."""
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=0)))
    addresses: list[str] = []
    with out.open("w", encoding="utf-8") as xml:
        xml.write("<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' "
                  "xmlns:thr='http://purl.org/syndication/thread/1.0'>\n<id>tag:blogger.com,1999:blog-1</id>\n")
        comment_id = 10_000_000
        for number in range(posts):
            published = start + timedelta(hours=8 * number)
            slug = f"post-{number:05d}-{rng.choice(MEDICAL)}"
            url = f"{HOST}/{published:%Y/%m}/{slug}.html"
            topic = rng.sample(THERAPIES, rng.randint(1, 2)) if rng.random() < 0.5 else []  # half name none
            body = "".join(f"<p>{escape(p)}</p>" for p in _paragraphs(rng, rng.randint(3, 12), topic))
            if addresses and rng.random() < 0.5:
                body += f'<p>See <a href="{rng.choice(addresses)}">an earlier post</a>.</p>'
            addresses.append(url)
            count = max(0, int(rng.gauss(comments_per_post, comments_per_post / 2)))
            labels = "".join(f"<category scheme='http://www.blogger.com/atom/ns#' term={quoteattr(label)}/>"
                             for label in rng.sample(LABELS, rng.randint(1, 3)))
            xml.write(f"<entry><id>tag:blogger.com,1999:blog-1.post-{number + 1}</id>"
                      f"<published>{published.isoformat()}</published>"
                      f"<category scheme='{KIND}' term='http://schemas.google.com/blogger/2008/kind#post'/>{labels}"
                      f"<title type='text'>{escape(_sentence(rng, topic)[:60])}</title>"
                      f"<content type='html'>{escape(body)}</content>"
                      f"<link rel='alternate' type='text/html' href={quoteattr(url)}/>"
                      f"<author><name>Prof G</name></author><thr:total>{count + rng.randint(0, 3)}</thr:total></entry>\n")
            thread: list[int] = []
            for index in range(count):
                comment_id += 1
                parent = rng.choice(thread) if thread and rng.random() < 0.5 else None
                thread.append(comment_id)
                text = "<br />".join(_paragraphs(rng, 1 if rng.random() < 0.7 else rng.randint(2, 6), topic))
                if rng.random() < 0.02:
                    text = "This comment has been removed by the author."
                related = (f"<link rel='related' href='http://www.blogger.com/feeds/1/{number + 1}/comments/default/{parent}'/>"
                           if parent else "")
                xml.write(f"<entry><id>tag:blogger.com,1999:blog-1.post-{comment_id}</id>"
                          f"<published>{(published + timedelta(minutes=7 * index + 5)).isoformat()}</published>"
                          f"<category scheme='{KIND}' term='http://schemas.google.com/blogger/2008/kind#comment'/>"
                          f"<content type='html'>{escape(text)}</content>{related}"
                          f"<author><name>{'Anonymous' if rng.random() < 0.6 else 'Reader ' + str(rng.randint(1, 500))}</name></author>"
                          f"<thr:in-reply-to ref='tag:blogger.com,1999:blog-1.post-{number + 1}' href={quoteattr(url)}/></entry>\n")
        xml.write("</feed>\n")
