"""Open data (issue 18, requirement 4): CSV (UTF-8 with a BOM, RFC 4180) and JSON of the blocs'
records and the award ledger, a Frictionless Data Package that the real validator accepts, the
"Dữ liệu mở" page, the sitemap, and incremental builds that write the files again after an edit.

The fixture is the ledger's (tests/test_ledger.py): two provinces, hostile names (quotes,
commas, ``<script>``, ``&``, a formula), a label with a comma and quotes, scores with and without
points, a pledge met and one whose result is a sentence.
"""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import frictionless  # the test extra: never skipped
import pytest
from conftest import copy_site, formatted, load_and_link, needs_theme, write_files
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ledger import FILES, HOSTILE_UNIT

from bantin.errors import SiteError
from bantin.opendata import BOM, TABLES, csv_cell, licence
from bantin.pipeline import build
from bantin.render import _vn_number, plan_pages

pytestmark = needs_theme

DATA = "du-lieu-mo"
MORE = {
    "content/blocs/khoi-thu.yaml": FILES["content/blocs/khoi-thu.yaml"].replace(
        "results:\n  - year: 2023\n",
        "results:\n  - year: 2023\n"
        "    scores:\n"
        "      - {unit: ubmttq, points: 97.5, rank: 1}\n"
        "      - {unit: hoi-nong-dan, rank: 2}\n"
        "    commended: {individuals: 30, non_leaders: 12}\n",
    )
    + """\
pledges:
  - {year: 2024, signed_on: 2024-02-20, met: true}
  - {year: 2023, met: "Đạt 9/10 chỉ tiêu, còn 1 chỉ tiêu chưa đạt"}
targets:
  - {year: 2024, non_leader_share: 0.4}
figures:
  - {year: 2024, metric: "Nhà Đại đoàn kết", value: 2350, measure: "căn", unit: ubmttq}
  - {year: 2024, metric: "Quỹ khuyến học", value: 2.5, measure: "tỷ đồng"}
""",
}


def site_files() -> dict[str, str]:
    return {**FILES, **MORE}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = copy_site("minimal", tmp_path_factory.mktemp("opendata"))
    write_files(root, site_files())
    _, problems = load_and_link(root)
    assert formatted(problems) == []
    build(root, jobs=1)
    return root / "output"


def read_csv(out: Path, name: str) -> list[dict[str, str]]:
    raw = (out / DATA / name).read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))  # Excel reads UTF-8 with its mark
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")  # RFC 4180 line ends
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_json(out: Path, name: str) -> list[dict]:
    return json.loads((out / DATA / name).read_text(encoding="utf-8"))


def validate(descriptor: Path) -> list[str]:
    report = frictionless.validate(str(descriptor))
    return [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors] + [
        e.message for e in report.errors
    ]


def test_the_package_passes_the_frictionless_validator(out):
    assert validate(out / DATA / "datapackage.json") == []


def test_every_table_as_csv_and_json_with_the_same_columns(out):
    for table in TABLES:
        header = next(
            csv.reader(io.StringIO((out / DATA / f"{table.name}.csv").read_text("utf-8-sig")))
        )
        assert header == [c.name for c in table.columns]
        rows = read_json(out, f"{table.name}.json")
        assert all(list(r) == header for r in rows)
        assert len(rows) == len(read_csv(out, f"{table.name}.csv"))


def test_two_provinces_and_hostile_names_round_trip(out):
    blocs = {r["bloc"]: r for r in read_csv(out, "khoi.csv")}
    assert (blocs["khoi-thu"]["province_name"], blocs["cum-bac-giang"]["province_name"]) == (
        "Lào Cai",
        "Bắc Giang",
    )
    assert blocs["cum-bac-giang"]["bloc_name"] == "Cụm thi đua các hội đặc thù & <b>tỉnh</b>"
    members = {r["unit"]: r for r in read_csv(out, "thanh-vien.csv")}
    assert members["hoi-khuyen-hoc"]["unit_name"] == HOSTILE_UNIT
    awards = read_csv(out, "khen-thuong.csv")
    labels = [r["label"] for r in awards if r["recipient"] == "hoi-khuyen-hoc"]
    assert labels == ['Bằng khen "đặc biệt", hạng 1']
    # "<" is written \u003c in JSON: the same text once read
    raw = (out / DATA / "thanh-vien.json").read_text("utf-8")
    assert "<script>" not in raw
    assert {r["unit"]: r["unit_name"] for r in read_json(out, "thanh-vien.json")}[
        "hoi-khuyen-hoc"
    ] == HOSTILE_UNIT


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(out):
    (row,) = [r for r in read_csv(out, "khen-thuong.csv") if r["recipient_kind"] == "body"]
    assert row["recipient"] == "'=cmd|' /C calc'!A0"
    assert row["decision"] == "'-1+2"
    (raw,) = [r for r in read_json(out, "khen-thuong.json") if r["recipient_kind"] == "body"]
    assert (raw["recipient"], raw["decision"]) == ("=cmd|' /C calc'!A0", "-1+2")
    assert [csv_cell(v) for v in ("@SUM(A1)", "+1", "\tx", "a=b", -0.5, None, 0)] == [
        "'@SUM(A1)",
        "'+1",
        "'\tx",
        "a=b",
        "-0.5",
        "",
        "0",
    ]


