"""The basic fixture site built with themes/default: a few pages compared byte for byte with
tests/golden/basic/, and structural checks on every page.

After an intended change of the theme or the renderer, rewrite the goldens and review the diff:

    BANTIN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

import difflib
import os
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import GOLDEN
from PIL import Image

BASE = "/khoi-thi-dua/"
GOLDEN_PAGES = [
    "index.html",
    "tin-tuc/2024/tong-ket-khoi-nam-2023/index.html",
    "khoi/khoi-doan-the/index.html",
    "thong-ke/khoi-doan-the/index.html",
    "dien-hinh/tran-thi-mai/index.html",
    "404.html",
]
UPDATE = os.environ.get("BANTIN_UPDATE_GOLDEN") == "1"


class Page(HTMLParser):
    """What the checks need from one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.h1 = 0
        self.links: list[str] = []  # href and src values
        self.ids: list[str] = []
        self.canonical: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        for name in ("href", "src"):
            if a.get(name):
                self.links.append(a[name])
        if a.get("srcset"):
            self.links += [part.split()[0] for part in a["srcset"].split(",")]
        if a.get("id"):
            self.ids.append(a["id"])

    handle_startendtag = handle_starttag


@pytest.fixture(scope="module")
def out(basic_build) -> Path:
    return basic_build / "output"


@pytest.fixture(scope="module")
def pages(out) -> dict[str, Page]:
    return {
        p.relative_to(out).as_posix(): Page(p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.html"))
    }


# ---------------------------------------------------------------- goldens


@pytest.mark.parametrize("rel", GOLDEN_PAGES)
def test_page_matches_its_golden_file(out, rel):
    actual = (out / rel).read_bytes()
    golden = GOLDEN / "basic" / rel
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
        return
    if not golden.is_file():
        pytest.fail(f"no golden file {golden}; run with BANTIN_UPDATE_GOLDEN=1 to create it")
    expected = golden.read_bytes()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8").splitlines(keepends=True),
            actual.decode("utf-8").splitlines(keepends=True),
            fromfile=f"tests/golden/basic/{rel}",
            tofile=f"output/{rel}",
        )
        pytest.fail(
            "the page differs from its golden file (BANTIN_UPDATE_GOLDEN=1 rewrites it):\n"
            + "".join(diff),
            pytrace=False,
        )


# ---------------------------------------------------------------- structure of every page


def test_every_page_kind_was_written(pages):
    assert set(GOLDEN_PAGES) <= set(pages)
    assert len(pages) == 47  # the search page, two statistics pages, five ledger pages, open data


def test_every_root_relative_link_carries_the_base_path(pages):
    bad = [
        (rel, link)
        for rel, page in pages.items()
        for link in page.links
        if link.startswith("/") and not link.startswith(BASE)
    ]
    assert bad == []


def test_every_internal_link_points_to_a_written_file(out, pages):
    broken = []
    for rel, page in pages.items():
        for link in page.links:
            if not link.startswith(BASE):
                continue
            path = unquote(urlsplit(link).path)[len(BASE) :]
            target = out / (path + "index.html" if path == "" or path.endswith("/") else path)
            if not target.is_file():
                broken.append((rel, link))
    assert broken == []


def test_every_page_is_in_vietnamese(pages):
    assert {rel: page.lang for rel, page in pages.items() if page.lang != "vi"} == {}


def test_every_page_has_exactly_one_h1(pages):
    assert {rel: page.h1 for rel, page in pages.items() if page.h1 != 1} == {}


def test_ids_are_unique_on_every_page(pages):
    dupes = {rel: sorted({i for i in p.ids if p.ids.count(i) > 1}) for rel, p in pages.items()}
    assert {rel: d for rel, d in dupes.items() if d} == {}


def test_canonical_links_are_absolute_under_the_base_url(pages):
    for rel, page in pages.items():
        if page.canonical is not None:
            assert page.canonical.startswith("https://example.gov.vn/khoi-thi-dua/"), rel


def test_no_placeholder_is_left_unresolved(out):
    assert [p for p in out.rglob("*.html") if "bantin-ref:" in p.read_text(encoding="utf-8")] == []


def test_text_in_the_output_is_nfc(out):
    for p in out.rglob("*.html"):
        assert unicodedata.is_normalized("NFC", p.read_text(encoding="utf-8")), p


def test_the_profile_without_consent_appears_nowhere(out):
    for p in out.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            assert "Lò Văn Khánh".encode() not in data, p
            assert b"lo-van-khanh" not in data, p
    assert not (out / "dien-hinh" / "lo-van-khanh").exists()


def test_used_media_and_theme_files_are_copied(out, basic_build):
    for media in ("2023/so-ket.png", "2024/tong-ket.png"):
        # published re-encoded at the source's size (never enlarged), with a WebP copy
        with Image.open(out / "media" / media) as published:
            with Image.open(basic_build / "content" / "media" / media) as source:
                assert published.size == source.size
        assert (out / "media" / media).with_suffix(".webp").is_file()
    assert (out / "static").is_dir()


def test_a_post_at_half_past_midnight_on_new_year_is_archived_in_the_new_year(out):
    link = f'href="{BASE}tin-tuc/2024/tong-ket-khoi-nam-2023/"'
    assert link in (out / "tin-tuc/2024/index.html").read_text(encoding="utf-8")
    assert link not in (out / "tin-tuc/2023/index.html").read_text(encoding="utf-8")
    page = (out / "tin-tuc/2024/tong-ket-khoi-nam-2023/index.html").read_text(encoding="utf-8")
    assert "00:30, Thứ Hai, 01/01/2024" in page


def test_the_body_photo_has_its_caption_below_it(out):
    page = (out / "tin-tuc/2023/so-ket-6-thang-nam-2023/index.html").read_text(encoding="utf-8")
    figure = re.search(r"<figure>.*?</figure>", page, re.S)
    assert figure is not None
    assert f'src="{BASE}media/2023/so-ket.png"' in figure.group(0)
    assert re.search(
        r"<figcaption>Đại biểu dự hội nghị sơ kết 6 tháng đầu năm\. \(Ảnh: Hà Minh\)</figcaption>",
        figure.group(0),
    )


def test_the_bulletin_list_is_paginated(out):
    first = (out / "tin-tuc/index.html").read_text(encoding="utf-8")
    assert f'href="{BASE}tin-tuc/trang/2/"' in first
    second = (out / "tin-tuc/trang/2/index.html").read_text(encoding="utf-8")
    assert f'href="{BASE}tin-tuc/2023/phat-dong-thi-dua-nam-2023/"' in second
