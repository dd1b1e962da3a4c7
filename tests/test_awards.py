"""Awards as articles state them (issue 14, requirement 2) and the non-leader share from the
numbers a bloc records (requirement 10).

The fixture is a bloc of mass organisations whose 2024 review, as a provincial portal reported
it, gave the head's letters of commendation to six collectives it did not name, a certificate
to the provincial police (not a member), proposed "khen thưởng" for the youth union without
saying which, and commended 30 people, 12 of them not leaders, while only a few of them have
published profiles.
"""

from __future__ import annotations

import html as htmllib
import re

import pytest
from conftest import bulletin_text, copy_site, formatted, load_and_link, write_files

from bantin.render import make_env, plan_pages, render_page

BLOC = "content/blocs/khoi-thu.yaml"
BLOC_TEXT = """\
kind: khoi
name: "Khối thi đua các đoàn thể tỉnh"
province: bac-giang
members:
  - {slug: ubmttq, name: "Ủy ban MTTQ Việt Nam tỉnh"}
  - {slug: hoi-nong-dan, name: "Hội Nông dân tỉnh"}
  - {slug: hoi-lhpn, name: "Hội Liên hiệp Phụ nữ tỉnh"}
  - {slug: tinh-doan, name: "Tỉnh đoàn"}
leadership:
  - {year: 2023, head: hoi-nong-dan, deputy: hoi-lhpn}
  - {year: 2024, head: ubmttq, deputy: hoi-nong-dan}
results:
  - year: 2023
    awards:
      - {unit: hoi-nong-dan, title: co-thi-dua-tinh, authority: ubnd-tinh, status: awarded,
         decision: "236/QĐ-UBND", decision_date: 2024-02-02}
  - year: 2024
    awards:
      - {group: tap-the, count: 6, title: giay-khen-truong-khoi, authority: truong-khoi,
         status: awarded, decision: "02/QĐ-KTĐ", decision_date: 2025-01-09}
      - {unit: tinh-doan, label: "Khen thưởng", status: proposed}
      - {body: "Công an tỉnh", title: giay-chung-nhan-truong-khoi, authority: truong-khoi,
         status: awarded, decision: "03/QĐ-KTĐ"}
      - {person: nguyen-thi-a, title: bang-khen-tinh, authority: chu-tich-ubnd-tinh,
         status: awarded, decision: "15/QĐ-UBND", decision_date: 2025-02-10}
      - {unit: hoi-nong-dan, title: co-thi-dua-tinh, authority: ubnd-tinh, status: proposed}
    commended: {individuals: 30, collectives: 6, non_leaders: 12}
targets:
  - {year: 2024, non_leader_share: 0.4}
  - {year: 2025, non_leader_share: 0.45}
"""
REVIEW = "content/bulletins/2025/tong-ket-nam-2024.md"
REVIEW_FRONT = """\
title: "Khối thi đua các đoàn thể tổng kết năm 2024"
date: 2025-01-09T17:00:00+07:00
event_date: 2025-01-09
period: "2024"
awards_mentioned:
  - {group: tap-the, count: 6, title: giay-khen-truong-khoi, status: awarded}
  - {unit: tinh-doan, label: "Khen thưởng"}
  - {body: "Công an tỉnh", title: giay-chung-nhan-truong-khoi, status: awarded}
  - {person: nguyen-thi-a, title: bang-khen-tinh, status: awarded}
  - {unit: hoi-nong-dan, title: co-thi-dua-tinh, year: 2023, status: awarded}
"""
REVIEW_BODY = (
    "Chiều 9/1, Ủy ban MTTQ Việt Nam tỉnh, đơn vị Trưởng khối năm 2024, chủ trì hội nghị "
    "tổng kết. Dịp này, Trưởng khối tặng Giấy khen cho 6 tập thể; khối đề nghị khen thưởng "
    "Tỉnh đoàn. Hội Nông dân tỉnh, đơn vị nhận Cờ thi đua năm 2023, tiếp tục dẫn đầu.\n"
)
PROFILE = "content/profiles/nguyen-thi-a.md"
PROFILE_FRONT = """\
name: "Nguyễn Thị A"
consent: true
positions:
  - {title: "Chuyên viên", unit: hoi-lhpn, holds_leadership_post: false}
awards:
  - {year: 2023, title: chien-si-thi-dua-co-so, authority: thu-truong-don-vi, status: awarded,
     decision: "12/QĐ-HPN", decision_date: 2024-01-05}
"""
PROPOSED_ONLY = "content/profiles/le-van-c.md"
PROPOSED_ONLY_FRONT = """\
name: "Lê Văn C"
consent: true
positions:
  - {title: "Cán bộ", unit: tinh-doan, holds_leadership_post: false}
awards:
  - {year: 2024, title: chien-si-thi-dua-tinh, status: proposed}
"""


