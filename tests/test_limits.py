"""Bounded cost: what ``limits:`` in site_config.yaml refuses, and that a site can raise it.

Files larger than ``file_mb`` are refused before they are read; Markdown nested deeper than
``nesting``, or that Python-Markdown would take longer than ``markdown_seconds`` on, is refused
before Python-Markdown runs; YAML nested deeper than ``nesting`` or holding more than
``yaml_values`` values once its aliases are expanded is refused while it is parsed. No test here
measures time: each checks the outcome, and the pathological inputs of bench/pathological.py
run in a child process with a generous timeout, so that a hang fails instead of stalling.
``python -m bench.pathological`` prints how long each one takes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    REPO,
    SITES,
    add_theme,
    bulletin_text,
    copy_site,
    formatted,
    load_and_link,
    needs_theme,
    write_files,
)

from bantin.cache import digest
from bantin.config import LimitSettings, load_config
from bantin.errors import SiteError
from bantin.loader import load_content
from bantin.sources import file_digest
from bantin.text import markdown_cost, markdown_depth
from bantin.yamlio import YamlError, parse_yaml

sys.path.insert(0, str(REPO))
from bench.pathological import CASES

NEW = "content/bulletins/2024/tin-moi.md"
HEAD = 'title: "Tin mới"\ndate: 2024-03-01T08:00:00+07:00\n'
CONFIG = (SITES / "minimal" / "site_config.yaml").read_text(encoding="utf-8")

# ---------------------------------------------------------------- the pathological inputs

# what each case of bench/pathological.py gives with the default limits
OUTCOMES = {
    "quotes-1000": "load.markdown_too_deep",
    "quote-lines-1000": "load.markdown_too_deep",
    "lists-300": "load.markdown_too_deep",
    "list-markers-1000": "load.markdown_too_deep",
    "emphasis-5000": "load.markdown_recursion",
    "nested-emphasis-1000": "load.markdown_recursion",
    "underscores-20000": "ok",
    "brackets-20000": "load.markdown_too_costly",
    "brackets-100-paragraphs": "load.markdown_too_costly",
    "images-10000": "load.markdown_too_costly",
    "ref-links-5000": "load.markdown_too_costly",
    "link-parens-5000": "load.markdown_too_costly",
    "backtick-runs-300": "ok",
    "backticks-20000": "ok",
    "open-tags-20000": "load.markdown_too_costly",
    "cdata-5000": "load.markdown_too_costly",
    "autolinks-5000": "load.markdown_too_costly",
    "html-spans-20000": "load.markdown_too_costly",
    "escapes-100000": "load.markdown_too_costly",
    "headings-10000": "load.markdown_too_costly",
    "setext-10000": "load.markdown_too_costly",
    "footnote-refs-2000": "load.markdown_too_costly",
    "abbreviations-2000": "load.markdown_too_costly",
    "definition-lists-300": "load.markdown_too_deep",
    "html-in-markdown-1000": "load.markdown_recursion",
    "plain-4mb": "ok",
    "bulletin-10mb": "load.file_too_large",
    "yaml-laughs-9x9": "load.yaml_too_many_values",
    "yaml-laughs-30x2": "load.yaml_too_many_values",
    "yaml-merge-30": "load.yaml_too_many_values",
    "yaml-flow-10000": "load.yaml_too_deep",
    "yaml-flow-100000": "load.yaml_too_deep",
    "yaml-block-1000": "load.yaml_too_deep",
    "yaml-values-300000": "load.yaml_too_many_values",
    "yaml-recursive-alias": "load.yaml_alias_cycle",
    "yaml-python-tag": "load.invalid_yaml",
    # each inline element copies its paragraph: quadratic in Python-Markdown, so estimated
    "star-underscore-32000": "load.markdown_too_costly",
    "star-underscore-160000": "load.markdown_too_costly",
    "underscore-star-32000": "load.markdown_too_costly",
    "strong-16000": "ok",
    "star-letter-32000": "load.markdown_too_costly",
    "star-space-32000": "load.markdown_too_costly",  # cheap in fact: the estimate errs high
    "star-lines-32000": "load.markdown_too_costly",
    "emphasis-words-32000": "load.markdown_too_costly",
    "bold-lines-2000": "ok",
    "bold-lines-10000": "load.markdown_too_costly",
    "code-spans-30000": "load.markdown_too_costly",
    "html-tags-20000": "load.markdown_too_costly",
    "entities-30000": "load.markdown_too_costly",
    # closed links and link definitions are cheap, '[' that close late are not
    "ref-chain-8000": "ok",
    "nested-brackets-4000": "load.markdown_too_costly",
    "ref-definitions-20000": "ok",
    "inline-links-8000": "ok",
    "link-paragraphs-20000": "load.markdown_too_costly",
    "escaped-links-3000": "ok",
    # each paragraph is taken from the front of a list of all of them; items and cells cost too
    "paragraphs-50000": "load.markdown_too_costly",
    "list-items-100000": "load.markdown_too_costly",
    "table-rows-50000": "load.markdown_too_costly",
    "definitions-1000": "load.markdown_too_deep",
    "one-line-4mb": "ok",
    "short-lines-4mb": "ok",
    "report-1mb": "ok",
    # whole builds
    "site-tags-300": "ok",
    "site-tags-500": "load.too_many_tags",
    "site-tags-5000": "load.too_many_tags",
    "site-bloc-2000": "ok",
    "site-units-2000": "ok",
    "site-people-300": "ok",
    "site-campaigns-300": "ok",
    "site-pictures-2000": "ok",
    "site-pictures-distinct-2000": "ok",
    "site-full-feeds-300": "ok",
}
# accepted, and therefore parsed in full: a few seconds each, left to the slow tier
SLOW = {
    "plain-4mb",
    "one-line-4mb",
    "short-lines-4mb",
    "report-1mb",
    "escaped-links-3000",
    "strong-16000",
    "inline-links-8000",
    "bold-lines-2000",
    "ref-definitions-20000",
}
WHOLE_SITES = {name for name in OUTCOMES if name.startswith("site-")}  # slow too


def outcomes(names: list[str], guard: float = 300) -> dict[str, str]:
    """The outcome of each case with the default limits, parsed in one child process; a hang
    is a failure after ``guard`` seconds, far above what all the cases take together."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.pathological", "--outcomes", *names],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=guard,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the cases were still running after {guard} s")
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_case_of_the_benchmark_has_an_expected_outcome():
    assert sorted(OUTCOMES) == sorted(CASES)


