"""``run_import``: sources become draft bulletins, pictures, campaign stubs and a report
(bantin/importer/__init__, draft, write, report).

The reading and guessing stages are other modules; here they are replaced by small STAND-INS
that follow the contract's signatures and read this test's own fixture format
(``tests/fixtures/import/pipeline/sources``): the title on the first line, ``@key: value``
lines, a blank line, the body in Markdown. The written files are compared whole with
``tests/fixtures/import/pipeline/expected/``."""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import types
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

from bantin.config import load_config
from bantin.importer import ImportUsage, run_import
from bantin.importer.model import Moment, Picture, RawArticle

HERE = FIXTURES / "import" / "pipeline"
EXPECTED = HERE / "expected"

# ------------------------------------------------------------------ stand-ins

UNITS = {
    "hoi-nong-dan": "Hội Nông dân tỉnh",
    "tinh-doan": "Tỉnh đoàn",
    "hoi-nha-bao": "Hội Nhà báo",
}
CAMPAIGNS = {"nong-dan-gioi": "Nông dân giỏi vùng cao"}


def read_txt(path: Path) -> list[RawArticle]:
    data = path.read_bytes()
    head, _, body = data.decode("utf-8").partition("\n\n")
    title, *fields = head.split("\n")
    art = RawArticle(path, "txt", title, body, hashlib.sha256(data).hexdigest())
    for line in fields:
        key, _, value = line[1:].partition(": ")
        if key == "stamp":
            art.date_lines.append(value)
        elif key == "url":
            art.url = value
        elif key == "site":
            art.site_name = value
        elif key == "removed":
            art.removed.append(value)
        elif key == "picture":
            file, original, caption, credit = value.split("|")
            art.pictures.append(
                Picture(original, path.parent / file if file else None, caption, credit)
            )
    return [art]


def find_stamp(lines: list[str], tz: Any) -> Moment | None:
    for line in lines:
        m = re.match(r"(\d+)/(\d+)/(\d{4})(?: (\d+):(\d+))?$", line)
        if m:
            d, mo, y = int(m[1]), int(m[2]), int(m[3])
            value = datetime(y, mo, d, int(m[4]), int(m[5]), tzinfo=tz) if m[4] else date(y, mo, d)
            return Moment(value, line, "stamp", "sure")
    return None


@dataclass
class EventDay:
    day: date
    part: str | None
    evidence: str
    sure: str


def event_from_lead(lead: str, published: date | None, text_year: int | None) -> EventDay | None:
    m = re.match(r"Ngày (\d+)/(\d+)", lead)
    year = published.year if published else text_year
    if not m or not year:
        return None
    return EventDay(date(year, int(m[2]), int(m[1])), None, m[0], "likely")


def year_in_text(text: str) -> int | None:
    m = re.search(r"năm (\d{4})", text)
    return int(m[1]) if m else None


@dataclass
class Credit:
    byline: dict | None
    source: dict | None
    evidence: str
    markdown: str


def find_credit(markdown: str, author: str = "", site_name: str = "") -> Credit:
    return Credit(None, None, "", markdown)


def guess_event_types(title: str, lead: str) -> list[tuple[str, str]]:
    words = {"tổng kết": "tong-ket", "sơ kết": "so-ket"}
    return [(slug, w) for w, slug in words.items() if w in title.lower()]


def lead_paragraph(markdown: str) -> str:
    return markdown.strip().split("\n\n")[0]


def sentences_to_copy(text: str) -> list[str]:
    sentences = [s for p in text.split("\n\n") for s in re.split(r"(?<=\.) ", p)]
    return [s.strip() for s in sentences if "Bằng khen" in s]


def quoted_names(text: str) -> list[str]:
    return re.findall(r"“([^”]+)”", text)


@dataclass
class Match:
    slug: str
    seen: str
    count: int
    sure: str


class Catalogue:
    problems: list = []  # noqa: RUF012
    campaigns: dict = {}  # noqa: RUF012
    blocs: dict = {}  # noqa: RUF012

    @classmethod
    def load(cls, root: Path, config: Any) -> Catalogue:
        return cls()


def match_bloc(cat: Any, text: str) -> Match | None:
    if "Khối thi đua các đoàn thể tỉnh" in text:
        return Match("khoi-doan-the", "Khối thi đua các đoàn thể tỉnh", 1, "sure")
    return None


def match_units(cat: Any, bloc: str, text: str, year: int | None) -> list[Match]:
    return [Match(s, n, text.count(n), "sure") for s, n in UNITS.items() if n in text]