def test_unknown_is_empty_never_zero_and_numbers_have_a_dot(out):
    scores = {r["unit"]: r for r in read_csv(out, "diem.csv")}
    assert (scores["ubmttq"]["points"], scores["hoi-nong-dan"]["points"]) == ("97.5", "")
    assert {r["unit"]: r["points"] for r in read_json(out, "diem.json")} == {
        "ubmttq": 97.5,
        "hoi-nong-dan": None,
    }
    (c,) = read_csv(out, "bieu-duong.csv")[:1]
    assert (c["year"], c["individuals"], c["collectives"], c["non_leaders"]) == (
        "2023",
        "30",
        "",
        "12",
    )
    targets = [r for r in read_csv(out, "bieu-duong.csv") if r["year"] == "2024"]
    assert [(t["individuals"], t["non_leader_target"]) for t in targets] == [("", "0.4")]
    figures = [(r["unit"], r["value"], r["measure"]) for r in read_csv(out, "thanh-tich.csv")]
    assert figures == [("ubmttq", "2350", "căn"), ("", "2.5", "tỷ đồng")]


def test_dates_are_iso_and_a_pledge_result_in_words_is_no_boolean(out):
    pledges = {r["year"]: r for r in read_csv(out, "giao-uoc.csv")}
    assert (pledges["2024"]["signed_on"], pledges["2024"]["met"]) == ("2024-02-20", "true")
    assert (pledges["2023"]["met"], pledges["2023"]["met_note"]) == (
        "",
        "Đạt 9/10 chỉ tiêu, còn 1 chỉ tiêu chưa đạt",
    )
    awards = [r for r in read_csv(out, "khen-thuong.csv") if r["recipient"] == "ubmttq"]
    assert [(r["year"], r["status"], r["decision_date"]) for r in awards] == [
        ("2024", "awarded", "2025-02-02"),
        ("2023", "proposed", ""),
    ]
    assert awards[0]["bulletins"] == "https://example.gov.vn/khoi-thi-dua/tin-tuc/2025/trao-co/"


def test_the_descriptor_claims_no_licence_the_site_does_not_state(out):
    package = json.loads((out / DATA / "datapackage.json").read_text("utf-8"))
    assert "licenses" not in package
    assert "chưa công bố giấy phép" in package["description"]
    csv_resources = [r for r in package["resources"] if r["format"] == "csv"]
    assert [r["path"] for r in csv_resources] == [f"{t.name}.csv" for t in TABLES]
    assert {r["encoding"] for r in csv_resources} == {"utf-8-sig"}
    members = next(r for r in csv_resources if r["name"] == "thanh-vien")
    assert members["schema"]["primaryKey"] == ["bloc", "unit"]
    assert members["schema"]["foreignKeys"] == [
        {"fields": ["bloc"], "reference": {"resource": "khoi", "fields": ["bloc"]}}
    ]
    assert all(f["description"] for r in package["resources"] for f in r["schema"]["fields"])


def test_a_stated_licence_is_in_the_descriptor_and_on_the_page(tmp_path):
    root = copy_site("minimal", tmp_path)
    write_files(root, site_files())
    config = (root / "site_config.yaml").read_text("utf-8")
    write_files(
        root,
        {
            "site_config.yaml": config
            + 'extra:\n  data_licence: {name: CC-BY-4.0, title: "Creative Commons Ghi công 4.0",'
            + ' path: "https://creativecommons.org/licenses/by/4.0/"}\n'
        },
    )
    build(root, jobs=1)
    out = root / "output"
    package = json.loads((out / DATA / "datapackage.json").read_text("utf-8"))
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Ghi công 4.0",
        }
    ]
    page = (out / DATA / "index.html").read_text("utf-8")
    assert 'rel="license">Creative Commons Ghi công 4.0</a>' in page
    assert validate(out / DATA / "datapackage.json") == []