def test_pathological_inputs_are_refused_with_a_message_or_read():
    names = [n for n in OUTCOMES if n not in SLOW | WHOLE_SITES]
    assert outcomes(names) == {n: OUTCOMES[n] for n in names}


@pytest.mark.slow
def test_large_but_ordinary_inputs_are_read():
    assert outcomes(sorted(SLOW)) == {n: OUTCOMES[n] for n in sorted(SLOW)}


@pytest.mark.slow
def test_whole_sites_with_one_expensive_file_are_built_or_refused():
    """A bulletin with hundreds of tags, people, campaigns or pictures, a bloc of 2,000
    members: each built (``--jobs 1``) or refused with a message."""
    names = sorted(WHOLE_SITES)
    assert outcomes(names, guard=900) == {n: OUTCOMES[n] for n in names}


# ---------------------------------------------------------------- file size


def test_a_file_above_file_mb_is_refused_without_being_read(minimal_site, monkeypatch):
    big = "Đoạn văn dài của bản báo cáo.\n" * 200_000  # 7.8 MB
    write_files(minimal_site, {NEW: bulletin_text(HEAD, big)})
    read: list[str] = []
    real = Path.read_bytes

    def spy(self):
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    content = load_content(load_config(minimal_site))
    assert formatted(content.problems) == [
        f"{NEW}: error: the file is 7.8 MB, more than the 5 MB bantin reads (split it into "
        "smaller files, or raise limits: file_mb in site_config.yaml)"
    ]
    assert "tin-moi.md" not in read
    assert "2024/tin-moi" in content.failed["bulletin"]


def test_a_site_can_raise_file_mb(minimal_site):
    write_files(
        minimal_site,
        {
            NEW: bulletin_text(HEAD, "Đoạn văn dài.\n" * 400_000),
            "site_config.yaml": CONFIG + "limits: {file_mb: 8}\n",
        },
    )
    site, problems = load_and_link(minimal_site)
    assert problems == []
    assert "2024/tin-moi" in site.by_id


