"""Media file names as offices give them: spaces, '#', '%', '?', accents, a hundred Vietnamese
letters, the same name saved composed (NFC) and decomposed (NFD).

* Every address the site gives a file is percent-encoded (UTF-8), so that each resolves, once
  decoded as a web server does, to the file in output/ (defect 7).
* A name too long for the names of a picture's resized copies is an error naming the file, the
  limit and a shorter name, in ``check`` as in ``build`` (defect 8).
* Two files whose names differ only in Unicode normalisation are an error naming both.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import bulletin_text, copy_site, needs_theme, write_files
from PIL import Image

from bantin.pipeline import build

BASE_URL = "https://example.gov.vn/khoi-thi-dua/"
SENTINEL = "Bản dựng trước, không được thay đổi.\n".encode()


def picture(width: int, height: int, fmt: str) -> bytes:
    buf = BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buf, fmt)
    return buf.getvalue()


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def with_output(root: Path) -> dict[str, bytes]:
    """An earlier build's output/, and what it holds."""
    (root / "output").mkdir()
    (root / "output" / "index.html").write_bytes(SENTINEL)
    (root / "output" / ".bantin-output").write_bytes(b"")
    return snapshot(root / "output")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# ---------------------------------------------------------------- every address resolves (7)

HASH = "hoi nghi #1 50%.png"
ACCENTS = "ảnh hội nghị.jpg"
QUERY = "bao-cao?v=2.pdf"


