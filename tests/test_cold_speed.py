"""The short cuts of a cold build give exactly what the long way gives: macro results reused
within a build (bantin.rendercache), Python-Markdown passing over patterns and block tests a
text cannot match (bantin.markup), plain YAML built straight from the parser's events
(bantin.yamlio), line-start patterns found by their line break (bantin.text)."""

import re

import pytest
from conftest import copy_site, load_and_link, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

import bantin.markup as markup
import bantin.text as text
import bantin.yamlio as yamlio
from bantin.deps import RECORDER
from bantin.render import PageSpec, make_env, render_page
from bantin.rendercache import _from_kept, _to_keep

# ---------------------------------------------------------------- Markdown

MARKDOWN_ATOMS = [
    "*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "![", "<", ">", "&amp;", "&#1;",
    "  \n", "\n", "\n\n", "[^1]", "[^1]: chú thích\n", "Đoàn ", "http://x.vn", "<b>", "</b>",
    "<a@b.vn>", "<http://a.vn>", "[x](bulletin:2024/a)", "![i](media/a.jpg)", "*[UBND]: Uỷ ban\n",
    "UBND ", "{: .x}", "# h\n", "## h ##\n", "h\n===\n", "- ", "1. ", "> ", "term\n: def\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", "    code\n", "***\n", "- - -\n", "[a]: http://x.vn\n",
    "[a] ", "<!-- c -->", "chữ ",
]  # fmt: skip


def both_ways(text: str, raw_html: str, monkeypatch) -> tuple:
    """The body of ``text`` with bantin's quick Markdown, and with Python-Markdown as it comes."""
    markup._local.__dict__.pop("md", None)
    quick = markup.parse_markdown(text, "a.md", 1, raw_html=raw_html, problems=[])
    with monkeypatch.context() as m:
        m.setattr(markup, "_KNOWN_MARKDOWN", False)
        markup._local.__dict__.pop("md", None)
        plain = markup.parse_markdown(text, "a.md", 1, raw_html=raw_html, problems=[])
    markup._local.__dict__.pop("md", None)
    return quick, plain


def test_the_quick_processors_are_in_use():
    markup._local.__dict__.pop("md", None)
    md = markup._md("sanitize")
    assert type(md.treeprocessors["inline"]) is markup._QuickInline
    names = {type(p).__name__ for p in md.parser.blockprocessors}
    assert {"_QuickQuote", "_QuickHR", "_QuickReference", "_QuickFootnote"} <= names


@pytest.mark.parametrize("raw_html", ["sanitize", "escape", "allow"])
@pytest.mark.parametrize(
    "text",
    [
        "Mở đầu *nhấn* và **đậm**, `mã`, [liên kết](bulletin:2024/a) và ![ảnh](media/a.jpg).\n",
        "Dòng một  \ndòng hai\\* &amp; <b>thẻ</b> <https://a.vn> <a@b.vn> [^1]\n\n[^1]: Ghi chú.\n",
        "# A\n\n## A\n\nx\n===\n\n> trích\n> > lồng\n\n---\n\n- a\n- b\n\n1. c\n\n[r]: /x\n\n[r]\n",
        "*[UBND]: Uỷ ban nhân dân\n\nUBND tỉnh.\n\nThuật ngữ\n: định nghĩa\n\n[TOC]\n",
        "Mở đầu.\n\n" + "> " * 400 + "Lời phát biểu.\n",  # near Python-Markdown's depth limit
    ],
)
def test_quick_markdown_gives_the_same_body(text, raw_html, monkeypatch):
    quick, plain = both_ways(text, raw_html, monkeypatch)
    assert quick == plain


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(MARKDOWN_ATOMS), max_size=40).map("".join))
def test_quick_markdown_gives_the_same_body_for_any_mix(monkeypatch, text):
    quick, plain = both_ways(text, "sanitize", monkeypatch)
    assert quick == plain


# ---------------------------------------------------------------- YAML

YAML_ATOMS = [
    "a: 1\n", "b: 1.50\n", "c: 2024-01-02\n", "d: 2024-01-02T10:00:00+07:00\n",
    "e: [1, x, 'y']\n", "f: {g: 1, h: null}\n", "i: ~\n", "j: true\n", "k: no\n", "l: 0123\n",
    "m: 0x1F\n", "n: 19:29\n",
    "a: trùng\n", "- x\n", "  - y\n", "o: &A 1\n", "p: *A\n", "q: !!str 1\n", "s: 2023-02-30\n",
    "t: |\n  khối\n  chữ\n", "? [1, 2]\n: z\n", "<<: {a: 1}\n", "y: .inf\n", "w:\n  - 1\n  - 2\n",
    "bb: ''\n", "cc:\n", "---\n", "dd: [a, [b, [c]]]\n", "1: một\n", "true: t\n", "~: n\n",
]  # fmt: skip


def shape(value):
    """A value with the positions and source text bantin's YAML keeps, for comparing."""
    if isinstance(value, dict):
        items = tuple((shape(k), shape(v), value.pos.get(k)) for k, v in value.items())
        return ("map", type(value).__name__, value.start, items)
    if isinstance(value, list):
        return (
            "seq",
            type(value).__name__,
            value.start,
            tuple(map(shape, value)),
            tuple(value.pos),
        )
    return (type(value).__name__, repr(value), getattr(value, "text", None))


def read_both_ways(source: str, monkeypatch) -> tuple:
    def read():
        try:
            return shape(yamlio.parse_yaml(source))
        except yamlio.YamlError as exc:
            return ("error", str(exc.message), exc.line, exc.col, str(exc.hint))

    quick = read()
    with monkeypatch.context() as m:

        def never(events):
            raise yamlio._NotPlain

        m.setattr(yamlio, "_plain_document", never)
        plain = read()
    return quick, plain


