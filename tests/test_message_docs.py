"""docs/vi/thong-bao.md explains every message `check` can print: it has one level-2 section
per catalogue area a writer meets (load, link, render, built, new, import, scores, opendata,
common), whose heading names the area as inline code ("## Tham chiếu giữa các tệp (`link`)");
each key of an area appears in that section as inline code (`link.unknown`); and the file names
no key the catalogue does not have."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from bantin.messages import CATALOGUE
from bantin.yamlio import parse_yaml

DOC = REPO / "docs" / "vi" / "thong-bao.md"
AREAS = ("load", "link", "render", "built", "new", "import", "scores", "opendata", "common")
ALL_AREAS = tuple(sorted(p.stem for p in (CATALOGUE / "vi").glob("*.yaml")))
FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
KEY = re.compile(r"^(?:" + "|".join(ALL_AREAS) + r")\.[a-z0-9_]+(?:\.[a-z0-9_]+)*$")


def area_keys(area: str) -> list[str]:
    """The keys of one area, in both languages (the catalogue tests keep them the same)."""
    keys: set[str] = set()
    for lang in ("en", "vi"):
        data = parse_yaml((CATALOGUE / lang / f"{area}.yaml").read_text(encoding="utf-8")) or {}
        keys |= {str(k) for k in data}
    return sorted(keys)


def inline_code(markdown: str) -> set[str]:
    """The text of every inline code span outside fenced code blocks; a span inside a table
    cell may escape its pipes (`a \\| b`)."""
    prose = FENCE.sub("", markdown)
    return {m.group(2).strip().replace("\\|", "|") for m in CODE_SPAN.finditer(prose)}


def area_section(markdown: str, area: str) -> str:
    """The text under the level-2 heading that names ``area`` as inline code ("## … (`load`)"),
    up to the next level-2 heading; empty when there is no such heading."""
    prose = FENCE.sub("", markdown)
    heading = r"^## [^\n]*`" + re.escape(area) + r"`[^\n]*$"
    found = re.search(heading + r"(.*?)(?=^## |\Z)", prose, re.MULTILINE | re.DOTALL)
    return found.group(1) if found else ""


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_inline_code_reader_finds_keys_and_skips_fenced_blocks():
    text = (
        "Say `link.unknown` and ``load.type.text`` | `a \\| b` |\n```text\n`built.missing`\n```\n"
    )
    assert inline_code(text) == {"link.unknown", "load.type.text", "a | b"}


def test_an_area_section_ends_at_the_next_level_two_heading():
    text = "## A (`load`)\n`load.x`\n### sub\n`load.y`\n## B (`link`)\n`link.z`\n"
    assert inline_code(area_section(text, "load")) == {"load.x", "load.y"}
    assert inline_code(area_section(text, "link")) == {"link.z"}
    assert area_section(text, "new") == ""


@pytest.mark.parametrize("area", AREAS)
def test_every_message_of_an_area_is_explained_in_its_section(doc, area):
    keys = area_keys(area)
    assert keys, f"no keys read from the {area} catalogue"
    section = area_section(doc, area)
    assert section.strip(), f"{DOC.name} has no level-2 heading naming `{area}`"
    shown = inline_code(section)
    missing = [k for k in keys if k not in shown]
    assert not missing, f"the `{area}` section of {DOC.name} does not name as `code`: {missing}"


def test_the_file_names_only_keys_the_catalogue_has(doc):
    known = {k for area in ALL_AREAS for k in area_keys(area)}
    named = {span for span in inline_code(doc) if KEY.match(span)}
    assert named, f"{DOC.name} names no message key"
    assert not sorted(named - known), f"unknown message keys in {DOC.name}: {sorted(named - known)}"