class Addresses(HTMLParser):
    """Every address in a page: href, src, srcset, og:/twitter: images, JSON-LD values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._ld: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for name in ("href", "src"):
            if name in a:
                self.found.append(a[name])
        for name in ("srcset", "imagesrcset"):
            if name in a:
                self.found += [c.strip().split()[0] for c in a[name].split(", ") if c.strip()]
        if tag == "meta" and "content" in a:
            prop = a.get("property") or a.get("name") or ""
            if prop.endswith(("image", ":url")) or prop == "og:url":
                self.found.append(a["content"])
        if tag == "script" and a.get("type") == "application/ld+json":
            self._ld = []

    def handle_data(self, data):
        if self._ld is not None:
            self._ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._ld is not None:
            self.found += list(ld_urls(json.loads("".join(self._ld))))
            self._ld = None


def ld_urls(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from ld_urls(v)
    elif isinstance(value, list):
        for v in value:
            yield from ld_urls(v)
    elif isinstance(value, str) and value.startswith(("http://", "https://", "/")):
        yield value


def xml_urls(data: bytes):
    for el in ET.fromstring(data).iter():
        for name in ("href", "url", "src"):
            if name in el.attrib:
                yield el.attrib[name]
        if el.tag.rpartition("}")[2] == "loc" and el.text:
            yield el.text.strip()


def emitted(out: Path):
    """(file, address) of every address in the HTML and XML files of ``out``."""
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".html":
            parser = Addresses()
            parser.feed(path.read_text(encoding="utf-8"))
            yield from ((rel, u) for u in parser.found)
        elif path.suffix == ".xml":
            yield from ((rel, u) for u in xml_urls(path.read_bytes()))


def page_address(rel: str) -> str:
    if rel == "index.html":
        return BASE_URL
    if rel.endswith("/index.html"):
        return BASE_URL + rel[: -len("index.html")]
    return BASE_URL + rel


def served_file(address: str) -> str | None:
    """The file under output/ a web server at BASE_URL gives for ``address`` (the path part,
    percent-decoded), or None for an address elsewhere."""
    if not address.startswith(BASE_URL):
        return None
    path = unquote(urlsplit(address).path[len(urlsplit(BASE_URL).path) :])
    return path + "index.html" if path == "" or path.endswith("/") else path


@needs_theme
def test_every_address_of_a_file_resolves_once_decoded(tmp_path, run_cli):
    root = copy_site("minimal", tmp_path)
    try:
        (tmp_path / QUERY).touch()
    except OSError:
        pytest.skip(f"this file system does not take '?' in a name: {QUERY}")
    write_files(
        root,
        {
            f"content/media/2024/{HASH}": picture(700, 420, "PNG"),
            f"content/media/2024/{ACCENTS}": picture(900, 600, "JPEG"),
            f"content/media/2024/{QUERY}": pdf(),
            "content/bulletins/2024/hoi-nghi-so-ket.md": bulletin_text(
                'title: "Hội nghị sơ kết 6 tháng"\n'
                "date: 2024-07-05T08:00:00+07:00\n"
                f'image: {{src: "2024/{HASH}", alt: "Toàn cảnh hội nghị"}}\n',
                f"Hội nghị sơ kết.\n\n![Đại biểu dự hội nghị](<media/2024/{ACCENTS}>)\n\n"
                f"Xem [báo cáo sơ kết](media/2024/{QUERY}).\n",
            ),
        },
    )
    profile = root / "content/profiles/nguyen-thi-a.md"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace("consent: true\n", f'consent: true\nphoto: {{src: "2024/{ACCENTS}"}}\n'),
        encoding="utf-8",
    )
    build(root, jobs=1)
    out = root / "output"

    resolved: set[str] = set()
    broken = []
    for rel, address in emitted(out):
        if address.startswith(("mailto:", "tel:", "#", "data:")):
            continue
        target = served_file(urljoin(page_address(rel), html.unescape(address)))
        if target is None:
            continue
        if (out / target).is_file():
            resolved.add(target)
        else:
            broken.append((rel, address))
    assert broken == []
    media = {t for t in resolved if t.startswith("media/")}
    assert {f"media/2024/{HASH}", f"media/2024/{ACCENTS}", f"media/2024/{QUERY}"} <= media
    assert any(t.endswith("-320.webp") and "#" in t for t in media)  # srcset copies
    page = (out / "tin-tuc/2024/hoi-nghi-so-ket/index.html").read_text(encoding="utf-8")
    assert "hoi%20nghi%20%231%2050%25.png" in page
    assert "bao-cao%3Fv%3D2.pdf" in page
    assert "%E1%BA%A3nh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg" in page
    feeds = (out / "feed.xml").read_text(encoding="utf-8") + (out / "rss.xml").read_text(
        encoding="utf-8"
    )
    assert feeds.count("hoi%20nghi%20%231%2050%25.png") >= 2  # the enclosures

    run = run_cli("--root", str(root), "check", "--built")
    assert run.code == 0, run.err
    assert "error" not in run.err


# ---------------------------------------------------------------- long names (8)

# 247 bytes of a Vietnamese title (about 100 letters) + ".jpg": a 251-byte name
LONG_STEM = "Hội nghị tổng kết công tác thi đua khen thưởng năm 2024 của khối các cơ quan Đảng "
LONG_STEM = LONG_STEM * 3
while len(LONG_STEM.encode()) > 247:
    LONG_STEM = LONG_STEM[:-1]
LONG_STEM = LONG_STEM.rstrip()
LONG_STEM += "a" * (247 - len(LONG_STEM.encode()))
LONG = LONG_STEM + ".jpg"


def long_site(tmp_path) -> Path:
    root = copy_site("minimal", tmp_path)
    write_files(
        root,
        {
            f"content/media/2024/{LONG}": picture(1700, 1000, "JPEG"),
            "content/bulletins/2024/tong-ket-thi-dua.md": bulletin_text(
                'title: "Tổng kết thi đua"\ndate: 2024-12-20T08:00:00+07:00\n'
                f'image: {{src: "2024/{LONG}", alt: "Hội nghị"}}\n'
            ),
        },
    )
    return root


def long_name_line() -> str:
    assert len(LONG.encode()) == 251
    return (
        f"content/media/2024/{LONG}: error: the name of this picture is 251 bytes long, too "
        "long for the names of its resized copies ('…-960.webp'): a file name holds at most "
        "255 bytes (rename it to at most 250 bytes, e.g. "
    )


@needs_theme
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_name_too_long_for_its_copies_is_an_error_with_a_shorter_name(tmp_path, run_cli, command):
    root = long_site(tmp_path)
    before = with_output(root)
    run = run_cli("--root", str(root), *([] if command == "build" else [command]))
    assert run.code == 1
    assert "internal error" not in run.err and "Traceback" not in run.err
    lines = [line for line in run.err.splitlines() if ": info: " not in line and line]
    if command == "build":
        lines = lines[:-1]
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith(long_name_line())
    shorter = re.search(r"e\.g\. '([^']*)'\)$", line).group(1)
    assert shorter.endswith(".jpg") and shorter.startswith("hoi-nghi-tong-ket-cong-tac")
    assert len(shorter.encode()) <= 250
    assert snapshot(root / "output") == before


@needs_theme
def test_the_shorter_name_builds(tmp_path, run_cli):
    root = long_site(tmp_path)
    run = run_cli("--root", str(root), "check")
    shorter = re.search(r"e\.g\. '([^']*)'\)", run.err).group(1)
    (root / f"content/media/2024/{LONG}").rename(root / f"content/media/2024/{shorter}")
    bulletin = root / "content/bulletins/2024/tong-ket-thi-dua.md"
    bulletin.write_text(
        bulletin.read_text(encoding="utf-8").replace(LONG, shorter), encoding="utf-8"
    )
    assert run_cli("--root", str(root)).code == 0
    stem = shorter.removesuffix(".jpg")
    assert (root / f"output/media/2024/{stem}-960.webp").is_file()


@needs_theme
@pytest.mark.parametrize("command", ["build", "check"])
def test_copies_renamed_to_stay_apart_must_fit_too(tmp_path, run_cli, command):
    """``x.jpg`` and ``x.png`` both want ``x-320.webp``: the second picture's copies are named
    ``x~1-320.webp``, two bytes longer; with a 246-byte stem those no longer fit."""
    root = copy_site("minimal", tmp_path)
    stem = "bien-ban-hop-khoi-" + "a" * 228
    assert len(stem) == 246
    write_files(
        root,
        {
            f"content/media/2024/{stem}.jpg": picture(1700, 1000, "JPEG"),
            f"content/media/2024/{stem}.png": picture(1700, 1000, "PNG"),
            "content/bulletins/2024/bien-ban.md": bulletin_text(
                'title: "Biên bản họp khối"\ndate: 2024-11-02T08:00:00+07:00\n'
                f'image: {{src: "2024/{stem}.jpg", alt: "Biên bản"}}\n',
                f"![Bản chụp](media/2024/{stem}.png)\n",
            ),
        },
    )
    before = with_output(root)
    run = run_cli("--root", str(root), *([] if command == "build" else [command]))
    assert run.code == 1
    assert "internal error" not in run.err
    assert (
        f"content/media/2024/{stem}.png: error: the name of this picture is 250 bytes long, "
        "too long for the names of its resized copies ('…~1-960.webp'): a file name holds at "
        "most 255 bytes (rename it to at most 248 bytes, e.g. "
    ) in run.err
    assert f"{stem}.jpg: error" not in run.err
    assert snapshot(root / "output") == before


@needs_theme
def test_a_bulletin_slug_as_long_as_a_file_name_allows_is_published(tmp_path, run_cli):
    """A 252-byte slug (255 with '.md') is the name of its page's folder: it fits."""
    root = copy_site("minimal", tmp_path)
    slug = ("hoi-nghi-tong-ket-cong-tac-thi-dua-khen-thuong-" * 6)[:252].strip("-")
    slug += "a" * (252 - len(slug))
    write_files(
        root,
        {
            f"content/bulletins/2024/{slug}.md": bulletin_text(
                'title: "Hội nghị tổng kết"\ndate: 2024-12-21T08:00:00+07:00\n'
            )
        },
    )
    assert run_cli("--root", str(root), "check").code == 0
    assert run_cli("--root", str(root)).code == 0
    assert (root / f"output/tin-tuc/2024/{slug}/index.html").is_file()