def test_media_files_are_not_limited_by_file_mb(minimal_site):
    write_files(
        minimal_site,
        {"content/media/bao-cao.pdf": b"%PDF" + b"0" * (6 * 1024 * 1024)},
    )
    _, problems = load_and_link(minimal_site)
    assert problems == []


def test_hashing_a_file_reads_it_in_pieces_and_gives_the_digest_of_its_bytes(tmp_path):
    path = tmp_path / "lon.bin"
    data = bytes(range(256)) * 20_000  # 5 MB, more than one piece
    path.write_bytes(data)
    assert file_digest(path) == digest(data)
    path.write_bytes(b"")
    assert file_digest(path) == digest(b"")


def test_a_build_refuses_a_large_file_and_names_it(minimal_site, run_cli):
    write_files(minimal_site, {NEW: bulletin_text(HEAD, "Một dòng.\n" * 700_000)})
    run = run_cli("--root", str(minimal_site), "check")
    assert run.code == 1
    assert f"{NEW}: error: the file is 8.7 MB" in run.err


# ---------------------------------------------------------------- YAML


def laughs(levels: int, fan: int = 9) -> str:
    lines = ['l0: &l0 "ha"']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * fan)}]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_where_the_count_passes_the_limit():
    with pytest.raises(YamlError) as info:
        parse_yaml(laughs(9))
    exc = info.value
    assert exc.message == (
        "this YAML holds more than 100000 values once its aliases (*name) are expanded"
    )
    assert (exc.line, exc.col) == (7, 10)  # the first alias of l6 (9**6 values)
    assert "yaml_values" in exc.hint


def test_aliases_below_the_limit_are_read_and_a_limit_can_be_raised():
    assert len(parse_yaml(laughs(3))["l3"]) == 9
    with pytest.raises(YamlError):
        parse_yaml(laughs(5), max_values=50_000)
    data = parse_yaml(laughs(5), max_values=100_000)
    assert data["l5"][8][8][8][8][8] == "ha"


def test_flow_lists_ten_thousand_deep_are_refused_at_the_level_past_the_limit():
    text = "tags: " + "[" * 10_000 + "]" * 10_000 + "\n"
    with pytest.raises(YamlError) as info:
        parse_yaml(text)
    assert info.value.message == "lists and mappings are nested more than 32 deep here"
    assert (info.value.line, info.value.col) == (1, 6 + 32)
    with pytest.raises(YamlError):
        parse_yaml("[" * 100_000)  # unclosed, and deeper than libyaml's composer survives
    deep = parse_yaml("[" * 40 + "]" * 40, max_depth=40)
    for _ in range(39):
        deep = deep[0]
    assert deep == []


def test_block_mappings_nested_by_indentation_are_refused_too():
    text = "".join("  " * i + f"k{i}:\n" for i in range(100))
    with pytest.raises(YamlError) as info:
        parse_yaml(text)
    assert "nested more than 32 deep" in info.value.message
    assert info.value.line == 33


def test_an_alias_inside_its_own_anchor_is_refused_before_it_is_built():
    for text in ("tags: &a [x, *a]\n", "a: &m {b: *m}\n"):
        with pytest.raises(YamlError) as info:
            parse_yaml(text)
        assert info.value.message == "a YAML alias (*name) refers to a value that contains it"


def test_site_config_yaml_is_bounded_too(tmp_path):
    (tmp_path / "site_config.yaml").write_text(
        'title: "x"\nbase_url: https://a.vn/\nextra:\n' + "  " + laughs(9).replace("\n", "\n  ")
    )
    with pytest.raises(SiteError) as info:
        load_config(tmp_path)
    assert [p.code for p in info.value.problems] == ["load.yaml_too_many_values"]


def test_a_bloc_file_uses_the_site_limits(minimal_site):
    bloc = "content/blocs/khoi-thu.yaml"
    text = (SITES / "minimal" / bloc).read_text(encoding="utf-8")
    write_files(minimal_site, {bloc: text + "extra:\n  a: " + "[" * 20 + "]" * 20 + "\n"})
    _, problems = load_and_link(minimal_site)
    assert [p.code for p in problems] == []
    write_files(minimal_site, {"site_config.yaml": CONFIG + "limits: {nesting: 10}\n"})
    _, problems = load_and_link(minimal_site)
    assert [(p.path, p.line, p.code) for p in problems] == [(bloc, 19, "load.yaml_too_deep")]


