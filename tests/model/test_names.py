"""Names from sources: one text for what a reader sees as one name, and isolated where they sit in plain text."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from msblog.model.names import clean_name, clean_names, isolated

INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
NAMES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


@given(NAMES)
def test_a_clean_name_is_nfc_without_invisible_or_control_characters_and_stays_so(name):
    cleaned = clean_name(name)
    assert cleaned == unicodedata.normalize("NFC", cleaned) == clean_name(cleaned)
    assert not any(c in INVISIBLE or unicodedata.category(c) == "Cc" for c in cleaned)
    assert cleaned == " ".join(cleaned.split())


@given(NAMES, st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(INVISIBLE)), max_size=4))
def test_names_that_differ_only_by_invisible_characters_or_normal_form_are_one_name(name, inserted):
    text = unicodedata.normalize("NFD", name)
    for at, char in inserted:
        at %= len(text) + 1
        text = text[:at] + char + text[at:]
    assert clean_name(text) == clean_name(name)


def test_prof_g_with_a_zero_width_space_is_prof_g():
    assert clean_name("Prof\u200b G") == clean_name("Prof G\u2060") == clean_name("Prof  G\ufeff") == "Prof G"
    assert clean_name("Sjo\u0308gren") == clean_name("Sjo\u200b\u0308gren") == "Sjögren"


def test_clean_names_keeps_each_name_once_in_order_and_leaves_out_empty_ones():
    assert clean_names(["C++", "Prof G", "Prof\u200b G", "\u200b", " ", "C"]) == ["C++", "Prof G", "C"]


def test_text_that_could_reorder_what_is_around_it_is_isolated_and_other_text_is_left_alone():
    assert isolated("Prof G") == "Prof G"
    assert isolated("Zoë (2015)") == "Zoë (2015)"
    assert isolated("Dr \u202eevil") == "\u2068Dr \u202eevil\u2069"  # an unclosed right-to-left override
    assert isolated("שלום") == "\u2068שלום\u2069"
    assert isolated("رقم ١٢") == "\u2068رقم ١٢\u2069"


def test_an_isolate_holds_whatever_direction_controls_the_text_holds():
    # The title's own PDI would close the isolate, and its RLO reverse the site's name after it.
    assert isolated("Evil\u2069\u202e title reversed") == "\u2068Evil\u202e title reversed\u2069"
    assert isolated("a\u202c\u202cb") == "\u2068ab\u2069"  # a stray PDF is dropped
    assert isolated("\u202eab\u202c\u202c") == "\u2068\u202eab\u202c\u2069"
    assert isolated("\u2067abc") == "\u2068\u2067abc\u2069\u2069"  # an isolate left open is closed
    assert isolated("\u2066a\u202e\u2069b\u2069") == "\u2068\u2066a\u202e\u2069b\u2069"  # its own PDI closes the RLO in it
    assert isolated("\u2066a\u202c\u2069") == "\u2068\u2066a\u2069\u2069"  # a PDF cannot close beyond an isolate


CONTROLS = st.text(st.sampled_from("ab\u05d0\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), max_size=12)


@given(CONTROLS)
def test_an_isolated_text_closes_its_own_isolate_last_and_nothing_before(text):
    shown = isolated(text)
    if shown == text:
        return
    depth = 0  # isolates open, by the bidirectional algorithm's pairing: every PDI here closes one
    for index, char in enumerate(shown):
        if char in "\u2066\u2067\u2068":
            depth += 1
        elif char == "\u2069":
            assert depth > 0
            depth -= 1
            assert depth > 0 or index == len(shown) - 1, shown  # the outer isolate ends with the text, not before
    assert depth == 0
