from msblog.model.myst import parsed, walk

PAGE = """# Title

```{admonition} An *admonition's* title
Its body.
```

```{code-block} text
:caption: A code block's caption

Its code.
```

:::{nomentions}
Kept apart.
:::
"""


def texts(unread: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """The inline text ``walk`` reads of ``PAGE``, each with the line it is on."""
    return [(offset + (token.map[0] if token.map else 0) + 1, token.content)
            for token, offset, _ in walk(parsed(PAGE), unread=unread) if token.type == "inline"]


def test_a_directive_s_title_and_caption_are_read_at_its_line_and_a_code_block_s_body_never():
    assert texts() == [(1, "Title"), (3, "An *admonition's* title"), (4, "Its body."), (8, "A code block's caption"),
                       (14, "Kept apart.")]


def test_nothing_in_a_directive_left_unread_is_read():
    assert texts(frozenset({"nomentions"})) == texts()[:-1]
