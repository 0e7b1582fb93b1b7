"""The depth guard on programme text: brackets and dotted keys are counted, whatever sits
in strings and comments is not (judged from the text, before a parser sees it)."""

from __future__ import annotations

import pytest

from hipcoach.safe_read import text_too_deep

LIMIT = 3


@pytest.mark.parametrize(("text", "too_deep"), [
    ("a = [[[1]]]\n", False),
    ("a = [[[[1]]]]\n", True),
    ("[a]\nb = { c = { d = [1] } }\n", False),
    ("[a]\nb = { c = { d = [{}] } }\n", True),
    ('a = "[[[[ not counted in a string"\n', False),
    ('a = "an escaped \\" quote, then [[[[ still in the string"\n', False),
    ("a = 'a literal string ends at its quote \\' [[[[1]]]]\n", True),
    ('a = """a " and a "" inside [[[[ a multi-line string\n]]]]"""\n', False),
    ("a = '''[[[[ ' '' ]]]]'''\n", False),
    ("# [[[[ a comment\na = 1\n", False),
    ("# a comment\na = [[[[1]]]]\n", True),
    ("a.b.c = 1\n", False),
    ("a.b.c.d.e = 1\n", True),
    ("a.b = 1.5\nc.d = 2.5\n", False),  # a dot after '=' or in a number is not a key's
    ("a.b.c\n.d.e = 1\n", False),  # a line end ends the key
    ("a.b.c2.d.e = 1\n", False),  # a digit too
    ("a.b.c\u00b2.d.e = 1\n", False),  # any digit, not only ASCII ones
    ("a.b.c\u00e9.d.e = 1\n", True),  # but not other letters
    ('"a.b.c.d.e" = 1\n', False),  # dots inside a quoted key
])
def test_depth_is_judged_from_the_text(text: str, too_deep: bool) -> None:
    assert text_too_deep(text, LIMIT) is too_deep