# ---------------------------------------------------------------- Markdown


def test_markdown_depth_counts_quotes_list_markers_and_indentation():
    assert markdown_depth("Một đoạn.\n") == (0, 0)
    assert markdown_depth("Một.\n\n> > trích\n") == (2, 3)
    assert markdown_depth("- a\n    - b\n        - c\n") == (3, 3)
    assert markdown_depth("> - > 1. chữ\n") == (4, 1)
    assert markdown_depth(">>>>>>>>>> x\n") == (10, 1)
    assert markdown_depth("\t\t\tmã\n") == (3, 1)
    assert markdown_depth("-không phải danh sách\n*nhấn*\n") == (0, 0)


def test_quotes_deeper_than_the_limit_are_refused_and_the_limit_can_be_raised(minimal_site):
    body = "Mở đầu.\n\n" + "> " * 40 + "trích dẫn\n"
    write_files(minimal_site, {NEW: bulletin_text(HEAD, body)})
    _, problems = load_and_link(minimal_site)
    assert formatted(problems) == [
        f"{NEW}:7:1: error: quotes, lists and indentation are nested 40 deep here, more than the "
        "32 bantin reads (nest less deeply, or raise limits: nesting in site_config.yaml)"
    ]
    write_files(minimal_site, {"site_config.yaml": CONFIG + "limits: {nesting: 40}\n"})
    _, problems = load_and_link(minimal_site)
    assert problems == []


def test_an_estimate_of_markdowns_work_is_small_for_real_bulletins():
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    assert texts
    for text in texts:
        assert markdown_cost(text).seconds < 0.05


def test_the_estimate_names_what_costs_most_and_where():
    cost = markdown_cost("Đoạn đầu.\n\nĐoạn hai " + "[" * 3000 + "\n")
    assert (cost.reason, cost.count, cost.line) == ("brackets", 3000, 3)
    assert cost.seconds > 1
    assert markdown_cost("## Kết quả\n\n" * 2000).reason == "headings"
    assert markdown_cost("`a ``b ```c ````d\n" * 50).reason in ("backticks", "size")
    assert markdown_cost("<a " * 5000).reason == "tags"
    assert markdown_cost("[^1] " * 3000 + "\n\n[^1]: chú thích").reason == "footnotes"


def test_markdown_that_would_take_too_long_is_refused_and_the_limit_can_be_raised(
    minimal_site,
):
    body = "Mở đầu.\n\n" + "[" * 4000 + "\n"
    write_files(minimal_site, {NEW: bulletin_text(HEAD, body)})
    _, problems = load_and_link(minimal_site)
    assert formatted(problems) == [
        f"{NEW}:7:1: error: Markdown would take about 8.3 s to read this text, more than the 5 s "
        "allowed (4000 '[' in one paragraph) (put a backslash before a sign that is not markup "
        "(\\[, \\<, \\`), split the text, or raise limits: markdown_seconds in site_config.yaml)"
    ]
    write_files(minimal_site, {"site_config.yaml": CONFIG + "limits: {markdown_seconds: 10}\n"})
    _, problems = load_and_link(minimal_site)
    assert problems == []


def test_emphasis_nested_past_pythons_stack_is_a_problem_not_a_crash(minimal_site):
    write_files(minimal_site, {NEW: bulletin_text(HEAD, "*" * 3000 + "a" + "*" * 3000 + "\n")})
    _, problems = load_and_link(minimal_site)
    assert [(p.path, p.code) for p in problems] == [(NEW, "load.markdown_recursion")]


def test_definitions_without_blank_lines_nest_one_in_another():
    """Python-Markdown reads what follows a definition in its paragraph as the definition's
    content: "term / : definition / term / : definition" nests a list in a list."""
    assert markdown_depth("Thuật ngữ\n: Định nghĩa\n") == (0, 0)
    assert markdown_depth("a\n: b\n" * 40) == (39, 78)
    assert markdown_depth("a\n: b\n\n" * 40) == (0, 0)  # a blank line between: one list
    # an indented line goes with the definition above it: the next term starts a new one
    assert markdown_depth("a\n:   b\n    tiếp\nc\n:   d\n") == (1, 3)


