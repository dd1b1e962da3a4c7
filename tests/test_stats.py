"""The statistics pages (issue 18, requirements 1, 3 and 6): a bloc's page and the province
overview show what the bloc files say and nothing more.

The fixture is the minimal site with two blocs "from life": a Lào Cai bloc whose records skip a
year, lose a member, miss a score, propose more than is granted, name a group of collectives
without a count and carry a member with a hostile name; and a Bắc Kạn cluster whose member list
is partial and whose file holds no results at all."""

from __future__ import annotations

import html as htmllib
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import copy_site, formatted, load_and_link, needs_theme, write_files

from bantin.pipeline import build
from bantin.statpages import Count, award_years, bloc_stats, overview, score_table

HOSTILE = 'Hội "Khuyến học" <script>alert(1)</script> & Cộng sự'

BLOC = f"""\
kind: khoi
name: "Khối thi đua thử nghiệm"
short_name: "Khối thử"
province: lao-cai
members:
  - {{slug: ubmttq, name: "Ủy ban MTTQ Việt Nam tỉnh", short_name: "UBMTTQ tỉnh"}}
  - {{slug: hoi-nong-dan, name: "Hội Nông dân tỉnh", short_name: "Hội ND tỉnh"}}
  - {{slug: hoi-lhpn, name: "Hội Liên hiệp Phụ nữ tỉnh", short_name: "Hội LHPN tỉnh"}}
  - {{slug: so-lao-dong, name: "Sở Lao động tỉnh", to: 2023}}
  - slug: hoi-khuyen-hoc
    name: '{HOSTILE}'
    from: 2024
leadership:
  - {{year: 2021, head: hoi-nong-dan, deputy: ubmttq}}
  - {{year: 2023, head: ubmttq, deputy: so-lao-dong}}
  - {{year: 2024, head: hoi-lhpn, deputy: ubmttq, to: 2024-06-30}}
  - {{year: 2024, head: hoi-nong-dan, deputy: ubmttq, from: 2024-07-01}}
results:
  - year: 2021
    scores:
      - {{unit: hoi-nong-dan, points: 97.5, rank: 1}}
      - {{unit: ubmttq, points: 97, rank: 2}}
      - {{unit: so-lao-dong, points: 96.25, rank: 3}}
    awards:
      - {{unit: hoi-nong-dan, title: co-thi-dua-tinh, authority: ubnd-tinh, status: awarded,
         decision: "412/QĐ-UBND"}}
    commended: {{individuals: 20}}
  - year: 2023
    scores:
      - {{unit: ubmttq, points: 98, rank: 1}}
      - {{unit: so-lao-dong, points: 97, rank: 2}}
      - {{unit: hoi-lhpn, rank: 3}}
    awards:
      - {{unit: ubmttq, title: co-thi-dua-tinh, authority: ubnd-tinh, status: proposed}}
      - {{unit: so-lao-dong, title: bang-khen-tinh, authority: chu-tich-ubnd-tinh,
         status: proposed}}
      - {{unit: hoi-lhpn, label: "Giấy khen của Ban Thường vụ", status: awarded,
         decision: "05/QĐ"}}
      - {{group: tap-the, title: giay-khen-truong-khoi, authority: truong-khoi, status: awarded,
         decision: "02/QĐ-KTĐ"}}
      - {{group: ca-nhan, count: 12, title: giay-khen-truong-khoi, authority: truong-khoi,
         status: awarded, decision: "02/QĐ-KTĐ"}}
    commended: {{individuals: 30, collectives: 6, non_leaders: 12}}
    leader: ubmttq
    banner: ubmttq
  - year: 2024
    scores:
      - {{unit: hoi-khuyen-hoc, points: 99, rank: 1}}
      - {{unit: hoi-lhpn, points: 98, rank: 2}}
targets:
  - {{year: 2023, non_leader_share: 0.35}}
  - {{year: 2024, non_leader_share: 0.4}}
"""

