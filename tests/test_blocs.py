"""Blocs as articles tell of them (issue 14, requirements 3, 4 and 9): a member list that is only
partly known, a head handing over during a year, a cụm labelled as a cluster, and achievements
as figures in Vietnamese number format, with the YAML number traps ("2.350") refused.

Each fixture is the minimal site with its bloc file replaced, built with the default theme."""

import re
from datetime import date

import pytest
from conftest import bulletin_text, copy_site, formatted, load_and_link, needs_theme, write_files

from bantin.pipeline import build

BLOC = "content/blocs/khoi-thu.yaml"
BULLETIN = "content/bulletins/2024/hop-khoi.md"

# Bắc Kạn-like MTTQ bloc of which the articles name only four members; the Farmers' Union led
# the first half of 2024 and handed over to the Women's Union on 1 July.
PARTIAL_BLOC = """\
kind: khoi
name: "Khối thi đua các tổ chức chính trị - xã hội tỉnh"
province: lao-cai
members_partial: true
members:
  - {slug: ubmttq, name: "Ủy ban MTTQ Việt Nam tỉnh"}
  - {slug: hoi-nong-dan, name: "Hội Nông dân tỉnh"}
  - {slug: hoi-lhpn, name: "Hội Liên hiệp Phụ nữ tỉnh"}
  - {slug: tinh-doan, name: "Tỉnh đoàn"}
leadership:
  - {year: 2023, head: ubmttq, deputy: hoi-nong-dan}
  - {year: 2024, head: hoi-nong-dan, deputy: ubmttq, to: 2024-06-30}
  - {year: 2024, head: hoi-lhpn, deputy: ubmttq, from: 2024-07-01}
results:
  - year: 2023
    scores:
      - {unit: ubmttq, points: 98.5, rank: 1}
    leader: ubmttq
    banner: ubmttq
pledges:
  - {year: 2024, signed_on: 2024-01-10, met: true}
  - {year: 2023, signatories: [ubmttq, hoi-nong-dan], met: "Hoàn thành 9/10 chỉ tiêu"}
figures:
  - {unit: hoi-nong-dan, year: 2023, metric: "Diện tích đất hiến", value: 100000, measure: "m²"}
  - {unit: tinh-doan, year: 2023, metric: "Suất học bổng trao tặng", value: 2350, measure: "suất"}
  - {unit: hoi-lhpn, year: 2023, metric: "Nhà Đại đoàn kết xây mới", value: 29, measure: "căn"}
  - {year: 2023, metric: "Kinh phí vận động", value: "1,125", measure: "tỷ đồng"}
"""

HANDOVER_BULLETIN = """\
title: "Hội Nông dân tỉnh bàn giao nhiệm vụ Trưởng khối cho Hội LHPN tỉnh"
date: 2024-07-02T09:00:00+07:00
event_date: 2024-07-01
event_types: [ban-giao]
units: [hoi-nong-dan, hoi-lhpn]
leadership_change: {year: 2024, head: hoi-lhpn, deputy: ubmttq, from: 2024-07-01}
"""
HANDOVER_BODY = (
    "Sáng 1/7, tại trụ sở Hội Nông dân tỉnh, khối thi đua tổ chức bàn giao nhiệm vụ Trưởng "
    "khối 6 tháng cuối năm 2024 cho Hội Liên hiệp Phụ nữ tỉnh.\n"
)


def site_with(tmp_path, bloc: str, files: dict | None = None):
    root = copy_site("minimal", tmp_path)
    write_files(root, {BLOC: bloc, **(files or {})})
    return root


