"""Properties that must hold for any input: slugs, YAML parsing, front matter round trips and the
Vietnamese sort order."""

import re
import unicodedata

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bantin.frontmatter import ContentFileError, decode, looks_like_cp1258
from bantin.text import sort_key
from bantin.urls import slugify
from bantin.yamlio import YamlError, parse_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VI_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
VI_LETTERS += VI_LETTERS.upper()
PUNCTUATION = " :\"',.-–—#!?%&*()[]{}|>@`/“”‘’…"
# database=None: no .hypothesis/ folder in the working directory (tests write only to tmp_path)
FAST = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

vietnamese_text = st.text(alphabet=VI_LETTERS + "0123456789 -", max_size=30)


# ---------------------------------------------------------------- slugs


@FAST
@given(st.text(max_size=60))
def test_slugify_gives_a_kebab_case_ascii_slug_or_nothing(text):
    slug = slugify(text)
    assert slug == "" or SLUG.match(slug)


@FAST
@given(st.text(max_size=60))
def test_slugify_is_idempotent(text):
    slug = slugify(text)
    assert slugify(slug) == slug


@FAST
@given(
    st.text(alphabet=VI_LETTERS + PUNCTUATION + "0123456789", max_size=60) | st.text(max_size=40)
)
def test_nfc_and_nfd_give_the_same_slug(text):
    assert slugify(unicodedata.normalize("NFC", text)) == slugify(
        unicodedata.normalize("NFD", text)
    )


# ---------------------------------------------------------------- YAML


def _parses_or_yaml_error(text: str) -> None:
    try:
        parse_yaml(text)
    except YamlError as exc:
        assert isinstance(exc.message, str)
        assert exc.line >= 0 and exc.col >= 0


@FAST
@given(st.text(max_size=80))
def test_parse_yaml_raises_nothing_but_yaml_error_on_arbitrary_text(text):
    _parses_or_yaml_error(text)


@FAST
@given(st.text(alphabet="abc:-[]{}&*!|>'\"#%@`?,\n\t 019.~Đủ\\", max_size=60))
def test_parse_yaml_raises_nothing_but_yaml_error_on_yaml_like_text(text):
    _parses_or_yaml_error(text)


@FAST
@given(
    first=st.sampled_from(VI_LETTERS),
    rest=st.text(alphabet=VI_LETTERS + PUNCTUATION + "0123456789", max_size=80),
    allow_unicode=st.booleans(),
)
def test_front_matter_dumped_by_pyyaml_reads_back_the_same_title(first, rest, allow_unicode):
    title = first + rest
    text = yaml.safe_dump(
        {"title": title, "date": "2024-01-10T16:30:00+07:00", "tags": [title]},
        allow_unicode=allow_unicode,
    )
    data = parse_yaml(text)
    assert data["title"] == title
    assert data["tags"] == [title]


# ---------------------------------------------------------------- sort order


@FAST
@given(vietnamese_text, vietnamese_text)
def test_sort_key_is_consistent_with_equality(a, b):
    assert (sort_key(a) == sort_key(b)) == (a == b)


@FAST
@given(vietnamese_text, vietnamese_text, vietnamese_text)
def test_sort_key_is_a_total_order(a, b, c):
    ka, kb, kc = sort_key(a), sort_key(b), sort_key(c)
    assert (ka < kb) + (ka == kb) + (ka > kb) == 1
    if ka <= kb and kb <= kc:
        assert ka <= kc


@FAST
@given(st.lists(vietnamese_text, max_size=12))
def test_sorting_does_not_depend_on_the_input_order(words):
    assert sorted(words, key=sort_key) == sorted(reversed(words), key=sort_key)


# ---------------------------------------------------------------- legacy encodings

TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """``text`` as an old Windows program saves Vietnamese: Windows-1258, the tone marks apart."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts if m in TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


vietnamese_line = st.text(alphabet=VI_LETTERS + " ,.:-0123456789\n", min_size=1, max_size=60)


@FAST
@given(ascii=st.text(alphabet="abcxyz ", max_size=20), line=vietnamese_line)
def test_vietnamese_saved_as_windows_1258_is_recognised(ascii, line):
    text = ascii + "Đoàn thanh niên " + line
    assert looks_like_cp1258(cp1258(text))
    with pytest.raises(ContentFileError) as info:
        decode(cp1258(text), "a.md")
    assert (
        info.value.problem.message
        == "not UTF-8 text: it looks like Windows-1258 (Vietnamese legacy encoding)"
    )


@FAST
@given(line=vietnamese_line, stray=st.binary(min_size=1, max_size=3).filter(lambda b: b[0] >= 0x80))
def test_utf8_with_a_stray_byte_is_not_taken_for_windows_1258(line, stray):
    data = ("Khối thi đua " + line).encode() + stray
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert not looks_like_cp1258(data)


@FAST
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz éèàçüöß", min_size=1, max_size=40))
def test_latin_1_text_without_vietnamese_letters_is_not_taken_for_windows_1258(text):
    assert not looks_like_cp1258(text.encode("latin-1"))