@pytest.mark.parametrize(
    "given",
    ["{title: Tự do}", '{name: CC0-1.0, path: "javascript:alert(1)"}', "{name: CC0-1.0, x: 1}"],
)
def test_a_licence_that_cannot_be_read_is_an_error_naming_the_settings(tmp_path, given):
    root = copy_site("minimal", tmp_path)
    config = (root / "site_config.yaml").read_text("utf-8")
    write_files(root, {"site_config.yaml": config + f"extra:\n  data_licence: {given}\n"})
    site, _ = load_and_link(root)
    with pytest.raises(SiteError) as exc:
        licence(site)
    (problem,) = exc.value.problems
    assert problem.path == "site_config.yaml"
    assert problem.message.key == "opendata.bad_licence"


def test_the_page_lists_each_file_with_its_columns_size_and_licence_line(out):
    page = (out / DATA / "index.html").read_text("utf-8")
    for table in TABLES:
        assert f'href="/khoi-thi-dua/{DATA}/{table.name}.csv"' in page
        assert f'href="/khoi-thi-dua/{DATA}/{table.name}.json"' in page
        assert all(f"<code>{c.name}</code>" in page for c in table.columns)
    size = (out / DATA / "khen-thuong.csv").stat().st_size
    assert f"(CSV, {_vn_number(math.ceil(size / 1024 * 10) / 10)} KB)" in page
    assert "Trang chưa công bố giấy phép sử dụng dữ liệu" in page
    assert 'href="/khoi-thi-dua/du-lieu-mo/datapackage.json"' in page


def test_the_sitemap_lists_the_page_and_the_data_files(out):
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    base = "https://example.gov.vn/khoi-thi-dua/"
    assert f"<loc>{base}{DATA}/</loc>" in sitemap
    assert f"<loc>{base}{DATA}/datapackage.json</loc>" in sitemap
    for table in TABLES:
        assert f"<loc>{base}{DATA}/{table.name}.csv</loc>" in sitemap
    assert f"<loc>{base}khen-thuong/trang-thai/de-nghi/</loc>" in sitemap


def test_editing_a_bloc_file_writes_the_files_again_as_a_clean_build_does(tmp_path):
    root = copy_site("minimal", tmp_path)
    write_files(root, site_files())
    build(root, jobs=1)
    before = (root / "output" / DATA / "diem.csv").read_bytes()
    bloc = root / "content/blocs/khoi-thu.yaml"
    bloc.write_text(bloc.read_text("utf-8").replace("points: 97.5", "points: 96.25"), "utf-8")
    result = build(root, jobs=1)
    after = (root / "output" / DATA / "diem.csv").read_bytes()
    assert before != after and "96.25" in after.decode("utf-8-sig")
    clean = tmp_path / "clean"
    copy = copy_site("minimal", clean)
    write_files(copy, site_files())
    (copy / "content/blocs/khoi-thu.yaml").write_bytes(bloc.read_bytes())
    build(copy, jobs=1, cache=False)
    for name in ("diem.csv", "diem.json", "datapackage.json", "index.html"):
        assert (root / "output" / DATA / name).read_bytes() == (
            copy / "output" / DATA / name
        ).read_bytes(), name
    assert result is not None


def test_a_site_without_blocs_has_no_open_data(tmp_path):
    root = copy_site("minimal", tmp_path)
    site, _ = load_and_link(root)
    assert any(s.url == "/du-lieu-mo/" for s in plan_pages(site))  # the minimal site has one
    object.__setattr__(site, "blocs", ())
    from bantin.opendata import open_data_pages

    assert open_data_pages(site, []) == []


@pytest.mark.slow
def test_the_sample_site_package_passes_frictionless_validate(sample_site):
    descriptor = sample_site.output / DATA / "datapackage.json"
    run = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", str(descriptor)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert validate(descriptor) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=5))
def test_any_text_round_trips_through_csv_and_json(texts):
    from bantin.opendata import Column, Table, to_csv, to_json

    table = Table("t", tuple(Column(f"c{i}") for i in range(len(texts))))
    row = {f"c{i}": text for i, text in enumerate(texts)}
    text = to_csv(table, [row])
    assert text.startswith(BOM)
    header, cells = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert header == [c.name for c in table.columns]
    formula = ("=", "+", "-", "@", "\t", "\r")
    assert cells == [("'" + t if t.startswith(formula) else t) for t in texts]
    assert json.loads(to_json(table, [row])) == [row]