def html(root, path: str) -> str:
    return (root / "output" / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def partial_site(tmp_path_factory):
    root = site_with(
        tmp_path_factory.mktemp("partial"),
        PARTIAL_BLOC,
        {
            "content/bulletins/2024/ban-giao-truong-khoi.md": bulletin_text(
                HANDOVER_BULLETIN, HANDOVER_BODY
            )
        },
    )
    build(root)
    return root


# ---------------------------------------------------------------- 3. members


@needs_theme
@pytest.mark.parametrize(
    "page",
    [
        "khoi/khoi-thu",
        "khoi",
        "thong-ke/khoi-thu",
        "thong-ke",
        "",
        "khoi/khoi-thu/ubmttq",
        "khoi/khoi-thu/hoi-nong-dan",
        "tin-tuc/2024/ban-giao-truong-khoi",
        "tin-tuc/2024/hop-khoi",
    ],
)
def test_a_partial_member_list_never_states_a_count_or_all_members(partial_site, page):
    text = html(partial_site, page)
    assert re.search(r"\d\s*(đơn vị )?thành viên", text) is None
    assert re.search(r"tất cả (các )?(đơn vị|thành viên)", text, re.IGNORECASE) is None


@needs_theme
def test_a_partial_member_list_says_so_and_pledges_read_without_all(partial_site):
    bloc = html(partial_site, "khoi/khoi-thu")
    assert "Danh sách chưa đầy đủ" in bloc
    stats = html(partial_site, "thong-ke/khoi-thu")  # the pledges moved to the statistics page
    assert "Danh sách chưa đầy đủ" in stats
    assert "Các đơn vị thành viên" in stats  # the 2024 pledge, signatories not listed
    assert "Danh sách thành viên chưa đầy đủ" in html(partial_site, "khoi")
    assert "Danh sách thành viên chưa đầy đủ" in html(partial_site, "thong-ke")


@needs_theme
def test_a_complete_member_list_keeps_its_count(tmp_path):
    root = site_with(tmp_path, PARTIAL_BLOC.replace("members_partial: true\n", ""))
    build(root)
    assert "4 đơn vị thành viên" in html(root, "khoi")
    assert "Tất cả đơn vị thành viên" in html(root, "thong-ke/khoi-thu")  # the pledges


def test_a_member_listed_twice_is_one_error_at_its_line_saying_to_delete_it(tmp_path, run_cli):
    twice = PARTIAL_BLOC.replace(
        '  - {slug: tinh-doan, name: "Tỉnh đoàn"}\n',
        '  - {slug: tinh-doan, name: "Tỉnh đoàn"}\n  - {slug: hoi-lhpn, name: "Hội LHPN tỉnh"}\n',
    )
    root = site_with(tmp_path, twice)
    expected = [
        f"{BLOC}:10:5: error: member 'hoi-lhpn' is listed twice "
        "(delete this second entry; the first is on line 8)"
    ]
    for argv in (["check"], []):
        run = run_cli("--root", str(root), *argv)
        assert run.code == 1
        said = [line for line in run.err.splitlines() if ": error: " in line]
        assert said == expected, argv
        assert "rename" not in run.err


# ---------------------------------------------------------------- 4. leadership


def test_one_head_a_day_across_a_handover(tmp_path):
    site, problems = load_and_link(site_with(tmp_path, PARTIAL_BLOC))
    assert problems == []
    bloc = site.bloc_by_slug["khoi-thu"]
    assert bloc.heads_in(2024) == ["hoi-nong-dan", "hoi-lhpn"]
    assert bloc.heads_in(2023) == ["ubmttq"]
    assert bloc.head_on(date(2024, 6, 30)) == "hoi-nong-dan"
    assert bloc.head_on(date(2024, 7, 1)) == "hoi-lhpn"
    assert bloc.head_on(date(2023, 12, 31)) == "ubmttq"
    assert bloc.head_on(date(2025, 1, 1)) is None


def test_overlapping_periods_are_an_error_naming_both_lines(tmp_path):
    text = PARTIAL_BLOC.replace("to: 2024-06-30", "to: 2024-07-15")
    _, problems = load_and_link(site_with(tmp_path, text))
    assert formatted(problems) == [
        f"{BLOC}:13:5: error: this leadership entry and the one on line 12 both cover "
        "2024-07-01: a bloc has one head a day (for a handover during the year give the "
        "outgoing head to: (its last day) and the new one from: (its first day))"
    ]


def test_two_entries_for_a_year_without_dates_overlap(tmp_path):
    text = PARTIAL_BLOC.replace(", to: 2024-06-30", "").replace(", from: 2024-07-01", "")
    _, problems = load_and_link(site_with(tmp_path, text))
    assert [p.message.key for p in problems] == ["link.leadership_overlap"]
    assert problems[0].line == 13


def test_a_period_outside_its_year_is_an_error(tmp_path):
    text = PARTIAL_BLOC.replace("to: 2024-06-30", "from: 2022-01-01, to: 2022-06-30")
    _, problems = load_and_link(site_with(tmp_path, text))
    assert [(p.line, p.message.key) for p in problems] == [(12, "link.leadership_period")]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ("{year: 2024, head: hoi-lhpn, from: 2024-07-01}", None),
        ("{year: 2024, head: hoi-nong-dan, from: 2024-01-01}", None),
        ("{year: 2024, head: hoi-lhpn}", None),
        ("{year: 2024, head: hoi-nong-dan, from: 2024-07-01}", "link.leadership_disagrees"),
        ("{year: 2024, head: tinh-doan}", "link.leadership_disagrees_heads"),
        ("{year: 2024, head: hoi-lhpn, from: 2025-01-01}", "link.leadership_missing_on"),
    ],
)
def test_a_leadership_change_matches_the_entry_in_force(tmp_path, change, key):
    front = HANDOVER_BULLETIN.replace(
        "leadership_change: {year: 2024, head: hoi-lhpn, deputy: ubmttq, from: 2024-07-01}",
        f"leadership_change: {change}",
    )
    files = {"content/bulletins/2024/ban-giao-truong-khoi.md": bulletin_text(front)}
    _, problems = load_and_link(site_with(tmp_path, PARTIAL_BLOC, files))
    assert [p.message.key for p in problems] == ([key] if key else [])