CLUSTER = """\
kind: cum
number: 2
name: "Cụm thi đua các hội đặc thù tỉnh Bắc Kạn"
province: bac-kan
members_partial: true
members:
  - {slug: hoi-nha-bao, name: "Hội Nhà báo tỉnh"}
  - {slug: hoi-luat-gia, name: "Hội Luật gia tỉnh"}
leadership:
  - {year: 2024, head: hoi-nha-bao, deputy: hoi-luat-gia}
"""

BLOC_FILE = "content/blocs/khoi-thu.yaml"
CLUSTER_FILE = "content/blocs/cum-bac-kan.yaml"


def make_site(tmp: Path) -> Path:
    root = copy_site("minimal", tmp)
    write_files(root, {BLOC_FILE: BLOC, CLUSTER_FILE: CLUSTER})
    return root


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    site, problems = load_and_link(make_site(tmp_path_factory.mktemp("linked")))
    assert [p for p in formatted(problems) if ": error: " in p] == []
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("built"))
    build(root)
    return root


def page(root: Path, path: str) -> str:
    return (root / "output" / path / "index.html").read_text(encoding="utf-8")


def section(text: str, ident: str) -> str:
    part = text[text.index(f'id="{ident}"') :]
    return part[: part.index("</section>")]


def cells(fragment: str) -> list[list[str]]:
    """The text of every row's cells."""
    return [
        [
            " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", tr, re.S)
        ]
        for tr in re.findall(r"<tr\b[^>]*>(.*?)</tr>", fragment, re.S)
    ]


# ---------------------------------------------------------------- the tables as values


def test_scores_keep_units_that_left_and_never_invent_a_year_or_a_zero(linked):
    table = score_table(linked.bloc_by_slug["khoi-thu"])
    assert table.years == (2021, 2023, 2024)  # 2022 has no results: no column
    rows = {r.unit: r for r in table.rows}
    assert list(rows) == ["ubmttq", "hoi-nong-dan", "hoi-lhpn", "so-lao-dong", "hoi-khuyen-hoc"]
    left = rows["so-lao-dong"]
    assert left.until == 2023
    assert [(c.points, c.rank) if c else None for c in left.cells] == [(96.25, 3), (97, 2), None]
    # a rank without points, and years without a score, stay unknown
    assert [(c.points, c.rank) if c else None for c in rows["hoi-lhpn"].cells] == [
        None,
        (None, 3),
        (98, 2),
    ]
    assert rows["hoi-nong-dan"].cells[1] is None
    assert table.decimals == 2


def test_proposals_and_awards_are_counted_apart_by_title_label_or_other(linked):
    years = award_years(linked.bloc_by_slug["khoi-thu"], linked.config.vocabularies)
    assert [y.year for y in years] == [2021, 2023]
    y2023 = years[1]
    rows = {(r.kind, r.key): (r.proposed, r.awarded) for r in y2023.rows}
    assert rows == {
        ("title", "co-thi-dua-tinh"): (Count(1), Count(0)),
        ("title", "bang-khen-tinh"): (Count(1), Count(0)),
        ("label", "Giấy khen của Ban Thường vụ"): (Count(0), Count(1)),
        # a group without a count is one at least; 12 individuals are 12
        ("title", "giay-khen-truong-khoi"): (Count(0), Count(13, at_least=True)),
    }
    assert (y2023.proposed, y2023.awarded) == (Count(2), Count(14, at_least=True))
    assert y2023.awarded.text == "≥ 14"


def test_the_share_is_the_recorded_one_against_its_target(linked):
    stats = bloc_stats(linked, linked.bloc_by_slug["khoi-thu"])
    assert stats.shares == tuple(linked.shares["khoi-thu"])
    found = {f.year: (f.share, f.target) for f in stats.shares}
    assert found[2023] == (0.4, 0.35)
    assert found[2024] == (None, 0.4)  # a target without the numbers: no share


def test_the_overview_has_one_row_per_bloc_with_its_latest_year(linked):
    rows = {r.bloc.slug: r for r in overview(linked)}
    assert set(rows) == {b.slug for b in linked.blocs}
    thu = rows["khoi-thu"]
    assert thu.latest is not None and thu.latest.year == 2024
    assert thu.awards is None  # 2024 records no awards: not "0"
    assert thu.lead_year == 2024
    cum = rows["cum-bac-kan"]
    assert cum.latest is None and cum.awards is None and cum.lead_year == 2024


