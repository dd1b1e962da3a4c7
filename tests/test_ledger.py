"""The award ledger (issue 18, requirement 2): every award of the site once, proposals never
merged with awards, the bulletins that reported each, and the pages by year, title and status.

The fixture has two provinces: a Lào Cai bloc whose file records a flag proposed in 2023 and
granted in 2024, a provincial certificate to a person whose profile lists the same award (said
once), a proposal for the same person that her profile records as given (two facts, two rows),
and a Bắc Giang cluster with hostile names (quotes, ``&``, ``<script>``, a formula) and an
award known only by its wording. A bulletin reports some awards; the cluster's file names the
article on its year's results.
"""

from __future__ import annotations

import html as htmllib
import re

import pytest
from conftest import bulletin_text, copy_site, formatted, load_and_link, write_files

from bantin.ledger import LEDGER_PAGE, LedgerEntry, ledger_entries, ledger_pages
from bantin.render import make_env, plan_pages, render_page

HOSTILE_UNIT = 'Hội "Khuyến học", <script>alert(1)</script> & Co'

FILES = {
    "content/blocs/khoi-thu.yaml": """\
kind: khoi
name: "Khối thi đua thử nghiệm"
province: lao-cai
members:
  - {slug: ubmttq, name: "Ủy ban MTTQ Việt Nam tỉnh"}
  - {slug: hoi-nong-dan, name: "Hội Nông dân tỉnh"}
  - {slug: hoi-lhpn, name: "Hội Liên hiệp Phụ nữ tỉnh"}
  - {slug: tinh-doan, name: "Tỉnh đoàn", from: 2025}
leadership:
  - {year: 2024, head: ubmttq, deputy: hoi-nong-dan}
results:
  - year: 2023
    awards:
      - {unit: ubmttq, title: co-thi-dua-tinh, authority: ubnd-tinh, status: proposed}
      - {person: nguyen-thi-a, title: bang-khen-tinh, status: proposed}
  - year: 2024
    awards:
      - {unit: ubmttq, title: co-thi-dua-tinh, authority: ubnd-tinh, status: awarded,
         decision: "236/QĐ-UBND", decision_date: 2025-02-02}
      - {person: nguyen-thi-a, title: bang-khen-tinh, status: awarded,
         decision: "15/QĐ-UBND"}
      - {group: tap-the, count: 6, title: giay-khen-truong-khoi, authority: truong-khoi,
         status: awarded, decision: "02/QĐ-KTĐ"}
""",
    "content/blocs/cum-bac-giang.yaml": f"""\
kind: cum
name: "Cụm thi đua các hội đặc thù & <b>tỉnh</b>"
province: bac-giang
members:
  - {{slug: hoi-khuyen-hoc, name: '{HOSTILE_UNIT}'}}
  - {{slug: hoi-nha-bao, name: "Hội Nhà báo tỉnh"}}
results:
  - year: 2024
    bulletin: 2025/cum-tong-ket
    awards:
      - {{unit: hoi-khuyen-hoc, label: "Bằng khen \\"đặc biệt\\", hạng 1", status: proposed}}
      - {{body: "=cmd|' /C calc'!A0", title: giay-chung-nhan-truong-khoi, status: awarded,
         decision: "-1+2"}}
""",
    "content/profiles/nguyen-thi-a.md": bulletin_text(
        """\
name: "Nguyễn Thị A"
consent: true
bloc: khoi-thu
positions:
  - {title: "Chuyên viên", unit: hoi-lhpn, holds_leadership_post: false}
awards:
  - {year: 2024, title: bang-khen-tinh, authority: chu-tich-ubnd-tinh, status: awarded,
     decision_date: 2025-02-10, label: "Bằng khen của Chủ tịch UBND tỉnh"}
  - {year: 2023, title: bang-khen-tinh, status: awarded, decision: "99/QĐ-UBND"}
  - {year: 2022, label: "Giấy khen của Hội", status: awarded}
""",
        "Chị là chuyên viên.\n",
    ),
    "content/bulletins/2025/trao-co.md": bulletin_text(
        """\
title: "Trao Cờ thi đua năm 2024"
date: 2025-02-20T09:00:00+07:00
bloc: khoi-thu
period: "2024"
awards_mentioned:
  - {unit: ubmttq, title: co-thi-dua-tinh, status: awarded}
  - {person: nguyen-thi-a, title: bang-khen-tinh, status: awarded}
  - {unit: ubmttq, title: co-thi-dua-tinh, year: 2023, status: proposed}
"""
    ),
    "content/bulletins/2025/cum-tong-ket.md": bulletin_text(
        """\
title: "Cụm tổng kết năm 2024"
date: 2025-01-15T09:00:00+07:00
bloc: cum-bac-giang
period: "2024"
"""
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_site("minimal", tmp_path_factory.mktemp("ledger"))
    write_files(root, FILES)
    site, problems = load_and_link(root)
    assert formatted(problems) == []
    env = make_env(site)
    specs = {s.url: s for s in plan_pages(site)}

    def page(url: str) -> str:
        return render_page(env, specs[url]).data.decode()

    return site, specs, page


def rows(site) -> list[tuple]:
    return [
        (e.year, e.bloc, e.recipient_kind, e.recipient, e.title or e.label, e.status, e.source)
        for e in ledger_entries(site)
    ]


def test_every_award_once_in_a_stable_order(built):
    site, _, _ = built
    assert rows(site) == [
        (2024, "cum-bac-giang", "body", "=cmd|' /C calc'!A0", "giay-chung-nhan-truong-khoi",
         "awarded", "bloc"),
        (2024, "cum-bac-giang", "unit", "hoi-khuyen-hoc", 'Bằng khen "đặc biệt", hạng 1',
         "proposed", "bloc"),
        (2024, "khoi-thu", "person", "nguyen-thi-a", "bang-khen-tinh", "awarded", "both"),
        (2024, "khoi-thu", "unit", "ubmttq", "co-thi-dua-tinh", "awarded", "bloc"),
        (2024, "khoi-thu", "group", "tap-the", "giay-khen-truong-khoi", "awarded", "bloc"),
        (2023, "khoi-thu", "person", "nguyen-thi-a", "bang-khen-tinh", "awarded", "profile"),
        (2023, "khoi-thu", "person", "nguyen-thi-a", "bang-khen-tinh", "proposed", "bloc"),
        (2023, "khoi-thu", "unit", "ubmttq", "co-thi-dua-tinh", "proposed", "bloc"),
        (2022, "khoi-thu", "person", "nguyen-thi-a", "Giấy khen của Hội", "awarded", "profile"),
    ]  # fmt: skip
    assert all(isinstance(e, LedgerEntry) for e in ledger_entries(site))


def test_the_same_award_in_a_bloc_file_and_a_profile_is_one_entry_with_both_details(built):
    site, _, _ = built
    (both,) = [e for e in ledger_entries(site) if e.source == "both"]
    # the number from the bloc file, the day, wording and authority from the profile
    assert (both.decision, both.decision_date.isoformat(), both.authority, both.label) == (
        "15/QĐ-UBND",
        "2025-02-10",
        "chu-tich-ubnd-tinh",
        "Bằng khen của Chủ tịch UBND tỉnh",
    )
    assert both.profile == "nguyen-thi-a"


def test_a_proposal_is_never_merged_with_an_award(built):
    site, _, _ = built
    of_2023 = [e for e in ledger_entries(site) if e.year == 2023 and e.recipient == "nguyen-thi-a"]
    assert sorted((e.status, e.source) for e in of_2023) == [
        ("awarded", "profile"),
        ("proposed", "bloc"),
    ]


def test_the_bulletins_that_reported_each_award(built):
    site, _, _ = built
    found = {(e.year, e.recipient, e.status): e.bulletins for e in ledger_entries(site)}
    assert found[(2024, "ubmttq", "awarded")] == ("2025/trao-co",)
    assert found[(2024, "nguyen-thi-a", "awarded")] == ("2025/trao-co",)
    # a mention of the 2023 proposal is the proposal's report, not the 2024 award's
    assert found[(2023, "ubmttq", "proposed")] == ("2025/trao-co",)
    # the profile's 2023 award is no proposal of the bloc file's: no bulletin mentions it
    assert found[(2023, "nguyen-thi-a", "awarded")] == ()
    # no mention: the article the cluster's file names for its 2024 results
    assert found[(2024, "hoi-khuyen-hoc", "proposed")] == ("2025/cum-tong-ket",)
    # a profile's own award is never credited to a results article
    assert found[(2022, "nguyen-thi-a", "awarded")] == ()


def test_the_ledger_pages_by_year_title_and_status(built):
    _, specs, _ = built
    ledger = {u for u, s in specs.items() if s.context.get("kind") == "awards"}
    assert ledger == {
        "/khen-thuong/",
        "/khen-thuong/nam/2024/",
        "/khen-thuong/nam/2023/",
        "/khen-thuong/nam/2022/",
        "/khen-thuong/danh-hieu/co-thi-dua-tinh/",
        "/khen-thuong/danh-hieu/bang-khen-tinh/",
        "/khen-thuong/danh-hieu/giay-khen-truong-khoi/",
        "/khen-thuong/danh-hieu/giay-chung-nhan-truong-khoi/",
        "/khen-thuong/danh-hieu/khac/",
        "/khen-thuong/trang-thai/de-nghi/",
        "/khen-thuong/trang-thai/da-trao/",
    }
    proposed = specs["/khen-thuong/trang-thai/de-nghi/"].context["entries"]
    assert {e.status for e in proposed} == {"proposed"}
    other = specs["/khen-thuong/danh-hieu/khac/"].context["entries"]
    assert [e.label for e in other] == ['Bằng khen "đặc biệt", hạng 1', "Giấy khen của Hội"]


def cells(page: str) -> list[list[str]]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        tds = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        out.append([" ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", c)).split()) for c in tds])
    return out