def test_definitions_nested_past_the_limit_are_refused_before_markdown_reads_them(minimal_site):
    write_files(minimal_site, {NEW: bulletin_text(HEAD, "Mở đầu.\n\n" + "a\n: b\n" * 500)})
    _, problems = load_and_link(minimal_site)
    assert [(p.line, p.code) for p in problems] == [(1004, "load.markdown_too_deep")]


def test_the_estimate_counts_inline_elements_times_the_length_of_their_paragraph():
    """Python-Markdown copies a paragraph's text each time it finds an element in it."""
    one = markdown_cost("Dòng **đậm** và *nghiêng*\n" * 10000)  # one paragraph of 250 KB
    assert (one.reason, one.count, one.line) == ("markup", 20000, 1)
    assert one.seconds > 5
    apart = markdown_cost("Dòng **đậm** và *nghiêng*\n\n" * 10000)  # 10,000 paragraphs
    assert apart.reason != "markup" and apart.seconds < 5
    assert markdown_cost("*_" * 32000).reason == "markup"
    # a list or a table is read item by item, row by row
    assert markdown_cost("- **Đơn vị** đạt *xuất sắc*\n" * 5000).seconds < 2


def test_the_estimate_counts_paragraphs_items_and_cells():
    assert markdown_cost("a\n\n" * 50000).reason == "blocks"
    assert markdown_cost("a\n\n" * 50000).count == 50000
    assert markdown_cost("- a\n" * 60000).seconds > 5
    assert markdown_cost("| a | b |\n|---|---|\n" + "| a | b |\n" * 50000).seconds > 5


def test_brackets_that_close_at_once_are_cheap_and_link_definitions_are_not_read_as_text():
    assert markdown_cost("[a][b] " * 8000).seconds < 5
    assert markdown_cost("".join(f"[x{i}]: https://a.vn/{i}\n" for i in range(20000))).seconds < 5
    assert markdown_cost("[" * 4000 + "]" * 4000).seconds > 5  # each read to the far end


def test_once_past_the_limit_the_rest_of_the_estimate_is_skipped():
    text = "a\n\n" * 200_000 + "[" * 5000
    assert markdown_cost(text, 5).reason == "blocks"
    assert markdown_cost(text).seconds > markdown_cost(text, 5).seconds > 5


def test_a_long_inline_markup_message_names_the_paragraph(minimal_site):
    body = "Mở đầu.\n\n" + "*_" * 32000 + "\n"
    write_files(minimal_site, {NEW: bulletin_text(HEAD, body)})
    _, problems = load_and_link(minimal_site)
    assert formatted(problems) == [
        f"{NEW}:7:1: error: Markdown would take about 10 s to read this text, more than the 5 s "
        "allowed (32000 bits of markup (*, _, `, [, <, &) in one paragraph) (put a backslash "
        "before a sign that is not markup (\\[, \\<, \\`), split the text, or raise limits: "
        "markdown_seconds in site_config.yaml)"
    ]


# ---------------------------------------------------------------- tags


def tags(n: int) -> str:
    return "tags: [" + ", ".join(f'"Chủ đề {i}"' for i in range(n)) + "]\n"


def test_a_bulletin_with_more_tags_than_the_limit_is_refused_and_the_limit_can_be_raised(
    minimal_site,
):
    write_files(minimal_site, {NEW: bulletin_text(HEAD + tags(301))})
    site, problems = load_and_link(minimal_site)
    assert formatted(problems) == [
        f"{NEW}:4:1: error: this bulletin has 301 different tags, more than the 300 bantin reads "
        "(keep the tags readers will look for, or raise limits: tags in site_config.yaml)"
    ]
    assert "2024/tin-moi" not in site.by_id
    write_files(minimal_site, {"site_config.yaml": CONFIG + "limits: {tags: 301}\n"})
    _, problems = load_and_link(minimal_site)
    assert problems == []


def test_the_same_tag_written_twice_counts_once(minimal_site):
    same = "tags: [" + ", ".join(['"Thi đua"', '"thi đua"', '"Thi  đua"'] * 200) + "]\n"
    write_files(minimal_site, {NEW: bulletin_text(HEAD + same)})
    _, problems = load_and_link(minimal_site)
    assert problems == []


