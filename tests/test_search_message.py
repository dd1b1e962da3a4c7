"""What a build says of the search index: how many pages it indexed when it made the whole
index, and, when it re-made only the parts whose pages changed, how many pages and parts of
how many it re-indexed (never "indexed N pages" for a build that re-made one part)."""

from __future__ import annotations

import pytest
from conftest import copy_site, needs_theme

from bantin import config as config_module
from bantin.cli import report_phases
from bantin.messages import tr
from bantin.pipeline import build

pytestmark = needs_theme


class Said:
    def __init__(self, lang: str):
        self.lang = lang
        self.lines: list[str] = []

    def say(self, text) -> None:
        self.lines.append(tr(text, self.lang))

    detail = say

    def seconds(self, value: float) -> str:
        return "0.1"


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(config_module, "MIN_PART_SIZE", 1)
    return {"search": {"enabled": True, "part_size": 2}}


def said(result, lang: str) -> list[str]:
    out = Said(lang)
    report_phases(result, out)
    return out.lines


def test_a_build_that_remade_one_part_says_how_many_pages_and_parts_it_reindexed(
    tmp_path, small_parts
):
    root = copy_site("basic", tmp_path)
    first = build(root, small_parts)
    assert first.parts_made == first.parts >= 4 and first.reindexed == first.indexed
    assert f"indexed {first.indexed} pages for search in 0.1 s" in said(first, "en")

    bulletin = root / "content/bulletins/2023/so-ket-6-thang-nam-2023.md"
    bulletin.write_text(bulletin.read_text("utf-8") + "\nĐoạn thêm.\n", "utf-8")
    edited = build(root, small_parts)
    assert edited.parts_made == 1 and 0 < edited.reindexed <= 2 < edited.indexed
    line = (
        f"re-indexed {edited.reindexed} of {edited.indexed} pages for search "
        f"(1 of {edited.parts} parts of the index; the others unchanged) in 0.1 s"
    )
    assert line in said(edited, "en")
    vi = said(edited, "vi")
    assert any(
        f"{edited.reindexed}/{edited.indexed} trang (1/{edited.parts} phần" in s for s in vi
    ), vi
    assert not any("indexed" in s for s in said(edited, "en") if s != line)


def test_a_one_part_index_made_again_is_the_whole_index(tmp_path):
    root = copy_site("basic", tmp_path)
    build(root)
    bulletin = root / "content/bulletins/2023/so-ket-6-thang-nam-2023.md"
    bulletin.write_text(bulletin.read_text("utf-8") + "\nĐoạn thêm.\n", "utf-8")
    edited = build(root)
    assert edited.parts == edited.parts_made == 1
    assert f"indexed {edited.indexed} pages for search in 0.1 s" in said(edited, "en")