def test_the_table_says_status_in_words_and_escapes_names(built):
    _, _, page = built
    html = page("/khen-thuong/nam/2024/")
    assert "<script>alert(1)" not in html
    table = cells(html)
    assert table[1][:4] == [
        "2024",
        HOSTILE_UNIT,
        'Bằng khen "đặc biệt", hạng 1',
        "Đề nghị",
    ]
    assert table[3][3] == "Đã tặng"
    assert table[3][5] == "Quyết định số 236/QĐ-UBND ngày 02/02/2025"
    assert table[3][7] == "Trao Cờ thi đua năm 2024"
    assert table[4][1] == "6 tập thể"
    assert 'class="table-scroll" tabindex="0" role="region"' in html
    # the ledger repeats what item pages say: it is not in the search index
    assert "data-pagefind-body" not in html


def test_the_current_list_is_marked_and_every_list_is_linked(built):
    _, _, page = built
    html = page("/khen-thuong/trang-thai/de-nghi/")
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
    assert current == ["/khoi-thi-dua/khen-thuong/trang-thai/de-nghi/"]
    for url in ("nam/2022/", "danh-hieu/khac/", "trang-thai/da-trao/"):
        assert f'href="/khoi-thi-dua/khen-thuong/{url}"' in html


def test_a_long_ledger_is_paged_in_tables_of_a_hundred_rows(built):
    site, _, _ = built
    many = ledger_entries(site) * 25  # 225 rows
    specs = [s for s in ledger_pages(site, many) if s.context["ledger_by"] == ""]
    assert [s.url for s in specs] == [
        "/khen-thuong/",
        "/khen-thuong/trang/2/",
        "/khen-thuong/trang/3/",
    ]
    assert [len(s.context["entries"]) for s in specs] == [LEDGER_PAGE, LEDGER_PAGE, 25]
    assert specs[1].context["first"] == LEDGER_PAGE + 1


def test_a_site_without_awards_has_no_ledger(tmp_path):
    root = copy_site("minimal", tmp_path)
    write_files(
        root,
        {
            "content/blocs/khoi-thu.yaml": (
                "kind: khoi\nname: K\nprovince: lao-cai\n"
                "members:\n  - {slug: ubmttq, name: U}\n  - {slug: hoi-nong-dan, name: N}\n"
                "  - {slug: hoi-lhpn, name: P}\n"
            )
        },
    )
    site, problems = load_and_link(root)
    assert formatted(problems) == []
    assert ledger_entries(site) == []
    assert not [s for s in plan_pages(site) if s.context.get("kind") == "awards"]
