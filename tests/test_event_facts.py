"""Issue 14, requirements 5–8, 11 and 12: who was at an event and in what role, the host and the
venue, related bulletins within a province, campaigns' types and status, people found by name
and never by a near name, and tags that differ only in their accents.

Each test writes a few articles the way a provincial communications office does into a copy of
the minimal fixture site, then links it (problems) or builds it (pages)."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from conftest import bulletin_text, copy_site, formatted, load_and_link, needs_theme, write_files

from bantin.site import UnitRef

HEAD = 'title: "{title}"\ndate: {date}T08:00:00+07:00\n'


def bulletin(title: str, date: str, front: str = "", body: str = "Nội dung tin.\n") -> str:
    return bulletin_text(HEAD.format(title=title, date=date) + front, body)


def build(root):
    from bantin.pipeline import build as run

    run(root, cache=False)
    return root / "output"


def page(out, path: str) -> str:
    return (out / path.strip("/") / "index.html").read_text(encoding="utf-8")


def facts(html: str) -> str:
    """The facts box of a bulletin page, its tags and spacing flattened."""
    box = html[html.index('<aside class="facts"') : html.index("</aside>")]
    return " ".join(re.sub(r"<[^>]+>", " ", box).split())


@pytest.fixture
def site(tmp_path):
    return copy_site("minimal", tmp_path)


# ---------------------------------------------------------------- 5. people at events

HOI_NGHI = "content/bulletins/2024/hoi-nghi-ky-giao-uoc.md"
HOI_NGHI_FRONT = """\
host: "Ban Thi đua - Khen thưởng tỉnh"
venue: "Hội trường Trung tâm Hội nghị tỉnh"
guests:
  - {body: "Ban Thi đua - Khen thưởng tỉnh", role: phat-bieu-chi-dao}
  - {name: "Hoàng Văn Sơn", post: "Phó Chủ tịch UBND tỉnh", role: du}
participants:
  - {unit: hoi-nong-dan, role: tham-luan}
  - {person: "Nguyễn Thị A", role: nhan-khen-thuong}
