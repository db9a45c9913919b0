from hypothesis import given, strategies as st

from msblog.model.excerpts import Excerpt, words_around


def around(text: str, match: str, **kwargs) -> Excerpt:
    start = text.index(match)
    return words_around(text, start, start + len(match), **kwargs)


def test_a_short_sentence_is_quoted_whole_without_its_neighbours():
    text = "We met in May. Is alemtuzumab worth the risk? I think so.\nThanks."
    assert around(text, "alemtuzumab") == Excerpt("Is ", "alemtuzumab", " worth the risk?")


def test_a_long_sentence_is_cut_to_about_thirty_words_and_says_where():
    before = " ".join(f"b{i}" for i in range(40))
    after = " ".join(f"a{i}" for i in range(40))
    excerpt = around(f"{before} HSCT {after}.", "HSCT")
    assert excerpt.before == "… " + " ".join(f"b{i}" for i in range(25, 40)) + " "
    assert excerpt.after == " " + " ".join(f"a{i}" for i in range(15)) + " …"
    assert len(str(excerpt).split()) == 30 + 1 + 2


def test_line_breaks_and_runs_of_spaces_read_as_one_space():
    assert str(around("Was\n\n  ocrelizumab\tgiven   in 2017?", "ocrelizumab")) == "Was ocrelizumab given in 2017?"


def test_a_match_at_either_end_of_the_text_has_nothing_on_that_side():
    assert around("HSCT", "HSCT") == Excerpt("", "HSCT", "")
    assert around("Ask about HSCT", "HSCT") == Excerpt("Ask about ", "HSCT", "")


@given(st.lists(st.sampled_from(["a", "bb", "c.", "d?", "e…"]), min_size=1, max_size=80),
       st.sampled_from([" ", "\n", "  "]), st.data())
def test_an_excerpt_is_a_run_of_the_text_s_words_around_the_match(words, space, data):
    at = data.draw(st.integers(0, len(words) - 1))
    text = space.join(words)
    start = len(space.join(words[:at] + [""])) if at else 0
    excerpt = words_around(text, start, start + len(words[at]))
    quoted = str(excerpt).split()
    quoted = quoted[quoted[0] == "…" and str(excerpt).startswith("… "):]
    quoted = quoted[:len(quoted) - (str(excerpt).endswith(" …"))]
    assert excerpt.match == words[at]
    assert any(words[i:i + len(quoted)] == quoted and i <= at < i + len(quoted) for i in range(len(words)))
    assert len(quoted) <= 31


def test_words_of_any_length_are_cut_to_a_few_lines_and_say_where():
    """A comment may hold a word as long as a book (an address, a pasted run of characters): a page quoting it
    quotes a few lines, not the word."""
    long = "x" * 100_000
    excerpt = around(f"Start {long} and HSCT then {long} end.", "HSCT")
    assert excerpt.before == f"… {'x' * 195} and "  # 200 characters of the text at most on each side
    assert excerpt.after == f" then {'x' * 194} …"


def whole_text_words_around(text: str, start: int, end: int, words: int = 30) -> Excerpt:
    """words_around as it read the whole text: what its window must give."""
    from msblog.model.excerpts import _SENTENCE_END, _first_words, _last_words

    before, after = " ".join(text[:start].split()), " ".join(text[end:].split())
    if text[:start][-1:].isspace() and before:
        before += " "
    if text[end:][:1].isspace() and after:
        after = " " + after
    before = before[max((m.end() for m in _SENTENCE_END.finditer(before)), default=0):]
    sentence_end = _SENTENCE_END.search(after)
    after = after[:sentence_end.end()].rstrip() if sentence_end else after
    return Excerpt(_last_words(before, words // 2), " ".join(text[start:end].split()),
                   _first_words(after, words - words // 2))


@given(st.lists(st.sampled_from(["a", "bb", "x" * 300, ".", "?\"", "… ", " ", "\n", "  ", ". ", '." ', "!)", "word "]),
                max_size=400),
       st.integers(min_value=0, max_value=5), st.data())
def test_the_window_gives_what_the_whole_text_gives(parts, words, data):
    text = "".join(parts) + " HSCT " + "".join(data.draw(st.lists(st.sampled_from(parts or ["a"]), max_size=400)))
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    assert words_around(text, start, end, words * 6) == whole_text_words_around(text, start, end, words * 6)
