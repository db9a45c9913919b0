"""A realistic synthetic Blogger export for benchmarks, the same for the same seed.

Posts have labels, paragraphs, links to earlier posts and a declared comment
count; comments are long and short, threaded up to four deep, some deleted.
The file is written as it is made, so a 10,000-post export needs little memory.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HOST = "http://multiple-sclerosis-research.blogspot.com"
WORDS = ("immune system therapy relapse lesion trial patients neurologist evidence risk benefit disability "
         "progression remyelination vitamin cohort placebo efficacy safety infusion MRI biomarker").split()
THERAPIES = ["HSCT", "alemtuzumab", "cladribine", "ocrelizumab", "natalizumab", "Lemtrada", "Tysabri", "simvastatin"]
LABELS = ["HSCT", "MSResearch", "MSBlog", "Clinic Speak", "Research Speak", "Trials", "Progressive MS", "Vitamin D"]
KIND = "http://schemas.google.com/g/2005#kind"


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 18))
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), rng.choice(THERAPIES))
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(_sentence(rng) for _ in range(rng.randint(1, 5))) for _ in range(count)]


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
            slug = f"post-{number:05d}-{rng.choice(WORDS)}"
            url = f"{HOST}/{published:%Y/%m}/{slug}.html"
            body = "".join(f"<p>{escape(p)}</p>" for p in _paragraphs(rng, rng.randint(3, 12)))
            if addresses and rng.random() < 0.5:
                body += f'<p>See <a href="{rng.choice(addresses)}">an earlier post</a>.</p>'
            addresses.append(url)
            count = max(0, int(rng.gauss(comments_per_post, comments_per_post / 2)))
            labels = "".join(f"<category scheme='http://www.blogger.com/atom/ns#' term={quoteattr(label)}/>"
                             for label in rng.sample(LABELS, rng.randint(1, 3)))
            xml.write(f"<entry><id>tag:blogger.com,1999:blog-1.post-{number + 1}</id>"
                      f"<published>{published.isoformat()}</published>"
                      f"<category scheme='{KIND}' term='http://schemas.google.com/blogger/2008/kind#post'/>{labels}"
                      f"<title type='text'>{escape(_sentence(rng)[:60])}</title>"
                      f"<content type='html'>{escape(body)}</content>"
                      f"<link rel='alternate' type='text/html' href={quoteattr(url)}/>"
                      f"<author><name>Prof G</name></author><thr:total>{count + rng.randint(0, 3)}</thr:total></entry>\n")
            thread: list[int] = []
            for index in range(count):
                comment_id += 1
                parent = rng.choice(thread) if thread and rng.random() < 0.5 else None
                thread.append(comment_id)
                text = "<br />".join(_paragraphs(rng, 1 if rng.random() < 0.7 else rng.randint(2, 6)))
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
