"""Hypothesis strategies for hostile form values.

Everything here can be sent in an HTTP form (werkzeug encodes it as UTF-8), so
no lone surrogates; everything else is fair game: NUL and other control
characters, 100k characters, markup, SQL, bidi and zero-width characters,
numbers out of range, ids that do not exist, several values where one is expected.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: Markup that must never come back unescaped. Each carries "hostile" so a page's
#: own scripts never match.
MARKUP = (
    "<script>hostile()</script>",
    '"><img src=x onerror=hostile()>',
    "'><svg/onload=hostile()>",
    "<b data-hostile>vet</b>",
)
#: What a page may never contain raw (lower case; pages are compared lower-cased).
RAW_MARKERS = (
    "<script>hostile",
    "<img src=x onerror=hostile",
    "<svg/onload=hostile",
    "<b data-hostile",
)

SQL = (
    "'; DROP TABLE signals; --",
    "' OR '1'='1",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(0)",
    "%' AND 1=0 UNION SELECT NULL --",
    "\\",
    "%_%",
)

ODD_TEXT = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\r\nSet-Cookie: x=1",
    "\u202eesrever\u202c",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # Arabic
    "Z\u0351\u0344\u0307\u0300a\u0306\u0302lgo",  # combining marks
    "\U0001f600\U0001f9d1\u200d\U0001f4bb",  # emoji, ZWJ sequence
    "{{ 7*7 }}{% raw %}",
    "%(n)d %s {0}",
    "../../../etc/passwd",
    '=HYPERLINK("http://evil")',
    "\t\x0b\x0c\x1b[31m",
)

NUMBERS = (
    "-1",
    "0",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "inf",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "99999999999999999999999999999999",
    "\u0661\u0662",  # Arabic-Indic digits: int() accepts them
    "\u00b2",  # superscript two: isdigit() but not int()
    " 7 ",
    "0x10",
    "1_000",
    "2026-13-45",
    "9999-99",
)

#: Characters that can travel in a form: anything but surrogates.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
CONTROL_CHAR = st.characters(categories=("Cc", "Cf", "Zl", "Zp"))

short_text = st.text(ANY_CHAR, max_size=40)
control_text = st.text(CONTROL_CHAR, min_size=1, max_size=20)


def _repeat(fragment: str, length: int) -> str:
    fragment = fragment or "x"
    return (fragment * (length // len(fragment) + 1))[:length]


#: Long texts without asking Hypothesis to draw 100k characters one by one.
long_text = st.builds(
    _repeat,
    st.sampled_from(("a", "lang woord ", MARKUP[0], "\u200b\x01", "é€𝄞")),
    st.sampled_from((256, 1001, 3001, 10_001, 100_000)),
)

hostile_text = st.one_of(
    st.sampled_from(MARKUP),
    st.builds(
        lambda a, m, b: a + m + b, short_text, st.sampled_from(MARKUP), short_text
    ),  # fmt: skip
    st.sampled_from(SQL),
    st.sampled_from(ODD_TEXT),
    short_text,
    control_text,
    long_text,
)
hostile_number = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
hostile_scalar = st.one_of(hostile_text, hostile_number)


class Omit:
    """Leave the field out of the request."""

    def __repr__(self) -> str:
        return "OMIT"


OMIT = Omit()


def field_value(options: list[str]):
    """A value for one form field: mostly plausible, often hostile, sometimes a
    list of several values or no value at all."""
    plausible = st.sampled_from(options) if options else st.just("")
    scalar = st.one_of(plausible, hostile_scalar)
    return st.one_of(
        plausible,
        hostile_scalar,
        st.lists(scalar, min_size=2, max_size=3),
        st.just(OMIT),
    )


#: Names of fields no form has, sent along.
extra_fields = st.dictionaries(
    st.sampled_from(("id", "role", "status", "organisation_id", "version", "x\x00")),
    hostile_scalar,
    max_size=2,
)