# ---------------------------------------------------------------- NFC and NFD side by side

NFC = unicodedata.normalize("NFC", "hội-nghị.jpg")
NFD = unicodedata.normalize("NFD", "hội-nghị.jpg")


@needs_theme
@pytest.mark.parametrize("command", ["build", "check"])
def test_two_names_that_differ_only_in_normalisation_are_an_error_naming_both(
    tmp_path, run_cli, command
):
    root = copy_site("minimal", tmp_path)
    write_files(
        root,
        {
            f"content/media/2024/{NFC}": picture(40, 30, "JPEG"),
            f"content/media/2024/{NFD}": picture(40, 30, "PNG"),
            "content/bulletins/2024/hoi-nghi.md": bulletin_text(
                'title: "Hội nghị"\ndate: 2024-06-02T08:00:00+07:00\n'
                f'image: {{src: "2024/{NFC}", alt: "Hội nghị"}}\n'
            ),
        },
    )
    assert len(list((root / "content/media/2024").iterdir())) == 2  # two files on this system
    before = with_output(root)
    run = run_cli("--root", str(root), *([] if command == "build" else [command]))
    assert run.code == 1
    lines = [line for line in run.err.splitlines() if ": info: " not in line and line]
    if command == "build":
        lines = lines[:-1]
    hint = "(keep one of the two: delete the other, or give it another name)"
    assert lines == [
        f"content/media/2024/{NFC}: error: this name is written with composed accents (NFC), "
        "and another file here has the same name written with separate accent marks (NFD): "
        f"a link cannot tell the two apart {hint}",
        f"content/media/2024/{NFC}: error: this name is written with separate accent marks "
        "(NFD), and another file here has the same name written with composed accents (NFC): "
        f"a link cannot tell the two apart {hint}",
    ]
    assert snapshot(root / "output") == before