# ---------------------------------------------------------------- the pages


@needs_theme
def test_the_score_table_says_dash_for_a_missing_score_and_keeps_the_former_member(built):
    text = page(built, "thong-ke/khoi-thu")
    rows = cells(section(text, "thu-hang")[text.index("<table") - text.index('id="thu-hang"') :])
    assert rows[0] == ["Đơn vị", "2021", "2023", "2024"]
    by_unit = {r[0]: r[1:] for r in rows[1:]}
    assert by_unit["Sở Lao động tỉnh (thành viên đến năm 2023)"] == [
        "96,25 hạng 3",
        "97,00 hạng 2",
        "— không có số liệu",
    ]
    assert by_unit["Hội Nông dân tỉnh"][1] == "— không có số liệu"
    assert by_unit["Hội Liên hiệp Phụ nữ tỉnh"][1] == "— hạng 3"
    assert by_unit[HOSTILE][2] == "99,00 hạng 1"
    assert ">0<" not in section(text, "thu-hang").split("<table", 1)[1]


@needs_theme
def test_hostile_names_are_escaped_in_tables_and_charts(built):
    text = page(built, "thong-ke/khoi-thu")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    for svg in re.findall(r"<svg\b.*?</svg>", text, re.S):
        ET.fromstring(svg)  # well-formed


def markers(svg: str) -> dict[str, list[tuple[int, int]]]:
    """(year, rank) of each unit's marks, read back through the chart's axis."""
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    by_y = {
        float(g.find("s:line", ns).get("y1")): int(g.get("data-value"))
        for g in root.iterfind(".//s:g[@class='chart__tick']", ns)
    }
    by_x = {
        float(t.get("x")): int(t.text)
        for t in root.iterfind(".//s:text[@class='chart__category']", ns)
    }
    out = {}
    for g in root.iterfind(".//s:g[@data-name]", ns):
        pts = []
        for p in g.iterfind("s:path", ns):
            x, y = re.fullmatch(r"translate\(([\d.]+) ([\d.]+)\)", p.get("transform")).groups()
            pts.append((by_x[float(x)], by_y[float(y)]))
        out[g.get("data-name")] = pts
    return out


@needs_theme
def test_the_rank_chart_plots_the_ranks_of_the_table(built, linked):
    text = page(built, "thong-ke/khoi-thu")
    svg = re.search(r'<svg\b[^>]*id="bieu-do-thu-hang".*?</svg>', text, re.S).group(0)
    expected = {}
    for row in score_table(linked.bloc_by_slug["khoi-thu"]).rows:
        table = score_table(linked.bloc_by_slug["khoi-thu"])
        pts = [(y, c.rank) for y, c in zip(table.years, row.cells, strict=True) if c and c.rank]
        expected[row.short] = pts
    assert markers(svg) == expected
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg


@needs_theme
def test_the_awards_chart_and_table_count_proposals_apart(built):
    text = page(built, "thong-ke/khoi-thu")
    awards = section(text, "khen-thuong")
    values = re.findall(r'<text class="chart__value"[^>]*>([^<]*)</text>', awards)
    assert values == ["0", "1", "2", "≥ 14"]  # per year: proposed, then awarded
    rows = cells(awards.split("<table", 1)[1])
    assert ["Cộng", "2", "≥ 14"] in rows
    assert ["Giấy khen của Ban Thường vụ", "0", "1"] in rows


@needs_theme
def test_the_share_chart_marks_the_target_and_the_table_says_no_data(built):
    shares = section(page(built, "thong-ke/khoi-thu"), "ty-le")
    assert re.findall(r'class="chart__target-text"[^>]*>([^<]*)<', shares) == ["35%", "40%"]
    rows = cells(shares.split("<table", 1)[1])
    assert rows[1:] == [
        ["2024", "40%", "—", "—", "Chưa có dữ liệu"],
        ["2023", "35%", "40%", "12/30", "Đạt"],
    ]