def fixture_files() -> dict[str, str]:
    return {
        BLOC: BLOC_TEXT,
        REVIEW: bulletin_text(REVIEW_FRONT, REVIEW_BODY),
        PROFILE: bulletin_text(PROFILE_FRONT, "Chị là chuyên viên Hội LHPN tỉnh.\n"),
        PROPOSED_ONLY: bulletin_text(PROPOSED_ONLY_FRONT, "Anh là cán bộ Tỉnh đoàn.\n"),
    }


def problems_with(root, files: dict[str, str]) -> list[str]:
    write_files(root, {**fixture_files(), **files})
    return formatted(load_and_link(root)[1])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture linked with the real theme, and its pages rendered on demand."""
    root = copy_site("minimal", tmp_path_factory.mktemp("awards"))
    write_files(root, fixture_files())
    site, problems = load_and_link(root)
    assert formatted(problems) == []
    env = make_env(site)
    specs = {s.url: s for s in plan_pages(site)}

    def page(url: str) -> str:
        return render_page(env, specs[url]).data.decode()

    return site, page


def award_texts(page: str) -> list[str]:
    """The text of every award the formatter wrote on a page, in order."""
    texts = []
    for m in re.finditer(r'<span class="award award--', page):
        depth, i = 0, m.start()
        for tag in re.finditer(r"<(/?)span\b[^>]*>", page[i:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                chunk = page[i : i + tag.end()]
                texts.append(" ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", chunk)).split()))
                break
    return texts


# ---------------------------------------------------------------- recipients and wording

# the bloc's awards, listed year by year, moved from its page to its statistics page (issue 18)
STATS_PAGE = "/thong-ke/khoi-thu/"


def test_an_award_to_six_unnamed_collectives_from_the_head_of_that_year(built):
    _, page = built
    assert (
        "Đã tặng 6 tập thể: Giấy khen của Trưởng khối năm 2024 – Ủy ban MTTQ Việt Nam tỉnh, "
        "Trưởng khối năm 2024, Quyết định số 02/QĐ-KTĐ ngày 09/01/2025"
    ) in award_texts(page(STATS_PAGE))


def test_a_proposal_with_no_stated_level_or_authority_says_only_what_the_article_said(built):
    _, page = built
    assert "Đề nghị Tỉnh đoàn: Khen thưởng năm 2024" in award_texts(page(STATS_PAGE))


def test_an_award_to_a_body_outside_the_members_and_to_a_person(built):
    _, page = built
    texts = award_texts(page(STATS_PAGE))
    assert (
        "Đã tặng Công an tỉnh: Giấy chứng nhận của Trưởng khối năm 2024 – "
        "Ủy ban MTTQ Việt Nam tỉnh, Trưởng khối năm 2024, Quyết định số 03/QĐ-KTĐ"
    ) in texts
    assert (
        "Đã tặng Nguyễn Thị A: Bằng khen của Chủ tịch UBND tỉnh năm 2024 – "
        "Quyết định số 15/QĐ-UBND ngày 10/02/2025"
    ) in texts
    assert 'href="/khoi-thi-dua/dien-hinh/nguyen-thi-a/"' in page(STATS_PAGE)


def test_an_award_a_bloc_file_records_for_a_person_is_on_that_persons_profile(built):
    """The bloc file's Bằng khen for Nguyễn Thị A is on her profile page with her own award,
    newest first, said as on the bloc page."""
    _, page = built
    texts = award_texts(page("/dien-hinh/nguyen-thi-a/"))
    assert texts == [
        "Đã tặng Nguyễn Thị A: Bằng khen của Chủ tịch UBND tỉnh năm 2024 – "
        "Quyết định số 15/QĐ-UBND ngày 10/02/2025",
        "Đã tặng Nguyễn Thị A: Chiến sĩ thi đua cơ sở năm 2023 – Thủ trưởng đơn vị, "
        "Quyết định số 12/QĐ-HPN ngày 05/01/2024",
    ]


def test_an_award_both_the_profile_and_the_bloc_file_record_is_said_once(tmp_path):
    root = copy_site("minimal", tmp_path)
    own = PROFILE_FRONT + (
        "  - {year: 2024, title: bang-khen-tinh, authority: chu-tich-ubnd-tinh, "
        'status: awarded, decision: "15/QĐ-UBND"}\n'
    )
    write_files(root, {**fixture_files(), PROFILE: bulletin_text(own, "Chị là chuyên viên.\n")})
    site, problems = load_and_link(root)
    assert formatted(problems) == []
    spec = next(s for s in plan_pages(site) if s.url == "/dien-hinh/nguyen-thi-a/")
    texts = award_texts(render_page(make_env(site), spec).data.decode())
    assert [x.split(" năm ")[0] for x in texts] == [
        "Đã tặng Nguyễn Thị A: Bằng khen của Chủ tịch UBND tỉnh",
        "Đã tặng Nguyễn Thị A: Chiến sĩ thi đua cơ sở",
    ]


def test_the_head_is_the_head_of_the_award_year(built):
    site, _ = built
    assert site.bloc_by_slug["khoi-thu"].heads_in(2023) == ["hoi-nong-dan"]
    assert site.bloc_by_slug["khoi-thu"].heads_in(2024) == ["ubmttq"]


def test_an_award_is_said_the_same_on_bulletin_bloc_unit_profile_and_home_pages(built):
    _, page = built
    flag = (
        "Đã tặng Hội Nông dân tỉnh: Cờ thi đua của UBND tỉnh năm 2023 – "
        "Quyết định số 236/QĐ-UBND ngày 02/02/2024"
    )
    bulletin = award_texts(page("/tin-tuc/2025/tong-ket-nam-2024/"))
    assert flag in bulletin
    assert flag in award_texts(page(STATS_PAGE))
    assert flag in award_texts(page("/khoi/khoi-thu/hoi-nong-dan/"))
    # the bulletin page gives the authority and decision the bloc file records
    assert bulletin == [t for t in award_texts(page(STATS_PAGE)) if t in bulletin]
    assert len(bulletin) == 5
    own = (
        "Đã tặng Nguyễn Thị A: Chiến sĩ thi đua cơ sở năm 2023 – Thủ trưởng đơn vị, "
        "Quyết định số 12/QĐ-HPN ngày 05/01/2024"
    )
    assert own in award_texts(page("/dien-hinh/nguyen-thi-a/"))
    assert own in award_texts(page("/"))


def test_the_bloc_page_never_contradicts_the_wording(tmp_path):
    root = copy_site("minimal", tmp_path)
    said = (
        '      - {unit: tinh-doan, title: bang-khen-tinh, label: "Bằng khen của UBND tỉnh",'
        " authority: ubnd-tinh, status: proposed}\n"
    )
    text = BLOC_TEXT.replace("    commended:", said + "    commended:")
    write_files(root, {**fixture_files(), BLOC: text})
    site, _ = load_and_link(root)
    spec = next(s for s in plan_pages(site) if s.url == STATS_PAGE)
    html = render_page(make_env(site), spec).data.decode()
    assert "Đề nghị Tỉnh đoàn: Bằng khen của UBND tỉnh năm 2024" in award_texts(html)
    assert "ghi trong văn bản" not in html


def test_the_home_page_lists_awards_given_never_proposals(built):
    _, page = built
    home = page("/")
    honoured = home[home.index('id="dien-hinh"') :]
    assert "Nguyễn Thị A" in honoured
    assert "Lê Văn C" not in honoured
    assert all(t.startswith("Đã tặng") for t in award_texts(honoured))


# ---------------------------------------------------------------- checks


def test_the_fixture_links_without_problems(tmp_path):
    root = copy_site("minimal", tmp_path, theme=False)
    assert problems_with(root, {}) == []


@pytest.mark.parametrize(
    ("award", "message"),
    [
        (
            "{unit: tinh-doan, title: chien-si-thi-dua-tinh}",
            "error: 'chien-si-thi-dua-tinh' is a title for individuals, but it goes to "
            "'tinh-doan', a collective (correct the title or the recipient; label: keeps the "
            "article's wording)",
        ),
        (
            "{group: tap-the, count: 3, title: lao-dong-tien-tien}",
            "error: 'lao-dong-tien-tien' is a title for individuals, but it goes to "
            "'3 tap-the', a collective (correct the title or the recipient; label: keeps the "
            "article's wording)",
        ),
        (
            "{group: ca-nhan, count: 15, title: co-thi-dua-tinh}",
            "error: 'co-thi-dua-tinh' is a title for collectives, but it goes to '15 ca-nhan', "
            "an individual (correct the title or the recipient; label: keeps the article's "
            "wording)",
        ),
        (
            '{unit: tinh-doan, title: bang-khen-tinh, label: "Bằng khen của UBND tỉnh", '
            "authority: ubnd-tinh}",
            "warning: 'bang-khen-tinh' is given by 'chu-tich-ubnd-tinh', but authority: says "
            "'ubnd-tinh' (the label is shown as written; correct title: or authority: if the "
            "article means another award)",
        ),
        (
            '{unit: tinh-doan, body: "Công an tỉnh", label: "Giấy khen"}',
            "error: an award needs exactly one recipient (found: unit, body) (unit: a member "
            'slug, person: a profile, body: "Công an tỉnh" for a body outside the bloc, or '
            "group: tap-the | ca-nhan with count: 6)",
        ),
        (
            '{count: 6, label: "Giấy khen"}',
            "error: count: says how many unnamed recipients, but group: is missing (unit: a "
            'member slug, person: a profile, body: "Công an tỉnh" for a body outside the bloc, '
            "or group: tap-the | ca-nhan with count: 6)",
        ),
        (
            '{label: "Giấy khen", status: proposed}',
            "error: an award needs exactly one recipient (found: —) (unit: a member slug, "
            'person: a profile, body: "Công an tỉnh" for a body outside the bloc, or group: '
            "tap-the | ca-nhan with count: 6)",
        ),
        (
            "{unit: tinh-doan, status: proposed}",
            "error: an award needs title: (a key of award_titles) or label: (the article's "
            'wording) (label: "Giấy khen" is enough when the article states no level or '
            "authority)",
        ),
    ],
)
def test_bloc_award_checks(tmp_path, award, message):
    root = copy_site("minimal", tmp_path, theme=False)
    text = BLOC_TEXT.replace("    commended:", f"      - {award}\n    commended:")
    assert problems_with(root, {BLOC: text}) == [f"{BLOC}:27:9: {message}"]


def test_a_collective_title_on_a_persons_profile_is_an_error(tmp_path):
    root = copy_site("minimal", tmp_path, theme=False)
    front = PROFILE_FRONT + "  - {year: 2024, title: co-thi-dua-tinh, authority: ubnd-tinh}\n"
    assert problems_with(root, {PROFILE: bulletin_text(front)}) == [
        f"{PROFILE}:9:5: error: 'co-thi-dua-tinh' is a title for collectives, but it goes to "
        "'nguyen-thi-a', an individual (correct the title or the recipient; label: keeps the "
        "article's wording)"
    ]


def test_a_mention_matches_the_award_of_the_same_year_only(tmp_path):
    """The flag of 2023 was given; the flag of 2024 only proposed. A bulletin about 2024 that
    calls the flag given is wrong, though a flag of the same title was given a year earlier."""
    root = copy_site("minimal", tmp_path, theme=False)
    front = REVIEW_FRONT.replace(", year: 2023, status: awarded}", ", status: awarded}")
    assert problems_with(root, {REVIEW: bulletin_text(front)}) == [
        f"{REVIEW}:11:5: error: the bulletin says 'co-thi-dua-tinh' for 'hoi-nong-dan' was "
        "awarded, but the bloc file says proposed (record the decision in the bloc file)"
    ]


def test_a_mention_of_a_year_the_bloc_file_does_not_record_names_the_years_it_does(tmp_path):
    root = copy_site("minimal", tmp_path, theme=False)
    front = REVIEW_FRONT.replace("year: 2023", "year: 2022")
    assert problems_with(root, {REVIEW: bulletin_text(front)}) == [
        f"{REVIEW}:11:5: error: the bulletin mentions 'co-thi-dua-tinh' for 'hoi-nong-dan' in "
        "2022, but bloc 'khoi-thu' records it in 2023, 2024 (write the year the award is for "
        "in the mention (year: 2024), or correct the bloc file)"
    ]


def test_a_mention_of_unnamed_collectives_must_agree_on_the_count(tmp_path):
    root = copy_site("minimal", tmp_path, theme=False)
    front = REVIEW_FRONT.replace("count: 6", "count: 5")
    assert problems_with(root, {REVIEW: bulletin_text(front)}) == [
        f"{REVIEW}:7:5: error: the bulletin mentions 'giay-khen-truong-khoi' for '5 tap-the' in "
        "2024, which bloc 'khoi-thu' does not record (add it under results: in "
        f"{BLOC})"
    ]


# ---------------------------------------------------------------- the non-leader share


def test_the_share_comes_from_the_recorded_numbers_not_from_published_profiles(built):
    _, page = built
    stats = page(STATS_PAGE)  # the shares moved from the bloc page to its statistics page
    shares = stats[stats.index('id="ty-le"') :]
    shares = shares[: shares.index("</section>")]
    rows = [
        [
            " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", cell)).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", shares[shares.index("<tbody>") :], re.S)
    ]
    assert rows == [
        ["2025", "45%", "—", "—", "Chưa có dữ liệu"],  # no numbers: no percentage, no "Đạt"
        ["2024", "40%", "40%", "12/30", "Đạt"],
    ]