"""
HOI_NGHI_BODY = (
    "Sáng 20/3, tại Hội trường Trung tâm Hội nghị tỉnh, Ban Thi đua - Khen thưởng tỉnh tổ chức "
    "hội nghị ký kết giao ước thi đua năm 2024 cho các khối thi đua. Dự hội nghị có đồng chí "
    "Hoàng Văn Sơn, Phó Chủ tịch UBND tỉnh; đại diện Ban Thi đua - Khen thưởng tỉnh phát biểu "
    "chỉ đạo. Hội Nông dân tỉnh trình bày tham luận về phong trào nông dân sản xuất giỏi.\n"
)


@needs_theme
def test_guests_and_participants_are_listed_with_their_roles_and_no_invented_name(site):
    write_files(
        site,
        {
            HOI_NGHI: bulletin(
                "Ký giao ước thi đua năm 2024", "2024-03-20", HOI_NGHI_FRONT, HOI_NGHI_BODY
            )
        },
    )
    assert load_and_link(site)[1] == []
    html = page(build(site), "/tin-tuc/2024/hoi-nghi-ky-giao-uoc/")
    box = facts(html)
    assert "đại diện Ban Thi đua - Khen thưởng tỉnh dự và phát biểu chỉ đạo" in box
    assert "Hoàng Văn Sơn, Phó Chủ tịch UBND tỉnh dự" in box
    assert "đại diện Hội Nông dân tỉnh trình bày tham luận" in box
    assert "Nguyễn Thị A nhận khen thưởng" in box  # the name was resolved to the profile…
    assert 'href="/khoi-thi-dua/dien-hinh/nguyen-thi-a/"' in html  # …and links to it
    # 6. the host outside the members and the venue, in the facts box and in JSON-LD
    assert "Đơn vị chủ trì Ban Thi đua - Khen thưởng tỉnh" in box
    assert "Địa điểm Hội trường Trung tâm Hội nghị tỉnh" in box
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["contentLocation"] == {"@type": "Place", "name": "Hội trường Trung tâm Hội nghị tỉnh"}


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            'guests:\n  - {post: "Phó Chủ tịch", role: du}\n',
            "5:5: error: a guest needs name: (a person) or body: (a body, e.g. "
            '"Ban Thi đua - Khen thưởng tỉnh") (when the article names no one, write body: '
            "and leave out name:)",
        ),
        (
            "participants:\n  - {role: tham-luan}\n",
            "5:5: error: a participant needs unit:, person:, name: or body: "
            "(unit: is a member unit of the bloc, person: a profile)",
        ),
        (
            "participants:\n  - {unit: hoi-ccb}\n",
            "5:5: error: 'hoi-ccb' is not a member unit of bloc 'khoi-thu' "
            "(members: ubmttq, hoi-nong-dan, hoi-lhpn, tinh-doan)",
        ),
        (
            'guests:\n  - {body: "Sở Nội vụ", role: phat-bieu-chi}\n',
            "5:25: error: 'role': unknown value 'phat-bieu-chi' in the roles vocabulary "
            "(did you mean 'phat-bieu-chi-dao'?)",
        ),
        (
            'host_unit: ubmttq\nhost: "Ban Dân vận Tỉnh ủy"\n',
            "5:1: error: a bulletin has host_unit: (a member unit) or host: (a body outside "
            "the bloc), not both (keep the one that fits and delete the other)",
        ),
    ],
)
def test_who_was_there_is_checked(site, front, expected):
    write_files(site, {HOI_NGHI: bulletin("Hội nghị", "2024-03-20", front)})
    assert formatted(load_and_link(site)[1]) == [f"{HOI_NGHI}:{expected}"]


def test_a_participant_unit_counts_as_a_unit_the_bulletin_names(site):
    write_files(
        site,
        {
            HOI_NGHI: bulletin(
                "Hội nghị", "2024-03-20", "participants: [{unit: hoi-lhpn, role: bao-cao}]\n"
            )
        },
    )
    linked, problems = load_and_link(site)
    assert problems == []
    assert "2024/hoi-nghi-ky-giao-uoc" in linked.bulletins_by_unit[UnitRef("khoi-thu", "hoi-lhpn")]


# ---------------------------------------------------------------- 7. related across provinces

BLOC = """\
kind: khoi
name: "Khối thi đua MTTQ và các đoàn thể tỉnh {name}"
province: {province}
members:
  - {{slug: ubmttq, name: "Ủy ban MTTQ Việt Nam tỉnh"}}
  - {{slug: lien-doan-lao-dong, name: "Liên đoàn Lao động tỉnh"}}
  - {{slug: hoi-nong-dan, name: "Hội Nông dân tỉnh"}}
"""


def test_related_bulletins_stay_in_the_province_when_only_units_are_shared(site):
    files: dict[str, str | None] = {
        "content/blocs/khoi-bac-giang.yaml": BLOC.format(name="Bắc Giang", province="bac-giang"),
        "content/blocs/khoi-thanh-hoa.yaml": BLOC.format(name="Thanh Hóa", province="thanh-hoa"),
    }
    # the two provinces' bulletins alternate day by day, so the nearest in time is always
    # the other province's, with the same unit slugs
    for day in range(1, 9):
        bloc = "khoi-bac-giang" if day % 2 else "khoi-thanh-hoa"
        files[f"content/bulletins/2023/tin-{day}.md"] = bulletin(
            f"Liên đoàn Lao động tỉnh làm việc với cơ sở, đợt {day}",
            f"2023-05-{day:02d}",
            f"bloc: {bloc}\nunits: [lien-doan-lao-dong, hoi-nong-dan]\n",
        )
    write_files(site, files)
    linked, problems = load_and_link(site)
    assert problems == []
    for b in linked.bulletins:
        if b.bloc == "khoi-thu":
            continue
        related = linked.related[b.id]
        assert related, b.id
        assert {linked.by_id[r].bloc for r in related} == {b.bloc}, b.id
    # and a unit's page lists only its own province's bulletins
    bac_giang = linked.bulletins_by_unit[UnitRef("khoi-bac-giang", "lien-doan-lao-dong")]
    assert {linked.by_id[i].bloc for i in bac_giang} == {"khoi-bac-giang"}


# ---------------------------------------------------------------- 8. campaigns

CAMPAIGNS = {
    # a period long over (2016–2018)
    "content/campaigns/vi-nguoi-ngheo-2016.md": """---