def match_campaigns(cat: Any, text: str, quoted: list[str]) -> tuple[list[Match], list[str]]:
    known = {n: s for s, n in CAMPAIGNS.items()}
    named = [Match(known[q], q, 1, "likely") for q in quoted if q in known]
    return named, [q for q in quoted if q not in known]


def split_dateline(text: str) -> tuple[str, str]:
    return "", text


def install_standins(monkeypatch: Any) -> None:
    """Put the stand-ins in place of the real stage modules for one test."""
    import bantin.importer as package

    g = globals()
    modules = {
        "textfile": ["read_txt"],
        "portaldates": [
            "find_stamp",
            "EventDay",
            "event_from_lead",
            "year_in_text",
            "split_dateline",
        ],
        "guess": ["Credit", "find_credit", "guess_event_types", "lead_paragraph"],
        "guess ": ["sentences_to_copy", "quoted_names"],
        "match": ["Match", "Catalogue", "match_bloc", "match_units", "match_campaigns"],
    }
    for key, names in modules.items():
        name = key.strip()
        module = sys.modules.get(f"bantin.importer.{name}") if key != name else None
        module = module or types.ModuleType(f"bantin.importer.{name}")
        for attr in names:
            setattr(module, attr, g[attr])
        monkeypatch.setitem(sys.modules, module.__name__, module)
        monkeypatch.setattr(package, name, module, raising=False)