def test_tags_that_differ_in_their_accents_count_as_different_tags(minimal_site):
    """ "Bão" and "Báo" are two tags (two pages), so they count twice against the limit."""
    accents = ["ba", "bà", "bả", "bã", "bá", "bạ"]
    many = "tags: [" + ", ".join(f'"{a} {i}"' for i in range(50) for a in accents) + "]\n"
    write_files(minimal_site, {NEW: bulletin_text(HEAD + many)})
    write_files(minimal_site, {"site_config.yaml": CONFIG + "limits: {tags: 299}\n"})
    _, problems = load_and_link(minimal_site)
    assert [p.message for p in problems if p.severity == "error"] == [
        "this bulletin has 300 different tags, more than the 299 bantin reads"
    ]


def test_a_feed_entry_names_at_most_twenty_tags_and_twenty_campaigns(minimal_site):
    """A bulletin is in the feed of each of its tags: all of 300 tags in each of 300 feeds
    would be 90,000 categories."""
    from bantin.pipeline import load_site
    from bantin.render import plan_pages

    write_files(minimal_site, {NEW: bulletin_text(HEAD + tags(300))})
    site, _ = load_site(minimal_site)
    feeds = [
        s for s in plan_pages(site) if s.url.startswith("/chu-de/") and "categories" in s.context
    ]
    assert len(feeds) == 2 * 301  # Atom and RSS for each tag, "Tổng kết" included
    for spec in feeds:
        for categories in spec.context["categories"].values():
            assert len(categories) <= 20
    [ours] = {spec.context["categories"].get("2024/tin-moi") for spec in feeds} - {None}
    assert [c.label for c in ours] == [f"Chủ đề {i}" for i in range(20)]


@needs_theme
def test_a_feed_with_the_full_text_gives_a_very_long_text_by_its_lead(minimal_site):
    """With feeds: content: full a bulletin's text is in the feed of each of its tags; a text
    longer than 100,000 characters is given by its first paragraph."""
    import feedparser

    from bantin.pipeline import load_site
    from bantin.render import make_env, plan_pages, render_page

    add_theme(minimal_site)
    long_text = "Mở đầu của bản báo cáo.\n\n" + "Đoạn văn dài của bản báo cáo tổng kết.\n\n" * 3000
    write_files(
        minimal_site,
        {
            NEW: bulletin_text(HEAD + 'tags: ["Báo cáo"]\n', long_text),
            "site_config.yaml": CONFIG + "feeds: {content: full}\n",
        },
    )
    site, _ = load_site(minimal_site)
    env = make_env(site)
    specs = {s.url: s for s in plan_pages(site)}
    entries = {
        e.link: e for e in feedparser.parse(render_page(env, specs["/feed.xml"]).data).entries
    }
    long_entry = entries["https://example.gov.vn/khoi-thi-dua/tin-tuc/2024/tin-moi/"]
    assert long_entry.content[0].value == "<p>Mở đầu của bản báo cáo.</p>"
    short = entries["https://example.gov.vn/khoi-thi-dua/tin-tuc/2024/hop-khoi/"]
    assert "Quang cảnh hội nghị" in short.content[0].value  # a short text stays whole


# ---------------------------------------------------------------- linear time

# What the code below takes is a few seconds; code whose cost grows with the square of the
# input took many minutes on the same inputs. No time is asserted: a child process that is
# still running after the guard is the failure.
GUARD = 90


def run_guarded(script: str, *args: str) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=GUARD,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {GUARD} s: its cost grows faster than its input")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