def test_a_front_matter_is_built_from_the_events():
    source = 'title: "A"\ndate: 2024-01-02\ntags: [a, b]\nimage: {src: a.jpg, alt: ""}\n'
    events = yamlio._events(source, yamlio._Parser, 1000, 10)
    built = yamlio._plain_document(events)
    assert built == {
        "title": "A",
        "date": built["date"],
        "tags": ["a", "b"],
        "image": built["image"],
    }
    assert built.pos["tags"] == (3, 1) and built["tags"].pos == [(3, 8), (3, 11)]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(YAML_ATOMS), min_size=1, max_size=8).map("".join))
def test_plain_yaml_reads_the_same_either_way(monkeypatch, source):
    quick, plain = read_both_ways(source, monkeypatch)
    assert quick == plain


# ---------------------------------------------------------------- patterns at line starts

LINE_PATTERNS = [
    text._ATX, text._SETEXT, text._ITEM, text._DEFINITION, text._QUOTED_BLANK, text._ABBREVIATION,
    text._NESTING_DEFINITION, text._deeper_than(0), text._deeper_than(2),
]  # fmt: skip
LINE_ATOMS = [
    "# h\n", "h\n===\n", "- a\n", "    - b\n", "1. c\n", "> q\n", ">\n", ": d\n", "t\n: d\nmore\n",
    "*[A]: b\n", "\n", "chữ ", "\t- t\n", "-\n", " : z\n", "##",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINE_ATOMS), max_size=30).map("".join))
def test_line_start_patterns_find_what_re_finds(source):
    for pattern in LINE_PATTERNS:
        usual = re.compile("^" + pattern.here.pattern, re.M)
        expected = [(m.start(), m.group()) for m in usual.finditer(source)]
        found = [
            (at, m.group()[1:] if at != m.start() else m.group())
            for at, m in pattern.finditer(source)
        ]
        assert found == expected
        if not pattern.here.pattern.endswith(r"\n(?=[ ]{0,3}[^ :\n])"):  # count: not for this
            assert pattern.count(source) == len(expected)


# ---------------------------------------------------------------- macro results reused

PARTIAL = (
    '{% macro card(b) %}<li>{{ b.title }}{{ tick() }}{{ site.status_of(b) or "" }}</li>'
    "{% endmacro %}"
    "{% macro names(items) %}{% for b in items %}{{ b.title }}{{ tick() }}{% endfor %}"
    "{% endmacro %}"
)
STATEFUL = (
    "{% set seen = namespace(n=0) %}"
    "{% macro card(b) %}{% set seen.n = seen.n + 1 %}{{ seen.n }}{{ tick() }}{% endmacro %}"
)
PAGE = (
    '{% from "partials/p.html" import card, names %}{% from "partials/s.html" import card as s %}'
    "{% for b in bulletins %}{{ card(b) }}{{ s(b) }}{% endfor %}|{{ names(bulletins) }}\n"
)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = copy_site("basic", tmp_path_factory.mktemp("site"))
    write_files(
        root,
        {
            "templates/partials/p.html": PARTIAL,
            "templates/partials/s.html": STATEFUL,
            "templates/list.html": PAGE,
        },
    )
    site, problems = load_and_link(root)
    assert problems == []
    return site


def render_twice(site, memo: bool):
    env = make_env(site)
    ticks = []
    env.globals["tick"] = lambda: ticks.append(1) or ""
    if not memo:
        env.macro_memo = None
    out = []
    for url in ("/a/", "/b/"):
        RECORDER.reset()
        shown = list(site.bulletins[:2])  # a list: names(shown) is not taken for the same again
        page = render_page(env, PageSpec(url, "list.html", {"bulletins": shown}))
        out.append((page.data, sorted(RECORDER.attrs), sorted(RECORDER.templates)))
    return out, len(ticks)


def test_a_pure_macro_runs_once_per_build_and_pages_note_what_it_used(small):
    with_memo, ticks = render_twice(small, memo=True)
    without, all_ticks = render_twice(small, memo=False)
    assert with_memo == without  # the same pages, the same site data and templates noted
    assert "status" in with_memo[1][1]  # noted again by the page that reused the card
    per_page = 2 * 3  # each bulletin: card, the stateful card, and names() of the list
    assert all_ticks == 2 * per_page
    # card() ran once per bulletin in the build; the stateful card and names(list) every time
    assert ticks == 2 + 2 * 2 + 2 * 2


def test_the_memo_keeps_vietnamese_html_as_utf8_and_gives_it_back_as_the_same_markup(small):
    env = make_env(small)
    env.globals["tick"] = lambda: ""
    RECORDER.reset()
    shown = list(small.bulletins[:2])
    render_page(env, PageSpec("/a/", "list.html", {"bulletins": shown}))
    kept = [entry[0] for entry in env.macro_memo.done.values()]
    assert any(type(html) is bytes for html in kept)  # the cards' Vietnamese titles
    assert all(type(html) is bytes or html.isascii() for html in kept)
    # the frozen sets of names noted are shared between the calls that noted the same
    sets = [entry[1] for entry in env.macro_memo.done.values() if entry[1]]
    assert len({id(s) for s in sets}) == len(set(sets))
    for html in (Markup("<li>Hội nghị &amp; ký kết</li>"), Markup("<li>ascii</li>"), "<x>đ</x>"):
        back = _from_kept(_to_keep(html))
        assert back == html and type(back) is type(html)