@needs_theme
def test_the_handover_shows_with_its_days_on_bloc_unit_and_bulletin_pages(partial_site):
    handover = (
        'Hội Nông dân tỉnh</a> <span class="term-dates">(đến 30/06/2024)</span>, '
        '<a href="/khoi-thi-dua/khoi/khoi-thu/hoi-lhpn/">Hội Liên hiệp Phụ nữ tỉnh</a> '
        '<span class="term-dates">(từ 01/07/2024)</span>'
    )
    assert handover in html(partial_site, "tin-tuc/2024/ban-giao-truong-khoi")
    assert handover in html(partial_site, "khoi")  # "Trưởng khối năm 2024: …"
    assert handover in html(partial_site, "khoi/khoi-thu")  # the summary: the latest head
    # the statistics page's timeline of heads and deputies
    stats = html(partial_site, "thong-ke/khoi-thu")
    year = stats[stats.index('<h3 class="timeline__title">2024</h3>') :]
    year = year[: year.index("</li>")]
    assert handover in year and year.index("Trưởng khối: ") < year.index(handover)
    assert "bàn giao trong năm" in year
    unit = html(partial_site, "khoi/khoi-thu/hoi-nong-dan")
    assert '2024 <span class="term-dates">(đến 30/06/2024)</span>' in unit
    # the deputy stayed through the handover: one term, no days
    assert "<dt>Phó khối các năm</dt> <dd>2024</dd>" in html(partial_site, "khoi/khoi-thu/ubmttq")


# ---------------------------------------------------------------- 4. a cụm


@needs_theme
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", ["Trưởng cụm", "Phó cụm", "<dt>Cụm thi đua</dt>", "Bàn giao Trưởng cụm"]),
        ("en", ["Cluster head", "Cluster deputy", "<dt>Emulation cluster</dt>"]),
    ],
)
def test_a_cum_is_labelled_a_cluster_everywhere(tmp_path, language, words):
    bloc = PARTIAL_BLOC.replace("kind: khoi", "kind: cum").replace(
        "Khối thi đua các", "Cụm thi đua các"
    )
    front = HANDOVER_BULLETIN.replace("Trưởng khối", "Trưởng cụm")
    handover = {"content/bulletins/2024/ban-giao-truong-khoi.md": bulletin_text(front)}
    root = site_with(tmp_path, bloc, handover)
    config = root / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"language: {language}\n", "utf-8")
    build(root)
    pages = {
        "bloc": html(root, "khoi/khoi-thu"),
        "stats": html(root, "thong-ke/khoi-thu"),
        "bulletin": html(root, "tin-tuc/2024/ban-giao-truong-khoi"),
        "unit": html(root, "khoi/khoi-thu/hoi-nong-dan"),
        "index": html(root, "khoi"),
    }
    everything = "".join(pages.values())
    for word in words:
        assert word in everything, word
    for name, text in pages.items():
        # the search filters are the site's: one "Bàn giao Trưởng khối" filter for all blocs
        shown = re.sub(r"<div hidden data-pagefind-ignore>.*?</div>", "", text, flags=re.S)
        for label in ("Trưởng khối", "Phó khối", "Bloc head", "Bloc deputy", "<dt>Khối thi đua"):
            assert label not in shown, (name, label)


# ---------------------------------------------------------------- 9. figures