LARGE_BLOC = """
import dataclasses, sys
from pathlib import Path
from bantin.config import load_config
from bantin.loader import load_content
from bantin.models import AwardMention, Member, Pledge, Profile, Score, UnitAward, YearResult
from bantin.render import plan_pages
from bantin.site import link

config = load_config(Path(sys.argv[1]))
content = load_content(config)
n = int(sys.argv[2])
units = [f"don-vi-{i}" for i in range(n)]
people = [f"nguoi-{i}" for i in range(n)]
award = dict(title="co-thi-dua-tinh", authority="ubnd-tinh")
[bloc] = content.blocs
content.blocs = [
    dataclasses.replace(
        bloc,
        members=bloc.members + tuple(Member(slug=u, name=f"Đơn vị số {u}") for u in units),
        results=(
            YearResult(
                year=2024,
                scores=tuple(Score(unit=u, points=90.0, rank=i + 1) for i, u in enumerate(units)),
                awards=tuple(UnitAward(unit=u, **award) for u in units),
            ),
        ),
        pledges=(Pledge(year=2024, signatories=tuple(units)),),
    )
]
content.profiles += [Profile(name=p, consent=True, positions=(), slug=p) for p in people]
[bulletin] = content.bulletins
content.bulletins = [
    dataclasses.replace(
        bulletin,
        people=tuple(people),
        awards_mentioned=tuple(AwardMention(unit=u, title="co-thi-dua-tinh") for u in units),
    )
]
site, problems = link(config, content)
units_planned = [s for s in plan_pages(site) if s.context.get("kind") == "unit"]
print(len(units_planned), len(site.profiles_by_campaign["dan-van-kheo"]), len(problems))
"""


@pytest.mark.slow
def test_a_bloc_of_fifty_thousand_members_is_linked_and_planned_in_linear_time(minimal_site):
    """Each score, award, signature and unit page looks its member up by slug; each person of
    a campaign's bulletins is added once; each award a bulletin mentions is found by index."""
    out = run_guarded(LARGE_BLOC, str(minimal_site), "50000")
    assert out == "50004 50000 0"  # the fixture's 4 members too; nguyen-thi-a is in people


LOCATED = """
import sys
from bantin.markup import parse_markdown
n, mb = int(sys.argv[1]), int(sys.argv[2])
plain = "Hội nghị sơ kết công tác thi đua của khối diễn ra tại hội trường tỉnh. " * 12 + "\\n\\n"
links = "".join(f"- [quy chế {i}](media/quy\\\\_che-{i}.pdf)\\n" for i in range(n))
refs = parse_markdown(links + "\\n" + plain * (mb * 1024 * 1024 // len(plain)), "t.md", 1).refs
print(len(refs), refs[0].target, refs[-1].target)
"""


@pytest.mark.slow
def test_twenty_thousand_links_before_megabytes_of_text_are_located_in_linear_time():
    """Each link is placed on its line without searching the text from the start again."""
    out = run_guarded(LOCATED, "20000", "4")
    assert out == "20000 quy_che-0.pdf quy_che-19999.pdf"


# ---------------------------------------------------------------- the settings


def test_the_defaults():
    limits = LimitSettings()
    assert (limits.file_mb, limits.nesting, limits.yaml_values) == (5, 32, 100_000)
    assert limits.markdown_seconds == 5
    assert limits.file_bytes == 5 * 1024 * 1024


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("{file_mb: 0}", "limits.file_mb must be between 0.001 and 1024, got 0"),
        ("{file_mb: 2000}", "limits.file_mb must be between 0.001 and 1024, got 2000"),
        ("{nesting: 0}", "limits.nesting must be between 1 and 100, got 0"),
        ("{nesting: 101}", "limits.nesting must be between 1 and 100, got 101"),
        ("{yaml_values: 0}", "limits.yaml_values must be between 1 and 10000000, got 0"),
        ("{yaml_values: 1e12}", None),  # a float where an integer belongs: a type error
        (
            "{markdown_seconds: .nan}",
            "limits.markdown_seconds must be between 0.01 and 3600, got nan",
        ),
        (
            "{markdown_seconds: .inf}",
            "limits.markdown_seconds must be between 0.01 and 3600, got inf",
        ),
        (
            "{markdown_seconds: -1}",
            "limits.markdown_seconds must be between 0.01 and 3600, got -1",
        ),
        ("{nesting: 1.5}", None),
        ("{file_bytes: 3}", None),
    ],
)
def test_limits_out_of_range_are_refused(tmp_path, setting, said):
    root = copy_site("minimal", tmp_path, theme=False)
    (root / "site_config.yaml").write_text(CONFIG + f"limits: {setting}\n", encoding="utf-8")
    with pytest.raises(SiteError) as info:
        load_config(root)
    problems = info.value.problems
    assert len(problems) == 1 and problems[0].path == "site_config.yaml"
    if said is not None:
        assert problems[0].message == said
        assert problems[0].line == 5
