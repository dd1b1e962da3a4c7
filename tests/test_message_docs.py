"""README.md explains every message `check` can print: each key of the catalogue areas a writer
meets (load, link, render, built, new, common) appears in README.md as inline code
(`link.unknown`), and the "Messages" section names no key the catalogue does not have."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from bantin.messages import CATALOGUE
from bantin.yamlio import parse_yaml

README = REPO / "README.md"
AREAS = ("load", "link", "render", "built", "new", "common")
FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
KEY = re.compile(r"^(?:" + "|".join(AREAS) + r")\.[a-z0-9_]+(?:\.[a-z0-9_]+)*$")


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


def messages_section(markdown: str) -> str:
    """The text under the level-2 heading "Messages", up to the next level-2 heading."""
    prose = FENCE.sub("", markdown)
    found = re.search(r"^## Messages[ \t]*$(.*?)(?=^## |\Z)", prose, re.MULTILINE | re.DOTALL)
    return found.group(1) if found else ""


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_the_inline_code_reader_finds_keys_and_skips_fenced_blocks():
    text = (
        "Say `link.unknown` and ``load.type.text`` | `a \\| b` |\n```text\n`built.missing`\n```\n"
    )
    assert inline_code(text) == {"link.unknown", "load.type.text", "a | b"}


@pytest.mark.parametrize("area", AREAS)
def test_every_message_of_an_area_is_explained_in_the_readme(readme, area):
    keys = area_keys(area)
    assert keys, f"no keys read from the {area} catalogue"
    shown = inline_code(readme)
    missing = [k for k in keys if k not in shown]
    assert not missing, f"README.md does not name these {area} messages as `code`: {missing}"


def test_the_messages_section_names_only_keys_the_catalogue_has(readme):
    section = messages_section(readme)
    assert section.strip(), 'README.md has no "## Messages" section'
    known = {k for area in AREAS for k in area_keys(area)}
    named = {span for span in inline_code(section) if KEY.match(span)}
    assert named, 'the "Messages" section names no message key'
    assert not sorted(named - known), f"unknown message keys in README.md: {sorted(named - known)}"