name: "Cả nước chung tay vì người nghèo giai đoạn 2016 - 2018"
type: phong-trao-thi-dua
launched_by: "Thủ tướng Chính phủ"
scope: national
period: {start: 2016-01-01, end: 2018-12-31}
---
Phong trào giai đoạn 2016 - 2018.
""",
    # no period, no launcher known, a type the site added
    "content/campaigns/hoi-thi-tuyen-truyen.md": """---
name: "Hội thi tuyên truyền viên giỏi"
type: hoi-thi
scope: provincial
province: lao-cai
---
Hội thi do các đoàn thể phối hợp tổ chức; bài viết không ghi thời gian.
""",
    # not started on the site's day (the newest bulletin is of 10/01/2024)
    "content/campaigns/chuyen-doi-so-2025.md": """---
name: "Thi đua chuyển đổi số năm 2025"
type: phong-trao-thi-dua
launched_by: "UBND tỉnh"
scope: provincial
period: {start: 2025-01-01, end: 2025-12-31}
---
Phong trào năm 2025.
""",
}


@needs_theme
def test_campaign_status_comes_only_from_a_known_period(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(_epoch("2024-01-10", hour=18)))  # build day
    write_files(site, CAMPAIGNS)
    config = (site / "site_config.yaml").read_text(encoding="utf-8")
    config += 'vocab:\n  campaign_types:\n    hoi-thi: "Hội thi"\n'
    write_files(site, {"site_config.yaml": config})
    assert load_and_link(site)[1] == []
    out = build(site)

    ended = page(out, "/phong-trao/vi-nguoi-ngheo-2016/")
    assert "Đã kết thúc" in ended and "Đang triển khai" not in ended

    undated = page(out, "/phong-trao/hoi-thi-tuyen-truyen/")
    assert "Hội thi" in undated  # the site's own type, labelled as the site says
    for status in ("Đang triển khai", "Đã kết thúc", "Chưa bắt đầu"):
        assert status not in undated
    assert "Cơ quan phát động" not in undated  # the launcher is unknown: nothing is shown

    dan_van = page(out, "/phong-trao/dan-van-kheo/")  # the fixture's own, without a period
    assert "Đang triển khai" not in dan_van and "Đã kết thúc" not in dan_van

    upcoming = page(out, "/phong-trao/chuyen-doi-so-2025/")
    assert "Chưa bắt đầu" in upcoming and "Đang triển khai" not in upcoming

    home = page(out, "/")
    assert "Phong trào đang triển khai" not in home  # none runs on 10/01/2024

    index = page(out, "/phong-trao/")
    sections = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r'<h2 id="([a-z-]+)" class="section-title">.*?</h2>(.*?)</section>', index, re.S
        )
    }
    assert "vi-nguoi-ngheo-2016" in sections["da-ket-thuc"]
    assert "chuyen-doi-so-2025" in sections["chua-bat-dau"]
    assert "hoi-thi-tuyen-truyen" in sections["phong-trao-khac"]
    assert "dan-van-kheo" in sections["phong-trao-khac"]
    assert "dang-trien-khai" not in sections


def _epoch(day: str, hour: int = 12) -> int:
    """A moment of ``day`` in Vietnam, as SOURCE_DATE_EPOCH gives it."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    moment = datetime.combine(date_of(day), time(hour), ZoneInfo("Asia/Ho_Chi_Minh"))
    return int(moment.timestamp())


def date_of(day: str):
    from datetime import date

    return date.fromisoformat(day)