@needs_theme
def test_figures_are_shown_in_vietnamese_number_format(partial_site):
    bloc = html(partial_site, "thong-ke/khoi-thu")  # the achievements, unit by unit
    assert "100.000&nbsp;m²" in bloc
    assert "2.350&nbsp;suất" in bloc
    assert "29&nbsp;căn" in bloc
    assert "1,125&nbsp;tỷ đồng" in bloc
    assert "Toàn khối" in bloc
    assert "2,35" not in bloc
    unit = html(partial_site, "khoi/khoi-thu/tinh-doan")
    assert "Suất học bổng trao tặng" in unit and "2.350&nbsp;suất" in unit
    assert "100.000" not in unit  # another unit's figure


@needs_theme
def test_banner_leader_and_pledge_targets_are_shown(partial_site):
    bloc = html(partial_site, "khoi/khoi-thu")
    assert "Đơn vị dẫn đầu 2023: <a" in bloc and "Giữ Cờ luân lưu 2023: <a" in bloc
    stats = html(partial_site, "thong-ke/khoi-thu")
    leaders = stats[stats.index('id="dan-dau"') :]
    leaders = leaders[: leaders.index("</section>")]
    row = re.sub(r"<[^>]+>|\s+", " ", leaders[leaders.index("<tbody>") :]).split()
    assert row == "2023 Ủy ban MTTQ Việt Nam tỉnh Ủy ban MTTQ Việt Nam tỉnh".split()
    assert "Hoàn thành các chỉ tiêu" in stats
    assert "Hoàn thành 9/10 chỉ tiêu" in stats
    unit = html(partial_site, "khoi/khoi-thu/ubmttq")
    assert "Giữ Cờ luân lưu các năm" in unit and "Đơn vị dẫn đầu các năm" in unit


def test_a_leader_other_than_the_unit_ranked_first_is_a_warning(tmp_path):
    """The bloc page would say "Đơn vị dẫn đầu: Hội Nông dân tỉnh" above a ranking whose first
    is the UBMTTQ: one of the two is wrong, and only the article can say which."""
    text = PARTIAL_BLOC.replace("    leader: ubmttq", "    leader: hoi-nong-dan", 1)
    _, problems = load_and_link(site_with(tmp_path, text))
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "2023: leader is 'hoi-nong-dan' but 'ubmttq' is ranked first")
    ]
    assert [p.path for p in problems] == [BLOC]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "value: 2350",
            "value: 2.350",
            "'value' is 2.350, which YAML reads as 2.35: in a number a dot is the decimal "
            "point, not a thousands separator (write 2350; a decimal with three places takes "
            'a comma, in quotes: "2,350")',
        ),
        (
            "value: 100000",
            'value: "100.000"',
            "'value' is 100.000, which YAML reads as text: in a number a dot is the decimal "
            "point, not a thousands separator (write 100000; a decimal with three places "
            'takes a comma, in quotes: "100,000")',
        ),
        (
            "rank: 1}",
            "rank: 1}\n    commended: {individuals: 2.350}",
            "'individuals' is 2.350, which YAML reads as 2.35: in a number a dot is the decimal "
            "point, not a thousands separator (write 2350)",
        ),
        (
            "rank: 1}",
            'rank: 1}\n    commended: {collectives: "1.234.567"}',
            "'collectives' is 1.234.567, which YAML reads as text: in a number a dot is the "
            "decimal point, not a thousands separator (write 1234567)",
        ),
        (
            "rank: 1}",
            "rank: 1}\n    commended: {collectives: 1.234.567}",
            "'collectives' is 1.234.567, which YAML reads as text: in a number a dot is the "
            "decimal point, not a thousands separator (write 1234567)",
        ),
    ],
)
def test_thousands_written_with_dots_are_an_error_with_the_number_to_write(
    tmp_path, old, new, message
):
    assert old in PARTIAL_BLOC
    _, problems = load_and_link(site_with(tmp_path, PARTIAL_BLOC.replace(old, new, 1)))
    assert [f"{p.message} ({p.hint})" for p in problems] == [message]
    assert [p.path for p in problems] == [BLOC]


@pytest.mark.parametrize("value", ["2.5", "0.125", '"2,5"', "29"])
def test_a_figure_may_be_a_decimal(tmp_path, value):
    text = PARTIAL_BLOC.replace("value: 29,", f"value: {value},")
    _, problems = load_and_link(site_with(tmp_path, text))
    assert problems == []


def test_a_figure_names_a_member_of_its_year(tmp_path):
    text = PARTIAL_BLOC.replace("{unit: hoi-lhpn, year: 2023", "{unit: hoi-ccb, year: 2023")
    _, problems = load_and_link(site_with(tmp_path, text))
    assert [(p.line, p.message.key) for p in problems] == [(26, "link.not_member")]