@needs_theme
def test_the_timeline_shows_the_handover_during_a_year(built):
    lead = section(page(built, "thong-ke/khoi-thu"), "truong-khoi")
    years = re.findall(r'<h3 class="timeline__title">(\d+)</h3>', lead)
    assert years == ["2024", "2023", "2021"]  # the file names no head for 2022
    y2024 = lead[lead.index(">2024<") : lead.index(">2023<")]
    assert "(đến 30/06/2024)" in y2024 and "(từ 01/07/2024)" in y2024
    assert "bàn giao trong năm" in y2024


@needs_theme
def test_a_cluster_with_only_its_heads_shows_them_and_says_its_list_is_partial(built):
    text = page(built, "thong-ke/cum-bac-kan")
    assert "Danh sách chưa đầy đủ" in text
    assert "<svg" not in text and 'id="thu-hang"' not in text  # no scores: no chart, no table
    lead = section(text, "truong-khoi")
    assert "Trưởng cụm, Phó cụm qua các năm" in lead and "Trưởng cụm: " in lead
    assert "Trưởng khối" not in lead


@needs_theme
def test_the_overview_links_each_blocs_statistics(built):
    text = page(built, "thong-ke")
    assert 'href="/khoi-thi-dua/thong-ke/khoi-thu/"' in text
    assert 'href="/khoi-thi-dua/thong-ke/cum-bac-kan/"' in text
    rows = {r[0]: r[1:] for r in cells(text)[1:]}
    thu = next(v for k, v in rows.items() if k.startswith("Khối thử"))
    assert thu[0] == "2024" and thu[3:] == ["—", "—"]  # no awards recorded for 2024
    cum = next(v for k, v in rows.items() if k.startswith("Cụm thi đua"))
    assert cum[0] == "—" and "Danh sách thành viên chưa đầy đủ" in next(
        k for k in rows if k.startswith("Cụm thi đua")
    )


@needs_theme
def test_the_bloc_page_is_a_summary_with_links(built):
    bloc = page(built, "khoi/khoi-thu")
    for gone in ('id="ket-qua"', 'id="ty-le"', 'id="giao-uoc"', 'id="truong-khoi"'):
        assert gone not in bloc
    assert 'href="/khoi-thi-dua/thong-ke/khoi-thu/"' in bloc
    assert 'href="/khoi-thi-dua/khen-thuong/"' in bloc  # the award ledger
    assert 'href="/khoi-thi-dua/du-lieu-mo/"' in bloc  # open data
    summary = section(bloc, "tom-tat")
    assert "Khen thưởng năm" not in summary  # 2024 records no awards
    assert "Ba đơn vị đứng đầu năm 2024" in summary


@needs_theme
def test_stats_pages_are_left_out_of_the_search_index(built):
    for path in ("thong-ke", "thong-ke/khoi-thu"):
        assert "data-pagefind-body" not in page(built, path)


# ---------------------------------------------------------------- incremental builds


@needs_theme
def test_editing_a_bloc_file_renders_its_statistics_again_like_a_clean_build(tmp_path):
    root = make_site(tmp_path / "site")
    build(root)
    edited = BLOC.replace(
        "{unit: hoi-lhpn, points: 98, rank: 2}", "{unit: hoi-lhpn, points: 97.5, rank: 2}"
    )
    write_files(root, {BLOC_FILE: edited})
    result = build(root)
    assert "thong-ke/khoi-thu/index.html" in result.rendered_paths
    assert "thong-ke/index.html" in result.rendered_paths
    assert "97,50" in page(root, "thong-ke/khoi-thu")
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    build(clean, cache=False)
    for p in (clean / "output").rglob("*.html"):
        rel = p.relative_to(clean / "output")
        assert (root / "output" / rel).read_bytes() == p.read_bytes(), rel


@needs_theme
def test_every_page_links_the_ledger_and_open_data(tmp_path):
    root = make_site(tmp_path)
    build(root)
    for path in ("", "khoi/khoi-thu", "thong-ke", "thong-ke/khoi-thu"):
        text = page(root, path)
        assert 'href="/khoi-thi-dua/khen-thuong/"' in text, path
        assert 'href="/khoi-thi-dua/du-lieu-mo/"' in text, path
        assert 'href="/khoi-thi-dua/thong-ke/"' in text, path  # the footer