@needs_theme
def test_a_campaign_reads_as_ended_once_its_period_is_over_whatever_the_news_says(
    site, monkeypatch
):
    """The status is said on the day of the build, not on the newest bulletin's: a site whose
    last bulletin is of January 2024 still says in 2026 that a 2025 campaign has ended. A
    build that changes nothing else renders it again once the day it ends has passed."""
    from bantin.pipeline import build as run

    write_files(site, {k: v for k, v in CAMPAIGNS.items() if "2025" in k})
    page_path = "/phong-trao/chuyen-doi-so-2025/"
    days = [("2024-06-01", "Chưa bắt đầu"), ("2025-12-31", "Đang triển khai")]
    days += [("2026-01-01", "Đã kết thúc")]
    for day, status in days:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(_epoch(day, hour=0) + 60))
        run(site)  # with the build cache: nothing but the day changes between these builds
        html = page(site / "output", page_path)
        assert status in html, day
        others = {"Chưa bắt đầu", "Đang triển khai", "Đã kết thúc"} - {status}
        assert not any(o in html for o in others), day
        home = page(site / "output", "/")
        assert ("Phong trào đang triển khai" in home) == (status == "Đang triển khai"), day


def test_the_next_change_of_a_site_includes_a_campaign_starting_or_ending(site):
    """The moment a build is no longer up to date: the start of the day after a campaign ends
    (in the site's time zone), or the day it starts."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bantin.config import load_config
    from bantin.loader import load_content
    from bantin.site import Visibility, link

    write_files(site, {k: v for k, v in CAMPAIGNS.items() if "2025" in k})
    config = load_config(site)
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    for now, expected in [
        (datetime(2024, 6, 1, tzinfo=vn), datetime(2025, 1, 1, tzinfo=vn)),
        (datetime(2025, 3, 1, tzinfo=vn), datetime(2026, 1, 1, tzinfo=vn)),
        (datetime(2026, 3, 1, tzinfo=vn), None),
    ]:
        linked, _ = link(config, load_content(config), vis=Visibility(now))
        assert linked.next_change == expected, now


def test_a_campaign_type_outside_the_vocabulary_is_an_error(site):
    text = CAMPAIGNS["content/campaigns/hoi-thi-tuyen-truyen.md"]
    write_files(site, {"content/campaigns/hoi-thi-tuyen-truyen.md": text})
    problems = formatted(load_and_link(site)[1])
    assert len(problems) == 1
    assert "'type': unknown value 'hoi-thi' in the campaign_types vocabulary" in problems[0]


# ---------------------------------------------------------------- 11. people

THANG = """---
name: "Nguyễn Văn Thắng"
consent: true
positions:
  - {title: "Chủ tịch Hội Nông dân xã", unit: hoi-nong-dan, holds_leadership_post: true}