# ------------------------------------------------------------------ helpers


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A copy of the pipeline fixtures (site + sources) in ``tmp_path``, the current folder,
    with the stand-ins in place; returns the site's root."""
    shutil.copytree(HERE / "site", tmp_path / "site")
    shutil.copytree(HERE / "sources", tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    install_standins(monkeypatch)
    return tmp_path / "site"


def imp(root: Path, *sources: str, **kw: Any):
    options: dict[str, Any] = dict(
        bloc=None, into=root / "content", report=Path("bao-cao.csv"), dry_run=False, jobs=1
    )
    options.update(kw)
    return run_import(
        root, load_config(root), [Path(s) for s in sources], progress=False, lang="vi", **options
    )


def written(root: Path) -> dict[str, bytes]:
    """Every file the import wrote (the fixture's blocs left out)."""
    content = root / "content"
    return {
        p.relative_to(content).as_posix(): p.read_bytes()
        for p in sorted(content.rglob("*"))
        if p.is_file() and "blocs" not in p.parts
    }


def expected(rel: str) -> str:
    return (EXPECTED / rel).read_text(encoding="utf-8")


# ------------------------------------------------------------------ tests

ALL = [
    "bulletins/2024/khoi-doan-the-tong-ket-cong-tac-thi-dua-nam-2023.md",
    "bulletins/2024/khoi-doan-the-tong-ket-cong-tac-thi-dua-nam-2023-2.md",
    "bulletins/2024/tinh-doan-so-ket-6-thang-dau-nam-2024.md",
    "bulletins/chua-ro-ngay/tinh-doan-ra-quan-thang-thanh-nien-script.md",
    "campaigns/sach-nha-dep-ngo.md",
]


@pytest.mark.parametrize("rel", ALL)
def test_each_written_file_is_exactly_as_expected(site, rel):
    """A dated article with units, bloc, campaign, lead picture, source and clutter removed;
    the same title again (-2, a different picture of the same name: -2); an undated article
    with a hostile title, a missing picture and a quoted campaign the site lacks (its stub)."""
    imp(site, "sources")
    assert (site / "content" / rel).read_text(encoding="utf-8") == expected(rel)


def test_pictures_copied_renamed_on_clash_and_reused(site):
    imp(site, "sources")
    files = written(site)
    media = {k: v for k, v in files.items() if k.startswith("media/")}
    red = (HERE / "sources" / "thang-1" / "hoi-nghi.jpg").read_bytes()
    blue = (HERE / "sources" / "hoi-nghi.jpg").read_bytes()
    # the copy in ban-sao/ has the same bytes as thang-1's: reused, not a third file
    assert media == {"media/2024/hoi-nghi.jpg": red, "media/2024/hoi-nghi-2.jpg": blue}


def test_report_csv_exact_utf8_with_bom(site):
    result = imp(site, "sources")
    data = (site.parent / "bao-cao.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == expected("bao-cao.csv").replace("\n", "\r\n")
    assert [result.count(s) for s in ("imported", "review", "already", "skipped")] == [2, 2, 0, 1]


def test_second_run_is_already_imported_and_changes_nothing(site):
    imp(site, "sources")
    before = written(site)
    again = imp(site, "sources", report=None)
    assert written(site) == before
    assert [o.status for o in again.outcomes] == ["skipped"] + ["already"] * 4
    first = "content/bulletins/2024/tinh-doan-so-ket-6-thang-dau-nam-2024.md"
    assert again.outcomes[1].file == first
    # the default report goes to import-reports/ in the site
    assert again.csv_path is not None and again.csv_path.parent == site / "import-reports"


def test_same_source_given_twice_is_imported_once(site):
    result = imp(site, "sources/trung-ten.txt", "sources/trung-ten.txt", "./sources/trung-ten.txt")
    assert [o.status for o in result.outcomes] == ["review"]


def test_a_copy_of_a_source_elsewhere_is_already_imported(site, tmp_path):
    imp(site, "sources/trung-ten.txt")
    shutil.copy(tmp_path / "sources" / "trung-ten.txt", tmp_path / "ban-khac.txt")
    result = imp(site, "ban-khac.txt")
    assert [(o.status, o.file) for o in result.outcomes] == [
        ("already", "content/bulletins/2024/khoi-doan-the-tong-ket-cong-tac-thi-dua-nam-2023.md")
    ]


def test_dry_run_writes_nothing_and_says_what_it_would(site, tmp_path):
    lines: list[str] = []
    result = imp(site, "sources", dry_run=True, report=None, say=lines.append)
    assert written(site) == {}
    assert not (site / "import-reports").exists()
    assert result.csv_path is None
    assert lines[1] == (
        "sẽ ghi: sources/ban-sao/so-ket.txt → "
        "content/bulletins/2024/tinh-doan-so-ket-6-thang-dau-nam-2024.md"
    )
    assert lines[4].startswith("sẽ ghi, cần kiểm tra: sources/trung-ten.txt → ")
    assert lines[4].endswith("-nam-2023-2.md [kiểm tra: Khối]")


def test_bloc_option_is_given_to_every_draft(site):
    imp(site, "sources/trung-ten.txt", bloc="cum-hoi")
    text = site / "content/bulletins/2024/khoi-doan-the-tong-ket-cong-tac-thi-dua-nam-2023.md"
    lines = text.read_text(encoding="utf-8").splitlines()
    assert "bloc: cum-hoi" in lines
    assert "# Khối: cum-hoi (chắc chắn) theo --bloc" in lines


def test_usage_errors(site):
    with pytest.raises(ImportUsage) as exc:
        imp(site, "sources", bloc="khoi-khong-co")
    assert exc.value.problem.format("vi") == (
        "--bloc: error: không có khối khoi-khong-co (các khối của trang: cum-hoi, khoi-doan-the)"
    )
    with pytest.raises(ImportUsage) as exc:
        imp(site, "khong-co.txt")
    assert exc.value.problem.format("vi") == (
        "khong-co.txt: error: không có tệp hay thư mục khong-co.txt"
    )
    with pytest.raises(ImportUsage):
        imp(site, "sources", into=site.parent)
    assert written(site) == {}


def test_a_reader_problem_skips_the_source_and_goes_on(site, monkeypatch):
    from bantin.importer.model import ImportProblem
    from bantin.messages import msg

    def broken(path: Path) -> list[RawArticle]:
        if path.name == "trung-ten.txt":
            raise ImportProblem(msg("import.no_title"), msg("import.no_title_hint"))
        return read_txt(path)

    monkeypatch.setattr(sys.modules["bantin.importer.textfile"], "read_txt", broken)
    result = imp(site, "sources/trung-ten.txt", "sources/ban-sao")
    assert [(o.status, str(o.reason)) for o in result.outcomes] == [
        (
            "skipped",
            "the article has no title (put the title on the file's first line and import it again)",
        ),
        ("imported", ""),
    ]


def test_parallel_import_gives_the_same_files(site, tmp_path, monkeypatch):
    """Many sources read by forked workers: the same files as one process."""
    many = tmp_path / "nhieu"
    many.mkdir()
    for i in range(70):
        (many / f"bai-{i:03}.txt").write_text(
            f"Tin số {i} của Tỉnh đoàn\n@stamp: {1 + i % 28}/03/2024\n\n"
            f"Ngày 1/3, Tỉnh đoàn họp lần {i}.\n",
            encoding="utf-8",
        )
    monkeypatch.setattr("bantin.parallel.MIN_PARALLEL", 8)
    imp(site, "nhieu", jobs=2)
    parallel_files = written(site)
    shutil.rmtree(site / "content" / "bulletins")
    imp(site, "nhieu", jobs=1)
    assert written(site) == parallel_files
    assert len(parallel_files) == 70