---
Anh Nguyễn Văn Thắng, nông dân sản xuất giỏi.
"""
NEW = "content/bulletins/2024/bieu-duong-nong-dan.md"


def people_problems(site, people: str, extra: dict[str, str] | None = None) -> list[str]:
    files = {"content/profiles/nguyen-van-thang.md": THANG, **(extra or {})}
    files[NEW] = bulletin("Biểu dương nông dân sản xuất giỏi", "2024-02-01", f"people: {people}\n")
    write_files(site, files)
    return formatted(load_and_link(site)[1])


def test_a_person_a_letter_away_from_another_is_never_suggested(site):
    assert people_problems(site, "[nguyen-van-binh]") == [
        f"{NEW}:4:10: error: unknown profile 'nguyen-van-binh'"
    ]
    assert people_problems(site, '["Nguyễn Văn Thăng"]') == [  # Thăng is not Thắng
        f"{NEW}:4:10: error: unknown profile 'Nguyễn Văn Thăng'"
    ]


def test_the_same_slug_or_name_with_other_accents_or_capitals_is_suggested(site):
    assert people_problems(site, "[Nguyen-Van-Thang]") == [
        f"{NEW}:4:10: error: unknown profile 'Nguyen-Van-Thang' (did you mean 'nguyen-van-thang'?)"
    ]


@needs_theme
def test_a_display_name_finds_the_profile(site):
    nfd = unicodedata.normalize("NFD", "nguyễn văn  THẮNG")
    assert people_problems(site, f'["{nfd}"]') == []
    linked, _ = load_and_link(site)
    assert linked.by_id["2024/bieu-duong-nong-dan"].people == ("nguyen-van-thang",)
    assert linked.bulletins_by_profile["nguyen-van-thang"] == ("2024/bieu-duong-nong-dan",)
    html = page(build(site), "/tin-tuc/2024/bieu-duong-nong-dan/")
    assert 'href="/khoi-thi-dua/dien-hinh/nguyen-van-thang/">Nguyễn Văn Thắng</a>' in html


def test_a_name_two_profiles_share_asks_for_the_slug(site):
    other = THANG.replace("Chủ tịch Hội Nông dân xã", "Cán bộ Hội Nông dân tỉnh")
    problems = people_problems(
        site, '["Nguyễn Văn Thắng"]', {"content/profiles/nguyen-van-thang-1985.md": other}
    )
    assert problems == [
        f"{NEW}:4:10: error: unknown profile 'Nguyễn Văn Thắng' (several profiles have that "
        "name: write the slug of the one meant: nguyen-van-thang, nguyen-van-thang-1985)"
    ]


# ---------------------------------------------------------------- 12. tags

STORM = "content/bulletins/2024/ho-tro-vung-bao.md"
PRESS = "content/bulletins/2024/gap-mat-bao-chi.md"


@needs_theme
def test_tags_that_differ_in_accents_are_two_tags_and_the_build_says_so(site):
    write_files(
        site,
        {
            STORM: bulletin(
                "Khối thi đua quyên góp hỗ trợ nhân dân vùng bão",
                "2024-09-12",
                'tags: ["Bão", "An sinh xã hội"]\n',
            ),
            PRESS: bulletin(
                "Khối thi đua gặp mặt các cơ quan báo chí nhân ngày 21/6",
                "2024-06-20",
                'tags: ["Báo"]\n',
            ),
            # the same tag in small letters, decomposed (NFD), with two spaces: one tag
            "content/bulletins/2024/khac-phuc-hau-qua-bao.md": bulletin(
                "Các đơn vị giúp dân khắc phục hậu quả bão số 3",
                "2024-09-20",
                f'tags: ["{unicodedata.normalize("NFD", "bão")}", "an sinh  xã hội"]\n',
            ),
        },
    )
    linked, problems = load_and_link(site)
    # "Báo" was used first (June), so it keeps /chu-de/bao/; "Bão" gets its Telex form
    assert formatted(problems) == [
        f"{STORM}:4:8: info: tag 'Bão' is published at /chu-de/baox/, as 'Báo' already has "
        "/chu-de/bao/: they differ in their accents, so they are two tags (if both mean the "
        "same, write the tag the same way in every bulletin)"
    ]
    assert {t.slug: (t.label, len(t.bulletins)) for t in linked.tags} == {
        "bao": ("Báo", 1),
        "baox": ("Bão", 2),
        "an-sinh-xa-hoi": ("An sinh xã hội", 2),
        "tong-ket": ("Tổng kết", 1),
    }
    out = build(site)
    assert "Báo" in facts(page(out, "/tin-tuc/2024/gap-mat-bao-chi/")).split("Chủ đề")[1]
    storm = facts(page(out, "/tin-tuc/2024/ho-tro-vung-bao/")).split("Chủ đề")[1]
    assert "Bão" in storm and "Báo" not in storm
    assert "Báo" in page(out, "/chu-de/bao/") and "gap-mat-bao-chi" in page(out, "/chu-de/bao/")
    storm_page = page(out, "/chu-de/baox/")
    assert "ho-tro-vung-bao" in storm_page and "gap-mat-bao-chi" not in storm_page


@pytest.mark.parametrize("tag", ["!!!", "—"])
def test_a_tag_without_letters_is_an_error_at_its_line(site, tag):
    write_files(site, {NEW: bulletin("Tin", "2024-02-01", f'tags: ["Tổng kết", "{tag}"]\n')})
    assert formatted(load_and_link(site)[1]) == [
        f"{NEW}:4:20: error: tag '{tag}' has no letters or digits, so it cannot have a page "
        "(write the tag in words, or delete it)"
    ]
